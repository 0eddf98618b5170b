#include "core/backoff.h"

#include <algorithm>

namespace inbox::core {

uint64_t Random::next() {
    m_state ^= m_state >> 12;
    m_state ^= m_state << 25;
    m_state ^= m_state >> 27;
    return m_state * 0x2545F4914F6CDD1DULL;
}

int64_t Random::between(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(next() % span);
}

int64_t backoffDelayMs(int step, int64_t minMs, int64_t maxMs, Random& random) {
    step = std::clamp(step, 0, 31);
    // min * 2^step, saturating (2^31 * 20000 would overflow 32 bits, not 64; still cap early).
    const int64_t grown = step >= 40 ? maxMs : std::min<int64_t>(maxMs, minMs << step);
    const int64_t interval = random.between(0, grown);
    return std::min(maxMs, minMs + interval);
}

int64_t Backoff::next() {
    const int64_t d = backoffDelayMs(m_step, m_min, m_max, m_random);
    if (m_step < 31) ++m_step;
    return d;
}

}  // namespace inbox::core
