// Small drawing helpers shared by the panels: avatars, badges, icon buttons and readable text,
// each recorded in the ui tree so automation and the accessibility mirror can see it.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

namespace inbox::ui {

// Records the last ImGui item with this role/label (and value) in the ui tree.
void annotate(const char* role, const std::string& label);
void annotate(const char* role, const std::string& label, const std::string& value);
// Readable text drawn without an ImGui item (rect in screen coordinates).
void readable(const char* role, const std::string& label, ImVec2 min, ImVec2 max);

// Text at the cursor in `font`/`color`, recorded as readable (`role` "text" or "heading").
void label(const std::string& text, ImFont* font = nullptr, ImU32 color = 0, const char* role = "text");

// Initials ("João Silva" → "JS") on a colour derived from the name.
std::string initials(std::string_view name);
ImU32 avatarColor(std::string_view seed);
void drawAvatar(ImDrawList* dl, ImVec2 center, float radius, std::string_view name);

// A rounded pill with text; returns its size. Drawn at `pos` (screen coordinates).
ImVec2 drawPill(ImDrawList* dl, ImVec2 pos, const std::string& text, ImU32 bg, ImU32 fg, ImFont* font = nullptr);
ImVec2 pillSize(const std::string& text, ImFont* font = nullptr);

// An icon-only button with a tooltip; `label` is what a reader hears.
bool iconButton(const char* icon, const char* label, const char* id, ImVec2 size = ImVec2(0, 0));
// A filled button in `color` with white text.
bool coloredButton(const char* text, ImU32 color, ImVec2 size = ImVec2(0, 0));

// ImGui::BeginCombo with a slim chevron instead of the large arrow button.
bool beginCombo(const char* id, const std::string& preview, ImGuiComboFlags flags = 0);

// Stage/status colours: open amber, won green, lost red.
ImU32 statusColor(const std::string& status);

}  // namespace inbox::ui

namespace inbox::ui {

// ImGui::InputText over a std::string (grows as needed). `multilineSize` y > 0: multi-line.
// Puts the keyboard into the text field `id` (of the current window) from the next frame on.
// (SetKeyboardFocusHere relies on tabbing order, which misses fields inside groups and children.)
void focusTextField(const char* id);

bool inputString(const char* id, std::string& text, ImGuiInputTextFlags flags = 0, const char* hint = nullptr,
                 ImVec2 multilineSize = ImVec2(0, 0));

}  // namespace inbox::ui
