#include "core/embed_bridge.h"

#include <algorithm>
#include <climits>

#include "core/session.h"

namespace inbox::core {

EmbedBridge::EmbedBridge(Session& session, const Clock& clock, Options options, Post poster, Actions actions)
    : m_session(session),
      m_clock(clock),
      m_options(std::move(options)),
      m_post(std::move(poster)),
      m_actions(std::move(actions)),
      m_alive(std::make_shared<bool>(true)) {
    m_allowed = m_options.allowedOrigins;
    const std::string self = embed::normalizeOrigin(m_options.selfOrigin);
    if (!self.empty()) m_allowed.push_back(self);

    // Inside a host there is no sign-in screen to fall back to: the host renews the token.
    m_session.setKeepSessionOnUnauthorized(true);
    m_session.setTokenSource(this);
    SessionEvents events;
    events.ticketClosed = [this](const Ticket& t) {
        Json p = Json::object();
        p["ticketId"] = t.id;
        p["outcome"] = t.status;
        p["dealValue"] = t.dealValue ? Json(*t.dealValue) : Json(nullptr);
        post("inbox:ticket-closed", p);
    };
    events.unauthorized = [this](bool kept) {
        if (kept) error("token_expired", "the API no longer accepts the token; send inbox:auth with a fresh one");
        else error("auth_failed", "the API refused the token");
    };
    m_session.setEvents(std::move(events));
}

EmbedBridge::~EmbedBridge() {
    *m_alive = false;
    m_session.setEvents({});
    m_session.setTokenSource(nullptr);
    m_session.setKeepSessionOnUnauthorized(false);
}

void EmbedBridge::start(const std::string& parentOriginHint) {
    if (m_started) return;
    m_started = true;
    Json ready = Json::object();
    ready["version"] = embed::kVersion;
    ready["appVersion"] = m_options.appVersion;
    const std::string hint = embed::normalizeOrigin(parentOriginHint);
    if (!hint.empty()) {
        // The browser told us who frames us: talk to it only if it is allowed.
        if (!embed::originAllowed(m_allowed, hint)) return;
        m_hostOrigin = hint;
        post("inbox:ready", ready);
        return;
    }
    for (const std::string& origin : embed::exactOrigins(m_allowed)) {
        m_post(embed::outgoing("inbox:ready", ready), origin);
        ++m_posted;
    }
}

EmbedBridge::Handled EmbedBridge::handleMessage(const std::string& origin, bool fromParent, const std::string& data) {
    if (!m_started || !fromParent) return Handled::IgnoredSource;
    if (!embed::originAllowed(m_allowed, origin)) return Handled::IgnoredOrigin;
    const std::string normalized = embed::normalizeOrigin(origin);
    if (!m_hostOrigin.empty() && normalized != m_hostOrigin) return Handled::IgnoredOrigin;
    const embed::ParseResult r = embed::parseHostMessage(data);
    if (r.status == embed::ParseStatus::NotOurs) return Handled::IgnoredForeign;
    m_hostOrigin = normalized;  // the parent speaks our protocol from an allowed origin
    if (r.status == embed::ParseStatus::Unknown) return Handled::IgnoredUnknown;
    if (r.status == embed::ParseStatus::Invalid) {
        error("bad_message", r.type + ": " + r.error);
        return Handled::Refused;
    }
    apply(r.message);
    return Handled::Applied;
}

void EmbedBridge::apply(const embed::HostMessage& m) {
    switch (m.type) {
        case embed::HostMessageType::Auth:
            onAuth(m.token);
            break;
        case embed::HostMessageType::OpenConversation:
            m_pendingChat = m.chatId;
            break;
        case embed::HostMessageType::SetInstance:
            m_pendingInstance = m.instanceId;
            break;
        case embed::HostMessageType::SignOut:
            m_pendingChat.reset();
            m_pendingInstance.reset();
            m_pendingToken = nullptr;  // the sign-out cancels the calls that waited for it
            m_session.signOut();
            break;
        case embed::HostMessageType::Theme:
            if (m_actions.setTheme) m_actions.setTheme(m.dark);
            break;
    }
    tick();  // pending opens apply at once when they can
}

void EmbedBridge::onAuth(const std::string& token) {
    m_lastAuthAt = m_clock.monotonicMs();
    std::weak_ptr<bool> alive = m_alive;
    m_session.renewToken(token, [this, alive, token](RenewResult result) {
        auto a = alive.lock();
        if (!a || !*a) return;
        switch (result) {
            case RenewResult::Renewed:
                answerPendingToken(token);
                break;
            case RenewResult::SignedIn:
            case RenewResult::SwitchedUser:
                m_pendingToken = nullptr;  // the new sign-in dropped the calls that waited
                break;
            case RenewResult::Rejected:
                error("auth_failed", "the API refused the token");
                break;
            case RenewResult::Failed:
                error("network", "could not check the token with the API");
                break;
        }
        tick();
    });
}

void EmbedBridge::answerPendingToken(const std::string& token) {
    if (!m_pendingToken) return;
    auto done = std::move(m_pendingToken);
    m_pendingToken = nullptr;
    done(token);
}

void EmbedBridge::fetchFreshToken(std::function<void(const std::string& token)> done) {
    const int64_t now = m_clock.monotonicMs();
    // No host to ask, or the token it just gave is refused already: do not loop.
    if (!m_started || m_hostOrigin.empty() || (m_lastAuthAt > 0 && now - m_lastAuthAt < m_options.minAskIntervalMs)) {
        done({});
        return;
    }
    answerPendingToken({});
    m_pendingToken = std::move(done);
    m_pendingSince = now;
    Json p = Json::object();
    p["inSeconds"] = 0;
    post("inbox:token-expiring", p);
}

int64_t EmbedBridge::warnAtServerMs() const {
    if (m_knownExpiry <= 0 || m_warnedExpiry == m_knownExpiry) return 0;
    // About a minute ahead; a quarter of the lifetime for short tokens, never under 2 s.
    const int64_t lifetime = std::max<int64_t>(0, m_knownExpiry - m_expirySeenAt);
    const int64_t lead = std::clamp<int64_t>(lifetime / 4, 2000, 60000);
    return m_knownExpiry - lead;
}

void EmbedBridge::tick() {
    if (!m_started) return;
    const int64_t now = m_clock.monotonicMs();
    if (m_pendingToken && now - m_pendingSince >= m_options.tokenAnswerTimeoutMs) answerPendingToken({});

    const InboxStore& store = m_session.store();
    const bool signedIn = store.signedIn();
    const bool verified = signedIn && !store.currentUser().id.empty();
    if (verified && m_pendingInstance) {
        const std::optional<std::string> id = *m_pendingInstance;
        m_pendingInstance.reset();
        const auto& list = store.instances();
        const bool known = !id || list.empty() ||
                           std::any_of(list.begin(), list.end(), [&](const Instance& i) { return i.id == *id; });
        if (known) m_session.selectInstance(id.value_or(""));
        else error("unknown_instance", "no WhatsApp number with id " + *id);
    }
    if (verified && m_pendingChat) {
        const std::string chatId = *m_pendingChat;
        m_pendingChat.reset();
        m_session.openChat(chatId);
    }

    // Unread total: once the list is loaded (a half-loaded count would flicker on the host's badge).
    if (signedIn && store.chatsLoaded()) {
        const int total = store.unreadTotal();
        if (total != m_lastUnread && !m_hostOrigin.empty()) {
            m_lastUnread = total;
            Json p = Json::object();
            p["total"] = total;
            post("inbox:unread", p);
        }
    } else if (!signedIn && m_lastUnread && *m_lastUnread != 0) {
        m_lastUnread = 0;
        Json p = Json::object();
        p["total"] = 0;
        post("inbox:unread", p);
    }

    const std::string selected = signedIn ? store.selectedChatId() : std::string();
    if (selected != m_lastOpened) {
        m_lastOpened = selected;
        if (!selected.empty()) {
            Json p = Json::object();
            p["chatId"] = selected;
            post("inbox:conversation-opened", p);
        }
    }

    const int64_t serverNow = m_session.serverNowMs();
    const int64_t expiry = signedIn ? m_session.tokenExpiresAtMs() : 0;
    if (expiry != m_knownExpiry) {
        m_knownExpiry = expiry;
        m_expirySeenAt = serverNow;
    }
    const int64_t warnAt = warnAtServerMs();
    if (warnAt > 0 && serverNow >= warnAt && !m_session.authExpired() && !m_hostOrigin.empty()) {
        m_warnedExpiry = m_knownExpiry;
        Json p = Json::object();
        p["inSeconds"] = std::max<int64_t>(0, (m_knownExpiry - serverNow + 999) / 1000);
        post("inbox:token-expiring", p);
    }
}

int64_t EmbedBridge::nextWakeMs() const {
    if (!m_started) return INT64_MAX;
    int64_t t = INT64_MAX;
    const int64_t now = m_clock.monotonicMs();
    if (m_pendingToken) t = std::min(t, m_pendingSince + m_options.tokenAnswerTimeoutMs);
    const int64_t warnAt = warnAtServerMs();
    if (warnAt > 0) {
        const int64_t in = warnAt - m_session.serverNowMs();
        if (in > 0) t = std::min(t, now + in);
    }
    return t;
}

void EmbedBridge::post(const std::string& type, const Json& payload) {
    if (m_hostOrigin.empty()) return;  // nobody trusted to tell
    m_post(embed::outgoing(type, payload), m_hostOrigin);
    ++m_posted;
}

void EmbedBridge::error(const std::string& code, const std::string& message) {
    Json p = Json::object();
    p["code"] = code;
    p["message"] = message;
    post("inbox:error", p);
}

}  // namespace inbox::core
