// [SECTION] index: lifecycle · frame dispatch · connect · subscribe/recovery · refresh ·
// history · publish · timers. Codes and field rules cite centrifugo-protocol.md sections.
#include "hub.h"

#include "json_text.h"
#include "jwt.h"
#include "util.h"

#include <algorithm>
#include <regex>
#include <vector>

namespace stub {

using nlohmann::json;

namespace {

constexpr const char* kVersion = "0.1.0-whatrack-stub";

// A known field of the wrong type makes the frame malformed, as Centrifugo's decoder does.
struct BadFrame {};

bool flag(const json& obj, const char* key) {
  if (!obj.contains(key) || obj[key].is_null()) return false;
  if (!obj[key].is_boolean()) throw BadFrame{};
  return obj[key].get<bool>();
}

json errorReply(uint32_t id, int code, const char* message, bool temporary = false) {
  json error = {{"code", code}, {"message", message}};
  if (temporary) error["temporary"] = true;
  return {{"id", id}, {"error", error}};
}

// Zero values are omitted on the wire (§1.3).
void putIfSet(json& obj, const char* key, int64_t value) {
  if (value != 0) obj[key] = value;
}

int64_t ttlSeconds(int64_t expMs, int64_t nowMs) { return std::max<int64_t>(1, (expMs - nowMs + 999) / 1000); }

}  // namespace

// ---------------------------------------------------------------- lifecycle

Hub::Hub(HubOptions options) : m_options(std::move(options)), m_epoch(randomHex(4)) {}

uint64_t Hub::open(std::shared_ptr<HubSink> sink, int64_t nowMs) {
  const uint64_t id = m_nextConnId++;
  Conn conn;
  conn.sink = std::move(sink);
  conn.clientId = randomHex(4) + "-" + randomHex(2) + "-" + randomHex(2) + "-" + randomHex(6);
  conn.openedMs = nowMs;
  m_conns.emplace(id, std::move(conn));
  return id;
}

void Hub::closed(uint64_t connId) { m_conns.erase(connId); }

void Hub::close(Conn& conn, uint16_t code, const std::string& reason) {
  if (conn.closed) return;
  conn.closed = true;
  if (conn.dispatching) conn.deferredClose.emplace(code, reason);
  else conn.sink->closeWith(code, reason);
}

void Hub::shutdown() {
  for (auto& [id, conn] : m_conns) close(conn, 3001, "shutdown");
}

size_t Hub::disconnectUser(const std::string& user, uint16_t code, const std::string& reason) {
  size_t n = 0;
  for (auto& [id, conn] : m_conns) {
    if (conn.authed && !conn.closed && conn.user == user) {
      close(conn, code, reason);
      ++n;
    }
  }
  return n;
}

int Hub::channelError(const std::string& channel) {
  // Only the `org` namespace exists, and its channel_regex is ^[0-9]+:(messages|tickets)$ (§12).
  static const std::regex shape("^org:[0-9]{1,18}:(messages|tickets)$");
  const size_t colon = channel.find(':');
  if (colon == std::string::npos || channel.substr(0, colon) != "org") return 102;
  return std::regex_match(channel, shape) ? 0 : 102;
}

// ---------------------------------------------------------------- frame dispatch

void Hub::onFrame(uint64_t connId, const std::string& frame, int64_t nowMs) {
  auto it = m_conns.find(connId);
  if (it == m_conns.end() || it->second.closed) return;
  Conn& conn = it->second;
  conn.dispatching = true;

  // Newline-delimited commands, processed in order; replies go back in one frame (§1.4).
  std::vector<std::string> replies;
  size_t start = 0;
  const std::string text = frame;
  while (start < text.size() && !conn.closed) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    json cmd = json::parse(line, nullptr, false);
    if (cmd.is_discarded() || !cmd.is_object()) {
      close(conn, 3501, "bad request");
      break;
    }
    json reply;
    try {
      reply = handleCommand(conn, cmd, nowMs);
    } catch (const BadFrame&) {
      close(conn, 3501, "bad request");
      break;
    } catch (const json::exception&) {
      // A field of an unexpected type somewhere in the command: a malformed frame.
      close(conn, 3501, "bad request");
      break;
    }
    if (!reply.is_null()) replies.push_back(jsonText(reply));
  }
  if (!replies.empty()) {
    std::string out;
    for (size_t i = 0; i < replies.size(); ++i) {
      if (i) out += '\n';
      out += replies[i];
    }
    // Replies computed before a protocol close still go out, ahead of the close, as Centrifugo
    // writes them: a connect answered 109 (token expired) whose batched subscribes then close
    // 3501 (unauthenticated) must reach the client as 109, which it retries with a new token;
    // a bare 3501 is terminal and would end realtime for good.
    conn.sink->sendText(out);
  }
  conn.dispatching = false;
  if (conn.deferredClose) {
    const auto [code, reason] = *conn.deferredClose;
    conn.deferredClose.reset();
    conn.sink->closeWith(code, reason);
  }
}

