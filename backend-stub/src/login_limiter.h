// Failed-login throttle per (client IP, e-mail): too many failures in a window answer 429 before
// any password is hashed, so guessing is slow and cannot burn the server's CPU either.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace stub {

class LoginLimiter {
 public:
  LoginLimiter(int maxFailures = 10, int64_t windowMs = 60000) : m_maxFailures(maxFailures), m_windowMs(windowMs) {}
  // Seconds to wait when the key is locked out, 0 when an attempt may go ahead.
  int64_t retryAfterSeconds(const std::string& key, int64_t nowMs);
  void recordFailure(const std::string& key, int64_t nowMs);
  void recordSuccess(const std::string& key) { m_failures.erase(key); }

 private:
  void prune(int64_t nowMs);

  int m_maxFailures;
  int64_t m_windowMs;
  std::unordered_map<std::string, std::deque<int64_t>> m_failures;
};

}  // namespace stub
