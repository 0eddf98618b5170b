// A Centrifugo client (protocol v2, JSON) as a transport-agnostic state machine, following
// centrifugo-protocol.md §14.1 and centrifuge-js behaviour:
// - connect + subscribes batched in the first frame; ids start at 1;
// - frames split on '\n'; replies (id>0), pushes and pings ({}) told apart;
// - exactly one pong per ping when the server asked for pongs; never an unprompted pong;
// - a ping watchdog (ping + 10 s) re-armed by any inbound frame;
// - refresh / sub_refresh before expiry with tokens from callbacks; 109 → fresh token;
// - close codes by range (3000–3499/4000–4499/<3000 reconnect; 3500–3999/4500–4999 and 1009 stop);
// - full-jitter backoff 500 ms–20 s, reset on a successful connect;
// - (offset, epoch) per subscription, recover on resubscribe, a refetch signal when recovery fails;
// - unsubscribe pushes (≥2500 resubscribe, <2500 stay unsubscribed); unknown pushes ignored.
// Time comes from Clock and tick(): late or throttled ticks (background tabs, sleep) are tolerated.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/backoff.h"
#include "core/centrifuge_frames.h"
#include "core/platform.h"

namespace inbox::core {

enum class ClientState { Disconnected, Connecting, Connected };
enum class SubState { Unsubscribed, Subscribing, Subscribed };
const char* toString(ClientState s);

// Answer of a token callback. Unauthorized (e.g. 401/403) is final; Failed is retried.
struct TokenReply {
    enum class Status { Ok, Unauthorized, Failed } status = Status::Failed;
    std::string token;
    static TokenReply ok(std::string t) { return {Status::Ok, std::move(t)}; }
    static TokenReply unauthorized() { return {Status::Unauthorized, {}}; }
    static TokenReply failed() { return {Status::Failed, {}}; }
};
using TokenDone = std::function<void(const TokenReply&)>;

struct CentrifugeConfig {
    std::string url;
    std::string name = "whatrack-wasm";
    std::string version;
    int64_t minReconnectDelayMs = 500;
    int64_t maxReconnectDelayMs = 20000;
    int64_t maxServerPingDelayMs = 10000;
    int64_t timeoutMs = 5000;            // connect/subscribe/refresh reply timeout
    int64_t lateTickThresholdMs = 5000;  // a deadline seen this late means we were asleep/throttled
    int64_t lateTickGraceMs = 3000;      // then give queued frames this long before declaring death
};

class CentrifugeListener {
public:
    virtual ~CentrifugeListener() = default;
    virtual void onStateChanged(ClientState /*state*/, int /*code*/, const std::string& /*reason*/) {}
    virtual void onPublication(const std::string& /*channel*/, const Json& /*data*/, uint64_t /*offset*/) {}
    virtual void onSubscribed(const std::string& /*channel*/, bool /*wasRecovering*/, bool /*recovered*/) {}
    virtual void onUnsubscribed(const std::string& /*channel*/, int /*code*/, const std::string& /*reason*/) {}
    // Continuity lost (`was_recovering && !recovered`): reload from the backend what is shown.
    virtual void onRefetchNeeded(const std::string& /*channel*/) {}
    virtual void onMessagePush(const Json& /*data*/) {}
};

class CentrifugeClient {
public:
    CentrifugeClient(WebSocketTransport& transport, const Clock& clock, CentrifugeConfig config, uint64_t seed = 1);
    ~CentrifugeClient();
    CentrifugeClient(const CentrifugeClient&) = delete;
    CentrifugeClient& operator=(const CentrifugeClient&) = delete;

    void setListener(CentrifugeListener* listener) { m_listener = listener; }
    // Connection token source (GET /centrifugo/token). Without it the client connects anonymously.
    void setConnectionTokenGetter(std::function<void(TokenDone)> getter) { m_getToken = std::move(getter); }
    // Subscription token source (GET /centrifugo/subscription-token?channel=).
    void setSubscriptionTokenGetter(std::function<void(const std::string&, TokenDone)> getter) {
        m_getSubToken = std::move(getter);
    }
    void setToken(const std::string& token) { m_token = token; }

    void connect();
    void disconnect();
    // Declares a subscription; it is (re)subscribed whenever the client is connected.
    void subscribe(const std::string& channel);
    void unsubscribe(const std::string& channel);

