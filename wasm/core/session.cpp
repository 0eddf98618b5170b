#include "core/session.h"

#include <algorithm>
#include <climits>

#include "core/strings.h"
#include "core/text_utf8.h"

namespace inbox::core {

namespace {

constexpr const char* kLayoutKey = "inbox.panels";
constexpr size_t kMaxLatencySamples = 256;

std::string trimmed(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
    return s.substr(a, b - a);
}

TokenReply tokenReplyFrom(const RestResult& r) {
    if (r.ok()) {
        const std::string token = r.json.is_discarded() ? std::string() : decodeTokenResponse(r.json);
        return token.empty() ? TokenReply::failed() : TokenReply::ok(token);
    }
    if (r.status == 401 || r.status == 403) return TokenReply::unauthorized();
    return TokenReply::failed();
}

}  // namespace

Session::Session(HttpTransport& http, WebSocketTransport& ws, const Clock& clock, KeyValueStorage* storage,
                 SessionConfig config)
    : m_clock(clock),
      m_storage(storage),
      m_config(std::move(config)),
      m_store(storage),
      m_rest(http, clock, m_config.apiBaseUrl, m_config.seed * 31 + 7),
      m_centrifuge(ws, clock, [this] {
          CentrifugeConfig c;
          c.url = m_config.websocketUrl;
          c.version = m_config.appVersion;
          return c;
      }(), m_config.seed * 17 + 3),
      m_polling(clock, m_config.pollListIntervalMs, m_config.pollChatIntervalMs),
      m_random(m_config.seed ^ static_cast<uint64_t>(clock.wallMs())),
      m_alive(std::make_shared<bool>(true)) {
    if (m_storage) {
        if (auto saved = m_storage->get(kLayoutKey)) m_layout.fromJson(*saved);
    }
    m_savedLayoutRevision = m_layout.revision();
    m_centrifuge.setListener(this);
    m_centrifuge.setConnectionTokenGetter([this](TokenDone done) {
        m_rest.send(requests::centrifugoToken(), [done](const RestResult& r) { done(tokenReplyFrom(r)); });
    });
    m_centrifuge.setSubscriptionTokenGetter([this](const std::string& channel, TokenDone done) {
        m_rest.send(requests::subscriptionToken(channel), [done](const RestResult& r) { done(tokenReplyFrom(r)); });
    });
    m_rest.setServerTimeObserver([this](int64_t server, int64_t sent, int64_t received) {
        m_serverClock.observe(server, sent, received);
    });
    m_rest.setUnauthorizedHandler([this] { onUnauthorized(); });
    m_polling.setPollers(
        [this](PollingFallback::Done done) {
            // One attempt per poll: retries would turn every poll into a burst while the server is
            // down; the poll schedule itself backs off.
            RestRequest req = requests::chats({}, {}, {}, m_config.chatPageSize);
            req.maxAttempts = 1;
            m_rest.send(req, [this, done](const RestResult& r) {
                m_restDown = r.networkError();
                if (r.ok()) {
                    Warnings w;
                    Page<Chat> page = decodeChatPage(r.json, &w);
                    m_store.logAll(w);
                    for (const Chat& c : page.items) m_store.upsertChat(c);
                }
                done(r.ok());
            });
        },
        [this](PollingFallback::Done done) {
            const std::string chatId = m_store.selectedChatId();
            if (chatId.empty()) {
                done(true);
                return;
            }
            RestRequest req = requests::messages(chatId, {}, m_config.messagePageSize);
            req.maxAttempts = 1;
            m_rest.send(req, [this, chatId, done](const RestResult& r) {
                if (r.ok()) {
                    Warnings w;
                    m_store.applyMessagePage(chatId, decodeMessagePage(r.json, &w), false);
                    m_store.logAll(w);
                    maybeMarkRead(chatId);
                }
                done(r.ok());
            });
            loadTicket(chatId, true);
        });
}

Session::~Session() {
    *m_alive = false;
    m_centrifuge.setListener(nullptr);
}

// ---- platform ----------------------------------------------------------------------------------

void Session::tick() {
    m_rest.tick();
    m_centrifuge.tick();
    evaluateConnection();
    m_polling.tick();
    if (m_searchDueAt && m_clock.monotonicMs() >= m_searchDueAt) runServerSearch();
    persistLayout();
    // The open chat's window opening, turning amber or expiring changes what the composer offers.
    // The countdown's minute text is the view's own timed wake (one frame), not a store change.
    const int windowState = static_cast<int>(selectedWindow().state);
    if (windowState != m_lastWindowState) {
        m_lastWindowState = windowState;
        m_store.touch();
    }
}

int64_t Session::nextWakeMs() const {
    int64_t t = std::min({m_rest.nextWakeMs(), m_centrifuge.nextWakeMs(), m_polling.nextWakeMs()});
    if (m_searchDueAt) t = std::min(t, m_searchDueAt);
    // The moment a short blip becomes "degraded" (only while it is still ahead: never a past time,
    // which would make the platform spin).
    const int64_t degradeAt = m_linkDownSince + m_config.degradeAfterMs;
    if (m_store.signedIn() && m_linkDownSince > 0 && degradeAt > m_clock.monotonicMs()) t = std::min(t, degradeAt);
    const ReplyWindow w = selectedWindow();
    if (w.nextStateChangeAtServerMs > 0)
        t = std::min(t, m_clock.monotonicMs() + (w.nextStateChangeAtServerMs - serverNowMs()));
    return t;
}

void Session::setPageVisible(bool visible) {
    m_pageVisible = visible;
    if (visible && !m_store.selectedChatId().empty()) maybeMarkRead(m_store.selectedChatId());
}

void Session::persistLayout() {
    if (m_layout.revision() == m_savedLayoutRevision) return;
    m_savedLayoutRevision = m_layout.revision();
    if (m_storage) m_storage->set(kLayoutKey, m_layout.toJson());
    m_store.touch();
}

int64_t Session::serverNowMs() const { return m_serverClock.serverNow(m_clock.wallMs()); }

ReplyWindow Session::selectedWindow() const {
    const std::string& chatId = m_store.selectedChatId();
    if (chatId.empty()) return {};
    std::optional<int64_t> expires;
    if (const Ticket* t = m_store.ticketForChat(chatId); t && t->windowExpiresAt) expires = t->windowExpiresAt;
    if (const Chat* c = m_store.chat(chatId); c && c->windowExpiresAt) {
        // The chat is updated with every inbound message; prefer the later of the two.
        if (!expires || *c->windowExpiresAt > *expires) expires = c->windowExpiresAt;
    }
    return replyWindow(expires, serverNowMs());
}

// ---- auth --------------------------------------------------------------------------------------

// Known codes get the strings table's text; the server's own message (English or not) is a last
// resort for codes this client does not know.
std::string loginErrorText(const RestResult& r) {
    if (r.networkError()) return tr("connection.disconnected");
    if (r.status == 401 || r.error.code == "invalid_credentials") return tr("error.invalid_credentials");
    if (r.status == 429 || r.error.code == "rate_limited") {
        if (r.retryAfterSeconds > 0) return formatText(tr("error.rate_limited_wait"), {std::to_string(r.retryAfterSeconds)});
        return tr("error.rate_limited");
    }
    if (r.status >= 500) return tr("error.server");
    return r.error.message.empty() ? std::string(tr("error.load")) : r.error.message;
}

void Session::login(const std::string& email, const std::string& password, LoginDone done) {
    m_authError.clear();
    m_rest.send(requests::login(email, password), [this, done](const RestResult& r) {
        if (r.ok()) {
            auto login = r.json.is_discarded() ? std::nullopt : decodeLogin(r.json);
            if (login) {
                signIn(login->token, login->organizationId, login->user);
                m_tokenExpiresAt = std::max<int64_t>(0, login->expiresAt);
                if (done) done(true, {});
                return;
            }
        }
        m_authError = loginErrorText(r);
        m_store.touch();
        if (done) done(false, m_authError);
    });
}

void Session::onUnauthorized() {
    // A verified session is kept when asked to (embedded): the host brings a new token.
    if (m_keepOnUnauthorized && m_store.signedIn() && !m_store.currentUser().id.empty()) {
        if (m_authExpired) return;
        m_authExpired = true;
        m_store.touch();
        if (m_events.unauthorized) m_events.unauthorized(true);
        return;
    }
    m_authError = tr("error.session_expired");
    endSession();  // the token is already dead: nothing to revoke
    if (m_events.unauthorized) m_events.unauthorized(false);
}

void Session::signIn(const std::string& token, const std::string& organizationId, const User& user) {
    if (token.empty()) return;
    // Replacing the session: the new token may be the same one, so the old one is not revoked.
    if (m_store.signedIn()) endSession();
    ++m_signInGeneration;
    m_authError.clear();
    m_authExpired = false;
    m_tokenExpiresAt = 0;
    m_rest.setBearer(token);
    m_store.setSignedIn(true, user, organizationId);
    m_store.setConnection(ConnectionState::Connecting);
    m_linkDownSince = m_clock.monotonicMs();
    m_everConnected = false;
    if (organizationId.empty() || user.id.empty()) loadMe();
    else {
        loadInitialData();
        startRealtime();
    }
}

void Session::loadMe() {
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::me(), [this, gen](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (!r.ok() || r.json.is_discarded()) {
            m_authError = tr("error.load");
            m_store.setChatsError(m_authError);
            if (r.networkError()) m_restDown = true;
            return;
        }
        User user;
        if (const Json* u = jsonField(r.json, "user"); u && u->is_object()) user = decodeUser(*u);
        const std::string org = jsonString(r.json, "organizationId");
        m_tokenExpiresAt = std::max<int64_t>(0, jsonInt(r.json, "expiresAt", 0));
        m_store.setSignedIn(true, user, org);
        loadInitialData();
        startRealtime();
    });
}

