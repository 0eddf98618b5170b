// The app's orchestrator: wires the store, REST, the Centrifugo client and the polling fallback so
// the platform only feeds bytes and time, and the UI only draws the store and calls these actions.
//
//   sign in (token) → load instances, stages, members, templates, chats → connect realtime →
//   subscribe org:{id}:messages / org:{id}:tickets with subscription tokens → apply pushes;
//   recovery gap (recovered:false) → refetch; link down > degradeAfterMs → "degraded" + polling.
//
// Platform contract: call tick() whenever nextWakeMs() (monotonic) is reached and after feeding
// any transport callback; redraw when store().revision() changed.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/centrifuge_client.h"
#include "core/format.h"
#include "core/inbox_store.h"
#include "core/panel_layout.h"
#include "core/platform.h"
#include "core/polling_fallback.h"
#include "core/rest_client.h"
#include "core/server_clock.h"

namespace inbox::core {

// Free text of POST /whatsapp/chats/{id}/messages: 1 to 4096 characters (code points, as the server
// counts them). The composer shows a counter from kMessageCounterFrom on.
inline constexpr size_t kMaxMessageChars = 4096;
inline constexpr size_t kMessageCounterFrom = 3500;

struct ComposerLimit {
    size_t chars = 0;     // of the text that would be sent (trimmed)
    bool tooLong = false;
    std::string counter;  // "596" (characters left) near the limit, "-12" past it, else empty
    std::string error;    // pt-BR refusal when too long, else empty
};
ComposerLimit composerLimit(const std::string& draft);

// The sign-in form's text for a failed POST /auth/login (pt-BR from the strings table).
std::string loginErrorText(const RestResult& r);

struct SessionConfig {
    std::string apiBaseUrl = "/api/v1";  // absolute or same-origin relative
    std::string websocketUrl;            // ws(s)://host/connection/websocket
    std::string appVersion;
    int64_t degradeAfterMs = 3000;  // realtime down this long → degraded + polling
    int64_t pollListIntervalMs = 5000;  // degraded mode: chat list refetch period
    int64_t pollChatIntervalMs = 3000;  // degraded mode: open chat refetch period
    int chatPageSize = 100;
    int maxAutoChatPages = 20;  // pages loaded in the background after the first
    int messagePageSize = 50;
    int64_t searchDebounceMs = 300;  // server-side search when not every chat is loaded
    uint64_t seed = 1;
};

// What the session tells an embedding host (core/embed_bridge.h); every field optional.
struct SessionEvents {
    std::function<void(const Ticket&)> ticketClosed;  // this agent closed a ticket; the server confirmed
    // The API refused the token for good. `kept`: the data and drafts stay (setKeepSessionOnUnauthorized)
    // and the session waits for renewToken(); otherwise it signed out.
    std::function<void(bool kept)> unauthorized;
};

enum class RenewResult {
    SignedIn,      // there was no verified session: a fresh sign-in started
    Renewed,       // same user: the new token replaced the old one, nothing else changed
    SwitchedUser,  // the token belongs to someone else: signed out and in again
    Rejected,      // the API refused the token (401/403); the old one stays in use
    Failed,        // the API could not be reached; the old one stays in use
};

class Session : private CentrifugeListener {
public:
    Session(HttpTransport& http, WebSocketTransport& ws, const Clock& clock, KeyValueStorage* storage,
            SessionConfig config);
    ~Session() override;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // ---- platform ------------------------------------------------------------------------
    void tick();
    int64_t nextWakeMs() const;  // monotonic ms; INT64_MAX when nothing is scheduled
    void setPageVisible(bool visible);
    // Where a fresh bearer comes from after a 401 (embedding host); optional.
    void setTokenSource(TokenSource* source) { m_rest.setTokenSource(source); }

