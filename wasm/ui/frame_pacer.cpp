#include "ui/frame_pacer.h"

#include <algorithm>

namespace inbox::ui {

void FramePacer::requestFrames(int frames) { m_pendingFrames = std::max(m_pendingFrames, frames); }

void FramePacer::keepAwakeUntil(double untilMs) { m_awakeUntilMs = std::max(m_awakeUntilMs, untilMs); }

void FramePacer::wakeAt(double atMs) {
    if (m_wakeAtMs < 0 || atMs < m_wakeAtMs) m_wakeAtMs = atMs;
}

bool FramePacer::wouldRender(double nowMs) const {
    return m_continuous || m_pendingFrames > 0 || nowMs < m_awakeUntilMs || (m_wakeAtMs >= 0 && nowMs >= m_wakeAtMs);
}

bool FramePacer::beginTick(double nowMs) {
    if (!wouldRender(nowMs)) {
        ++m_skipped;
        return false;
    }
    // A timed wake draws one frame: a countdown's new minute is text in place, nothing to settle
    // (a view whose content size changes asks for its next frame itself).
    // Every drawn frame asks again for the timed wakes it still needs (a countdown on screen): one
    // for a countdown no longer shown (another chat opened) must not wake an idle app later.
    m_wakeAtMs = -1;
    if (m_pendingFrames > 0) --m_pendingFrames;
    ++m_rendered;
    return true;
}

FramePacer& framePacer() {
    static FramePacer pacer;
    return pacer;
}

}  // namespace inbox::ui
