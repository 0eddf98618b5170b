// Counters behind inbox.metrics(). The platform loop fills the frame counters; the integrator wires
// the network ones (REST transport, WebSocket transport, Centrifugo client, push handler).
#pragma once

#include <cstdint>
#include <deque>
#include <string>

namespace inbox::ui {

struct Metrics {
    uint64_t framesRendered = 0;
    uint64_t framesSkipped = 0;
    uint64_t restRequests = 0;   // each fetch started
    uint64_t wsFramesIn = 0;     // each WebSocket message received
    uint64_t wsFramesOut = 0;    // each WebSocket message sent
    uint64_t reconnects = 0;     // each reconnect attempt of the realtime link
    std::deque<double> pushLatencyMs;  // server `ts` of a publication to the frame that drew it

    static constexpr size_t kMaxLatencies = 64;
    void recordPushLatency(double ms);
    std::string toJson() const;
};

Metrics& metrics();

}  // namespace inbox::ui
