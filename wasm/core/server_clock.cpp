#include "core/server_clock.h"

namespace inbox::core {

void ServerClock::observe(int64_t serverMs, int64_t sentWallMs, int64_t receivedWallMs) {
    if (serverMs <= 0 || receivedWallMs < sentWallMs) return;
    const int64_t rtt = receivedWallMs - sentWallMs;
    const int64_t midpoint = sentWallMs + rtt / 2;
    m_samples.push_back({serverMs - midpoint, rtt});
    if (m_samples.size() > 8) m_samples.pop_front();
}

int64_t ServerClock::offsetMs() const {
    if (m_samples.empty()) return 0;
    const Sample* best = &m_samples.front();
    for (const auto& s : m_samples)
        if (s.rtt <= best->rtt) best = &s;  // ties: prefer the newest
    return best->offset;
}

}  // namespace inbox::core
