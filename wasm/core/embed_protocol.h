// The iframe contract (docs/EMBEDDING.md, version 1) without any state: origin matching, validation
// of what a host page posts, the messages the inbox posts back, and the page's config.json.
// Everything a host sends is untrusted input: a bad message is refused with a reason, never applied
// half-way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_access.h"

namespace inbox::core::embed {

inline constexpr const char* kProtocol = "whatrack-inbox";
inline constexpr int kVersion = 1;
inline constexpr size_t kMaxMessageBytes = 16 * 1024;
inline constexpr size_t kMaxTokenBytes = 4096;
inline constexpr size_t kMaxIdBytes = 128;

// "HTTPS://Painel.Example.com:443/" → "https://painel.example.com" (lower case, default port and a
// bare trailing slash dropped); "" for anything that is not an http(s) origin ("null", paths, queries,
// user info, "*").
std::string normalizeOrigin(std::string_view origin);
// `pattern` is an origin, or one with a wildcard as CSP writes them: "https://*.example.com" (any
// subdomain, not example.com itself) or "https://example.com:*" (any port). Schemes must be equal.
bool originMatches(std::string_view pattern, std::string_view origin);
bool originAllowed(const std::vector<std::string>& allowList, std::string_view origin);
// The entries of the list a message can be posted to (no wildcard), normalized, without duplicates.
std::vector<std::string> exactOrigins(const std::vector<std::string>& allowList);

enum class HostMessageType { Auth, OpenConversation, SetInstance, SignOut, Theme };

struct HostMessage {
    HostMessageType type = HostMessageType::SignOut;
    std::string token;                      // Auth
    std::string chatId;                     // OpenConversation
    std::optional<std::string> instanceId;  // SetInstance (nullopt = all instances)
    bool dark = false;                      // Theme
};

enum class ParseStatus {
    Ok,
    NotOurs,     // not an object of our protocol (other scripts on the host post messages too): ignore
    Unknown,     // our protocol, a type this version does not know: ignore (the host may be newer)
    Invalid,     // our protocol, a known type with a bad payload: refuse and tell the host
};

struct ParseResult {
    ParseStatus status = ParseStatus::NotOurs;
    HostMessage message;
    std::string type;   // as sent, when it was ours
    std::string error;  // English, for inbox:error when Invalid
};

// `json` is the message as JSON text (the shell stringifies event.data).
ParseResult parseHostMessage(std::string_view json);

// {"protocol":"whatrack-inbox","version":1,"type":type,"payload":payload} as JSON text.
std::string outgoing(const std::string& type, const Json& payload);

// GET /config.json of the page: where the API and the hub are and who may embed the page.
struct AppConfig {
    std::string apiBaseUrl;    // "" = the default (/api/v1 on the page's origin)
    std::string websocketUrl;  // "" = the default (ws(s)://page host/connection/websocket)
    std::vector<std::string> embedOrigins;  // normalized; invalid entries dropped
};
// Bad or missing fields fall back to the defaults; unusable entries are reported in `warnings`.
AppConfig decodeAppConfig(std::string_view json, std::vector<std::string>* warnings = nullptr);

}  // namespace inbox::core::embed
