// Hostile input and credentials: forged JWTs, login guessing, SQL injection, id guessing across
// organizations, CORS/preflight, security headers, /config.json, secrets kept out of the logs.
#include "jwt.h"
#include "test_support.h"

#include <set>

using namespace stub;
using namespace stub::test;

namespace {

constexpr int64_t kNow = 1900000000;

std::string jwtWithHeader(const std::string& headerJson, const json& claims, const std::string& secret) {
  const std::string input = base64UrlEncode(headerJson) + "." + base64UrlEncode(claims.dump());
  return input + "." + base64UrlEncode(hmacSha256(secret, input));
}

bool hasHeader(const HttpResponse& res, const std::string& name, const std::string& value = "") {
  for (const auto& [n, v] : res.headers)
    if (toLower(n) == toLower(name) && (value.empty() || v == value)) return true;
  return false;
}

std::string urlEncodeForTest(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += char(c);
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

std::string headerValue(const HttpResponse& res, const std::string& name) {
  for (const auto& [n, v] : res.headers)
    if (toLower(n) == toLower(name)) return v;
  return "";
}

}  // namespace

TEST(JwtSecurity, OnlyHs256SignedWithOurKeyPasses) {
  const json claims = {{"sub", "1"}, {"exp", kNow + 60}};
  EXPECT_EQ(verifyJwtHs256(jwtWithHeader(R"({"alg":"HS256","typ":"JWT"})", claims, "k"), "k", kNow).status, JwtStatus::Ok);
  // Same HMAC bytes under another alg name, a keyless alg, no alg, a wrong key.
  for (const char* header : {R"({"alg":"HS512"})", R"({"alg":"RS256"})", R"({"alg":"none"})", R"({"alg":"hs256"})",
                             R"({"typ":"JWT"})", R"({"alg":["HS256"]})"})
    EXPECT_EQ(verifyJwtHs256(jwtWithHeader(header, claims, "k"), "k", kNow).status, JwtStatus::Invalid) << header;
  EXPECT_EQ(verifyJwtHs256(jwtWithHeader(R"({"alg":"HS256"})", claims, "other"), "k", kNow).status, JwtStatus::Invalid);
  // alg none with an empty signature, the classic forgery.
  const std::string unsigned_ = base64UrlEncode(R"({"alg":"none"})") + "." + base64UrlEncode(claims.dump()) + ".";
  EXPECT_EQ(verifyJwtHs256(unsigned_, "k", kNow).status, JwtStatus::Invalid);
}

TEST(JwtSecurity, NotYetValidOrExpiredTokensAreRefused) {
  EXPECT_EQ(verifyJwtHs256(signJwtHs256({{"sub", "1"}, {"exp", kNow - 1}}, "k"), "k", kNow).status, JwtStatus::Expired);
  EXPECT_EQ(verifyJwtHs256(signJwtHs256({{"sub", "1"}, {"nbf", kNow + 5}}, "k"), "k", kNow).status, JwtStatus::Invalid);
  EXPECT_EQ(verifyJwtHs256(signJwtHs256({{"sub", "1"}, {"iat", kNow + 3600}}, "k"), "k", kNow).status, JwtStatus::Invalid);
  // Within the allowed clock skew an iat slightly ahead still works.
  EXPECT_EQ(verifyJwtHs256(signJwtHs256({{"sub", "1"}, {"iat", kNow + 10}}, "k"), "k", kNow).status, JwtStatus::Ok);
  EXPECT_EQ(verifyJwtHs256(signJwtHs256({{"sub", "1"}, {"exp", "never"}}, "k"), "k", kNow).status, JwtStatus::Invalid);
}

class SecurityTest : public StubTest {};

TEST_F(SecurityTest, LoginIsRateLimitedPerClientAndEmail) {
  auto attempt = [&](const std::string& ip, const std::string& email, const std::string& password) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/api/v1/auth/login";
    req.remoteAddress = ip;
    req.body = json({{"email", email}, {"password", password}}).dump();
    return app->handle(req);
  };
  for (int i = 0; i < 10; ++i) EXPECT_EQ(attempt("10.0.0.1", "ana@demo.test", "wrong" + std::to_string(i)).status, 401);
  HttpResponse locked = attempt("10.0.0.1", "ana@demo.test", "demo123");
  EXPECT_EQ(locked.status, 429) << "even the right password waits once locked";
  EXPECT_EQ(json::parse(locked.body)["error"]["code"], "rate_limited");
  const auto retry = parseInt(headerValue(locked, "Retry-After"));
  ASSERT_TRUE(retry);
  EXPECT_GE(*retry, 1);
  EXPECT_LE(*retry, 60);
  // Same e-mail in another case is the same key; other clients and other e-mails are not locked.
  EXPECT_EQ(attempt("10.0.0.1", "ANA@demo.test", "demo123").status, 429);
  EXPECT_EQ(attempt("10.0.0.2", "ana@demo.test", "demo123").status, 200);
  EXPECT_EQ(attempt("10.0.0.1", "bruno@demo.test", "demo123").status, 200);
}