    // ---- auth ----------------------------------------------------------------------------
    using LoginDone = std::function<void(bool ok, const std::string& error)>;
    void login(const std::string& email, const std::string& password, LoginDone done = {});
    // Token from the host (postMessage / inbox.signIn) or from login. The organization is read
    // from GET /auth/me when not given.
    void signIn(const std::string& token, const std::string& organizationId = {}, const User& user = {});
    // Also ends the session on the server (best effort, with the old token; nothing waits for it).
    void signOut();
    // A new token for the signed-in agent (the host renews it): checked with GET /auth/me before it
    // is used, then swapped in without touching the data, the drafts or the realtime connection.
    using RenewDone = std::function<void(RenewResult)>;
    void renewToken(const std::string& token, RenewDone done = {});
    // Inside a host page there is no sign-in screen to fall back to: an expired token keeps the session
    // (authExpired() true) until renewToken() brings a valid one.
    void setKeepSessionOnUnauthorized(bool keep) { m_keepOnUnauthorized = keep; }
    bool authExpired() const { return m_authExpired; }
    // When the API said the token expires (server ms, from /auth/me or the login answer); 0 = unknown.
    int64_t tokenExpiresAtMs() const { return m_tokenExpiresAt; }
    void setEvents(SessionEvents events) { m_events = std::move(events); }

    // ---- UI actions ------------------------------------------------------------------------
    void selectInstance(const std::string& instanceId);  // "" = all
    void setSearch(const std::string& query);
    void selectChat(const std::string& chatId);
    // selectChat for a chat named from outside (an embedding host): when the list does not hold it
    // (not loaded yet, or past the pages loaded), its row is fetched too.
    void openChat(const std::string& chatId);
    void loadOlderMessages();
    void loadMoreChats();
    void setDraft(const std::string& text);  // of the selected chat
    // Sends free text to the selected chat; returns the clientId, or "" when refused (empty text,
    // no chat, or the 24-hour window is closed — then sendTemplate is the way).
    // Refused (returns "" and keeps the draft) when over kMaxMessageChars; see composerLimit().
    std::string sendMessage(const std::string& text);
    std::string sendTemplate(const std::string& name, const std::string& language, const std::vector<std::string>& params);
    void retrySend(const std::string& clientId);
    void discardFailedSend(const std::string& clientId);
    void markSelectedChatRead();
    void changeStage(const std::string& stageId);
    void assignTo(const std::string& memberId);  // "" = unassign
    void setDealValue(std::optional<int64_t> cents);
    // Parses what the agent typed; false (nothing sent) when it is not a valid amount.
    bool setDealValueText(const std::string& text);
    void closeTicket(const std::string& outcome, const std::string& reason = {});
    void reloadTicket();
    // Counted in metrics(): the UI reports whether each loop iteration drew a frame. A frame
    // starts with frameStarted(); countFrame(true) after it closes the push-to-screen samples of
    // the publications applied before that frame began (server `ts` to the end of the frame).
    void frameStarted();
    void countFrame(bool rendered);

    // ---- reading -------------------------------------------------------------------------
    InboxStore& store() { return m_store; }
    const InboxStore& store() const { return m_store; }
    PanelLayout& layout() { return m_layout; }
    const CentrifugeClient& realtime() const { return m_centrifuge; }
    const PollingFallback& polling() const { return m_polling; }
    int64_t serverNowMs() const;
    // The open chat's 24-hour window against the server clock.
    ReplyWindow selectedWindow() const;
    bool canSendFreeText() const { return selectedWindow().canSendFreeText; }
    // JSON strings for the browser hooks inbox.state() and inbox.metrics().
    std::string stateJson() const;
    std::string metricsJson() const;
    // The counters of metricsJson() as an object, for a platform that adds its own before dumping.
    Json metrics() const;
    // Local message of the last failure of sign-in (pt-BR), for the sign-in screen.
    const std::string& authError() const { return m_authError; }

private:
    // The local sign-out: cancels calls, drops data, disconnects realtime.
    void endSession();
    // CentrifugeListener
    void onStateChanged(ClientState state, int code, const std::string& reason) override;
    void onPublication(const std::string& channel, const Json& data, uint64_t offset) override;
    void onSubscribed(const std::string& channel, bool wasRecovering, bool recovered) override;
    void onUnsubscribed(const std::string& channel, int code, const std::string& reason) override;
    void onRefetchNeeded(const std::string& channel) override;

