#include "core/panel_layout.h"

#include <algorithm>
#include <cmath>

#include "core/json_access.h"

namespace inbox::core {

PanelLayout::PanelLayout(PanelLimits limits)
    : m_limits(limits),
      m_wantLeft(limits.leftDefault),
      m_wantRight(limits.rightDefault),
      m_left(limits.leftDefault),
      m_right(limits.rightDefault) {}

double PanelLayout::minLeft() const {
    double v = m_limits.leftMin;
    if (m_widthPx > 0) v = std::max(v, 100.0 * m_limits.leftMinPx / m_widthPx);
    return std::min(v, m_limits.leftMax);
}

double PanelLayout::minMiddle() const {
    double v = m_limits.middleMin;
    if (m_widthPx > 0) v = std::max(v, 100.0 * m_limits.middleMinPx / m_widthPx);
    return v;
}

double PanelLayout::minRight() const {
    double v = m_limits.rightMin;
    if (m_widthPx > 0) v = std::max(v, 100.0 * m_limits.rightMinPx / m_widthPx);
    return std::min(v, m_limits.rightMax);
}

void PanelLayout::touch(const Snapshot& b) {
    const auto moved = [](double x, double y) { return std::fabs(x - y) > 1e-9; };
    if (moved(b.left, m_left) || moved(b.right, m_right) || b.collapsed != m_rightCollapsed ||
        moved(b.wantLeft, m_wantLeft) || moved(b.wantRight, m_wantRight) || b.wantCollapsed != m_wantCollapsed)
        ++m_revision;
}

void PanelLayout::apply() {
    m_left = m_wantLeft;
    m_right = m_wantRight;
    m_rightCollapsed = m_wantCollapsed;
    m_autoCollapsed = false;
    clampAll();
}

void PanelLayout::clampAll() {
    if (!std::isfinite(m_left)) m_left = m_limits.leftDefault;
    if (!std::isfinite(m_right)) m_right = m_limits.rightDefault;
    m_left = std::clamp(m_left, minLeft(), m_limits.leftMax);
    m_right = std::clamp(m_right, minRight(), m_limits.rightMax);
    // The middle keeps its minimum: take the excess from the right first, then the left.
    double excess = m_left + visibleRight() + minMiddle() - 100.0;
    if (excess > 0 && !m_rightCollapsed) {
        const double give = std::min(excess, m_right - minRight());
        m_right -= give;
        excess -= give;
    }
    if (excess > 0) {
        const double give = std::min(excess, m_left - minLeft());
        m_left -= give;
        excess -= give;
    }
    // Still too narrow for three panels: hide the ticket panel (the agent can open it again).
    if (excess > 0 && !m_rightCollapsed) {
        m_rightCollapsed = true;
        m_autoCollapsed = true;
    }
}

void PanelLayout::dragLeftHandle(double xPercent) {
    if (!std::isfinite(xPercent)) return;
    const Snapshot before = snapshot();
    const double maxByMiddle = 100.0 - visibleRight() - minMiddle();
    // What the agent sees is what they choose; the right keeps its own choice (it may be drawn
    // narrower on this width).
    m_wantLeft = std::clamp(xPercent, minLeft(), std::max(minLeft(), std::min(m_limits.leftMax, maxByMiddle)));
    apply();
    touch(before);
}

void PanelLayout::dragRightHandle(double xPercent) {
    if (!std::isfinite(xPercent) || m_rightCollapsed) return;
    const Snapshot before = snapshot();
    const double wanted = 100.0 - xPercent;
    const double maxByMiddle = 100.0 - m_left - minMiddle();
    m_wantRight = std::clamp(wanted, minRight(), std::max(minRight(), std::min(m_limits.rightMax, maxByMiddle)));
    apply();
    touch(before);
}

void PanelLayout::collapseRight() {
    const Snapshot before = snapshot();
    m_wantCollapsed = true;
    apply();
    touch(before);
}

void PanelLayout::restoreRight() {
    const Snapshot before = snapshot();
    m_wantCollapsed = false;
    // On a window that cannot fit three panels it stays auto-collapsed (limits are never broken)
    // and comes back when the window is wide enough.
    apply();
    touch(before);
}

void PanelLayout::toggleRight() {
    // Stacked, the ticket replaces the messages and back, leaving the wide layout's choice alone.
    if (stacked()) {
        m_stackedPanel = m_stackedPanel == StackedPanel::Ticket ? StackedPanel::Messages : StackedPanel::Ticket;
        return;
    }
    if (m_rightCollapsed) restoreRight();
    else collapseRight();
}

void PanelLayout::reset() {
    const Snapshot before = snapshot();
    m_wantLeft = m_limits.leftDefault;
    m_wantRight = m_limits.rightDefault;
    m_wantCollapsed = false;
    apply();
    touch(before);
}

void PanelLayout::setWindowWidth(double widthPx) {
    if (!std::isfinite(widthPx) || widthPx <= 0) return;
    const Snapshot before = snapshot();
    m_widthPx = widthPx;
    // Always from the agent's choice: a narrow window's clamp never sticks once it widens again.
    apply();
    touch(before);
}

PanelWidths PanelLayout::widthsPx(double widthPx) const {
    PanelWidths w;
    if (!(widthPx > 0)) return w;
    w.left = std::round(widthPx * m_left / 100.0);
    w.right = std::round(widthPx * visibleRight() / 100.0);
    w.middle = std::max(0.0, widthPx - w.left - w.right);
    return w;
}

std::string PanelLayout::toJson() const {
    Json j = Json::object();
    j["v"] = 1;
    // The agent's choice: clamps and automatic collapses are consequences of the window.
    j["left"] = std::round(m_wantLeft * 100.0) / 100.0;
    j["right"] = std::round(m_wantRight * 100.0) / 100.0;
    j["rightCollapsed"] = m_wantCollapsed;
    return dumpJson(j);
}

bool PanelLayout::fromJson(const std::string& text) {
    const Json j = parseJson(text);
    if (!j.is_object() || jsonInt(j, "v") != 1) return false;
    const Json* l = jsonField(j, "left");
    const Json* r = jsonField(j, "right");
    if (!l || !r || !l->is_number() || !r->is_number()) return false;
    const Snapshot before = snapshot();
    // Odd values are clamped by the percent limits alone (no window width), so the stored choice
    // is sane whatever width it is loaded on.
    const double widthPx = m_widthPx;
    m_widthPx = 0;
    m_left = l->get<double>();
    m_right = r->get<double>();
    m_rightCollapsed = jsonBool(j, "rightCollapsed");
    m_autoCollapsed = false;
    clampAll();
    m_wantLeft = m_left;
    m_wantRight = m_right;
    m_wantCollapsed = m_rightCollapsed;
    m_widthPx = widthPx;
    apply();
    touch(before);
    return true;
}

bool PanelLayout::stacked() const {
    return m_widthPx > 0 && m_widthPx < m_limits.leftMinPx + m_limits.middleMinPx;
}

void PanelLayout::followSelection(const std::string& chatId) {
    if (chatId == m_stackedChat) return;
    m_stackedChat = chatId;
    m_stackedPanel = chatId.empty() ? StackedPanel::Conversations : StackedPanel::Messages;
}

}  // namespace inbox::core
