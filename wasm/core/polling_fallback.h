// Degraded mode: while the realtime link is down, poll the chat list and the open chat so the agent
// still sees new messages. Polls never stack up: the next one is scheduled when the previous ended.
#pragma once

#include <cstdint>
#include <functional>

#include "core/platform.h"

namespace inbox::core {

class PollingFallback {
public:
    explicit PollingFallback(const Clock& clock, int64_t listIntervalMs = 5000, int64_t chatIntervalMs = 3000);

    // pollList/pollChat must call the `done` they receive when their request ends.
    void setPollers(std::function<void(std::function<void()> done)> pollList,
                    std::function<void(std::function<void()> done)> pollChat);
    void setActive(bool active);
    bool active() const { return m_active; }
    void tick();
    int64_t nextWakeMs() const;
    uint64_t polls() const { return m_polls; }

private:
    const Clock& m_clock;
    int64_t m_listInterval;
    int64_t m_chatInterval;
    std::function<void(std::function<void()>)> m_pollList;
    std::function<void(std::function<void()>)> m_pollChat;
    bool m_active = false;
    uint64_t m_generation = 0;
    int64_t m_nextList = 0;
    int64_t m_nextChat = 0;
    bool m_listBusy = false;
    bool m_chatBusy = false;
    uint64_t m_polls = 0;
};

}  // namespace inbox::core