void Session::renewToken(const std::string& token, RenewDone done) {
    if (token.empty()) {
        if (done) done(RenewResult::Rejected);
        return;
    }
    if (!m_store.signedIn() || m_store.currentUser().id.empty()) {
        signIn(token);
        if (done) done(RenewResult::SignedIn);
        return;
    }
    // The current token keeps serving every other call until this one proves the new token good.
    RestRequest check = requests::me();
    check.bearer = token;
    const uint64_t gen = m_signInGeneration;
    m_rest.send(check, [this, gen, token, done](const RestResult& r) {
        if (gen != m_signInGeneration) return;  // signed out (or in again) meanwhile
        if (r.status == 401 || r.status == 403) {
            if (done) done(RenewResult::Rejected);
            return;
        }
        const Json* u = r.ok() && !r.json.is_discarded() ? jsonField(r.json, "user") : nullptr;
        if (!u || !u->is_object()) {
            if (done) done(RenewResult::Failed);
            return;
        }
        const User user = decodeUser(*u);
        const std::string org = jsonString(r.json, "organizationId");
        const int64_t expiresAt = std::max<int64_t>(0, jsonInt(r.json, "expiresAt", 0));
        if (user.id != m_store.currentUser().id || org != m_store.organizationId()) {
            // Someone else's token: nothing of this agent's session may stay on screen.
            signIn(token, org, user);
            m_tokenExpiresAt = expiresAt;
            if (done) done(RenewResult::SwitchedUser);
            return;
        }
        m_rest.setBearer(token);
        m_tokenExpiresAt = expiresAt;
        if (m_authExpired) {
            // Calls failed while the token was dead: bring the screen and the link back.
            m_authExpired = false;
            m_authError.clear();
            startRealtime();
            refetchAll();
        }
        m_store.touch();
        if (done) done(RenewResult::Renewed);
    });
}

