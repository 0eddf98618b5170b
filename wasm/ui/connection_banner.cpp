// The realtime link's health, visible at once: a strip above the panels when it is connecting
// again, degraded to polling or down. Nothing when healthy.
#include <imgui.h>

#include "core/session.h"
#include "core/strings.h"
#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/view_context.h"
#include "ui/widgets.h"

namespace inbox::ui {

float drawConnectionBanner(ViewContext& ctx) {
    const core::ConnectionState state = ctx.session.store().connection();
    const bool authExpired = ctx.session.authExpired();
    if (state == core::ConnectionState::Connected && !authExpired) return 0;
    const Palette& pal = palette();
    const char* key = "connection.connecting";
    const char* icon = ICON_REFRESH;
    ImU32 color = pal.warning;
    if (authExpired) {
        // Embedded, the token died and the host has not renewed it yet: everything stays on screen.
        key = "embed.auth_expired";
        icon = ICON_WARNING;
    } else if (state == core::ConnectionState::Degraded) {
        key = "connection.degraded";
        icon = ICON_WARNING;
    } else if (state == core::ConnectionState::Disconnected) {
        key = "connection.disconnected";
        icon = ICON_PLUG;
        color = pal.danger;
    }
    const float height = 30;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + height), withAlpha(color, 235));
    const std::string text = std::string(icon) + "  " + core::tr(key);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at(p.x + (w - ts.x) * 0.5f, p.y + (height - ts.y) * 0.5f);
    dl->AddText(at, IM_COL32(20, 20, 20, 255), text.c_str());
    readable("alert", core::tr(key), p, ImVec2(p.x + w, p.y + height));
    ImGui::Dummy(ImVec2(w, height));
    return height;
}

}  // namespace inbox::ui
