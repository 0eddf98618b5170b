// Estimates the server clock from `X-Server-Time` samples: the 24-hour window counts down against
// the server, not against a laptop clock that may be minutes off.
#pragma once

#include <cstdint>
#include <deque>

namespace inbox::core {

class ServerClock {
public:
    // serverMs was stamped between sentWallMs and receivedWallMs (local wall clock).
    void observe(int64_t serverMs, int64_t sentWallMs, int64_t receivedWallMs);
    bool known() const { return !m_samples.empty(); }
    // server − local, from the sample with the shortest round trip among the recent ones.
    int64_t offsetMs() const;
    int64_t serverNow(int64_t localWallMs) const { return localWallMs + offsetMs(); }

private:
    struct Sample {
        int64_t offset;
        int64_t rtt;
    };
    std::deque<Sample> m_samples;
};

}  // namespace inbox::core
