#include "login_limiter.h"

namespace stub {

namespace {
constexpr size_t kPruneAbove = 10000;  // keys kept before old ones are swept (bounded memory)
}

int64_t LoginLimiter::retryAfterSeconds(const std::string& key, int64_t nowMs) {
  auto it = m_failures.find(key);
  if (it == m_failures.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= nowMs - m_windowMs) times.pop_front();
  if (times.empty()) {
    m_failures.erase(it);
    return 0;
  }
  if (int(times.size()) < m_maxFailures) return 0;
  const int64_t waitMs = times.front() + m_windowMs - nowMs;
  return waitMs <= 0 ? 1 : (waitMs + 999) / 1000;
}

void LoginLimiter::recordFailure(const std::string& key, int64_t nowMs) {
  if (m_failures.size() > kPruneAbove) prune(nowMs);
  auto& times = m_failures[key];
  times.push_back(nowMs);
  while (int(times.size()) > m_maxFailures) times.pop_front();
}

void LoginLimiter::prune(int64_t nowMs) {
  for (auto it = m_failures.begin(); it != m_failures.end();) {
    if (it->second.empty() || it->second.back() <= nowMs - m_windowMs) it = m_failures.erase(it);
    else ++it;
  }
}

}  // namespace stub
