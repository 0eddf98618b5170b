// Full-jitter exponential backoff, as centrifuge-js computes it:
//   interval = random in [0, min(max, min * 2^step)], delay = min(max, min + interval).
// With the defaults (500 ms, 20 s): step 0 → 500–1000 ms, step 1 → 500–1500 ms, … ≥6 → 500–20000 ms.
#pragma once

#include <cstdint>

namespace inbox::core {

// Small deterministic PRNG (xorshift64*), seedable for tests; no <random> state needed.
class Random {
public:
    explicit Random(uint64_t seed = 0x9E3779B97F4A7C15ULL) : m_state(seed ? seed : 1) {}
    uint64_t next();
    // Uniform integer in [lo, hi] (inclusive).
    int64_t between(int64_t lo, int64_t hi);

private:
    uint64_t m_state;
};

int64_t backoffDelayMs(int step, int64_t minMs, int64_t maxMs, Random& random);

class Backoff {
public:
    Backoff(int64_t minMs, int64_t maxMs, Random& random) : m_min(minMs), m_max(maxMs), m_random(random) {}
    // The delay for the next attempt; each call advances the step.
    int64_t next();
    void reset() { m_step = 0; }
    int step() const { return m_step; }

private:
    int64_t m_min;
    int64_t m_max;
    Random& m_random;
    int m_step = 0;
};

}  // namespace inbox::core
