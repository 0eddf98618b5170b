#include "core/panel_layout.h"

#include <algorithm>
#include <cmath>

#include "core/json_access.h"

namespace inbox::core {

PanelLayout::PanelLayout(PanelLimits limits)
    : m_limits(limits), m_left(limits.leftDefault), m_right(limits.rightDefault) {}

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

void PanelLayout::touch(double oldLeft, double oldRight, bool oldCollapsed) {
    if (std::fabs(oldLeft - m_left) > 1e-9 || std::fabs(oldRight - m_right) > 1e-9 || oldCollapsed != m_rightCollapsed)
        ++m_revision;
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
    const double ol = m_left, orr = m_right;
    const bool oc = m_rightCollapsed;
    const double maxByMiddle = 100.0 - visibleRight() - minMiddle();
    m_left = std::clamp(xPercent, minLeft(), std::max(minLeft(), std::min(m_limits.leftMax, maxByMiddle)));
    touch(ol, orr, oc);
}

void PanelLayout::dragRightHandle(double xPercent) {
    if (!std::isfinite(xPercent) || m_rightCollapsed) return;
    const double ol = m_left, orr = m_right;
    const double wanted = 100.0 - xPercent;
    const double maxByMiddle = 100.0 - m_left - minMiddle();
    m_right = std::clamp(wanted, minRight(), std::max(minRight(), std::min(m_limits.rightMax, maxByMiddle)));
    touch(ol, orr, false);
}

void PanelLayout::collapseRight() {
    const double ol = m_left, orr = m_right;
    const bool oc = m_rightCollapsed;
    m_rightCollapsed = true;
    m_autoCollapsed = false;
    touch(ol, orr, oc);
}

void PanelLayout::restoreRight() {
    const double ol = m_left, orr = m_right;
    const bool oc = m_rightCollapsed;
    m_rightCollapsed = false;
    m_autoCollapsed = false;
    clampAll();
    if (m_rightCollapsed) {
        // The window cannot fit three panels: restoring is refused rather than breaking limits.
        m_autoCollapsed = true;
    }
    touch(ol, orr, oc);
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
    const double ol = m_left, orr = m_right;
    const bool oc = m_rightCollapsed;
    m_left = m_limits.leftDefault;
    m_right = m_limits.rightDefault;
    m_rightCollapsed = false;
    m_autoCollapsed = false;
    clampAll();
    touch(ol, orr, oc);
}

void PanelLayout::setWindowWidth(double widthPx) {
    if (!std::isfinite(widthPx) || widthPx <= 0) return;
    const double ol = m_left, orr = m_right;
    const bool oc = m_rightCollapsed;
    m_widthPx = widthPx;
    if (m_autoCollapsed) {
        // Try to bring the panel back now that the window may be wide enough again.
        m_rightCollapsed = false;
        m_autoCollapsed = false;
    }
    clampAll();
    touch(ol, orr, oc);
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
    j["left"] = std::round(m_left * 100.0) / 100.0;
    j["right"] = std::round(m_right * 100.0) / 100.0;
    // An automatic collapse is a consequence of the window, not the agent's choice.
    j["rightCollapsed"] = m_rightCollapsed && !m_autoCollapsed;
    return dumpJson(j);
}

bool PanelLayout::fromJson(const std::string& text) {
    const Json j = parseJson(text);
    if (!j.is_object() || jsonInt(j, "v") != 1) return false;
    const Json* l = jsonField(j, "left");
    const Json* r = jsonField(j, "right");
    if (!l || !r || !l->is_number() || !r->is_number()) return false;
    const double ol = m_left, orr = m_right;
    const bool oc = m_rightCollapsed;
    m_left = l->get<double>();
    m_right = r->get<double>();
    m_rightCollapsed = jsonBool(j, "rightCollapsed");
    m_autoCollapsed = false;
    clampAll();
    touch(ol, orr, oc);
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