void Session::signOut() {
    const std::string token = m_rest.bearer();
    endSession();
    // After the local sign-out (which cancels everything pending), so the screen never waits for it.
    if (!token.empty())
        m_rest.send(requests::logout(token), [this](const RestResult& r) {
            if (!r.ok()) m_store.log("logout: HTTP " + std::to_string(r.status));
        });
}

void Session::endSession() {
    ++m_signInGeneration;
    m_authExpired = false;
    m_tokenExpiresAt = 0;
    m_rest.cancelAll();
    m_rest.setBearer({});
    m_centrifuge.disconnect();
    m_centrifuge.unsubscribe("org:" + m_store.organizationId() + ":messages");
    m_centrifuge.unsubscribe("org:" + m_store.organizationId() + ":tickets");
    m_centrifuge.setToken({});
    m_polling.setActive(false);
    m_store.clearData();
    m_store.setSignedIn(false);
    m_store.setConnection(ConnectionState::Disconnected);
    m_linkDownSince = 0;
    m_readInFlight.clear();
    m_continuity = 0;
    m_subscribedChannels.clear();
    m_messagesSince.clear();
    m_ticketSince.clear();
    m_liveDuringLoad.clear();
    m_sendRequests.clear();
    m_loadingChats = false;
}

// ---- loading -----------------------------------------------------------------------------------

void Session::loadInitialData() {
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::instances(), [this, gen](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (!r.ok()) return m_store.log("instances: HTTP " + std::to_string(r.status));
        Warnings w;
        m_store.setInstances(decodeInstances(r.json, &w));
        m_store.logAll(w);
    });
    m_rest.send(requests::stages(), [this, gen](const RestResult& r) {
        if (gen != m_signInGeneration || !r.ok()) return;
        Warnings w;
        m_store.setStages(decodeStages(r.json, &w));
        m_store.logAll(w);
    });
    m_rest.send(requests::members(), [this, gen](const RestResult& r) {
        if (gen != m_signInGeneration || !r.ok()) return;
        Warnings w;
        m_store.setMembers(decodeMembers(r.json, &w));
        m_store.logAll(w);
    });
    m_rest.send(requests::templates({}), [this, gen](const RestResult& r) {
        if (gen != m_signInGeneration || !r.ok()) return;
        Warnings w;
        m_store.setTemplates(decodeTemplates(r.json, &w));
        m_store.logAll(w);
    });
    loadChatsPage(true, m_config.maxAutoChatPages);
}

