#include "core/polling_fallback.h"

#include <algorithm>
#include <climits>

namespace inbox::core {

PollingFallback::PollingFallback(const Clock& clock, int64_t listIntervalMs, int64_t chatIntervalMs,
                                 int64_t maxBackoffMs, uint64_t seed)
    : m_clock(clock),
      m_listInterval(listIntervalMs),
      m_chatInterval(chatIntervalMs),
      m_maxBackoff(std::max(maxBackoffMs, std::max(listIntervalMs, chatIntervalMs))),
      m_random(seed) {}

void PollingFallback::setPollers(std::function<void(Done)> pollList, std::function<void(Done)> pollChat) {
    m_pollList = std::move(pollList);
    m_pollChat = std::move(pollChat);
}

void PollingFallback::setActive(bool active) {
    if (active == m_active) return;
    m_active = active;
    ++m_generation;
    m_listBusy = false;
    m_chatBusy = false;
    m_listFailures = 0;
    m_chatFailures = 0;
    if (active) {
        // First poll right away: the agent has just been told the link is down.
        m_nextList = m_clock.monotonicMs();
        m_nextChat = m_clock.monotonicMs();
    }
}

void PollingFallback::tick() {
    if (!m_active) return;
    const int64_t now = m_clock.monotonicMs();
    const uint64_t gen = m_generation;
    if (!m_listBusy && now >= m_nextList && m_pollList) {
        m_listBusy = true;
        ++m_polls;
        m_pollList([this, gen](bool ok) {
            if (gen != m_generation) return;
            m_listBusy = false;
            m_nextList = m_clock.monotonicMs() + delayAfter(ok, m_listFailures, m_listInterval);
        });
    }
    if (!m_chatBusy && now >= m_nextChat && m_pollChat && gen == m_generation) {
        m_chatBusy = true;
        ++m_polls;
        m_pollChat([this, gen](bool ok) {
            if (gen != m_generation) return;
            m_chatBusy = false;
            m_nextChat = m_clock.monotonicMs() + delayAfter(ok, m_chatFailures, m_chatInterval);
        });
    }
}

int64_t PollingFallback::delayAfter(bool ok, int& failures, int64_t interval) {
    if (ok) {
        failures = 0;
        return interval;
    }
    // interval · 2^failures, capped; the jitter (75–100 %) keeps many tabs from polling in step.
    failures = std::min(failures + 1, 16);
    int64_t d = interval;
    for (int i = 0; i < failures && d < m_maxBackoff; ++i) d *= 2;
    d = std::min(d, m_maxBackoff);
    return m_random.between(d * 3 / 4, d);
}

int64_t PollingFallback::nextWakeMs() const {
    if (!m_active) return INT64_MAX;
    int64_t t = INT64_MAX;
    if (!m_listBusy) t = std::min(t, m_nextList);
    if (!m_chatBusy) t = std::min(t, m_nextChat);
    return t;
}

}  // namespace inbox::core