TEST(LoginLimiter, FailuresAgeOutOfTheWindowAndSuccessClears) {
  LoginLimiter limiter(3, 60000);
  for (int i = 0; i < 3; ++i) limiter.recordFailure("k", 1000 + i);
  EXPECT_EQ(limiter.retryAfterSeconds("k", 2000), 59);
  EXPECT_EQ(limiter.retryAfterSeconds("k", 61001), 0) << "the oldest failure left the window";
  for (int i = 0; i < 3; ++i) limiter.recordFailure("j", 0);
  EXPECT_GT(limiter.retryAfterSeconds("j", 10), 0);
  limiter.recordSuccess("j");
  EXPECT_EQ(limiter.retryAfterSeconds("j", 10), 0);
  // Many distinct keys (an attacker rotating e-mails) are swept, memory stays bounded.
  for (int i = 0; i < 20000; ++i) limiter.recordFailure("x" + std::to_string(i), 0);
  limiter.recordFailure("late", 120000);
  EXPECT_EQ(limiter.retryAfterSeconds("x1", 120000), 0);
}

TEST_F(SecurityTest, PasswordsAreStoredWithPbkdf2NotPlainOrFastHashes) {
  auto stmt = db->prepare("SELECT pw_salt, pw_hash, pw_iterations FROM users");
  int users = 0;
  while (stmt.step()) {
    ++users;
    EXPECT_EQ(stmt.str(0).size(), 32u);
    EXPECT_NE(stmt.str(1), "demo123");
    EXPECT_NE(stmt.str(1), sha256Hex("demo123"));
    EXPECT_GE(stmt.i64(2), 100000);
    EXPECT_EQ(stmt.str(1), pbkdf2Hex("demo123", stmt.str(0), int(stmt.i64(2))));
  }
  EXPECT_EQ(users, 3);
  // Same password, different salts: equal hashes would betray shared passwords.
  auto distinct = db->prepare("SELECT COUNT(DISTINCT pw_hash) FROM users");
  ASSERT_TRUE(distinct.step());
  EXPECT_EQ(distinct.i64(0), 3);
}

TEST_F(SecurityTest, SqlInjectionAttemptsAreJustData) {
  const std::string ana = login("ana@demo.test");
  const std::vector<std::string> payloads = {"' OR '1'='1", "1; DROP TABLE chats; --", "\" OR 1=1 --",
                                             "1 UNION SELECT token_hash FROM sessions", "%' --", "'); DELETE FROM users; --"};
  const int64_t chatsBefore = count("chats"), usersBefore = count("users");
  for (const auto& p : payloads) {
    const std::string q = urlEncodeForTest(p);
    EXPECT_EQ(call("POST", "/api/v1/auth/login", "", json({{"email", p}, {"password", p}}).dump()).status, 401) << p;
    HttpResponse search = call("GET", "/api/v1/whatsapp/chats?q=" + q, ana);
    EXPECT_EQ(search.status, 200) << p;
    EXPECT_TRUE(json::parse(search.body)["items"].empty()) << p;
    for (const char* route : {"/api/v1/whatsapp/chats/", "/api/v1/tickets/"}) {
      const int s = call("GET", route + q, ana).status;
      EXPECT_TRUE(s == 400 || s == 404) << route << p << " → " << s;
    }
    EXPECT_EQ(call("GET", "/api/v1/whatsapp/chats?instanceId=" + q, ana).status / 100, 2) << p;
    EXPECT_EQ(call("GET", "/api/v1/auth/me", p).status, 401) << p;
  }
  EXPECT_EQ(count("chats"), chatsBefore);
  EXPECT_EQ(count("users"), usersBefore);
}