void Session::loadChatsPage(bool first, int autoPagesLeft) {
    if (m_loadingChats) return;
    if (!first && !m_store.hasMoreChats()) return;
    m_loadingChats = true;
    const uint64_t gen = m_signInGeneration;
    const std::string cursor = first ? std::string() : m_store.chatsCursor();
    m_rest.send(requests::chats({}, {}, cursor, m_config.chatPageSize), [this, gen, first, autoPagesLeft](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        m_loadingChats = false;
        m_restDown = r.networkError();
        if (!r.ok()) {
            m_store.setChatsError(errorText(r));
            return;
        }
        Warnings w;
        Page<Chat> page = decodeChatPage(r.json, &w);
        m_store.logAll(w);
        // A refetch of the first page must not forget how far the background paging got.
        if (first && m_store.chatsLoaded() && m_store.chatsCursor().empty()) page.nextCursor.clear();
        else if (first && m_store.chatsLoaded()) page.nextCursor = m_store.chatsCursor();
        m_store.applyChatPage(page, first);
        if (autoPagesLeft > 0 && m_store.hasMoreChats()) loadChatsPage(false, autoPagesLeft - 1);
    });
}

void Session::loadMoreChats() { loadChatsPage(false, 0); }

void Session::loadMessages(const std::string& chatId, bool older) {
    const ChatMessages* cm = m_store.messages(chatId);
    if (cm && (older ? cm->loadingOlder : cm->loading)) return;
    if (older && (!cm || cm->olderCursor.empty())) return;
    const std::string before = older ? cm->olderCursor : std::string();
    m_store.setMessagesLoading(chatId, older, true);
    const uint64_t gen = m_signInGeneration;
    const uint64_t continuity = m_continuity;  // publications from here on keep the page current
    m_rest.send(requests::messages(chatId, before, m_config.messagePageSize), [this, gen, chatId, older, continuity](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (!r.ok()) {
            m_store.setMessagesError(chatId, errorText(r));
            if (!older) {
                m_liveDuringLoad.erase(chatId);
                m_messagesSince.erase(chatId);
            }
            return;
        }
        Warnings w;
        m_store.applyMessagePage(chatId, decodeMessagePage(r.json, &w), older);
        m_store.logAll(w);
        if (older) return;
        if (auto live = m_liveDuringLoad.find(chatId); live != m_liveDuringLoad.end()) {
            for (const Message& m : live->second) m_store.upsertMessage(m);
            m_liveDuringLoad.erase(live);
        }
        m_messagesSince[chatId] = continuity;
        maybeMarkRead(chatId);
    });
}

void Session::loadOlderMessages() {
    if (!m_store.selectedChatId().empty()) loadMessages(m_store.selectedChatId(), true);
}

void Session::loadTicket(const std::string& chatId, bool background) {
    const TicketState* st = m_store.ticketState(chatId);
    if (st && st->loading) return;
    m_store.setTicketLoading(chatId, true);
    const uint64_t gen = m_signInGeneration;
    RestRequest req = requests::ticket(chatId);
    if (background) req.maxAttempts = 1;
    const uint64_t continuity = m_continuity;
    m_rest.send(req, [this, gen, chatId, continuity](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (r.status == 404) {
            // "No ticket" is kept current too: a new ticket arrives as ticket.created.
            m_store.setTicketMissing(chatId);
            m_ticketSince[chatId] = continuity;
            return;
        }
        if (!r.ok()) {
            m_store.setTicketError(chatId, errorText(r));
            m_ticketSince.erase(chatId);
            return;
        }
        m_ticketSince[chatId] = continuity;
        Warnings w;
        Ticket t = decodeTicket(r.json, &w);
        m_store.logAll(w);
        if (t.chatId.empty()) t.chatId = chatId;
        // A good answer ends any earlier load/save error (e.g. "no connection" from while it was down).
        m_store.setTicketError(chatId, {});
        m_store.upsertTicket(t);
    });
}

void Session::reloadTicket() {
    if (!m_store.selectedChatId().empty()) loadTicket(m_store.selectedChatId());
}

// ---- realtime ----------------------------------------------------------------------------------

void Session::startRealtime() {
    const std::string& org = m_store.organizationId();
    if (org.empty() || m_config.websocketUrl.empty()) return;
    m_centrifuge.subscribe("org:" + org + ":messages");
    m_centrifuge.subscribe("org:" + org + ":tickets");
    m_centrifuge.connect();
}

void Session::onStateChanged(ClientState, int, const std::string&) { evaluateConnection(); }

