#include "core/json_access.h"

#include <cmath>
#include <cstdlib>

namespace inbox::core {

namespace {

// nlohmann parses iteratively, but copying or dumping a value recurses once per nesting level;
// the browser's stack is small. Nothing we accept nests anywhere near this deep.
constexpr int kMaxJsonDepth = 64;

bool nestingWithinLimit(std::string_view text) {
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
            continue;
        }
        if (c == '"') inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

}  // namespace

Json parseJson(std::string_view text) {
    if (!nestingWithinLimit(text)) return Json(Json::value_t::discarded);
    return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

std::string dumpJson(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const Json* jsonField(const Json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

bool hasObject(const Json& obj, const char* key) {
    const Json* v = jsonField(obj, key);
    return v && v->is_object();
}

std::optional<std::string> scalarToString(const Json& v) {
    if (v.is_string()) return v.get_ref<const std::string&>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
            return std::to_string(static_cast<int64_t>(d));
        return v.dump();
    }
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return std::nullopt;
}

std::optional<int64_t> scalarToInt(const Json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_unsigned()) {
        const auto u = v.get<uint64_t>();
        return u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u);
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || std::fabs(d) > 9.2e18) return std::nullopt;
        return static_cast<int64_t>(d);
    }
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty() || s.size() > 19) return std::nullopt;
        size_t i = (s[0] == '-') ? 1 : 0;
        if (i == s.size()) return std::nullopt;
        int64_t n = 0;
        for (; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            n = n * 10 + (s[i] - '0');
        }
        return s[0] == '-' ? -n : n;
    }
    return std::nullopt;
}

std::string jsonString(const Json& obj, const char* key, const std::string& fallback) {
    auto v = jsonOptString(obj, key);
    return v ? *v : fallback;
}

std::optional<std::string> jsonOptString(const Json& obj, const char* key) {
    const Json* v = jsonField(obj, key);
    if (!v) return std::nullopt;
    return scalarToString(*v);
}

int64_t jsonInt(const Json& obj, const char* key, int64_t fallback) {
    auto v = jsonOptInt(obj, key);
    return v ? *v : fallback;
}

std::optional<int64_t> jsonOptInt(const Json& obj, const char* key) {
    const Json* v = jsonField(obj, key);
    if (!v) return std::nullopt;
    return scalarToInt(*v);
}

double jsonDouble(const Json& obj, const char* key, double fallback) {
    const Json* v = jsonField(obj, key);
    if (!v) return fallback;
    if (v->is_number()) {
        const double d = v->get<double>();
        return std::isfinite(d) ? d : fallback;
    }
    if (v->is_string()) {
        const auto& s = v->get_ref<const std::string&>();
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (end && *end == '\0' && !s.empty() && std::isfinite(d)) return d;
    }
    return fallback;
}

bool jsonBool(const Json& obj, const char* key, bool fallback) {
    const Json* v = jsonField(obj, key);
    if (!v) return fallback;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_number_integer()) return v->get<int64_t>() != 0;
    return fallback;
}

}  // namespace inbox::core
