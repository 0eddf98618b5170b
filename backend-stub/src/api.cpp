// App: request dispatch, JSON errors, origins and CORS.
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
      m_intake(store, m_events, config.appSecret),
      m_intakeQueue(m_intake, [this](std::function<void()> fn) { m_scheduler(0, std::move(fn)); }) {
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

HttpResponse App::preflight(const HttpRequest& req) const {
  // A browser asks before a cross-origin call with a token: only listed origins get a yes.
  auto origin = req.header("origin");
  if (origin && !originAllowed(*origin, req.header("host").value_or("")))
    return errorResponse(403, "origin_not_allowed", "this origin may not call the API");
  HttpResponse res;
  res.status = 204;
  res.contentType.clear();
  return res;
}

void App::addCors(const HttpRequest& req, HttpResponse& res) const {
  // Caches must not hand one origin's answer to another.
  res.headers.emplace_back("Vary", "Origin");
  auto origin = req.header("origin");
  if (!origin || !originAllowed(*origin, req.header("host").value_or(""))) return;
  res.headers.emplace_back("Access-Control-Allow-Origin", *origin);
  res.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match");
  res.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PATCH, OPTIONS");
  res.headers.emplace_back("Access-Control-Expose-Headers", "ETag, Retry-After, X-Server-Time");
  res.headers.emplace_back("Access-Control-Max-Age", "600");
}

void addSecurityHeaders(HttpResponse& res) {
  auto has = [&](const char* name) {
    for (const auto& [n, v] : res.headers)
      if (toLower(n) == toLower(name)) return true;
    return false;
  };
  auto add = [&](const char* name, const char* value) {
    if (!has(name)) res.headers.emplace_back(name, value);
  };
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "no-referrer");
  // API answers carry tokens and customer data: never cached. Static files set their own.
  add("Cache-Control", "no-store");
  if (res.contentType.rfind("application/json", 0) == 0)
    add("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
}

HttpResponse App::handle(const HttpRequest& req) {
  HttpResponse res;
  try {
    const std::string& path = req.path;
    if (path == "/healthz") {
      res = req.method == "GET" || req.method == "HEAD" ? jsonResponse(200, {{"status", "ok"}})
                                                        : errorResponse(405, "method_not_allowed", "use GET");
    } else if (path == "/api/v1" || path.rfind("/api/v1/", 0) == 0) {
      res = req.method == "OPTIONS" ? preflight(req) : routeApi(req, path.substr(7));
    } else if (path == "/config.json") {
      res = req.method == "GET" || req.method == "HEAD" ? serveConfig(req)
                                                        : errorResponse(405, "method_not_allowed", "use GET");
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
  finish(req, res);
  return res;
}

void App::handleAsync(const HttpRequest& req, std::function<void(HttpResponse)> done) {
  if (req.path != "/webhooks/whatsapp" || req.method != "POST") return done(handle(req));
  HttpRequest head;  // what finish() reads; not the (up to 3 MB) body
  head.method = req.method;
  head.path = req.path;
  head.headers = req.headers;
  m_intakeQueue.submit(req.body, req.header("x-hub-signature-256"), nowMs(),
                       [this, head = std::move(head), done = std::move(done)](const IntakeResult& r) {
                         HttpResponse res = webhookResponse(r);
                         finish(head, res);
                         done(std::move(res));
                       });
}

void App::finish(const HttpRequest& req, HttpResponse& res) const {
  if (req.path.rfind("/api/v1", 0) == 0) addCors(req, res);
  addSecurityHeaders(res);
  res.headers.emplace_back("X-Server-Time", std::to_string(nowMs()));
}

}  // namespace stub
