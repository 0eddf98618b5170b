#include "core/embed_protocol.h"

#include <algorithm>
#include <cctype>

namespace inbox::core::embed {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct Origin {
    std::string scheme;  // http | https
    std::string host;    // may start with "*." in a pattern
    std::string port;    // "" = default; "*" in a pattern
};

bool hostCharOk(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '[' || c == ']' || c == ':';
}

// Splits an origin (or pattern when `pattern`); nullopt when it is not one.
std::optional<Origin> splitOrigin(std::string_view text, bool pattern) {
    std::string s = lower(text);
    if (!s.empty() && s.back() == '/') s.pop_back();
    Origin o;
    const size_t sep = s.find("://");
    if (sep == std::string::npos) return std::nullopt;
    o.scheme = s.substr(0, sep);
    if (o.scheme != "http" && o.scheme != "https") return std::nullopt;
    std::string rest = s.substr(sep + 3);
    if (rest.empty() || rest.find_first_of("/?#@\\ ") != std::string::npos) return std::nullopt;
    // The port is after the last ':' that is not inside an IPv6 literal.
    const size_t bracket = rest.rfind(']');
    const size_t colon = rest.rfind(':');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
        o.port = rest.substr(colon + 1);
        rest = rest.substr(0, colon);
        if (o.port.empty()) return std::nullopt;
        if (!(pattern && o.port == "*")) {
            if (o.port.size() > 5 || !std::all_of(o.port.begin(), o.port.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return std::nullopt;
            int n = 0;
            for (char c : o.port) n = n * 10 + (c - '0');
            if (n < 1 || n > 65535) return std::nullopt;
            o.port = std::to_string(n);
            if ((o.scheme == "http" && n == 80) || (o.scheme == "https" && n == 443)) o.port.clear();
        }
    }
    std::string host = rest;
    if (pattern && host.rfind("*.", 0) == 0) host = host.substr(2);
    if (host.empty() || !std::all_of(host.begin(), host.end(), hostCharOk)) return std::nullopt;
    if (host.front() == '.' || host.back() == '.') return std::nullopt;
    if (host.find(':') != std::string::npos && host.front() != '[') return std::nullopt;  // only in [IPv6]
    o.host = rest;
    return o;
}

std::string joinOrigin(const Origin& o) { return o.scheme + "://" + o.host + (o.port.empty() ? "" : ":" + o.port); }

bool printableAscii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Ids arrive as strings, sometimes as numbers; they end up in URL paths and the UI.
std::optional<std::string> idFrom(const Json& v) {
    if (!v.is_string() && !v.is_number_integer()) return std::nullopt;
    auto s = scalarToString(v);
    if (!s || s->empty() || s->size() > kMaxIdBytes || !printableAscii(*s)) return std::nullopt;
    return s;
}

ParseResult invalid(ParseResult r, std::string why) {
    r.status = ParseStatus::Invalid;
    r.error = std::move(why);
    return r;
}

}  // namespace

std::string normalizeOrigin(std::string_view origin) {
    auto o = splitOrigin(origin, false);
    return o ? joinOrigin(*o) : std::string();
}

bool originMatches(std::string_view pattern, std::string_view origin) {
    auto p = splitOrigin(pattern, true);
    auto o = splitOrigin(origin, false);
    if (!p || !o || p->scheme != o->scheme) return false;
    if (p->port != "*" && p->port != o->port) return false;
    if (p->host.rfind("*.", 0) == 0) {
        const std::string suffix = p->host.substr(1);  // ".example.com"
        return o->host.size() > suffix.size() && o->host.compare(o->host.size() - suffix.size(), suffix.size(), suffix) == 0;
    }
    return p->host == o->host;
}

bool originAllowed(const std::vector<std::string>& allowList, std::string_view origin) {
    if (normalizeOrigin(origin).empty()) return false;
    return std::any_of(allowList.begin(), allowList.end(), [&](const std::string& p) { return originMatches(p, origin); });
}

std::vector<std::string> exactOrigins(const std::vector<std::string>& allowList) {
    std::vector<std::string> out;
    for (const std::string& entry : allowList) {
        if (entry.find('*') != std::string::npos) continue;
        const std::string o = normalizeOrigin(entry);
        if (!o.empty() && std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
    }
    return out;
}

ParseResult parseHostMessage(std::string_view text) {
    ParseResult r;
    if (text.empty() || text.size() > kMaxMessageBytes) return r;
    const Json j = parseJson(text);
    if (j.is_discarded() || !j.is_object() || jsonString(j, "protocol") != kProtocol) return r;
    const Json* type = jsonField(j, "type");
    if (!type || !type->is_string()) return r;
    r.type = type->get<std::string>();
    r.status = ParseStatus::Unknown;
    const Json* version = jsonField(j, "version");
    if (!version || !version->is_number_integer() || version->get<int64_t>() < 1)
        return invalid(r, "version must be an integer >= 1");
    const Json* payload = jsonField(j, "payload");
    const Json empty = Json::object();
    if (payload && !payload->is_null() && !payload->is_object()) return invalid(r, "payload must be an object");
    const Json& p = payload && payload->is_object() ? *payload : empty;

    HostMessage& m = r.message;
    if (r.type == "inbox:auth") {
        m.type = HostMessageType::Auth;
        const Json* token = jsonField(p, "token");
        if (!token || !token->is_string()) return invalid(r, "inbox:auth needs {token: string}");
        m.token = token->get<std::string>();
        // It becomes an HTTP header: no spaces, no control characters, bounded.
        if (m.token.empty() || m.token.size() > kMaxTokenBytes || !printableAscii(m.token))
            return invalid(r, "token must be 1-4096 printable ASCII characters");
    } else if (r.type == "inbox:open-conversation") {
        m.type = HostMessageType::OpenConversation;
        const Json* chatId = jsonField(p, "chatId");
        auto id = chatId ? idFrom(*chatId) : std::nullopt;
        if (!id) return invalid(r, "inbox:open-conversation needs {chatId}");
        m.chatId = *id;
    } else if (r.type == "inbox:set-instance") {
        m.type = HostMessageType::SetInstance;
        const Json* instanceId = jsonField(p, "instanceId");
        if (!instanceId || instanceId->is_null()) {
            m.instanceId = std::nullopt;
        } else {
            auto id = idFrom(*instanceId);
            if (!id) return invalid(r, "inbox:set-instance needs {instanceId: id | null}");
            m.instanceId = *id;
        }
    } else if (r.type == "inbox:sign-out") {
        m.type = HostMessageType::SignOut;
    } else if (r.type == "inbox:theme") {
        m.type = HostMessageType::Theme;
        const std::string theme = jsonString(p, "theme");
        if (theme != "light" && theme != "dark") return invalid(r, "inbox:theme needs {theme: \"light\" | \"dark\"}");
        m.dark = theme == "dark";
    } else {
        return r;  // Unknown
    }
    r.status = ParseStatus::Ok;
    return r;
}

std::string outgoing(const std::string& type, const Json& payload) {
    Json j = Json::object();
    j["protocol"] = kProtocol;
    j["version"] = kVersion;
    j["type"] = type;
    j["payload"] = payload.is_object() ? payload : Json::object();
    return dumpJson(j);
}

AppConfig decodeAppConfig(std::string_view text, std::vector<std::string>* warnings) {
    AppConfig c;
    auto warn = [&](const std::string& w) {
        if (warnings) warnings->push_back(w);
    };
    if (text.empty()) return c;
    const Json j = parseJson(text);
    if (j.is_discarded() || !j.is_object()) {
        warn("config.json is not a JSON object");
        return c;
    }
    const std::string api = jsonString(j, "apiBaseUrl");
    if (!api.empty()) {
        const bool ok = (api.front() == '/' && api.rfind("//", 0) != 0) || api.rfind("https://", 0) == 0 || api.rfind("http://", 0) == 0;
        if (ok && printableAscii(api)) c.apiBaseUrl = api.back() == '/' ? api.substr(0, api.size() - 1) : api;
        else warn("apiBaseUrl ignored: " + api);
    }
    const std::string ws = jsonString(j, "websocketUrl");
    if (!ws.empty()) {
        if ((ws.rfind("wss://", 0) == 0 || ws.rfind("ws://", 0) == 0) && printableAscii(ws)) c.websocketUrl = ws;
        else warn("websocketUrl ignored: " + ws);
    }
    if (const Json* list = jsonField(j, "embedOrigins"); list && list->is_array()) {
        for (const Json& e : *list) {
            const std::string entry = e.is_string() ? e.get<std::string>() : std::string();
            if (!entry.empty() && splitOrigin(entry, true)) {
                // Patterns stay as written (lower case); plain origins are normalized.
                const std::string n = entry.find('*') == std::string::npos ? normalizeOrigin(entry) : lower(entry);
                if (std::find(c.embedOrigins.begin(), c.embedOrigins.end(), n) == c.embedOrigins.end()) c.embedOrigins.push_back(n);
            } else {
                warn("embedOrigins entry ignored: " + (e.is_string() ? entry : dumpJson(e)));
            }
        }
    }
    return c;
}

}  // namespace inbox::core::embed
