// App: request dispatch, JSON errors, the webhook route, the Centrifugo server API and
// the WhatsApp side of outgoing messages.
#include "api.h"

#include "json_text.h"
#include "util.h"

#include <iostream>

namespace stub {

HttpResponse jsonResponse(int status, const json& body) {
  HttpResponse res;
  res.status = status;
  res.body = jsonText(body);
  return res;
}

HttpResponse errorResponse(int status, const std::string& code, const std::string& message) {
  return jsonResponse(status, {{"error", {{"code", code}, {"message", message}}}});
}

bool parseTarget(const std::string& target, std::string& path, std::map<std::string, std::string>& query) {
  const size_t q = target.find('?');
  path = urlDecode(target.substr(0, q));
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos) return false;
  query.clear();
  if (q == std::string::npos) return true;
  const std::string qs = target.substr(q + 1);
  size_t start = 0;
  while (start <= qs.size()) {
    size_t end = qs.find('&', start);
    if (end == std::string::npos) end = qs.size();
    const std::string pair = qs.substr(start, end - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      const std::string key = urlDecode(pair.substr(0, eq));
      query[key] = eq == std::string::npos ? "" : urlDecode(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return true;
}

App::App(const Config& config, Store& store, Publisher& publisher, Hub* hub, Scheduler scheduler)
    : m_config(config),
      m_store(store),
      m_publisher(publisher),
      m_hub(hub),
      m_scheduler(std::move(scheduler)),
      m_events(store, publisher),
      m_intake(store, m_events, config.appSecret) {
  // Generated once and kept in the database, so tokens and API clients survive restarts.
  m_tokenSecret = !config.hmacSecret.empty() ? config.hmacSecret
                                             : m_store.metaOrCreate("centrifugo_token_hmac_secret_key", randomHex(32));
  m_apiKey = !config.apiKey.empty() ? config.apiKey : m_store.metaOrCreate("centrifugo_api_key", randomHex(24));
}

static bool globMatch(const std::string& pattern, const std::string& text) {
  // '*' matches any run of characters; everything else literally (case-insensitive).
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  const std::string pat = toLower(pattern), txt = toLower(text);
  while (t < txt.size()) {
    if (p < pat.size() && pat[p] == txt[t]) {
      ++p;
      ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool App::originAllowed(const std::string& origin, const std::string& host) const {
  // The page's own origin always works; other origins must be listed.
  const size_t scheme = origin.find("://");
  if (scheme != std::string::npos && toLower(origin.substr(scheme + 3)) == toLower(host)) return true;
  for (const auto& pattern : m_config.allowedOrigins)
    if (globMatch(pattern, origin)) return true;
  return false;
}

HttpResponse App::handle(const HttpRequest& req) {
  HttpResponse res;
  try {
    const std::string& path = req.path;
    if (path == "/healthz") {
      res = req.method == "GET" || req.method == "HEAD" ? jsonResponse(200, {{"status", "ok"}})
                                                        : errorResponse(405, "method_not_allowed", "use GET");
    } else if (path == "/api/v1" || path.rfind("/api/v1/", 0) == 0) {
      if (req.method == "OPTIONS") {
        res.status = 204;
        res.contentType.clear();
      } else {
        res = routeApi(req, path.substr(7));
      }
    } else if (path == "/webhooks/whatsapp") {
      res = routeWebhook(req);
    } else if (path == "/api/publish" || path == "/api/broadcast" || path == "/api/info" || path == "/api/disconnect") {
      res = routeCentrifugoApi(req, path.substr(5));
    } else if (path == "/connection/websocket") {
      res = errorResponse(400, "websocket_required", "this endpoint needs a WebSocket upgrade");
    } else if (m_config.staticDir && (req.method == "GET" || req.method == "HEAD")) {
      res = serveStatic(req);
    } else {
      res = errorResponse(404, "not_found", "no route for " + req.method + " " + path);
    }
  } catch (const std::exception& e) {
    // Only a server fault gets here (bad input is answered with a 4xx before).
    std::cerr << "error handling " << req.method << " " << req.path << ": " << e.what() << "\n";
    res = errorResponse(500, "internal_error", "the server could not complete the request");
  }
  // CORS for listed origins (the app may be hosted elsewhere and call this API).
  if (auto origin = req.header("origin"); origin && req.path.rfind("/api/v1", 0) == 0 &&
                                          originAllowed(*origin, req.header("host").value_or(""))) {
    res.headers.emplace_back("Access-Control-Allow-Origin", *origin);
    res.headers.emplace_back("Vary", "Origin");
    res.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
    res.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PATCH, OPTIONS");
  }
  res.headers.emplace_back("X-Server-Time", std::to_string(nowMs()));
  return res;
}

HttpResponse App::routeWebhook(const HttpRequest& req) {
  if (req.method == "GET") {
    // Verification handshake: echo the challenge only for our verify token.
    const auto mode = req.param("hub.mode");
    const auto token = req.param("hub.verify_token");
    const auto challenge = req.param("hub.challenge");
    if (mode == std::optional<std::string>("subscribe") && token && !m_config.verifyToken.empty() &&
        constantTimeEquals(*token, m_config.verifyToken) && challenge) {
      HttpResponse res;
      res.contentType = "text/plain; charset=utf-8";
      res.body = *challenge;
      return res;
    }
    return errorResponse(403, "forbidden", "verification token mismatch");
  }
  if (req.method != "POST") return errorResponse(405, "method_not_allowed", "use POST");
  const IntakeResult r = m_intake.handle(req.body, req.header("x-hub-signature-256"), nowMs());
  if (r.httpStatus != 200) return errorResponse(r.httpStatus, r.code, r.message);
  return jsonResponse(200, {{"status", "ok"}});
}

HttpResponse App::routeCentrifugoApi(const HttpRequest& req, const std::string& method) {
  if (req.method != "POST") {
    HttpResponse res;
    res.status = 405;
    res.contentType.clear();
    return res;
  }
  // X-API-Key wins when present; then "Authorization: apikey K"; then ?api_key (§11.1).
  std::string given;
  if (auto key = req.header("x-api-key")) given = *key;
  else if (auto auth = req.header("authorization"); auth && toLower(auth->substr(0, 7)) == "apikey ") given = trim(auth->substr(7));
  else if (auto q = req.param("api_key")) given = *q;
  if (given.empty() || !constantTimeEquals(given, m_apiKey)) {
    HttpResponse res;
    res.status = 401;
    res.contentType.clear();
    return res;
  }
  if (!m_hub) return errorResponse(404, "not_found", "the embedded hub is off (external Centrifugo mode)");
  const json body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return jsonResponse(400, {{"error", {{"code", 107}, {"message", "bad request"}}}});
  if (method == "info") return jsonResponse(200, {{"result", {{"nodes", json::array({{{"name", "backend-stub"}, {"num_clients", m_hub->connectionCount()}}})}}}});

  if (method == "disconnect") {
    // {user, disconnect?:{code, reason}}; the default is Centrifugo's 3503 "force disconnect".
    if (!body.contains("user") || !body["user"].is_string())
      return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
    uint16_t code = 3503;
    std::string reason = "force disconnect";
    if (body.contains("disconnect") && body["disconnect"].is_object()) {
      const json& d = body["disconnect"];
      if (d.contains("code") && d["code"].is_number_unsigned() && d["code"].get<uint64_t>() >= 3000 && d["code"].get<uint64_t>() <= 4999)
        code = uint16_t(d["code"].get<uint64_t>());
      if (d.contains("reason") && d["reason"].is_string() && d["reason"].get<std::string>().size() < 120)
        reason = d["reason"].get<std::string>();
    }
    m_hub->disconnectUser(body["user"].get<std::string>(), code, reason);
    return jsonResponse(200, {{"result", json::object()}});
  }
  auto publishOne = [&](const std::string& channel) -> json {
    const std::string key = body.contains("idempotency_key") && body["idempotency_key"].is_string() ? body["idempotency_key"].get<std::string>() : "";
    const bool skip = body.contains("skip_history") && body["skip_history"].is_boolean() && body["skip_history"].get<bool>();
    const json tags = body.contains("tags") ? body["tags"] : json(nullptr);
    PublishOutcome out = m_hub->publish(channel, body["data"], tags, skip, key, nowMs());
    if (out.errorCode) return {{"error", {{"code", out.errorCode}, {"message", out.errorMessage}}}};
    json result = json::object();
    if (out.offset) {
      result["offset"] = out.offset;
      result["epoch"] = out.epoch;
    }
    return {{"result", result}};
  };
  if (!body.contains("data")) return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
  if (method == "publish") {
    if (!body.contains("channel") || !body["channel"].is_string())
      return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
    return jsonResponse(200, publishOne(body["channel"].get<std::string>()));
  }
  if (!body.contains("channels") || !body["channels"].is_array())
    return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
  json responses = json::array();
  for (const json& ch : body["channels"]) {
    if (!ch.is_string()) responses.push_back({{"error", {{"code", 107}, {"message", "bad request"}}}});
    else responses.push_back(publishOne(ch.get<std::string>()));
  }
  return jsonResponse(200, {{"result", {{"responses", responses}}}});
}

std::string App::statusWebhook(const std::string& phoneNumberId, const std::string& messageId, const std::string& status,
                               const std::string& recipient) {
  json st = {{"id", messageId}, {"status", status}, {"timestamp", std::to_string(nowMs() / 1000)}, {"recipient_id", recipient}};
  return jsonText({{"object", "whatsapp_business_account"},
                   {"entry",
                    {{{"id", "200000000000001"},
                      {"changes",
                       {{{"field", "messages"},
                         {"value",
                          {{"messaging_product", "whatsapp"},
                           {"metadata", {{"display_phone_number", ""}, {"phone_number_id", phoneNumberId}}},
                           {"statuses", {st}}}}}}}}}}});
}

void App::playWhatsAppSide(const std::string& messageId, const std::string& recipient, const std::string& phoneNumberId) {
  // Statuses travel through the real webhook path, as WhatsApp would send them.
  auto step = [this, messageId, recipient, phoneNumberId](const std::string& status) {
    return [this, messageId, recipient, phoneNumberId, status] {
      m_intake.inject(statusWebhook(phoneNumberId, messageId, status, recipient), nowMs());
    };
  };
  m_scheduler(150, step("sent"));
  if (m_config.simulate) {
    m_scheduler(1500, step("delivered"));
    m_scheduler(4000, step("read"));
  }
}

}  // namespace stub
