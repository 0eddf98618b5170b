#include "jwt.h"

#include "util.h"

namespace stub {

std::string signJwtHs256(const nlohmann::json& claims, const std::string& secret) {
  const std::string header = base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
  const std::string payload = base64UrlEncode(claims.dump());
  const std::string input = header + "." + payload;
  return input + "." + base64UrlEncode(hmacSha256(secret, input));
}

JwtResult verifyJwtHs256(const std::string& token, const std::string& secret, int64_t nowSeconds) {
  JwtResult result;
  const size_t dot1 = token.find('.');
  if (dot1 == std::string::npos) return result;
  const size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) return result;

  auto header = base64UrlDecode(std::string_view(token).substr(0, dot1));
  auto payload = base64UrlDecode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64UrlDecode(std::string_view(token).substr(dot2 + 1));
  if (!header || !payload || !signature) return result;

  const std::string expected = hmacSha256(secret, std::string_view(token).substr(0, dot2));
  if (!constantTimeEquals(expected, *signature)) return result;

  auto headerJson = nlohmann::json::parse(*header, nullptr, false);
  auto claims = nlohmann::json::parse(*payload, nullptr, false);
  if (!headerJson.is_object() || !claims.is_object()) return result;
  // Only HS256: never let the token choose a weaker or keyless algorithm.
  if (!headerJson.contains("alg") || headerJson["alg"] != "HS256") return result;

  // Numbers only, and within a sane range so later ms arithmetic cannot overflow.
  for (const char* key : {"exp", "nbf", "iat"})
    if (claims.contains(key) && (!claims[key].is_number() || claims[key].get<double>() < 0 || claims[key].get<double>() > 1e11))
      return result;
  if (claims.contains("nbf") && claims["nbf"].get<double>() > double(nowSeconds)) return result;
  // Issued in the future (beyond clock skew): minted with a wrong clock or forged, never valid yet.
  if (claims.contains("iat") && claims["iat"].get<double>() > double(nowSeconds + kJwtClockSkewSeconds)) return result;
  result.claims = claims;
  if (claims.contains("exp") && claims["exp"].get<double>() <= double(nowSeconds)) {
    result.status = JwtStatus::Expired;
    return result;
  }
  result.status = JwtStatus::Ok;
  return result;
}

}  // namespace stub