TEST_F(SecurityTest, GuessingIdsAcrossOrganizationsFindsNothing) {
  const std::string carla = login("carla@outra.test");
  std::set<std::string> own;
  // Keep the page alive: a range-for over callJson(...)["items"] would walk a destroyed temporary.
  const json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", carla);
  for (const auto& c : page["items"]) own.insert(c["id"].get<std::string>());
  ASSERT_FALSE(own.empty());
  int refused = 0;
  for (int id = 1; id <= 60; ++id) {
    const std::string s = std::to_string(id);
    if (own.count(s)) continue;
    for (const std::string& target : {"/api/v1/whatsapp/chats/" + s, "/api/v1/whatsapp/chats/" + s + "/messages",
                                      "/api/v1/tickets/" + s, "/api/v1/conversations/" + s + "/ticket"}) {
      HttpResponse res = call("GET", target, carla);
      EXPECT_EQ(res.status, 404) << target;
      ++refused;
    }
    EXPECT_EQ(call("POST", "/api/v1/whatsapp/chats/" + s + "/read", carla, "{}").status, 404) << s;
    EXPECT_EQ(call("PATCH", "/api/v1/tickets/" + s, carla, R"({"dealValue":1})").status, 404) << s;
  }
  EXPECT_GT(refused, 100);
}

TEST_F(SecurityTest, ConfigJsonListsEmbedOriginsWithoutKeywords) {
  json c = callJson("GET", "/config.json");
  EXPECT_EQ(c["apiBaseUrl"], "/api/v1");
  EXPECT_TRUE(c["websocketUrl"].is_null());
  EXPECT_EQ(c["embedOrigins"], json::array());
  config.frameAncestors = "'self' https://painel.example.com  https://*.crm.example.com";
  build();
  c = callJson("GET", "/config.json");
  EXPECT_EQ(c["embedOrigins"], json({"https://painel.example.com", "https://*.crm.example.com"}));
  EXPECT_EQ(call("POST", "/config.json", "", "{}").status, 405);
}

TEST_F(SecurityTest, CorsOnlyForAllowedOriginsAndPreflightChecked) {
  config.allowedOrigins = {"https://painel.example.com"};
  build();
  const std::map<std::string, std::string> good = {{"origin", "https://painel.example.com"}, {"host", "inbox.example.com"}};
  const std::map<std::string, std::string> evil = {{"origin", "https://evil.example.net"}, {"host", "inbox.example.com"}};
  HttpResponse pre = call("OPTIONS", "/api/v1/whatsapp/chats", "", "", good);
  EXPECT_EQ(pre.status, 204);
  EXPECT_TRUE(hasHeader(pre, "Access-Control-Allow-Origin", "https://painel.example.com"));
  // Conditional reads (If-None-Match) from another origin must pass the preflight, and see the ETag.
  EXPECT_TRUE(hasHeader(pre, "Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match"));
  EXPECT_TRUE(hasHeader(pre, "Vary", "Origin"));
  HttpResponse denied = call("OPTIONS", "/api/v1/whatsapp/chats", "", "", evil);
  EXPECT_EQ(denied.status, 403);
  EXPECT_FALSE(hasHeader(denied, "Access-Control-Allow-Origin"));
  // A real request from an unlisted origin still runs (no cookies: a token is needed anyway)
  // but its answer is unreadable in that browser: no allow header.
  HttpResponse login = call("POST", "/api/v1/auth/login", "", R"({"email":"ana@demo.test","password":"demo123"})", evil);
  EXPECT_FALSE(hasHeader(login, "Access-Control-Allow-Origin"));
  login = call("POST", "/api/v1/auth/login", "", R"({"email":"ana@demo.test","password":"demo123"})", good);
  EXPECT_TRUE(hasHeader(login, "Access-Control-Allow-Origin", "https://painel.example.com"));
  EXPECT_TRUE(hasHeader(login, "Access-Control-Expose-Headers", "ETag, Retry-After, X-Server-Time"));
  // The page's own origin always passes; a look-alike suffix does not.
  EXPECT_TRUE(app->originAllowed("https://inbox.example.com", "inbox.example.com"));
  EXPECT_FALSE(app->originAllowed("https://painel.example.com.evil.net", "inbox.example.com"));
  EXPECT_FALSE(app->originAllowed("null", "inbox.example.com"));
}

