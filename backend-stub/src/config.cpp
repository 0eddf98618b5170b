#include "config.h"

#include "util.h"

#include <cstdlib>
#include <stdexcept>

namespace stub {

EnvLookup processEnv() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
  };
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(", ", start);
    if (end == std::string::npos) end = text.size();
    std::string item = trim(text.substr(start, end - start));
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::string usage() {
  return "usage: backend-stub [--host H] [--port N] [--db PATH] [--static DIR] [--simulate]\n"
         "                    [--token-ttl SECONDS] [--session-ttl SECONDS] [--allowed-origins LIST] [--help]\n"
         "  --host H              listen address (default 127.0.0.1)\n"
         "  --port N              listen port (default 8080; 0 = any free port)\n"
         "  --db PATH             SQLite database (default inbox.db; created and seeded when new)\n"
         "  --static DIR          serve the built app (dist/) at /\n"
         "  --simulate            steady inbound traffic and delivery/read receipts\n"
         "  --token-ttl SECONDS   lifetime of Centrifugo connection/subscription tokens (default 600)\n"
         "  --session-ttl SECONDS lifetime of the API tokens that login hands out (default 43200)\n"
         "  --allowed-origins L   comma-separated WebSocket origins (globs) besides the page's own\n"
         "environment: WHATSAPP_APP_SECRET WHATSAPP_VERIFY_TOKEN CENTRIFUGO_TOKEN_HMAC_SECRET_KEY\n"
         "  CENTRIFUGO_API_KEY CENTRIFUGO_URL INBOX_ALLOWED_ORIGINS INBOX_FRAME_ANCESTORS\n"
         "  INBOX_PING_INTERVAL INBOX_PONG_TIMEOUT INBOX_HEADER_TIMEOUT INBOX_SIMULATE_INTERVAL_MS\n"
         "  INBOX_SESSION_TTL (see docs/OPERATING.md)\n";
}

static int intArg(const std::string& name, const std::string& value, int lo, int hi) {
  auto v = parseInt(value);
  if (!v || *v < lo || *v > hi)
    throw std::invalid_argument(name + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return int(*v);
}

Config parseConfig(int argc, const char* const* argv, const EnvLookup& env) {
  Config c;
  if (auto v = env("INBOX_ALLOWED_ORIGINS")) c.allowedOrigins = splitList(*v);
  if (auto v = env("INBOX_FRAME_ANCESTORS")) c.frameAncestors = *v;
  if (auto v = env("WHATSAPP_APP_SECRET")) c.appSecret = *v;
  if (auto v = env("WHATSAPP_VERIFY_TOKEN")) c.verifyToken = *v;
  if (auto v = env("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY")) c.hmacSecret = *v;
  if (auto v = env("CENTRIFUGO_API_KEY")) c.apiKey = *v;
  if (auto v = env("CENTRIFUGO_URL")) c.centrifugoUrl = *v;
  if (auto v = env("INBOX_PING_INTERVAL")) c.pingIntervalSeconds = intArg("INBOX_PING_INTERVAL", *v, 1, 3600);
  if (auto v = env("INBOX_PONG_TIMEOUT")) c.pongTimeoutSeconds = intArg("INBOX_PONG_TIMEOUT", *v, 1, 3600);
  if (auto v = env("INBOX_HEADER_TIMEOUT")) c.headerTimeoutSeconds = intArg("INBOX_HEADER_TIMEOUT", *v, 1, 3600);
  if (auto v = env("INBOX_SESSION_TTL")) c.sessionTtlSeconds = intArg("INBOX_SESSION_TTL", *v, 1, 30 * 24 * 3600);
  if (auto v = env("INBOX_SIMULATE_INTERVAL_MS"))
    c.simulateIntervalMs = intArg("INBOX_SIMULATE_INTERVAL_MS", *v, 100, 3600000);

  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") c.help = true;
    else if (arg == "--host") c.host = value();
    else if (arg == "--port") c.port = intArg("--port", value(), 0, 65535);
    else if (arg == "--db") c.dbPath = value();
    else if (arg == "--static") c.staticDir = value();
    else if (arg == "--simulate") c.simulate = true;
    else if (arg == "--token-ttl") c.tokenTtlSeconds = intArg("--token-ttl", value(), 1, 30 * 24 * 3600);
    else if (arg == "--session-ttl") c.sessionTtlSeconds = intArg("--session-ttl", value(), 1, 30 * 24 * 3600);
    else if (arg == "--allowed-origins") c.allowedOrigins = splitList(value());
    else throw std::invalid_argument("unknown option " + arg);
  }
  if (c.pongTimeoutSeconds >= c.pingIntervalSeconds)
    throw std::invalid_argument("INBOX_PONG_TIMEOUT must be smaller than INBOX_PING_INTERVAL");
  return c;
}

}  // namespace stub