void Session::onPublication(const std::string&, const Json& data, uint64_t) {
    Warnings w;
    const Publication p = decodePublication(data, &w);
    m_store.logAll(w);
    if (p.message && !p.message->broken) {
        Message m = *p.message;
        if (m.chatId.empty()) m.chatId = p.chatId;
        const ChatMessages* cm = m_store.messages(m.chatId);
        // The page on its way may have been read before this message existed: keep it for then.
        if (cm && cm->loading && !cm->loaded) {
            auto& held = m_liveDuringLoad[m.chatId];
            if (held.size() < 1000) held.push_back(std::move(m));
        }
    }
    m_store.applyPublication(p);
    // A ticket published while realtime is continuous is the whole object; every later change of
    // it, and any new ticket of its chat, is published too: the chat's ticket is kept current
    // from here on even if this agent never asked for it.
    if (p.ticket && !p.ticket->broken && !p.ticket->chatId.empty() && m_continuity != 0) {
        const Ticket* held = m_store.ticketForChat(p.ticket->chatId);
        if (held && held->id == p.ticket->id) m_ticketSince[p.ticket->chatId] = m_continuity;
    }
    if (p.ts > 0) {
        m_pushApplied.push_back(std::max<int64_t>(0, serverNowMs() - p.ts));
        if (m_pushApplied.size() > kMaxLatencySamples) m_pushApplied.pop_front();
        ++m_pushAppliedSamples;
        // A hidden tab draws nothing: keep only the newest pending samples.
        if (m_undrawnPushTs.size() >= kMaxLatencySamples) m_undrawnPushTs.erase(m_undrawnPushTs.begin());
        m_undrawnPushTs.push_back(p.ts);
    }
    // The agent is looking at this chat: a new customer message is read at once.
    if (p.kind == PublicationKind::MessageCreated && p.message && p.message->direction == Direction::In &&
        p.chatId == m_store.selectedChatId())
        maybeMarkRead(p.chatId);
}

void Session::onSubscribed(const std::string& channel, bool wasRecovering, bool recovered) {
    if (wasRecovering && recovered) return;  // the missed publications were replayed: nothing lost
    const bool again = std::find(m_subscribedChannels.begin(), m_subscribedChannels.end(), channel) != m_subscribedChannels.end();
    if (!again) m_subscribedChannels.push_back(channel);
    breakContinuity();
    // A fresh subscription after an earlier one (the server reset the position, or the subscription
    // was lost) missed what was published in between, like a failed recovery; that one
    // (was_recovering, not recovered) comes through onRefetchNeeded.
    if (again && !wasRecovering) {
        m_store.log("realtime: subscribed again to " + channel + " without recovery, refetching");
        refetchAll();
    }
}

void Session::breakContinuity() { m_continuity = ++m_continuityCount; }

bool Session::keptCurrent(const std::map<std::string, uint64_t>& since, const std::string& chatId) const {
    auto it = since.find(chatId);
    return it != since.end() && it->second != 0 && it->second == m_continuity &&
           m_centrifuge.state() == ClientState::Connected && m_centrifuge.allSubscribed();
}

void Session::onUnsubscribed(const std::string& channel, int code, const std::string& reason) {
    // Nothing arrives on this channel any more: no data is kept current until it subscribes again.
    m_continuity = 0;
    m_store.log("realtime: unsubscribed from " + channel + " (" + std::to_string(code) + " " + reason + ")");
    evaluateConnection();
}

void Session::onRefetchNeeded(const std::string& channel) {
    m_store.log("realtime: continuity lost on " + channel + ", refetching");
    refetchAll();
}

void Session::refetchAll() {
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::instances(), [this, gen](const RestResult& r) {
        if (gen != m_signInGeneration || !r.ok()) return;
        Warnings w;
        auto instances = decodeInstances(r.json, &w);
        m_store.logAll(w);
        if (!instances.empty()) m_store.setInstances(std::move(instances));
    });
    loadChatsPage(true, 0);
    const std::string selected = m_store.selectedChatId();
    // Other chats reload when opened; the open one is refreshed in place (no flicker).
    m_store.invalidateMessages(selected);
    if (!selected.empty()) {
        loadMessages(selected, false);
        loadTicket(selected);
    }
}

void Session::evaluateConnection() {
    if (!m_store.signedIn()) {
        m_polling.setActive(false);
        m_store.setConnection(ConnectionState::Disconnected);
        return;
    }
    if (m_store.organizationId().empty()) {
        // Still asking /auth/me who this is: realtime has not started, polling would be premature.
        m_polling.setActive(false);
        m_store.setConnection(ConnectionState::Connecting);
        return;
    }
    const int64_t now = m_clock.monotonicMs();
    const bool healthy = m_centrifuge.state() == ClientState::Connected && m_centrifuge.allSubscribed();
    if (healthy) {
        const bool recovered = m_linkDownSince != 0 || m_store.connection() != ConnectionState::Connected;
        if (recovered) {
            // The open ticket failed while the link was down: fetch it again rather than keep a
            // stale "no connection" under a healthy banner.
            const std::string selected = m_store.selectedChatId();
            const TicketState* ts = selected.empty() ? nullptr : m_store.ticketState(selected);
            if (ts && !ts->error.empty() && !ts->loading) loadTicket(selected);
        }
        m_linkDownSince = 0;
        m_everConnected = true;
        m_polling.setActive(false);
        m_store.setConnection(ConnectionState::Connected);
        return;
    }
    if (m_linkDownSince == 0) m_linkDownSince = now;
    const bool terminal = m_centrifuge.state() == ClientState::Disconnected;
    if (terminal || now - m_linkDownSince >= m_config.degradeAfterMs) {
        m_polling.setActive(true);
        m_store.setConnection(m_restDown ? ConnectionState::Disconnected : ConnectionState::Degraded);
    } else {
        // A short blip: keep saying "connected" if we were; the banner appears only after a few s.
        m_store.setConnection(m_everConnected ? ConnectionState::Connected : ConnectionState::Connecting);
    }
}