TEST_F(SecurityTest, SecurityHeadersOnEveryAnswer) {
  for (const char* target : {"/healthz", "/api/v1/auth/me", "/config.json", "/nowhere"}) {
    HttpResponse res = call("GET", target);
    EXPECT_TRUE(hasHeader(res, "X-Content-Type-Options", "nosniff")) << target;
    EXPECT_TRUE(hasHeader(res, "Referrer-Policy", "no-referrer")) << target;
    EXPECT_FALSE(hasHeader(res, "X-Frame-Options")) << target;
  }
  EXPECT_TRUE(hasHeader(call("GET", "/api/v1/auth/me"), "Cache-Control", "no-store"));
}

TEST_F(SecurityTest, HtmlCarriesConfiguredFrameAncestorsAndNoXFrameOptions) {
  const auto dir = std::filesystem::temp_directory_path() / ("sec-static-" + randomHex(4));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "index.html") << "<!doctype html><title>x</title>";
  config.staticDir = dir.string();
  config.frameAncestors = "'self' https://painel.example.com";
  build();
  HttpResponse res = call("GET", "/");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(res.status, 200);
  const std::string csp = headerValue(res, "Content-Security-Policy");
  EXPECT_NE(csp.find("frame-ancestors 'self' https://painel.example.com"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
  EXPECT_FALSE(hasHeader(res, "X-Frame-Options"));
  EXPECT_TRUE(hasHeader(res, "X-Content-Type-Options", "nosniff"));
  EXPECT_TRUE(hasHeader(res, "Referrer-Policy", "no-referrer"));
}

TEST_F(SecurityTest, SecretsNeverReachTheLog) {
  config.appSecret = "APPSECRET-7d1f";
  config.verifyToken = "VERIFY-93ab";
  config.hmacSecret = "HMAC-55e0";
  config.apiKey = "APIKEY-c4b2";
  build();
  testing::internal::CaptureStderr();
  std::string token = login("ana@demo.test");
  call("POST", "/api/v1/auth/login", "", R"({"email":"ana@demo.test","password":"Wrong-Pass-1"})");
  call("GET", "/api/v1/centrifugo/token", token);
  call("GET", "/api/v1/centrifugo/subscription-token?channel=org:999:messages", token);
  call("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=WRONG-VT&hub.challenge=1");
  webhook(R"({"object":"whatsapp_business_account","entry":[]})", "sha256=00");
  // An unrouted change is logged: the log line must not carry the body's secrets either.
  const std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"999"},"messages":[]}}]}]})";
  webhook(body, "sha256=" + toHex(hmacSha256("APPSECRET-7d1f", body)));
  call("POST", "/api/publish", "", R"({"channel":"x","data":{}})", {{"x-api-key", "APIKEY-WRONG"}});
  const std::string log = testing::internal::GetCapturedStderr();
  for (const std::string& secret : {std::string("APPSECRET-7d1f"), std::string("VERIFY-93ab"), std::string("HMAC-55e0"),
                                    std::string("APIKEY-c4b2"), std::string("APIKEY-WRONG"), std::string("WRONG-VT"),
                                    std::string("Wrong-Pass-1"), std::string("demo123"), token})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in log:\n" << log;
}
