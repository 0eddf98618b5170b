// The three panels side by side with two draggable handles; sizes come from core's PanelLayout
// (limits, persistence) and the right panel collapses/restores by button or double-click.
#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>

#include "core/panel_layout.h"
#include "core/session.h"
#include "ui/icons.h"
#include "ui/strings.h"
#include "ui/theme.h"
#include "ui/view_context.h"
#include "ui/widgets.h"

namespace inbox::ui {
namespace {

// The handles live in gaps between the panels: a child window covering them would take the hover.
constexpr float kHandleWidth = 6.0f;
constexpr float kGap = kHandleWidth * 0.5f;

std::string percentText(double value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    return buf;
}

// A vertical handle at x (screen); returns true while dragged, `doubleClicked` on double-click.
bool handle(const char* id, const char* readableLabel, double valuePercent, ImVec2 pos, float height, bool& doubleClicked) {
    ImGui::SetCursorScreenPos(ImVec2(pos.x - kHandleWidth * 0.5f, pos.y));
    ImGui::InvisibleButton(id, ImVec2(kHandleWidth, height));
    annotate("separator", readableLabel, percentText(valuePercent));
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    doubleClicked = hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
    if (hovered || active) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    const ImU32 color = active ? palette().accent : hovered ? withAlpha(palette().accent, 140) : palette().border;
    const float lineWidth = (hovered || active) ? 2.0f : 1.0f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, pos.y), ImVec2(pos.x, pos.y + height), color, lineWidth);
    return active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f);
}

void panel(const char* id, ImVec2 pos, ImVec2 size, void (*draw)(ViewContext&), ViewContext& ctx) {
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().panel);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
    const bool open = ImGui::BeginChild(id, size, ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar(2);
    // Children inside the panel (lists, scroll areas) draw on the panel's own background.
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    if (open) draw(ctx);
    ImGui::PopStyleColor();
    ImGui::EndChild();
}

// A phone-sized window: one panel at a time, with a bar to go back from messages or ticket.
void drawStacked(ViewContext& ctx, ImVec2 origin, float width, float height) {
    core::PanelLayout& layout = ctx.session.layout();
    const core::StackedPanel which = layout.stackedPanel();
    if (which == core::StackedPanel::Conversations) {
        panel("##conversations", origin, ImVec2(width, height), drawChatList, ctx);
        return;
    }
    constexpr float kBarHeight = 40.0f;
    ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + kBarHeight), palette().panel);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + 6, origin.y + 4));
    const bool onTicket = which == core::StackedPanel::Ticket;
    const std::string back = std::string(ICON_CHEVRON_LEFT "  ") + (onTicket ? str::kBackToMessages : str::kBackToConversations);
    if (ImGui::Button((back + "##stacked-back").c_str(), ImVec2(0, kBarHeight - 8))) {
        layout.showStacked(onTicket ? core::StackedPanel::Messages : core::StackedPanel::Conversations);
    }
    annotate("button", onTicket ? str::kBackToMessages : str::kBackToConversations);
    const ImVec2 below(origin.x, origin.y + kBarHeight);
    panel(onTicket ? "##ticket" : "##messages", below, ImVec2(width, height - kBarHeight), onTicket ? drawTicketPanel : drawChatWindow, ctx);
}

}  // namespace

void drawLayout(ViewContext& ctx) {
    core::PanelLayout& layout = ctx.session.layout();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = avail.x, height = avail.y;
    if (width < 10 || height < 10) return;
    layout.setWindowWidth(width);
    layout.followSelection(ctx.session.store().selectedChatId());
    if (layout.stacked()) {
        drawStacked(ctx, origin, width, height);
        return;
    }
    const core::PanelWidths w = layout.widthsPx(width);

    const float leftW = static_cast<float>(w.left);
    const float rightW = static_cast<float>(w.right);
    const float middleW = width - leftW - rightW;
    const float middleEnd = rightW > 0 ? middleW - kGap : middleW - kHandleWidth;
    panel("##conversations", origin, ImVec2(leftW - kGap, height), drawChatList, ctx);
    panel("##messages", ImVec2(origin.x + leftW + kGap, origin.y), ImVec2(middleEnd - kGap, height), drawChatWindow, ctx);
    if (rightW > 0) panel("##ticket", ImVec2(origin.x + leftW + middleW + kGap, origin.y), ImVec2(rightW - kGap, height), drawTicketPanel, ctx);

    // Handles last so they sit above the panels' edges.
    bool doubleClicked = false;
    if (handle("##handle-left", str::kResizeConversations, layout.left(), ImVec2(origin.x + leftW, origin.y), height, doubleClicked)) {
        layout.dragLeftHandle((ImGui::GetIO().MousePos.x - origin.x) / width * 100.0);
    }
    const float rightX = rightW > 0 ? origin.x + leftW + middleW : origin.x + width - kGap;
    if (handle("##handle-right", str::kResizeTicket, layout.visibleRight(), ImVec2(rightX, origin.y), height, doubleClicked) &&
        !layout.rightCollapsed()) {
        layout.dragRightHandle((ImGui::GetIO().MousePos.x - origin.x) / width * 100.0);
    }
    if (doubleClicked) layout.toggleRight();
}

}  // namespace inbox::ui
