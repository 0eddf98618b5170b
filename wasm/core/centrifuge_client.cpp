#include "core/centrifuge_client.h"

#include <algorithm>
#include <climits>

namespace inbox::core {

namespace {

// Client-side codes (centrifuge-js numbering) reported through onStateChanged.
constexpr int kCodeConnectCalled = 0;
constexpr int kCodeTransportClosed = 1;
constexpr int kCodeNoPing = 2;
constexpr int kCodeTimeout = 3;
constexpr int kCodeDisconnectCalled = 0;
constexpr int kCodeUnauthorized = 1;
constexpr int kCodeMessageSizeLimit = 3;

bool isTerminalClose(int code) {
    if (code == 1009) return true;  // message too big: reconnecting would loop
    return (code >= 3500 && code <= 3999) || (code >= 4500 && code <= 4999);
}

bool isRetryableError(const ProtocolError& e) { return e.code < 100 || e.temporary; }

}  // namespace

const char* toString(ClientState s) {
    switch (s) {
        case ClientState::Disconnected: return "disconnected";
        case ClientState::Connecting: return "connecting";
        case ClientState::Connected: return "connected";
    }
    return "disconnected";
}

CentrifugeClient::CentrifugeClient(WebSocketTransport& transport, const Clock& clock, CentrifugeConfig config, uint64_t seed)
    : m_transport(transport),
      m_clock(clock),
      m_config(std::move(config)),
      m_random(seed),
      m_backoff(m_config.minReconnectDelayMs, m_config.maxReconnectDelayMs, m_random),
      m_alive(std::make_shared<bool>(true)) {
    WebSocketTransport::Callbacks cb;
    cb.onOpen = [this] { onOpen(); };
    cb.onMessage = [this](const std::string& text) { onMessage(text); };
    cb.onClose = [this](int code, const std::string& reason) { onClose(code, reason); };
    cb.onError = [] {};  // the close that follows carries the information
    m_transport.setCallbacks(std::move(cb));
}

CentrifugeClient::~CentrifugeClient() {
    *m_alive = false;
    m_transport.setCallbacks({});
}

std::function<bool()> CentrifugeClient::aliveCheck() {
    std::weak_ptr<bool> weak = m_alive;
    const uint64_t gen = m_generation;
    return [this, weak, gen] {
        auto alive = weak.lock();
        return alive && *alive && m_generation == gen;
    };
}

CentrifugeClient::Sub* CentrifugeClient::findSub(const std::string& channel) {
    auto it = m_subs.find(channel);
    return it == m_subs.end() ? nullptr : it->second.get();
}

SubState CentrifugeClient::subState(const std::string& channel) const {
    auto it = m_subs.find(channel);
    return it == m_subs.end() ? SubState::Unsubscribed : it->second->state;
}

bool CentrifugeClient::allSubscribed() const {
    return std::all_of(m_subs.begin(), m_subs.end(), [](const auto& s) { return s.second->state == SubState::Subscribed; });
}

uint64_t CentrifugeClient::offset(const std::string& channel) const {
    auto it = m_subs.find(channel);
    return it == m_subs.end() ? 0 : it->second->offset;
}

std::string CentrifugeClient::epoch(const std::string& channel) const {
    auto it = m_subs.find(channel);
    return it == m_subs.end() ? std::string() : it->second->epoch;
}

void CentrifugeClient::setState(ClientState s, int code, const std::string& reason) {
    const bool changed = s != m_state;
    m_state = s;
    m_lastCode = code;
    m_lastReason = reason;
    if (changed && m_listener) m_listener->onStateChanged(s, code, reason);
}

// ---- public API -----------------------------------------------------------------------------

void CentrifugeClient::connect() {
    if (m_state != ClientState::Disconnected) return;
    m_backoff.reset();
    setState(ClientState::Connecting, kCodeConnectCalled, "connect called");
    startConnecting();
}

void CentrifugeClient::disconnect() {
    if (m_state == ClientState::Disconnected) return;
    if (m_transportOpen || m_transportOpening) m_transport.close(1000, "disconnect called");
    goDisconnected(kCodeDisconnectCalled, "disconnect called");
}

void CentrifugeClient::subscribe(const std::string& channel) {
    if (channel.empty()) return;
    Sub* sub = findSub(channel);
    if (!sub) {
        auto owned = std::make_unique<Sub>(channel, m_random);
        sub = owned.get();
        m_subs.emplace(channel, std::move(owned));
    } else if (sub->state != SubState::Unsubscribed) {
        return;
    }
    sub->state = SubState::Subscribing;
    sub->backoff.reset();
    if (m_state == ClientState::Connected) startSubscribe(*sub);
}

void CentrifugeClient::unsubscribe(const std::string& channel) {
    auto it = m_subs.find(channel);
    if (it == m_subs.end()) return;
    if (m_state == ClientState::Connected && it->second->state == SubState::Subscribed) {
        const uint32_t id = nextId();
        m_pending[id] = {CmdKind::Unsubscribe, channel, m_clock.monotonicMs() + m_config.timeoutMs};
        send(encodeUnsubscribe(id, channel));
        flush();
    }
    m_subs.erase(it);
}

// ---- connecting ------------------------------------------------------------------------------

void CentrifugeClient::startConnecting() {
    ++m_generation;
    m_reconnectAt = 0;
    m_pending.clear();
    m_tokenRequested = false;
    m_connectDeadline = 0;
    // Mark every token we need before asking for any, so that an early answer cannot open the
    // socket before the other requests are out (the subscribes should share the first frame).
    const bool needToken = (m_token.empty() || m_refreshRequired) && m_getToken;
    m_tokenRequested = needToken;
    std::vector<std::string> needSubTokens;
    for (auto& [channel, sub] : m_subs) {
        if (sub->state == SubState::Unsubscribed || !sub->token.empty() || !m_getSubToken) continue;
        sub->tokenRequested = true;
        needSubTokens.push_back(channel);
    }
    auto alive = aliveCheck();  // this attempt; stale once it ends
    if (needToken) {
        m_getToken([this, alive](const TokenReply& reply) {
            if (!alive() || m_state != ClientState::Connecting) return;
            m_tokenRequested = false;
            if (reply.status == TokenReply::Status::Unauthorized || (reply.status == TokenReply::Status::Ok && reply.token.empty())) {
                goDisconnected(kCodeUnauthorized, "unauthorized");
                return;
            }
            if (reply.status == TokenReply::Status::Failed) {
                scheduleReconnect(kCodeTransportClosed, "token request failed");
                return;
            }
            m_token = reply.token;
            m_refreshRequired = false;
            maybeOpenTransport();
        });
    }
    for (const std::string& ch : needSubTokens) {
        if (!alive()) break;  // the connection token answer already ended this attempt
        m_getSubToken(ch, [this, alive, ch](const TokenReply& reply) {
            if (!alive()) return;
            Sub* s = findSub(ch);
            if (!s) return;
            s->tokenRequested = false;
            if (reply.status == TokenReply::Status::Ok && !reply.token.empty()) s->token = reply.token;
            else if (reply.status == TokenReply::Status::Unauthorized) markSubUnsubscribed(*s, 103, "permission denied");
            // Failed: subscribed later with backoff once connected.
            if (m_state == ClientState::Connecting) {
                maybeOpenTransport();
            } else if (m_state == ClientState::Connected && s->state == SubState::Subscribing && !s->token.empty() &&
                       !s->pendingId) {
                sendSubscribe(*s);
                flush();
            }
        });
    }
    maybeOpenTransport();
}

void CentrifugeClient::maybeOpenTransport() {
    if (m_state != ClientState::Connecting || m_transportOpening || m_transportOpen || m_reconnectAt) return;
    if (m_tokenRequested) return;
    for (auto& [channel, sub] : m_subs)
        if (sub->tokenRequested) return;
    m_transportOpening = true;
    m_connectDeadline = m_clock.monotonicMs() + m_config.timeoutMs;
    m_transport.open(m_config.url);
}

void CentrifugeClient::onOpen() {
    if (!m_transportOpening || m_state != ClientState::Connecting) return;
    m_transportOpening = false;
    m_transportOpen = true;
    m_connectDeadline = m_clock.monotonicMs() + m_config.timeoutMs;
    m_batching = true;
    const uint32_t id = nextId();
    m_pending[id] = {CmdKind::Connect, {}, m_connectDeadline};
    send(encodeConnect(id, m_token, m_config.name, m_config.version));
    for (auto& [channel, sub] : m_subs) {
        if (sub->state != SubState::Subscribing) continue;
        if (m_getSubToken && sub->token.empty()) continue;  // no token yet: after connect
        sendSubscribe(*sub);
    }
    m_batching = false;
    flush();
}

void CentrifugeClient::handleConnectReply(const InboundReply& reply) {
    if (reply.error) {
        const ProtocolError& e = *reply.error;
        if (e.code == 109) {
            m_refreshRequired = true;  // token expired: get a fresh one before the next attempt
            handleDisconnect(kCodeTransportClosed, "token expired", true);
        } else if (isRetryableError(e)) {
            handleDisconnect(kCodeTransportClosed, e.message, true);
        } else {
            m_transport.close(1000, "connect error");
            goDisconnected(static_cast<int>(e.code), e.message);
        }
        return;
    }
    const Json& r = reply.result;
    m_connectDeadline = 0;
    m_backoff.reset();
    ++m_metrics.connects;
    m_pongRequired = jsonBool(r, "pong");
    m_pingIntervalMs = std::max<int64_t>(0, jsonInt(r, "ping")) * 1000;
    armPingWatchdog();
    m_refreshAt = 0;
    if (jsonBool(r, "expires")) m_refreshAt = m_clock.monotonicMs() + refreshDelayMs(jsonInt(r, "ttl"));
    setState(ClientState::Connected, 0, "connected");
    // Subscriptions that could not be part of the first frame go now.
    for (auto& [channel, sub] : m_subs)
        if (sub->state == SubState::Subscribing && !sub->pendingId && !sub->resubscribeAt) startSubscribe(*sub);
}

int64_t CentrifugeClient::refreshDelayMs(int64_t ttlSeconds) const {
    // A little before expiry (the server also allows 25 s of grace after it).
    const int64_t ttlMs = std::clamp<int64_t>(ttlSeconds, 0, INT32_MAX / 1000) * 1000;
    return std::max<int64_t>(0, ttlMs - std::min<int64_t>(10000, ttlMs / 10));
}

void CentrifugeClient::armPingWatchdog() {
    m_pingDeadline = m_pingIntervalMs > 0 && m_config.maxServerPingDelayMs > 0
                         ? m_clock.monotonicMs() + m_pingIntervalMs + m_config.maxServerPingDelayMs
                         : 0;
}

// ---- inbound ---------------------------------------------------------------------------------

void CentrifugeClient::onMessage(const std::string& text) {
    if (!m_transportOpen) return;
    ++m_metrics.framesIn;
    if (m_state == ClientState::Connected) armPingWatchdog();
    m_batching = true;
    const uint64_t gen = m_generation;
    for (const InboundLine& line : decodeFrame(text)) {
        handleLine(line);
        if (m_generation != gen || !m_transportOpen) break;  // the connection ended mid-frame
    }
    m_batching = false;
    flush();
}

void CentrifugeClient::handleLine(const InboundLine& line) {
    switch (line.kind) {
        case InboundLine::Kind::Ping:
            // Exactly one pong per ping, and only when the server asked for pongs.
            if (m_pongRequired && m_state == ClientState::Connected) {
                ++m_metrics.pongs;
                send(encodePong());
            }
            break;
        case InboundLine::Kind::Reply: handleReply(line.reply); break;
        case InboundLine::Kind::Push: handlePush(line.push); break;
        case InboundLine::Kind::Invalid: break;
    }
}

void CentrifugeClient::handleReply(const InboundReply& reply) {
    auto it = m_pending.find(reply.id);
    if (it == m_pending.end()) return;  // late reply of a timed-out command
    const Pending p = it->second;
    m_pending.erase(it);
    switch (p.kind) {
        case CmdKind::Connect: handleConnectReply(reply); break;
        case CmdKind::Subscribe: handleSubscribeReply(p.channel, reply); break;
        case CmdKind::Unsubscribe: break;
        case CmdKind::Refresh:
            if (reply.error) {
                if (isRetryableError(*reply.error)) {
                    m_refreshAt = m_clock.monotonicMs() + m_random.between(5000, 10000);
                } else {
                    m_transport.close(1000, "refresh error");
                    goDisconnected(kCodeUnauthorized, reply.error->message);
                }
            } else {
                m_refreshAt = jsonBool(reply.result, "expires")
                                  ? m_clock.monotonicMs() + refreshDelayMs(jsonInt(reply.result, "ttl"))
                                  : 0;
            }
            break;
        case CmdKind::SubRefresh: {
            Sub* sub = findSub(p.channel);
            if (!sub) break;
            if (reply.error) {
                if (isRetryableError(*reply.error)) sub->refreshAt = m_clock.monotonicMs() + m_random.between(10000, 20000);
                else markSubUnsubscribed(*sub, static_cast<int>(reply.error->code), reply.error->message);
            } else {
                sub->refreshAt = jsonBool(reply.result, "expires")
                                     ? m_clock.monotonicMs() + refreshDelayMs(jsonInt(reply.result, "ttl"))
                                     : 0;
            }
            break;
        }
    }
}

void CentrifugeClient::handleSubscribeReply(const std::string& channel, const InboundReply& reply) {
    Sub* sub = findSub(channel);
    if (!sub) return;
    sub->pendingId = 0;
    if (sub->state != SubState::Subscribing) return;
    if (reply.error) {
        const ProtocolError& e = *reply.error;
        if (e.code == 109) {
            sub->token.clear();  // expired: fetch a new one and try again
            scheduleResubscribe(*sub);
        } else if (isRetryableError(e)) {
            scheduleResubscribe(*sub);
        } else {
            markSubUnsubscribed(*sub, static_cast<int>(e.code), e.message);
        }
        return;
    }
    const Json& r = reply.result;
    sub->state = SubState::Subscribed;
    sub->backoff.reset();
    sub->resubscribeAt = 0;
    sub->recoverable = jsonBool(r, "recoverable");
    sub->epoch = jsonString(r, "epoch");
    sub->offset = static_cast<uint64_t>(std::max<int64_t>(0, jsonInt(r, "offset")));
    sub->refreshAt = jsonBool(r, "expires") ? m_clock.monotonicMs() + refreshDelayMs(jsonInt(r, "ttl")) : 0;
    const bool wasRecovering = jsonBool(r, "was_recovering");
    const bool recovered = jsonBool(r, "recovered");
    if (m_listener) m_listener->onSubscribed(channel, wasRecovering, recovered);
    if (wasRecovering && !recovered) {
        if (m_listener) m_listener->onRefetchNeeded(channel);
    } else if (const Json* pubs = jsonField(r, "publications"); pubs && pubs->is_array()) {
        const uint64_t gen = m_generation;
        for (const Json& pub : *pubs) {
            Sub* s = findSub(channel);  // the listener may have unsubscribed
            if (!s || m_generation != gen) break;
            handlePublication(*s, pub);
        }
    }
}

void CentrifugeClient::handlePublication(Sub& sub, const Json& pub) {
    if (!pub.is_object()) return;
    const int64_t off = jsonInt(pub, "offset");
    if (off > 0) {
        // Already seen (duplicate delivery or overlap with a recovery replay).
        if (sub.offset >= static_cast<uint64_t>(off) && sub.recoverable) return;
        sub.offset = static_cast<uint64_t>(off);
    }
    const Json* data = jsonField(pub, "data");
    if (m_listener && data) m_listener->onPublication(sub.channel, *data, static_cast<uint64_t>(std::max<int64_t>(0, off)));
}

void CentrifugeClient::handlePush(const InboundPush& push) {
    if (push.type == "pub") {
        Sub* sub = findSub(push.channel);
        if (sub && sub->state == SubState::Subscribed) handlePublication(*sub, push.body);
    } else if (push.type == "unsubscribe") {
        Sub* sub = findSub(push.channel);
        if (!sub) return;
        const int code = static_cast<int>(jsonInt(push.body, "code"));
        if (code >= 2500) {
            if (code == 2501 || code == 2502) sub->token.clear();
            if (code == 2502) {
                sub->offset = 0;
                sub->epoch.clear();
            }
            sub->state = SubState::Subscribing;
            sub->pendingId = 0;
            startSubscribe(*sub);
        } else {
            markSubUnsubscribed(*sub, code, jsonString(push.body, "reason"));
        }
    } else if (push.type == "disconnect") {
        // Non-WebSocket transports deliver disconnects as a push; treat it as the close frame.
        const int code = static_cast<int>(jsonInt(push.body, "code"));
        const std::string reason = jsonString(push.body, "reason");
        m_transport.close(1000, reason.substr(0, 100));
        m_transportOpen = false;
        m_transportOpening = false;
        handleServerClose(code, reason);
    } else if (push.type == "message") {
        if (const Json* data = jsonField(push.body, "data"); data && m_listener) m_listener->onMessagePush(*data);
    }
    // join, leave, subscribe (server-side subs), connect/refresh (unidirectional only) and unknown
    // push types are ignored.
}

void CentrifugeClient::onClose(int code, const std::string& reason) {
    if (!m_transportOpen && !m_transportOpening) return;
    m_transportOpen = false;
    m_transportOpening = false;
    handleServerClose(code, reason);
}

// A close frame, or a disconnect push: terminal codes stop, the rest reconnect.
void CentrifugeClient::handleServerClose(int code, const std::string& reason) {
    if (m_state == ClientState::Disconnected) return;
    if (code == 1009) {
        goDisconnected(kCodeMessageSizeLimit, "message size limit exceeded");
        return;
    }
    if (isTerminalClose(code)) {
        goDisconnected(code, reason);
        return;
    }
    if (code == 3005) m_refreshRequired = true;  // connection expired: the old token is useless
    if (code == 3014) {
        m_token.clear();
        for (auto& [ch, sub] : m_subs) {
            sub->offset = 0;
            sub->epoch.clear();
            sub->token.clear();
        }
    }
    handleDisconnect(code, reason, false);
}

// Transport gone (or to be closed): back to connecting with backoff, subscriptions to resubscribe.
void CentrifugeClient::handleDisconnect(int code, const std::string& reason, bool closeTransport) {
    // Browsers reject close reasons over 123 bytes.
    if (closeTransport && (m_transportOpen || m_transportOpening)) m_transport.close(1000, reason.substr(0, 100));
    m_transportOpen = false;
    m_transportOpening = false;
    scheduleReconnect(code, reason);
}

void CentrifugeClient::scheduleReconnect(int code, const std::string& reason) {
    ++m_generation;  // stale callbacks of this attempt are ignored from now on
    m_pending.clear();
    m_pingDeadline = 0;
    m_refreshAt = 0;
    m_connectDeadline = 0;
    m_tokenRequested = false;
    for (auto& [ch, sub] : m_subs) {
        sub->pendingId = 0;
        sub->tokenRequested = false;
        sub->refreshAt = 0;
        sub->resubscribeAt = 0;
        if (sub->state == SubState::Subscribed) sub->state = SubState::Subscribing;
    }
    setState(ClientState::Connecting, code, reason);
    m_reconnectAt = m_clock.monotonicMs() + m_backoff.next();
}

void CentrifugeClient::goDisconnected(int code, const std::string& reason) {
    ++m_generation;
    m_transportOpen = false;
    m_transportOpening = false;
    m_pending.clear();
    m_reconnectAt = 0;
    m_pingDeadline = 0;
    m_refreshAt = 0;
    m_connectDeadline = 0;
    m_tokenRequested = false;
    for (auto& [ch, sub] : m_subs) {
        sub->pendingId = 0;
        sub->tokenRequested = false;
        sub->refreshAt = 0;
        sub->resubscribeAt = 0;
        if (sub->state == SubState::Subscribed) sub->state = SubState::Subscribing;
    }
    // The state may already be Disconnected (e.g. refused before connecting): still report why.
    m_lastCode = code;
    m_lastReason = reason;
    setState(ClientState::Disconnected, code, reason);
}

// ---- subscriptions -----------------------------------------------------------------------------

void CentrifugeClient::startSubscribe(Sub& sub) {
    sub.resubscribeAt = 0;
    if (m_state != ClientState::Connected) return;  // sent in the next connect batch
    if (sub.token.empty() && m_getSubToken) {
        if (sub.tokenRequested) return;
        sub.tokenRequested = true;
        auto alive = aliveCheck();
        const std::string ch = sub.channel;
        m_getSubToken(ch, [this, alive, ch](const TokenReply& reply) {
            if (!alive()) return;
            Sub* s = findSub(ch);
            if (!s || s->state != SubState::Subscribing) return;
            s->tokenRequested = false;
            if (reply.status == TokenReply::Status::Ok && !reply.token.empty()) {
                s->token = reply.token;
                sendSubscribe(*s);
                flush();
            } else if (reply.status == TokenReply::Status::Unauthorized) {
                markSubUnsubscribed(*s, 103, "permission denied");
            } else {
                scheduleResubscribe(*s);
            }
        });
        return;
    }
    sendSubscribe(sub);
    flush();
}

void CentrifugeClient::sendSubscribe(Sub& sub) {
    SubscribeParams p;
    p.channel = sub.channel;
    p.token = sub.token;
    p.recover = sub.recoverable && (sub.offset > 0 || !sub.epoch.empty());
    p.offset = sub.offset;
    p.epoch = sub.epoch;
    const uint32_t id = nextId();
    sub.pendingId = id;
    m_pending[id] = {CmdKind::Subscribe, sub.channel, m_clock.monotonicMs() + m_config.timeoutMs};
    send(encodeSubscribe(id, p));
}

void CentrifugeClient::scheduleResubscribe(Sub& sub) {
    sub.state = SubState::Subscribing;
    sub.pendingId = 0;
    sub.resubscribeAt = m_clock.monotonicMs() + sub.backoff.next();
}

void CentrifugeClient::markSubUnsubscribed(Sub& sub, int code, const std::string& reason) {
    sub.state = SubState::Unsubscribed;
    sub.pendingId = 0;
    sub.resubscribeAt = 0;
    sub.refreshAt = 0;
    if (m_listener) m_listener->onUnsubscribed(sub.channel, code, reason);
}

// ---- refresh ---------------------------------------------------------------------------------

void CentrifugeClient::doRefresh() {
    m_refreshAt = 0;
    if (!m_getToken) return;
    auto alive = aliveCheck();
    m_getToken([this, alive](const TokenReply& reply) {
        if (!alive() || m_state != ClientState::Connected) return;
        if (reply.status == TokenReply::Status::Unauthorized || (reply.status == TokenReply::Status::Ok && reply.token.empty())) {
            m_transport.close(1000, "unauthorized");
            goDisconnected(kCodeUnauthorized, "unauthorized");
            return;
        }
        if (reply.status == TokenReply::Status::Failed) {
            m_refreshAt = m_clock.monotonicMs() + m_random.between(5000, 10000);
            return;
        }
        m_token = reply.token;
        const uint32_t id = nextId();
        m_pending[id] = {CmdKind::Refresh, {}, m_clock.monotonicMs() + m_config.timeoutMs};
        send(encodeRefresh(id, m_token));
        flush();
    });
}

void CentrifugeClient::doSubRefresh(Sub& sub) {
    sub.refreshAt = 0;
    if (!m_getSubToken) return;
    auto alive = aliveCheck();
    const std::string ch = sub.channel;
    m_getSubToken(ch, [this, alive, ch](const TokenReply& reply) {
        if (!alive() || m_state != ClientState::Connected) return;
        Sub* s = findSub(ch);
        if (!s || s->state != SubState::Subscribed) return;
        if (reply.status == TokenReply::Status::Unauthorized) {
            markSubUnsubscribed(*s, 103, "permission denied");
            return;
        }
        if (reply.status != TokenReply::Status::Ok || reply.token.empty()) {
            s->refreshAt = m_clock.monotonicMs() + m_random.between(10000, 20000);
            return;
        }
        s->token = reply.token;
        const uint32_t id = nextId();
        m_pending[id] = {CmdKind::SubRefresh, ch, m_clock.monotonicMs() + m_config.timeoutMs};
        send(encodeSubRefresh(id, ch, s->token));
        flush();
    });
}

// ---- timers ----------------------------------------------------------------------------------

void CentrifugeClient::tick() {
    const int64_t now = m_clock.monotonicMs();
    // A deadline noticed long after it passed means the tab slept or timers were throttled: the
    // frames that would have re-armed it may still be queued behind this tick. Give them a short
    // grace instead of tearing a healthy connection down (centrifuge-js 5.7.4 does the same).
    auto overdueLate = [&](int64_t deadline) { return now - deadline > m_config.lateTickThresholdMs; };

    if (m_state == ClientState::Connecting && m_reconnectAt && now >= m_reconnectAt) {
        ++m_metrics.reconnects;
        startConnecting();
        return;
    }
    if (m_connectDeadline && now >= m_connectDeadline) {
        if (overdueLate(m_connectDeadline)) {
            m_connectDeadline = now + m_config.lateTickGraceMs;
        } else {
            handleDisconnect(kCodeTimeout, "connect timeout", true);
            return;
        }
    }
    if (m_state != ClientState::Connected) return;
    if (m_pingDeadline && now >= m_pingDeadline) {
        if (overdueLate(m_pingDeadline)) {
            m_pingDeadline = now + m_config.lateTickGraceMs;
        } else {
            handleDisconnect(kCodeNoPing, "no ping", true);
            return;
        }
    }
    for (auto& [id, p] : m_pending) {
        if (now < p.deadline) continue;
        if (overdueLate(p.deadline)) {
            p.deadline = now + m_config.lateTickGraceMs;
            continue;
        }
        // A timed-out reply does not mean the command failed: reconnect instead of guessing.
        handleDisconnect(kCodeTimeout, "timeout", true);
        return;
    }
    if (m_refreshAt && now >= m_refreshAt) doRefresh();
    const uint64_t gen = m_generation;
    std::vector<std::string> channels;
    for (auto& [ch, sub] : m_subs) channels.push_back(ch);
    for (const auto& ch : channels) {
        if (m_generation != gen) break;
        Sub* sub = findSub(ch);
        if (!sub) continue;
        if (sub->resubscribeAt && now >= sub->resubscribeAt && sub->state == SubState::Subscribing) startSubscribe(*sub);
        else if (sub->refreshAt && now >= sub->refreshAt && sub->state == SubState::Subscribed) doSubRefresh(*sub);
    }
}

int64_t CentrifugeClient::nextWakeMs() const {
    int64_t t = INT64_MAX;
    auto consider = [&t](int64_t v) {
        if (v > 0) t = std::min(t, v);
    };
    consider(m_reconnectAt);
    consider(m_connectDeadline);
    consider(m_pingDeadline);
    consider(m_refreshAt);
    for (const auto& [id, p] : m_pending) consider(p.deadline);
    for (const auto& [ch, sub] : m_subs) {
        consider(sub->resubscribeAt);
        consider(sub->refreshAt);
    }
    return t;
}

// ---- outbound --------------------------------------------------------------------------------

void CentrifugeClient::send(const std::string& line) {
    m_outbox.push_back(line);
    if (!m_batching) flush();
}

void CentrifugeClient::flush() {
    if (m_batching || m_outbox.empty()) return;
    if (!m_transportOpen) {
        m_outbox.clear();
        return;
    }
    const std::string frame = joinFrame(m_outbox);
    m_outbox.clear();
    ++m_metrics.framesOut;
    m_transport.send(frame);
}

}  // namespace inbox::core
