// The three-panel split: conversations | messages | ticket. Sizes are percentages of the width:
// left 25 [15–40], middle 50 [≥30], right 25 [20–40] and collapsible. Dragging a handle only
// trades width between its two neighbours; limits are enforced in percent and, on narrow windows,
// in pixels (a panel never gets narrower than it can draw). Persisted as a small JSON string.
#pragma once

#include <string>

namespace inbox::core {

struct PanelLimits {
    double leftDefault = 25, leftMin = 15, leftMax = 40;
    double middleMin = 30;
    double rightDefault = 25, rightMin = 20, rightMax = 40;
    // Below these pixel widths panels stop being usable; on narrow windows they raise the minimums.
    double leftMinPx = 220, middleMinPx = 320, rightMinPx = 260;
};

// On a window too narrow for two panels (a phone, a slim iframe) one panel shows at a time.
enum class StackedPanel { Conversations, Messages, Ticket };

struct PanelWidths {
    double left = 0, middle = 0, right = 0;  // pixels; right is 0 when collapsed
};

class PanelLayout {
public:
    explicit PanelLayout(PanelLimits limits = {});

    double left() const { return m_left; }
    double middle() const { return 100.0 - m_left - visibleRight(); }
    double right() const { return m_right; }  // the size it has (or will have when restored)
    double visibleRight() const { return m_rightCollapsed ? 0.0 : m_right; }
    bool rightCollapsed() const { return m_rightCollapsed; }

    // Handle between left and middle moved to `xPercent` of the width (absolute position).
    void dragLeftHandle(double xPercent);
    // Handle between middle and right moved to `xPercent`.
    void dragRightHandle(double xPercent);
    void collapseRight();
    void restoreRight();
    void toggleRight();
    void reset();
    // The window is now `widthPx` wide: re-clamp (narrow windows can auto-collapse the right panel
    // without forgetting the agent's choice).
    void setWindowWidth(double widthPx);
    bool autoCollapsed() const { return m_autoCollapsed; }
    PanelWidths widthsPx(double widthPx) const;

    // True when the conversations and messages panels cannot both fit at their pixel minimums.
    bool stacked() const;
    // The panel a stacked window shows: conversations until a chat is open.
    StackedPanel stackedPanel() const { return m_stackedChat.empty() ? StackedPanel::Conversations : m_stackedPanel; }
    void showStacked(StackedPanel panel) { m_stackedPanel = panel; }
    // Called with the open chat every frame: opening another chat shows its messages.
    void followSelection(const std::string& chatId);

    // The agent's choice, not the sizes clamped for the current width:
    // {"v":1,"left":25,"right":25,"rightCollapsed":false}
    std::string toJson() const;
    // Returns false (and keeps defaults) when the text is not a valid layout; clamps odd values.
    bool fromJson(const std::string& text);
    // Bumps on every change (effective or chosen), so the platform knows when to persist/redraw.
    unsigned revision() const { return m_revision; }

private:
    double minLeft() const;
    double minMiddle() const;
    double minRight() const;
    void clampAll();
    // Recomputes the effective sizes from the agent's choice for the current width.
    void apply();
    struct Snapshot {
        double left, right, wantLeft, wantRight;
        bool collapsed, wantCollapsed;
    };
    Snapshot snapshot() const { return {m_left, m_right, m_wantLeft, m_wantRight, m_rightCollapsed, m_wantCollapsed}; }
    void touch(const Snapshot& before);

    PanelLimits m_limits;
    // The agent's choice (what is persisted); a narrow window never rewrites it, so passing through
    // one does not shrink the panels for good.
    double m_wantLeft;
    double m_wantRight;
    bool m_wantCollapsed = false;
    // Effective sizes: the choice clamped for the current width.
    double m_left;
    double m_right;
    bool m_rightCollapsed = false;
    bool m_autoCollapsed = false;
    double m_widthPx = 0;  // 0: unknown, percent limits only
    unsigned m_revision = 0;
    StackedPanel m_stackedPanel = StackedPanel::Conversations;
    std::string m_stackedChat;
};

}  // namespace inbox::core