// ---- UI actions --------------------------------------------------------------------------------

void Session::selectInstance(const std::string& instanceId) { m_store.selectInstance(instanceId); }

void Session::setSearch(const std::string& query) {
    m_store.setSearch(query);
    // The local filter only sees loaded chats; when more exist, ask the server too (debounced).
    m_searchDueAt = (trimmed(query).size() >= 2 && m_store.hasMoreChats()) ? m_clock.monotonicMs() + m_config.searchDebounceMs : 0;
}

void Session::runServerSearch() {
    m_searchDueAt = 0;
    const std::string query = trimmed(m_store.search());
    if (query.size() < 2 || !m_store.signedIn()) return;
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::chats(m_store.selectedInstanceId(), query, {}, m_config.chatPageSize),
                [this, gen](const RestResult& r) {
                    if (gen != m_signInGeneration || !r.ok()) return;
                    Warnings w;
                    const Page<Chat> page = decodeChatPage(r.json, &w);
                    m_store.logAll(w);
                    // Results merge into the store (versions decide); the local filter shows them.
                    for (const Chat& c : page.items) m_store.upsertChat(c);
                });
}

void Session::selectChat(const std::string& chatId) {
    m_store.selectChat(chatId);
    if (chatId.empty()) return;
    // What realtime kept current since it was loaded is shown as is; the rest is asked for again
    // (a loaded chat's newest page is refreshed in place: the older pages and the scroll stay).
    const ChatMessages* cm = m_store.messages(chatId);
    if (!cm || !cm->loaded || !keptCurrent(m_messagesSince, chatId)) loadMessages(chatId, false);
    else maybeMarkRead(chatId);
    // The chat's own summary names its current ticket: a held one that is not it is not current.
    const Chat* chat = m_store.chat(chatId);
    const Ticket* held = m_store.ticketForChat(chatId);
    const bool summaryAgrees = !chat || !chat->currentTicket || chat->currentTicket->id.empty() ||
                               (held && held->id == chat->currentTicket->id);
    if (!keptCurrent(m_ticketSince, chatId) || !summaryAgrees) loadTicket(chatId);
}

void Session::openChat(const std::string& chatId) {
    selectChat(chatId);
    if (chatId.empty() || m_store.chat(chatId) != nullptr) return;
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::chat(chatId), [this, gen, chatId](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (!r.ok()) {
            m_store.log("chat " + chatId + ": HTTP " + std::to_string(r.status));
            return;
        }
        Warnings w;
        Chat c = decodeChat(r.json, &w);
        m_store.logAll(w);
        if (!c.broken && c.id == chatId) m_store.upsertChat(c);
    });
}

void Session::setDraft(const std::string& text) { m_store.setDraft(m_store.selectedChatId(), text); }

std::string Session::newClientId() {
    static const char* kHex = "0123456789abcdef";
    std::string id = "c-";
    uint64_t r = m_random.next();
    for (int i = 0; i < 16; ++i) {
        id += kHex[r & 15];
        r >>= 4;
    }
    id += "-" + std::to_string(++m_clientCounter);
    return id;
}

ComposerLimit composerLimit(const std::string& draft) {
    ComposerLimit l;
    l.chars = countCodePoints(trimmed(draft));
    l.tooLong = l.chars > kMaxMessageChars;
    if (l.chars > kMessageCounterFrom)
        l.counter = std::to_string(static_cast<long long>(kMaxMessageChars) - static_cast<long long>(l.chars));
    if (l.tooLong)
        l.error = formatText(tr("send.too_long"), {std::to_string(l.chars), std::to_string(kMaxMessageChars)});
    return l;
}

std::string Session::sendMessage(const std::string& rawText) {
    const std::string chatId = m_store.selectedChatId();
    const std::string text = trimmed(rawText);
    if (chatId.empty() || text.empty()) return {};
    // The server would refuse it with an English text; the composer says why and keeps the draft.
    if (countCodePoints(text) > kMaxMessageChars) return {};
    if (!selectedWindow().canSendFreeText) return {};  // the composer offers templates instead
    const std::string clientId = newClientId();
    m_store.addOptimisticSend(chatId, text, clientId, serverNowMs());
    m_store.setDraft(chatId, {});
    sendPrepared(chatId, clientId, requests::sendText(chatId, text, clientId));
    return clientId;
}

