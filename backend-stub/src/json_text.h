// Compact JSON output that never throws: invalid UTF-8 that slipped into a string is
// replaced instead of aborting the request (nlohmann's default is to throw).
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace stub {

inline std::string jsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stub