    // Drives timers. Call on every platform tick and before reading nextWakeMs().
    void tick();
    // Earliest monotonic time at which tick() has work, or INT64_MAX.
    int64_t nextWakeMs() const;

    ClientState state() const { return m_state; }
    SubState subState(const std::string& channel) const;
    bool allSubscribed() const;
    int lastCode() const { return m_lastCode; }
    const std::string& lastReason() const { return m_lastReason; }
    uint64_t offset(const std::string& channel) const;
    std::string epoch(const std::string& channel) const;

    struct Metrics {
        uint64_t framesIn = 0;
        uint64_t framesOut = 0;
        uint64_t reconnects = 0;
        uint64_t pongs = 0;
        uint64_t connects = 0;
    };
    const Metrics& metrics() const { return m_metrics; }

private:
    enum class CmdKind { Connect, Subscribe, Unsubscribe, Refresh, SubRefresh };
    struct Pending {
        CmdKind kind;
        std::string channel;
        int64_t deadline;
    };
    struct Sub {
        std::string channel;
        SubState state = SubState::Subscribing;
        std::string token;
        bool tokenRequested = false;
        bool recoverable = false;
        uint64_t offset = 0;
        std::string epoch;
        uint32_t pendingId = 0;
        int64_t resubscribeAt = 0;  // 0 = not scheduled
        int64_t refreshAt = 0;
        Backoff backoff;
        Sub(std::string ch, Random& r) : channel(std::move(ch)), backoff(500, 20000, r) {}
    };

    void onOpen();
    void onMessage(const std::string& text);
    void onClose(int code, const std::string& reason);

    void startConnecting();
    void maybeOpenTransport();
    void handleLine(const InboundLine& line);
    void handleReply(const InboundReply& reply);
    void handleConnectReply(const InboundReply& reply);
    void handleSubscribeReply(const std::string& channel, const InboundReply& reply);
    void handlePush(const InboundPush& push);
    void handlePublication(Sub& sub, const Json& pub);
    void handleServerClose(int code, const std::string& reason);
    void handleDisconnect(int code, const std::string& reason, bool closeTransport);
    void goDisconnected(int code, const std::string& reason);
    void scheduleReconnect(int code, const std::string& reason);
    void startSubscribe(Sub& sub);
    void sendSubscribe(Sub& sub);
    void scheduleResubscribe(Sub& sub);
    void markSubUnsubscribed(Sub& sub, int code, const std::string& reason);
    void doRefresh();
    void doSubRefresh(Sub& sub);
    void armPingWatchdog();
    int64_t refreshDelayMs(int64_t ttlSeconds) const;
    uint32_t nextId() { return m_nextId++; }
    void send(const std::string& line);
    void flush();
    void setState(ClientState s, int code, const std::string& reason);
    Sub* findSub(const std::string& channel);
    // Guards async callbacks: they carry the generation they were started in.
    std::function<bool()> aliveCheck();

    WebSocketTransport& m_transport;
    const Clock& m_clock;
    CentrifugeConfig m_config;
    CentrifugeListener* m_listener = nullptr;
    std::function<void(TokenDone)> m_getToken;
    std::function<void(const std::string&, TokenDone)> m_getSubToken;

    Random m_random;
    Backoff m_backoff;
    ClientState m_state = ClientState::Disconnected;
    int m_lastCode = 0;
    std::string m_lastReason;
    uint64_t m_generation = 0;  // bumps on every connection attempt and disconnect
    std::shared_ptr<bool> m_alive;

    std::string m_token;
    bool m_refreshRequired = false;
    bool m_tokenRequested = false;
    bool m_transportOpening = false;
    bool m_transportOpen = false;
    uint32_t m_nextId = 1;
    std::map<uint32_t, Pending> m_pending;
    std::map<std::string, std::unique_ptr<Sub>> m_subs;

    int64_t m_reconnectAt = 0;
    int64_t m_connectDeadline = 0;
    int64_t m_pingDeadline = 0;
    int64_t m_pingIntervalMs = 0;
    bool m_pongRequired = false;
    int64_t m_refreshAt = 0;

    bool m_batching = false;
    std::vector<std::string> m_outbox;
    Metrics m_metrics;
};

}  // namespace inbox::core