std::string Session::sendTemplate(const std::string& name, const std::string& language,
                                  const std::vector<std::string>& params) {
    const std::string chatId = m_store.selectedChatId();
    if (chatId.empty() || name.empty()) return {};
    const std::string clientId = newClientId();
    std::string preview = name;
    for (const auto& t : m_store.templates())
        if (t.name == name && t.language == language) preview = fillTemplate(t.body, params);
    m_store.addOptimisticSend(chatId, preview, clientId, serverNowMs());
    sendPrepared(chatId, clientId, requests::sendTemplate(chatId, name, language, params, clientId));
    return clientId;
}

void Session::sendPrepared(const std::string& chatId, const std::string& clientId, const RestRequest& request) {
    // Kept until the server accepts it, so a retry repeats exactly this request (text or template).
    m_sendRequests[clientId] = request;
    const uint64_t gen = m_signInGeneration;
    m_rest.send(request, [this, gen, chatId, clientId](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (r.ok()) {
            Warnings w;
            Message m = decodeMessage(r.json, &w);
            m_store.logAll(w);
            if (m.chatId.empty()) m.chatId = chatId;
            if (m.clientId.empty()) m.clientId = clientId;
            if (!m.broken) {
                m_sendRequests.erase(clientId);
                m_store.upsertMessage(m);
                return;
            }
        }
        std::string error;
        if (r.status == 422 && r.error.code == "window_closed") error = tr("send.window_closed");
        else if (r.networkError()) error = tr("send.network");
        else error = r.error.message.empty() ? tr("send.rejected") : r.error.message;
        m_store.markSendFailed(chatId, clientId, error);
    });
}

void Session::retrySend(const std::string& clientId) {
    const std::string chatId = m_store.selectedChatId();
    const Message* m = m_store.findByClientId(chatId, clientId);
    if (!m || !m->localFailed) return;
    auto it = m_sendRequests.find(clientId);
    const RestRequest request = it != m_sendRequests.end() ? it->second : requests::sendText(chatId, m->text, clientId);
    m_store.markSendRetrying(chatId, clientId);
    // Same clientId: the server answers the original message if the first POST did land.
    sendPrepared(chatId, clientId, request);
}

void Session::discardFailedSend(const std::string& clientId) {
    m_sendRequests.erase(clientId);
    m_store.discardSend(m_store.selectedChatId(), clientId);
}

void Session::markSelectedChatRead() {
    if (!m_store.selectedChatId().empty()) maybeMarkRead(m_store.selectedChatId());
}

void Session::maybeMarkRead(const std::string& chatId) {
    if (!m_pageVisible || chatId != m_store.selectedChatId()) return;
    const Chat* c = m_store.chat(chatId);
    if (!c || c->unreadCount <= 0) return;
    if (std::find(m_readInFlight.begin(), m_readInFlight.end(), chatId) != m_readInFlight.end()) return;
    std::string lastId;
    if (const ChatMessages* cm = m_store.messages(chatId)) {
        for (auto it = cm->items.rbegin(); it != cm->items.rend(); ++it)
            if (!it->localPending && !it->localFailed && !it->broken) {
                lastId = it->id;
                break;
            }
    }
    m_readInFlight.push_back(chatId);
    const uint64_t gen = m_signInGeneration;
    // The count itself is never patched here: the server publishes the chat with unread 0.
    m_rest.send(requests::markRead(chatId, lastId), [this, gen, chatId](const RestResult&) {
        if (gen != m_signInGeneration) return;
        m_readInFlight.erase(std::remove(m_readInFlight.begin(), m_readInFlight.end(), chatId), m_readInFlight.end());
    });
}

std::string Session::errorText(const RestResult& r) const {
    if (r.networkError()) return tr("ticket.error.network");
    if (!r.error.message.empty()) return r.error.message;
    return std::string(tr("error.load")) + " (HTTP " + std::to_string(r.status) + ")";
}

void Session::editTicket(const std::function<void(Ticket&)>& mutate, const TicketPatch& patch) {
    const Ticket* t = m_store.ticketForChat(m_store.selectedChatId());
    if (!t) return;
    const std::string ticketId = t->id;
    const uint64_t editId = m_store.beginTicketEdit(ticketId, mutate);
    if (!editId) return;
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::patchTicket(ticketId, patch), [this, gen, editId](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (r.ok()) {
            Ticket server = decodeTicket(r.json);
            m_store.confirmTicketEdit(editId, server.broken ? std::nullopt : std::optional<Ticket>(server));
        } else {
            m_store.rollbackTicketEdit(editId, formatText(tr("ticket.error.save"), {errorText(r)}));
        }
    });
}

