#include "ui/theme.h"

#include <imgui.h>

#include <cctype>
#include <cstring>

namespace inbox::ui {
namespace {

constexpr uint32_t rgb(uint32_t hex) {  // 0xRRGGBB → ImU32 (opaque)
    return 0xFF000000u | ((hex & 0xFF) << 16) | (hex & 0xFF00) | ((hex >> 16) & 0xFF);
}

const Palette kLight = {
    rgb(0xEEF1F4), rgb(0xFFFFFF), rgb(0xF6F8FA), rgb(0xE3E7EC), rgb(0x1B2430), rgb(0x667085),
    rgb(0x0E8A6E), rgb(0xFFFFFF), rgb(0xE3F4EF), rgb(0xFFFFFF), rgb(0xDCF5E6), rgb(0xF3F0EA),
    rgb(0x1A6FD1), rgb(0x2E8FE6), rgb(0x16A34A), rgb(0xE8A317), rgb(0xD92D20), rgb(0x0E8A6E),
    rgb(0xFFFFFF), rgb(0xECEEF1),
};

const Palette kDark = {
    rgb(0x0B1116), rgb(0x121B22), rgb(0x18232B), rgb(0x25323C), rgb(0xE6EBEF), rgb(0x8C9AA5),
    rgb(0x21B08A), rgb(0x06231B), rgb(0x163B33), rgb(0x1F2C34), rgb(0x0F4D40), rgb(0x0D151B),
    rgb(0x5FA8F5), rgb(0x53BDEB), rgb(0x22C55E), rgb(0xF5B83D), rgb(0xF26B5E), rgb(0x21B08A),
    rgb(0x06231B), rgb(0x25323C),
};

ThemeMode g_mode = ThemeMode::Light;

ImVec4 v(uint32_t c) { return ImGui::ColorConvertU32ToFloat4(c); }
ImVec4 v(uint32_t c, float alpha) {
    ImVec4 f = ImGui::ColorConvertU32ToFloat4(c);
    f.w = alpha;
    return f;
}

}  // namespace

uint32_t withAlpha(uint32_t color, uint8_t alpha) { return (color & 0x00FFFFFFu) | (uint32_t(alpha) << 24); }

uint32_t colorFromHex(const char* hex, uint32_t fallback) {
    if (hex == nullptr) return fallback;
    if (*hex == '#') ++hex;
    if (std::strlen(hex) != 6) return fallback;
    uint32_t value = 0;
    for (int i = 0; i < 6; ++i) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(hex[i])));
        if (!std::isxdigit(static_cast<unsigned char>(c))) return fallback;
        value = value * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return rgb(value);
}

void applyTheme(ThemeMode mode) {
    g_mode = mode;
    const Palette& p = palette();
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(12, 12);
    style.FramePadding = ImVec2(10, 7);
    style.ItemSpacing = ImVec2(8, 8);
    style.ItemInnerSpacing = ImVec2(6, 6);
    style.CellPadding = ImVec2(6, 4);
    style.ScrollbarSize = 10;
    style.GrabMinSize = 10;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 1;
    style.WindowRounding = 0;
    style.ChildRounding = 10;
    style.FrameRounding = 8;
    style.PopupRounding = 10;
    style.ScrollbarRounding = 8;
    style.GrabRounding = 8;
    style.TabRounding = 8;
    style.SelectableTextAlign = ImVec2(0, 0.5f);
    style.WindowMenuButtonPosition = ImGuiDir_None;
    style.DisabledAlpha = 0.45f;

    ImVec4* c = style.Colors;
    const bool dark = mode == ThemeMode::Dark;
    c[ImGuiCol_Text] = v(p.text);
    c[ImGuiCol_TextDisabled] = v(p.textMuted);
    c[ImGuiCol_WindowBg] = v(p.panel);
    c[ImGuiCol_ChildBg] = v(p.panel, 0.0f);
    c[ImGuiCol_PopupBg] = v(p.panel);
    c[ImGuiCol_Border] = v(p.border);
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = v(p.panelAlt);
    c[ImGuiCol_FrameBgHovered] = v(p.accentSoft);
    c[ImGuiCol_FrameBgActive] = v(p.accentSoft);
    c[ImGuiCol_TitleBg] = v(p.panelAlt);
    c[ImGuiCol_TitleBgActive] = v(p.panelAlt);
    c[ImGuiCol_TitleBgCollapsed] = v(p.panelAlt);
    c[ImGuiCol_MenuBarBg] = v(p.panelAlt);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = v(p.textMuted, 0.30f);
    c[ImGuiCol_ScrollbarGrabHovered] = v(p.textMuted, 0.50f);
    c[ImGuiCol_ScrollbarGrabActive] = v(p.textMuted, 0.65f);
    c[ImGuiCol_CheckMark] = v(p.accent);
    c[ImGuiCol_SliderGrab] = v(p.accent);
    c[ImGuiCol_SliderGrabActive] = v(p.accent);
    c[ImGuiCol_Button] = v(p.panelAlt);
    c[ImGuiCol_ButtonHovered] = v(p.accentSoft);
    c[ImGuiCol_ButtonActive] = v(p.accentSoft, 0.8f);
    c[ImGuiCol_Header] = v(p.accentSoft);
    c[ImGuiCol_HeaderHovered] = v(p.panelAlt);
    c[ImGuiCol_HeaderActive] = v(p.accentSoft);
    c[ImGuiCol_Separator] = v(p.border);
    c[ImGuiCol_SeparatorHovered] = v(p.accent, 0.6f);
    c[ImGuiCol_SeparatorActive] = v(p.accent);
    c[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ResizeGripHovered] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ResizeGripActive] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Tab] = v(p.panelAlt);
    c[ImGuiCol_TabHovered] = v(p.accentSoft);
    c[ImGuiCol_TabActive] = v(p.accentSoft);
    c[ImGuiCol_TabUnfocused] = v(p.panelAlt);
    c[ImGuiCol_TabUnfocusedActive] = v(p.accentSoft);
    c[ImGuiCol_PlotLines] = v(p.accent);
    c[ImGuiCol_PlotLinesHovered] = v(p.accent);
    c[ImGuiCol_PlotHistogram] = v(p.accent);
    c[ImGuiCol_PlotHistogramHovered] = v(p.accent);
    c[ImGuiCol_TableHeaderBg] = v(p.panelAlt);
    c[ImGuiCol_TableBorderStrong] = v(p.border);
    c[ImGuiCol_TableBorderLight] = v(p.border);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = v(p.panelAlt, 0.5f);
    c[ImGuiCol_TextSelectedBg] = v(p.accent, dark ? 0.45f : 0.25f);
    c[ImGuiCol_DragDropTarget] = v(p.accent);
    c[ImGuiCol_NavHighlight] = v(p.accent);
    c[ImGuiCol_NavWindowingHighlight] = v(p.accent);
    c[ImGuiCol_NavWindowingDimBg] = ImVec4(0, 0, 0, 0.2f);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, dark ? 0.55f : 0.35f);
}

ThemeMode currentTheme() { return g_mode; }

const Palette& palette() { return g_mode == ThemeMode::Dark ? kDark : kLight; }

}  // namespace inbox::ui
