// Degraded mode: while the realtime link is down, poll the chat list and the open chat so the agent
// still sees new messages. Polls never stack up: the next one is scheduled when the previous ended.
// A failed poll (server unreachable too) backs off exponentially, with jitter, up to maxBackoffMs;
// a good one, or the link coming back, goes back to the normal interval.
#pragma once

#include <cstdint>
#include <functional>

#include "core/backoff.h"
#include "core/platform.h"

namespace inbox::core {

class PollingFallback {
public:
    using Done = std::function<void(bool ok)>;
    explicit PollingFallback(const Clock& clock, int64_t listIntervalMs = 5000, int64_t chatIntervalMs = 3000,
                             int64_t maxBackoffMs = 30000, uint64_t seed = 11);

    // pollList/pollChat must call the `done` they receive when their request ends (ok: it worked).
    void setPollers(std::function<void(Done done)> pollList, std::function<void(Done done)> pollChat);
    void setActive(bool active);
    bool active() const { return m_active; }
    void tick();
    int64_t nextWakeMs() const;
    uint64_t polls() const { return m_polls; }

private:
    int64_t delayAfter(bool ok, int& failures, int64_t interval);

    const Clock& m_clock;
    int64_t m_listInterval;
    int64_t m_chatInterval;
    int64_t m_maxBackoff;
    Random m_random;
    std::function<void(Done)> m_pollList;
    std::function<void(Done)> m_pollChat;
    int m_listFailures = 0;
    int m_chatFailures = 0;
    bool m_active = false;
    uint64_t m_generation = 0;
    int64_t m_nextList = 0;
    int64_t m_nextChat = 0;
    bool m_listBusy = false;
    bool m_chatBusy = false;
    uint64_t m_polls = 0;
};

}  // namespace inbox::core
