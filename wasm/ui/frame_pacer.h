// Render on demand: decides, on every animation-frame tick, whether a frame is drawn.
// Input and data ask for a few frames (hover/active states settle over 2-3 frames); pointer
// movement keeps the app awake a little longer so ImGui's hover delays (tooltips) can elapse;
// countdowns ask to be woken at a given time. Otherwise ticks are skipped: idle means idle.
#pragma once

#include <cstdint>

namespace inbox::ui {

class FramePacer {
public:
    // Input, network data, visibility change: draw `frames` more frames.
    void requestFrames(int frames = 3);
    // Keeps drawing until `untilMs` (pointer hover delays, short animations).
    void keepAwakeUntil(double untilMs);
    // Wakes once at `atMs` (a countdown's next visible change) for one frame. The earliest pending
    // wake wins.
    void wakeAt(double atMs);

    // Called on every animation-frame tick; true when this tick should draw.
    bool beginTick(double nowMs);
    // True when a tick at `nowMs` would draw (no counters touched).
    bool wouldRender(double nowMs) const;

    // Benchmark switch (`?idle=off` in the page URL): draw on every tick, as an app without idle
    // skipping would. Off by default.
    void setContinuous(bool on) { m_continuous = on; }
    bool continuous() const { return m_continuous; }

    uint64_t framesRendered() const { return m_rendered; }
    uint64_t framesSkipped() const { return m_skipped; }

private:
    int m_pendingFrames = 3;  // the first frames lay the screen out
    double m_awakeUntilMs = 0;
    double m_wakeAtMs = -1;   // < 0: none
    bool m_continuous = false;
    uint64_t m_rendered = 0;
    uint64_t m_skipped = 0;
};

// The app's one pacer: the platform loop ticks it, views and data callbacks feed it.
FramePacer& framePacer();

}  // namespace inbox::ui
