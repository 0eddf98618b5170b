#include "ui/metrics.h"

#include <nlohmann/json.hpp>

namespace inbox::ui {

void Metrics::recordPushLatency(double ms) {
    pushLatencyMs.push_back(ms);
    while (pushLatencyMs.size() > kMaxLatencies) pushLatencyMs.pop_front();
}

void Metrics::recordFrame(double buildMs, double glMs) {
    frameBuildMs.push_back(buildMs);
    frameGlMs.push_back(glMs);
    while (frameBuildMs.size() > kMaxFrameTimes) frameBuildMs.pop_front();
    while (frameGlMs.size() > kMaxFrameTimes) frameGlMs.pop_front();
}

std::string Metrics::toJson() const {
    nlohmann::json j = {
        {"framesRendered", framesRendered}, {"framesSkipped", framesSkipped},
        {"restRequests", restRequests},     {"wsFramesIn", wsFramesIn},
        {"wsFramesOut", wsFramesOut},       {"reconnects", reconnects},
        {"pushLatencyMs", nlohmann::json::array()},
    };
    for (double ms : pushLatencyMs) j["pushLatencyMs"].push_back(ms);
    return j.dump();
}

Metrics& metrics() {
    static Metrics m;
    return m;
}

}  // namespace inbox::ui
