// Command line and environment of the stub.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stub {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string dbPath = "inbox.db";
  std::optional<std::string> staticDir;
  bool simulate = false;
  int tokenTtlSeconds = 600;
  int sessionTtlSeconds = 12 * 3600;  // INBOX_SESSION_TTL / --session-ttl: API bearer tokens from login
  std::vector<std::string> allowedOrigins;  // globs; the page's own origin is always allowed
  std::string frameAncestors = "'self'";
  std::string appSecret;    // WHATSAPP_APP_SECRET; empty = signatures not required
  std::string verifyToken;  // WHATSAPP_VERIFY_TOKEN; empty = handshake refused
  std::string hmacSecret;   // CENTRIFUGO_TOKEN_HMAC_SECRET_KEY; generated when empty
  std::string apiKey;       // CENTRIFUGO_API_KEY; generated when empty
  std::string centrifugoUrl;  // CENTRIFUGO_URL: external mode
  int pingIntervalSeconds = 25;
  int pongTimeoutSeconds = 8;
  int simulateIntervalMs = 6000;
  int headerTimeoutSeconds = 10;  // INBOX_HEADER_TIMEOUT: request line + headers (and keep-alive idle)
  bool help = false;
};

using EnvLookup = std::function<std::optional<std::string>(const char*)>;
EnvLookup processEnv();

// Parses argv and the environment; throws std::invalid_argument with a readable message.
Config parseConfig(int argc, const char* const* argv, const EnvLookup& env);
std::string usage();
std::vector<std::string> splitList(const std::string& text);

}  // namespace stub
