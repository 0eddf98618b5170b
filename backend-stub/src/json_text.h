// Compact JSON output that never throws: invalid UTF-8 that slipped into a string is
// replaced instead of aborting the request (nlohmann's default is to throw).
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace stub {

inline std::string jsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Parses a body that must be a JSON object. On failure returns why, telling invalid JSON (with
// nlohmann's reason, e.g. a lone surrogate escape, without echoing the input) from a valid JSON
// value of the wrong type.
inline std::optional<std::string> parseJsonObject(const std::string& text, nlohmann::json& out) {
  try {
    out = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    std::string why = e.what();
    if (const size_t tag = why.find("] "); why.rfind("[json.exception", 0) == 0 && tag != std::string::npos) why.erase(0, tag + 2);
    if (const size_t echo = why.find("; last read:"); echo != std::string::npos) why.erase(echo);
    return "not valid JSON (" + why + ")";
  }
  if (!out.is_object()) return std::string("valid JSON but not an object (got ") + out.type_name() + ")";
  return std::nullopt;
}

}  // namespace stub
