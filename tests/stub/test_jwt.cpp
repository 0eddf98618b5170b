#include "jwt.h"
#include "util.h"

#include <gtest/gtest.h>

using namespace stub;
using nlohmann::json;

TEST(Jwt, SignedTokenVerifiesWithItsClaims) {
  const std::string token = signJwtHs256({{"sub", "7"}, {"exp", 2000}}, "secret");
  const JwtResult r = verifyJwtHs256(token, "secret", 1000);
  EXPECT_EQ(r.status, JwtStatus::Ok);
  EXPECT_EQ(r.claims["sub"], "7");
}

TEST(Jwt, KnownVectorFromTheSpecVerifies) {
  // jwt.io's HS256 example token, secret "your-256-bit-secret": an independent implementation.
  const std::string token =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
      "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  const JwtResult r = verifyJwtHs256(token, "your-256-bit-secret", 1600000000);
  EXPECT_EQ(r.status, JwtStatus::Ok);
  EXPECT_EQ(r.claims["name"], "John Doe");
}

TEST(Jwt, ExpiredIsReportedAsExpired) {
  const std::string token = signJwtHs256({{"sub", "7"}, {"exp", 1000}}, "secret");
  EXPECT_EQ(verifyJwtHs256(token, "secret", 1000).status, JwtStatus::Expired);
  EXPECT_EQ(verifyJwtHs256(token, "secret", 999).status, JwtStatus::Ok);
}

TEST(Jwt, WrongSecretTamperedOrMalformedIsInvalid) {
  const std::string token = signJwtHs256({{"sub", "7"}}, "secret");
  EXPECT_EQ(verifyJwtHs256(token, "other", 0).status, JwtStatus::Invalid);
  std::string tampered = token;
  const size_t dot = tampered.find('.');
  tampered.replace(dot + 1, tampered.find('.', dot + 1) - dot - 1, base64UrlEncode(R"({"sub":"8"})"));
  EXPECT_EQ(verifyJwtHs256(tampered, "secret", 0).status, JwtStatus::Invalid);
  EXPECT_EQ(verifyJwtHs256("not-a-jwt", "secret", 0).status, JwtStatus::Invalid);
  EXPECT_EQ(verifyJwtHs256("a.b.c.d", "secret", 0).status, JwtStatus::Invalid);
  EXPECT_EQ(verifyJwtHs256("", "secret", 0).status, JwtStatus::Invalid);
}

TEST(Jwt, AlgNoneIsRejected) {
  const std::string header = base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
  const std::string payload = base64UrlEncode(R"({"sub":"7"})");
  EXPECT_EQ(verifyJwtHs256(header + "." + payload + ".", "secret", 0).status, JwtStatus::Invalid);
}

TEST(Jwt, NotBeforeInTheFutureIsInvalid) {
  const std::string token = signJwtHs256({{"sub", "7"}, {"nbf", 500}}, "secret");
  EXPECT_EQ(verifyJwtHs256(token, "secret", 499).status, JwtStatus::Invalid);
  EXPECT_EQ(verifyJwtHs256(token, "secret", 500).status, JwtStatus::Ok);
}

TEST(Crypto, HmacMatchesRfc4231Vector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(toHex(hmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, Base64UrlRoundTrip) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
    auto decoded = base64UrlDecode(base64UrlEncode(s));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_FALSE(base64UrlDecode("a"));
  EXPECT_FALSE(base64UrlDecode("ab$d"));
}
