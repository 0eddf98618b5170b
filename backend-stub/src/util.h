// Small helpers shared by the stub: clock, randomness, encodings and OpenSSL wrappers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stub {

// Wall clock in Unix epoch milliseconds (UTC).
int64_t nowMs();

// Cryptographically random bytes rendered as lowercase hex (2 chars per byte).
std::string randomHex(size_t bytes);
// Uniform integer in [lo, hi] from a non-crypto PRNG (simulation, jitter).
int64_t randomInt(int64_t lo, int64_t hi);

std::string base64UrlEncode(std::string_view data);
std::optional<std::string> base64UrlDecode(std::string_view text);

std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string sha256Hex(std::string_view data);
std::string toHex(std::string_view bytes);
// Compares in time independent of where the inputs differ (signatures, tokens).
bool constantTimeEquals(std::string_view a, std::string_view b);
// PBKDF2-HMAC-SHA256, 32-byte key rendered as hex.
std::string pbkdf2Hex(std::string_view password, std::string_view salt, int iterations);

std::string toLower(std::string_view s);
std::string trim(std::string_view s);
// Decodes %XX and '+' in a query component.
std::string urlDecode(std::string_view s);
// Parses a base-10 integer, rejecting trailing garbage and overflow.
std::optional<int64_t> parseInt(std::string_view s);

}  // namespace stub
