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
    // Per drawn frame (tools/bench): NewFrame + views + Render (ImGui's CPU work), then the GL calls.
    std::deque<double> frameBuildMs;
    std::deque<double> frameGlMs;

    static constexpr size_t kMaxLatencies = 64;
    static constexpr size_t kMaxFrameTimes = 256;
    void recordPushLatency(double ms);
    void recordFrame(double buildMs, double glMs);
    std::string toJson() const;
};

Metrics& metrics();

}  // namespace inbox::ui