void Session::changeStage(const std::string& stageId) {
    const Stage* stage = m_store.stage(stageId);
    if (!stage) return;
    const Stage copy = *stage;
    TicketPatch patch;
    patch.stageId = stageId;
    editTicket([copy](Ticket& t) { t.stage = copy; }, patch);
}

void Session::assignTo(const std::string& memberId) {
    TicketPatch patch;
    std::optional<Member> member;
    if (memberId.empty()) {
        patch.clearAssignee = true;
    } else {
        const Member* m = m_store.member(memberId);
        if (!m) return;
        member = *m;
        patch.assigneeId = memberId;
    }
    editTicket([member](Ticket& t) { t.assignee = member; }, patch);
}

void Session::setDealValue(std::optional<int64_t> cents) {
    if (cents && *cents < 0) return;
    TicketPatch patch;
    if (cents) patch.dealValue = cents;
    else patch.clearDealValue = true;
    editTicket([cents](Ticket& t) { t.dealValue = cents; }, patch);
}

bool Session::setDealValueText(const std::string& text) {
    if (trimmed(text).empty()) {
        setDealValue(std::nullopt);
        return true;
    }
    auto cents = parseMoney(text);
    if (!cents) return false;
    const Ticket* t = m_store.ticketForChat(m_store.selectedChatId());
    if (t && t->dealValue == cents) return true;  // unchanged: no request
    setDealValue(cents);
    return true;
}

void Session::closeTicket(const std::string& outcome, const std::string& reason) {
    if (outcome != "won" && outcome != "lost") return;
    const Ticket* t = m_store.ticketForChat(m_store.selectedChatId());
    if (!t || t->status != "open") return;
    const std::string ticketId = t->id;
    const uint64_t editId = m_store.beginTicketEdit(ticketId, [outcome](Ticket& tk) { tk.status = outcome; });
    const uint64_t gen = m_signInGeneration;
    m_rest.send(requests::closeTicket(ticketId, outcome, reason), [this, gen, editId](const RestResult& r) {
        if (gen != m_signInGeneration) return;
        if (r.ok()) {
            Ticket server = decodeTicket(r.json);
            m_store.confirmTicketEdit(editId, server.broken ? std::nullopt : std::optional<Ticket>(server));
            if (!server.broken && m_events.ticketClosed) m_events.ticketClosed(server);
        } else if (r.status == 409) {
            m_store.rollbackTicketEdit(editId, tr("ticket.error.conflict"));
        } else {
            m_store.rollbackTicketEdit(editId, formatText(tr("ticket.error.save"), {errorText(r)}));
        }
    });
}

void Session::frameStarted() {
    m_drawingPushTs.insert(m_drawingPushTs.end(), m_undrawnPushTs.begin(), m_undrawnPushTs.end());
    m_undrawnPushTs.clear();
}

void Session::countFrame(bool rendered) {
    if (!rendered) {
        ++m_framesSkipped;
        return;
    }
    ++m_framesRendered;
    const int64_t now = serverNowMs();
    for (int64_t ts : m_drawingPushTs) {
        m_pushLatency.push_back(std::max<int64_t>(0, now - ts));
        if (m_pushLatency.size() > kMaxLatencySamples) m_pushLatency.pop_front();
        ++m_pushSamples;
    }
    m_drawingPushTs.clear();
}

// ---- hooks -------------------------------------------------------------------------------------

// Written straight to text: a JSON tree of a big inbox would grow the wasm heap for good.
std::string Session::stateJson() const { return m_store.snapshotText(&m_layout); }

std::string Session::metricsJson() const { return dumpJson(metrics()); }

Json Session::metrics() const {
    Json j = Json::object();
    j["framesRendered"] = m_framesRendered;
    j["framesSkipped"] = m_framesSkipped;
    j["restRequests"] = m_rest.metrics().requests;
    j["restRetries"] = m_rest.metrics().retries;
    j["restFailures"] = m_rest.metrics().failures;
    j["restNotModified"] = m_rest.metrics().notModified;
    j["wsFramesIn"] = m_centrifuge.metrics().framesIn;
    j["wsFramesOut"] = m_centrifuge.metrics().framesOut;
    j["reconnects"] = m_centrifuge.metrics().reconnects;
    j["polls"] = m_polling.polls();
    j["pushLatencyMs"] = Json(std::vector<int64_t>(m_pushLatency.begin(), m_pushLatency.end()));
    j["pushSamples"] = m_pushSamples;
    j["pushAppliedMs"] = Json(std::vector<int64_t>(m_pushApplied.begin(), m_pushApplied.end()));
    j["pushAppliedSamples"] = m_pushAppliedSamples;
    j["serverClockOffsetMs"] = m_serverClock.offsetMs();
    return j;
}

}  // namespace inbox::core
