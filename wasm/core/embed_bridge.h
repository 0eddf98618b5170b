// The inbox's side of the iframe contract (docs/EMBEDDING.md): decides which host messages are
// applied and what the host is told. The platform only moves text: it hands over every `message`
// event (origin, whether it came from the parent window, the data as JSON) and posts what `post`
// gives it to exactly the origin named.
//
//   origins   messages count only from the parent window, from an allowed origin (config.json's
//             embedOrigins + the page's own); the first accepted one fixes the host's origin and
//             every later post goes only there (inbox:ready goes to the hinted parent origin, or to
//             each listed origin when the browser does not tell: a mismatching target is dropped by
//             the browser, and ready carries nothing secret).
//   token     inbox:auth signs in, or renews through Session::renewToken (checked first, nothing
//             reset); inbox:token-expiring goes out a while before /auth/me's expiresAt, and at once
//             when the API answers 401 (TokenSource) — the REST calls wait for the answer.
//   events    unread total and opened conversation are posted when they change; ticket-closed and
//             errors when they happen.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/embed_protocol.h"
#include "core/platform.h"

namespace inbox::core {

class Session;

class EmbedBridge final : public TokenSource {
public:
    // Posts `message` (JSON text) to window.parent with exactly `targetOrigin` (never "*").
    using Post = std::function<void(const std::string& message, const std::string& targetOrigin)>;
    struct Actions {
        std::function<void(bool dark)> setTheme;
    };
    struct Options {
        std::vector<std::string> allowedOrigins;  // config.json embedOrigins (patterns allowed)
        std::string selfOrigin;                   // the page's own origin, always allowed
        std::string appVersion;
        int64_t tokenAnswerTimeoutMs = 30000;  // a 401 waits this long for the host's inbox:auth
        int64_t minAskIntervalMs = 5000;       // a token refused this soon after it came is not asked again
    };
    enum class Handled { Applied, IgnoredSource, IgnoredOrigin, IgnoredForeign, IgnoredUnknown, Refused };

    EmbedBridge(Session& session, const Clock& clock, Options options, Post post, Actions actions = {});
    ~EmbedBridge() override;
    EmbedBridge(const EmbedBridge&) = delete;
    EmbedBridge& operator=(const EmbedBridge&) = delete;

    // Once the app runs. `parentOriginHint` is what the browser says about the parent
    // (location.ancestorOrigins[0] or the referrer's origin), "" when unknown. Posts inbox:ready.
    void start(const std::string& parentOriginHint);
    Handled handleMessage(const std::string& origin, bool fromParent, const std::string& data);
    // After any session work: posts what changed, asks for a token when it is about to expire.
    void tick();
    int64_t nextWakeMs() const;  // monotonic; INT64_MAX when nothing is scheduled

    const std::string& hostOrigin() const { return m_hostOrigin; }
    bool waitingForToken() const { return static_cast<bool>(m_pendingToken); }
    uint64_t posted() const { return m_posted; }

    // TokenSource: the REST client got a 401.
    void fetchFreshToken(std::function<void(const std::string& token)> done) override;

private:
    void post(const std::string& type, const Json& payload);
    void error(const std::string& code, const std::string& message);
    void apply(const embed::HostMessage& m);
    void onAuth(const std::string& token);
    void answerPendingToken(const std::string& token);
    int64_t warnAtServerMs() const;

    Session& m_session;
    const Clock& m_clock;
    Options m_options;
    Post m_post;
    Actions m_actions;
    std::vector<std::string> m_allowed;
    std::string m_hostOrigin;
    bool m_started = false;
    uint64_t m_posted = 0;

    std::optional<int> m_lastUnread;
    std::string m_lastOpened;
    std::optional<std::string> m_pendingChat;                   // opened once signed in
    std::optional<std::optional<std::string>> m_pendingInstance;  // applied once signed in

    int64_t m_knownExpiry = 0;    // server ms of the token expiry last seen
    int64_t m_expirySeenAt = 0;   // server ms when it was first seen (lifetime = expiry - this)
    int64_t m_warnedExpiry = 0;   // the expiry inbox:token-expiring was already posted for
    int64_t m_lastAuthAt = 0;     // monotonic ms of the last inbox:auth
    std::function<void(const std::string&)> m_pendingToken;
    int64_t m_pendingSince = 0;
    std::shared_ptr<bool> m_alive;
};

}  // namespace inbox::core
