// An embedded server for the Centrifugo client protocol v2 (JSON over WebSocket), enough
// for centrifuge-js and our WASM client: connect with HS256 JWTs, client-side
// subscriptions with subscription tokens, batched commands, ping/pong, refresh and
// sub_refresh, per-channel history with offset/epoch and recovery, and the server
// publish API. It is transport-agnostic and single-threaded: the caller feeds frames and
// a clock, and gets text frames and close codes back through HubSink. See
// shared centrifugo-protocol.md §14.2 for the checklist it follows.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace stub {

class HubSink {
 public:
  virtual ~HubSink() = default;
  virtual void sendText(const std::string& frame) = 0;
  // Close the WebSocket with this code and reason; no more frames after it.
  virtual void closeWith(uint16_t code, const std::string& reason) = 0;
};

struct HubOptions {
  std::string secret;  // HS256 key for connection and subscription tokens
  int64_t pingIntervalMs = 25000;
  int64_t pongTimeoutMs = 8000;
  int64_t staleMs = 10000;
  int64_t expiredCloseDelayMs = 25000;
  int64_t expiredSubCloseDelayMs = 25000;
  size_t historySize = 1000;
  int64_t historyTtlMs = 600000;
  size_t recoverLimit = 300;
  size_t historyLimit = 300;
  size_t channelLimit = 128;
};

struct PublishOutcome {
  int errorCode = 0;  // 0 = ok; 102 unknown channel, 107 bad request
  std::string errorMessage;
  uint64_t offset = 0;
  std::string epoch;
};

class Hub {
 public:
  explicit Hub(HubOptions options);

  uint64_t open(std::shared_ptr<HubSink> sink, int64_t nowMs);
  void closed(uint64_t connId);  // the transport went away
  void onFrame(uint64_t connId, const std::string& frame, int64_t nowMs);
  // Pings, pong timeouts, stale connections and token expiry; call about every 250 ms.
  void tick(int64_t nowMs);
  PublishOutcome publish(const std::string& channel, const nlohmann::json& data, const nlohmann::json& tags,
                         bool skipHistory, const std::string& idempotencyKey, int64_t nowMs);
  void shutdown();  // closes everyone with 3001
  // Server API disconnect: closes every connection of `user`; returns how many.
  size_t disconnectUser(const std::string& user, uint16_t code, const std::string& reason);

  const std::string& epoch() const { return m_epoch; }
  size_t connectionCount() const { return m_conns.size(); }
  const HubOptions& options() const { return m_options; }
  // 0 if the channel exists (namespace `org`, shape org:<digits>:messages|tickets), else 102.
  static int channelError(const std::string& channel);

 private:
  struct Sub {
    int64_t expMs = 0;
  };
  struct Conn {
    std::shared_ptr<HubSink> sink;
    std::string clientId;
    std::string user;
    bool authed = false;
    bool closed = false;
    bool dispatching = false;  // inside onFrame: a close waits until the frame's replies are out
    std::optional<std::pair<uint16_t, std::string>> deferredClose;
    int64_t openedMs = 0;
    int64_t expMs = 0;
    int64_t nextPingMs = 0;
    int64_t pongDeadlineMs = 0;  // 0 = no ping outstanding
    std::map<std::string, Sub> subs;
  };
  struct Pub {
    uint64_t offset;
    nlohmann::json data;
    nlohmann::json tags;
    int64_t timeMs;
  };
  struct Stream {
    uint64_t top = 0;
    std::deque<Pub> pubs;
    std::map<std::string, std::pair<int64_t, uint64_t>> idempotency;
  };

  void close(Conn& conn, uint16_t code, const std::string& reason);
  // Returns the reply (or empty json when there is none); may close the connection.
  nlohmann::json handleCommand(Conn& conn, const nlohmann::json& cmd, int64_t nowMs);
  nlohmann::json handleConnect(Conn& conn, uint32_t id, const nlohmann::json& req, int64_t nowMs);
  nlohmann::json handleSubscribe(Conn& conn, uint32_t id, const nlohmann::json& req, int64_t nowMs);
  nlohmann::json handleRefresh(Conn& conn, uint32_t id, const nlohmann::json& req, int64_t nowMs);
  nlohmann::json handleSubRefresh(Conn& conn, uint32_t id, const nlohmann::json& req, int64_t nowMs);
  nlohmann::json handleHistory(Conn& conn, uint32_t id, const nlohmann::json& req, int64_t nowMs);
  Stream& stream(const std::string& channel);
  void prune(Stream& s, int64_t nowMs);
  static nlohmann::json pubJson(const Pub& pub);

  HubOptions m_options;
  std::string m_epoch;
  uint64_t m_nextConnId = 1;
  std::unordered_map<uint64_t, Conn> m_conns;
  std::map<std::string, Stream> m_streams;
};

}  // namespace stub
