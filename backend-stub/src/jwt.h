// HS256 JSON Web Tokens: what Centrifugo accepts for connection and subscription tokens.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace stub {

std::string signJwtHs256(const nlohmann::json& claims, const std::string& secret);

// iat may run this far ahead of our clock (another issuer's clock in external mode).
constexpr int64_t kJwtClockSkewSeconds = 60;

enum class JwtStatus { Ok, Expired, Invalid };

struct JwtResult {
  JwtStatus status = JwtStatus::Invalid;
  nlohmann::json claims;  // set when the signature is valid (even if expired)
};

// Checks structure, alg, signature (constant time), then exp/nbf/iat against nowSeconds.
JwtResult verifyJwtHs256(const std::string& token, const std::string& secret, int64_t nowSeconds);

}  // namespace stub