json Hub::handleCommand(Conn& conn, const json& cmd, int64_t nowMs) {
  uint32_t id = 0;
  if (cmd.contains("id")) {
    const json& idv = cmd["id"];
    if (!idv.is_number_unsigned() || idv.get<uint64_t>() > UINT32_MAX) {
      close(conn, 3501, "bad request");
      return nullptr;
    }
    id = uint32_t(idv.get<uint64_t>());
  }
  static const char* kMethods[] = {"connect", "subscribe", "unsubscribe", "publish", "presence", "presence_stats",
                                   "history", "ping", "send", "rpc", "refresh", "sub_refresh"};
  std::string method;
  for (const char* m : kMethods) {
    if (cmd.contains(m) && !cmd[m].is_null()) {
      method = m;
      break;
    }
  }

  if (id == 0 && method.empty()) {
    // The pong: accepted only while a ping is outstanding (§5).
    if (cmd.size() > (cmd.contains("id") ? 1u : 0u) || !conn.authed || conn.pongDeadlineMs == 0) {
      close(conn, 3501, "bad request");
      return nullptr;
    }
    conn.pongDeadlineMs = 0;
    return nullptr;
  }
  if (id == 0 && method != "send") {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  if (method.empty()) return errorReply(id, 104, "method not found");
  const json& req = cmd[method];
  if (!req.is_object()) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  if (method == "connect") return handleConnect(conn, id, req, nowMs);
  if (!conn.authed) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  if (method == "subscribe") return handleSubscribe(conn, id, req, nowMs);
  if (method == "unsubscribe") {
    if (!req.contains("channel") || !req["channel"].is_string()) {
      close(conn, 3501, "bad request");
      return nullptr;
    }
    conn.subs.erase(req["channel"].get<std::string>());
    return {{"id", id}, {"unsubscribe", json::object()}};
  }
  if (method == "refresh") return handleRefresh(conn, id, req, nowMs);
  if (method == "sub_refresh") return handleSubRefresh(conn, id, req, nowMs);
  if (method == "history") return handleHistory(conn, id, req, nowMs);
  if (method == "publish") return errorReply(id, 103, "permission denied");
  if (method == "send") {
    close(conn, 3508, "not available");
    return nullptr;
  }
  if (method == "ping") return {{"id", id}, {"ping", json::object()}};
  return errorReply(id, 108, "not available");  // presence, presence_stats, rpc
}

// ---------------------------------------------------------------- connect

json Hub::handleConnect(Conn& conn, uint32_t id, const json& req, int64_t nowMs) {
  if (conn.authed) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  const std::string token = req.contains("token") && req["token"].is_string() ? req["token"].get<std::string>() : "";
  if (token.empty()) {
    close(conn, 3501, "bad request");  // no anonymous connections
    return nullptr;
  }
  const JwtResult jwt = verifyJwtHs256(token, m_options.secret, nowMs / 1000);
  if (jwt.status == JwtStatus::Invalid || jwt.claims.contains("channel") || !jwt.claims.contains("sub") ||
      !jwt.claims["sub"].is_string()) {
    close(conn, 3500, "invalid token");
    return nullptr;
  }
  if (jwt.status == JwtStatus::Expired) return errorReply(id, 109, "token expired");

  conn.authed = true;
  conn.user = jwt.claims["sub"].get<std::string>();
  conn.expMs = jwt.claims.contains("exp") ? int64_t(jwt.claims["exp"].get<double>()) * 1000 : 0;
  // First ping at a random point in [interval/2, interval] (§5).
  conn.nextPingMs = nowMs + randomInt(m_options.pingIntervalMs / 2, m_options.pingIntervalMs);

  json result = {{"client", conn.clientId},
                 {"version", kVersion},
                 {"ping", std::max<int64_t>(1, m_options.pingIntervalMs / 1000)},
                 {"pong", true}};
  if (conn.expMs) {
    result["expires"] = true;
    result["ttl"] = ttlSeconds(conn.expMs, nowMs);
  }
  return {{"id", id}, {"connect", result}};
}

// ---------------------------------------------------------------- subscribe / recovery

json Hub::handleSubscribe(Conn& conn, uint32_t id, const json& req, int64_t nowMs) {
  const bool recover = flag(req, "recover");
  const std::string channel = req.contains("channel") && req["channel"].is_string() ? req["channel"].get<std::string>() : "";
  if (channel.empty()) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  if (channel.size() > 255) return errorReply(id, 107, "bad request");
  if (conn.subs.count(channel)) return errorReply(id, 105, "already subscribed");
  if (conn.subs.size() >= m_options.channelLimit) return errorReply(id, 106, "limit exceeded");
  if (channelError(channel)) return errorReply(id, 102, "unknown channel");

  const std::string token = req.contains("token") && req["token"].is_string() ? req["token"].get<std::string>() : "";
  if (token.empty()) return errorReply(id, 103, "permission denied");  // no other grant on `org`
  const JwtResult jwt = verifyJwtHs256(token, m_options.secret, nowMs / 1000);
  if (jwt.status == JwtStatus::Invalid) return errorReply(id, 103, "permission denied");
  if (jwt.status == JwtStatus::Expired) return errorReply(id, 109, "token expired");
  const json& c = jwt.claims;
  const bool channelOk = c.contains("channel") && c["channel"].is_string() && c["channel"].get<std::string>() == channel;
  const bool userOk = c.contains("sub") && c["sub"].is_string() && c["sub"].get<std::string>() == conn.user;
  const bool clientOk = !c.contains("client") || (c["client"].is_string() && c["client"].get<std::string>() == conn.clientId);
  if (!channelOk || !userOk || !clientOk) {
    close(conn, 3500, "invalid token");
    return nullptr;
  }

  Sub sub;
  sub.expMs = c.contains("exp") ? int64_t(c["exp"].get<double>()) * 1000 : 0;
  Stream& s = stream(channel);
  prune(s, nowMs);

  // The namespace forces recovery, so every subscription is recoverable and positioned.
  json result = {{"recoverable", true}, {"positioned", true}, {"epoch", m_epoch}};
  if (sub.expMs) {
    result["expires"] = true;
    result["ttl"] = ttlSeconds(sub.expMs, nowMs);
  }
  uint64_t offset = s.top;
  if (recover) {
    result["was_recovering"] = true;
    const std::string reqEpoch = req.contains("epoch") && req["epoch"].is_string() ? req["epoch"].get<std::string>() : "";
    const uint64_t reqOffset = req.contains("offset") && req["offset"].is_number_unsigned() ? req["offset"].get<uint64_t>() : 0;
    // §7.3: same (or no) epoch, and the gap is complete in history and within the limit.
    bool recovered = false;
    json pubs = json::array();
    if (reqEpoch.empty() || reqEpoch == m_epoch) {
      std::vector<const Pub*> missed;
      for (const Pub& p : s.pubs)
        if (p.offset > reqOffset) missed.push_back(&p);
      if (missed.empty()) {
        recovered = reqOffset == s.top;
      } else if (missed.size() <= m_options.recoverLimit && missed.front()->offset == reqOffset + 1 &&
                 missed.back()->offset == s.top) {
        recovered = true;
        for (const Pub* p : missed) pubs.push_back(pubJson(*p));
      }
    }
    if (recovered) {
      result["recovered"] = true;
      offset = reqOffset;
      if (!pubs.empty()) result["publications"] = pubs;
    }
  }
  putIfSet(result, "offset", int64_t(offset));
  conn.subs[channel] = sub;
  return {{"id", id}, {"subscribe", result}};
}

// ---------------------------------------------------------------- refresh

json Hub::handleRefresh(Conn& conn, uint32_t id, const json& req, int64_t nowMs) {
  const std::string token = req.contains("token") && req["token"].is_string() ? req["token"].get<std::string>() : "";
  if (token.empty()) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  const JwtResult jwt = verifyJwtHs256(token, m_options.secret, nowMs / 1000);
  if (jwt.status == JwtStatus::Invalid || jwt.claims.contains("channel") || !jwt.claims.contains("sub") ||
      !jwt.claims["sub"].is_string() || jwt.claims["sub"].get<std::string>() != conn.user) {
    close(conn, 3500, "invalid token");
    return nullptr;
  }
  if (jwt.status == JwtStatus::Expired) {
    close(conn, 3005, "connection expired");
    return nullptr;
  }
  conn.expMs = jwt.claims.contains("exp") ? int64_t(jwt.claims["exp"].get<double>()) * 1000 : 0;
  json result = json::object();
  if (conn.expMs) {
    result["expires"] = true;
    result["ttl"] = ttlSeconds(conn.expMs, nowMs);
  }
  return {{"id", id}, {"refresh", result}};
}

json Hub::handleSubRefresh(Conn& conn, uint32_t id, const json& req, int64_t nowMs) {
  const std::string channel = req.contains("channel") && req["channel"].is_string() ? req["channel"].get<std::string>() : "";
  const std::string token = req.contains("token") && req["token"].is_string() ? req["token"].get<std::string>() : "";
  if (channel.empty() || token.empty()) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  auto it = conn.subs.find(channel);
  if (it == conn.subs.end()) return errorReply(id, 103, "permission denied");
  const JwtResult jwt = verifyJwtHs256(token, m_options.secret, nowMs / 1000);
  const json& c = jwt.claims;
  if (jwt.status == JwtStatus::Invalid || !c.contains("channel") || c["channel"] != channel || !c.contains("sub") ||
      c["sub"] != conn.user) {
    close(conn, 3500, "invalid token");
    return nullptr;
  }
  if (jwt.status == JwtStatus::Expired) return errorReply(id, 109, "token expired");
  it->second.expMs = c.contains("exp") ? int64_t(c["exp"].get<double>()) * 1000 : 0;
  json result = json::object();
  if (it->second.expMs) {
    result["expires"] = true;
    result["ttl"] = ttlSeconds(it->second.expMs, nowMs);
  }
  return {{"id", id}, {"sub_refresh", result}};
}

// ---------------------------------------------------------------- history

json Hub::handleHistory(Conn& conn, uint32_t id, const json& req, int64_t nowMs) {
  const std::string channel = req.contains("channel") && req["channel"].is_string() ? req["channel"].get<std::string>() : "";
  if (channel.empty()) {
    close(conn, 3501, "bad request");
    return nullptr;
  }
  if (channelError(channel)) return errorReply(id, 102, "unknown channel");
  // History is allowed for subscribers only (allow_history_for_subscriber).
  if (!conn.subs.count(channel)) return errorReply(id, 103, "permission denied");
  Stream& s = stream(channel);
  prune(s, nowMs);

  int64_t limit = req.contains("limit") && req["limit"].is_number_integer() ? req["limit"].get<int64_t>() : 0;
  if (limit < 0 || limit > int64_t(m_options.historyLimit)) limit = int64_t(m_options.historyLimit);
  const bool reverse = flag(req, "reverse");
  std::optional<uint64_t> since;
  if (req.contains("since") && req["since"].is_object()) {
    const json& sp = req["since"];
    const std::string epoch = sp.contains("epoch") && sp["epoch"].is_string() ? sp["epoch"].get<std::string>() : "";
    if (!epoch.empty() && epoch != m_epoch) return errorReply(id, 112, "unrecoverable position");
    since = sp.contains("offset") && sp["offset"].is_number_unsigned() ? sp["offset"].get<uint64_t>() : 0;
    if (reverse && *since == 0) return errorReply(id, 107, "bad request");
  }
  json pubs = json::array();
  if (limit > 0) {
    if (!reverse) {
      for (const Pub& p : s.pubs) {
        if (since && p.offset <= *since) continue;
        pubs.push_back(pubJson(p));
        if (int64_t(pubs.size()) >= limit) break;
      }
    } else {
      for (auto it = s.pubs.rbegin(); it != s.pubs.rend(); ++it) {
        if (since && it->offset >= *since) continue;
        pubs.push_back(pubJson(*it));
        if (int64_t(pubs.size()) >= limit) break;
      }
    }
  }
  json result = {{"epoch", m_epoch}};
  if (!pubs.empty()) result["publications"] = pubs;
  putIfSet(result, "offset", int64_t(s.top));
  return {{"id", id}, {"history", result}};
}

// ---------------------------------------------------------------- publish

Hub::Stream& Hub::stream(const std::string& channel) { return m_streams[channel]; }

void Hub::prune(Stream& s, int64_t nowMs) {
  while (!s.pubs.empty() && (s.pubs.size() > m_options.historySize || s.pubs.front().timeMs + m_options.historyTtlMs <= nowMs))
    s.pubs.pop_front();
  for (auto it = s.idempotency.begin(); it != s.idempotency.end();) {
    if (it->second.first + 5 * 60 * 1000 <= nowMs) it = s.idempotency.erase(it);
    else ++it;
  }
}

json Hub::pubJson(const Pub& pub) {
  json out = {{"data", pub.data}};
  if (pub.offset) out["offset"] = pub.offset;
  if (pub.tags.is_object() && !pub.tags.empty()) out["tags"] = pub.tags;
  return out;
}

PublishOutcome Hub::publish(const std::string& channel, const json& data, const json& tags, bool skipHistory,
                            const std::string& idempotencyKey, int64_t nowMs) {
  PublishOutcome outcome;
  if (channelError(channel)) {
    outcome.errorCode = 102;
    outcome.errorMessage = "unknown channel";
    return outcome;
  }
  if (!tags.is_null() && !tags.is_object()) {
    outcome.errorCode = 107;
    outcome.errorMessage = "bad request";
    return outcome;
  }
  Stream& s = stream(channel);
  prune(s, nowMs);
  outcome.epoch = m_epoch;
  if (!idempotencyKey.empty()) {
    auto it = s.idempotency.find(idempotencyKey);
    if (it != s.idempotency.end()) {
      outcome.offset = it->second.second;
      return outcome;
    }
  }
  Pub pub{0, data, tags, nowMs};
  if (!skipHistory) {
    pub.offset = ++s.top;
    s.pubs.push_back(pub);
    prune(s, nowMs);
  }
  if (!idempotencyKey.empty()) s.idempotency[idempotencyKey] = {nowMs, pub.offset};
  outcome.offset = pub.offset;

  const std::string frame = jsonText({{"push", {{"channel", channel}, {"pub", pubJson(pub)}}}});
  for (auto& [id, conn] : m_conns)
    if (!conn.closed && conn.subs.count(channel)) conn.sink->sendText(frame);
  return outcome;
}

// ---------------------------------------------------------------- timers

void Hub::tick(int64_t nowMs) {
  std::vector<uint64_t> dead;
  for (auto& [id, conn] : m_conns) {
    if (conn.closed) {
      dead.push_back(id);
      continue;
    }
    if (!conn.authed) {
      if (nowMs - conn.openedMs >= m_options.staleMs) close(conn, 3502, "stale");
      continue;
    }
    if (conn.pongDeadlineMs && nowMs >= conn.pongDeadlineMs) {
      close(conn, 3012, "no pong");
      continue;
    }
    if (conn.expMs && nowMs >= conn.expMs + m_options.expiredCloseDelayMs) {
      close(conn, 3005, "connection expired");
      continue;
    }
    for (auto it = conn.subs.begin(); it != conn.subs.end();) {
      if (it->second.expMs && nowMs >= it->second.expMs + m_options.expiredSubCloseDelayMs) {
        conn.sink->sendText(jsonText(
            {{"push", {{"channel", it->first}, {"unsubscribe", {{"code", 2501}, {"reason", "subscription expired"}}}}}}));
        it = conn.subs.erase(it);
      } else {
        ++it;
      }
    }
    if (nowMs >= conn.nextPingMs && conn.pongDeadlineMs == 0) {
      conn.sink->sendText("{}");
      conn.pongDeadlineMs = nowMs + m_options.pongTimeoutMs;
      conn.nextPingMs = nowMs + m_options.pingIntervalMs;
    }
  }
  // Closed connections whose transport never reported back are dropped here.
  for (uint64_t id : dead) m_conns.erase(id);
}

}  // namespace stub
