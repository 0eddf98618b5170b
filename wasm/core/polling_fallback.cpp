#include "core/polling_fallback.h"

#include <algorithm>
#include <climits>

namespace inbox::core {

PollingFallback::PollingFallback(const Clock& clock, int64_t listIntervalMs, int64_t chatIntervalMs)
    : m_clock(clock), m_listInterval(listIntervalMs), m_chatInterval(chatIntervalMs) {}

void PollingFallback::setPollers(std::function<void(std::function<void()>)> pollList,
                                 std::function<void(std::function<void()>)> pollChat) {
    m_pollList = std::move(pollList);
    m_pollChat = std::move(pollChat);
}

void PollingFallback::setActive(bool active) {
    if (active == m_active) return;
    m_active = active;
    ++m_generation;
    m_listBusy = false;
    m_chatBusy = false;
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
        m_pollList([this, gen] {
            if (gen != m_generation) return;
            m_listBusy = false;
            m_nextList = m_clock.monotonicMs() + m_listInterval;
        });
    }
    if (!m_chatBusy && now >= m_nextChat && m_pollChat && gen == m_generation) {
        m_chatBusy = true;
        ++m_polls;
        m_pollChat([this, gen] {
            if (gen != m_generation) return;
            m_chatBusy = false;
            m_nextChat = m_clock.monotonicMs() + m_chatInterval;
        });
    }
}

int64_t PollingFallback::nextWakeMs() const {
    if (!m_active) return INT64_MAX;
    int64_t t = INT64_MAX;
    if (!m_listBusy) t = std::min(t, m_nextList);
    if (!m_chatBusy) t = std::min(t, m_nextChat);
    return t;
}

}  // namespace inbox::core