    void loadMe();
    void loadInitialData();
    void loadChatsPage(bool first, int autoPagesLeft);
    void loadMessages(const std::string& chatId, bool older);
    // `background`: a poll's refetch, not retried by the client (the poll backs off instead).
    void loadTicket(const std::string& chatId, bool background = false);
    void startRealtime();
    void refetchAll();
    // Realtime continuity (docs/CORE.md "What is refetched"): data loaded under the current value
    // has been kept current by publications since, so opening its chat again needs no request.
    // A new value starts with every subscription that did not recover what it missed.
    void breakContinuity();
    bool keptCurrent(const std::map<std::string, uint64_t>& since, const std::string& chatId) const;
    void evaluateConnection();
    void sendPrepared(const std::string& chatId, const std::string& clientId, const RestRequest& request);
    void editTicket(const std::function<void(Ticket&)>& mutate, const TicketPatch& patch);
    void maybeMarkRead(const std::string& chatId);
    std::string newClientId();
    std::string errorText(const RestResult& r) const;
    void persistLayout();
    void runServerSearch();
    void onUnauthorized();

    const Clock& m_clock;
    KeyValueStorage* m_storage;
    SessionConfig m_config;
    InboxStore m_store;
    PanelLayout m_layout;
    RestClient m_rest;
    CentrifugeClient m_centrifuge;
    PollingFallback m_polling;
    ServerClock m_serverClock;
    Random m_random;

    uint64_t m_signInGeneration = 0;
    std::string m_authError;
    SessionEvents m_events;
    bool m_keepOnUnauthorized = false;
    bool m_authExpired = false;
    int64_t m_tokenExpiresAt = 0;
    int64_t m_linkDownSince = 0;
    bool m_everConnected = false;
    bool m_restDown = false;
    bool m_pageVisible = true;
    bool m_loadingChats = false;
    std::vector<std::string> m_readInFlight;
    uint64_t m_continuity = 0;       // 0: realtime has not subscribed since the last loss
    uint64_t m_continuityCount = 0;  // values handed out (never reused within the process)
    std::vector<std::string> m_subscribedChannels;      // subscribed at least once this sign-in
    std::map<std::string, uint64_t> m_messagesSince;    // chat → continuity when its newest page was asked for
    std::map<std::string, uint64_t> m_ticketSince;      // chat → continuity when its ticket was asked for
    // Live messages of a chat whose first page is on its way (the store keeps no lone messages):
    // applied after the page, so a message created after the server read the page is not lost.
    std::map<std::string, std::vector<Message>> m_liveDuringLoad;
    std::map<std::string, RestRequest> m_sendRequests;  // by clientId, until accepted
    uint64_t m_clientCounter = 0;
    unsigned m_savedLayoutRevision = 0;
    int m_lastWindowState = -1;  // WindowState of the open chat at the last tick
    int64_t m_searchDueAt = 0;
    std::deque<int64_t> m_pushLatency;     // server ts -> end of the frame that drew it
    std::deque<int64_t> m_pushApplied;     // server ts -> applied to the store
    std::vector<int64_t> m_undrawnPushTs;  // applied, not yet in a frame
    std::vector<int64_t> m_drawingPushTs;  // in the frame being drawn
    uint64_t m_pushSamples = 0;            // push-to-screen samples ever taken (readers take the new ones)
    uint64_t m_pushAppliedSamples = 0;
    uint64_t m_framesRendered = 0;
    uint64_t m_framesSkipped = 0;
    std::shared_ptr<bool> m_alive;
};

}  // namespace inbox::core
