// Type-checked reads from nlohmann::json that never throw: a missing key, null or wrong type gives
// the fallback. The Emscripten build has exceptions disabled, so nothing here may rely on try/catch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace inbox::core {

using Json = nlohmann::json;

// Parses without exceptions; returns a discarded value (is_discarded()) on bad input, including
// JSON nested deeper than 64 levels (copies of such values would recurse that deep).
Json parseJson(std::string_view text);
// Compact, newline-free, invalid UTF-8 replaced instead of throwing.
std::string dumpJson(const Json& j);

const Json* jsonField(const Json& obj, const char* key);
bool hasObject(const Json& obj, const char* key);
// Strings; numbers are accepted and printed (ids are sometimes numbers in the wild).
std::string jsonString(const Json& obj, const char* key, const std::string& fallback = {});
std::optional<std::string> jsonOptString(const Json& obj, const char* key);
// Integers; numeric strings ("1789390800") and floats are accepted.
int64_t jsonInt(const Json& obj, const char* key, int64_t fallback = 0);
std::optional<int64_t> jsonOptInt(const Json& obj, const char* key);
double jsonDouble(const Json& obj, const char* key, double fallback = 0);
bool jsonBool(const Json& obj, const char* key, bool fallback = false);
// Turns a scalar json value into an id/text string (string as is, integer printed).
std::optional<std::string> scalarToString(const Json& v);
std::optional<int64_t> scalarToInt(const Json& v);

}  // namespace inbox::core
