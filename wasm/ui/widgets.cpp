#include "ui/widgets.h"

#include <imgui_internal.h>

#include <cctype>
#include <vector>

#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/ui_tree.h"

namespace inbox::ui {
namespace {

size_t utf8Len(unsigned char c) { return c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4; }

// Upper-cases ASCII and Latin-1 letters (é → É); other scripts as they are.
std::string upperInitial(std::string_view cp) {
    std::string s(cp);
    if (s.size() == 1) {
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    } else if (s.size() == 2 && static_cast<unsigned char>(s[0]) == 0xC3) {
        const auto b = static_cast<unsigned char>(s[1]);
        if (b >= 0xA0 && b <= 0xBE && b != 0xB7) s[1] = static_cast<char>(b - 0x20);
    }
    return s;
}

}  // namespace

void annotate(const char* role, const std::string& text) {
    if (UiTree* tree = currentUiTree()) tree->setLastItem(role, text);
}

void annotate(const char* role, const std::string& text, const std::string& value) {
    if (UiTree* tree = currentUiTree()) {
        tree->setLastItem(role, text);
        tree->setLastItemValue(value);
    }
}

void readable(const char* role, const std::string& text, ImVec2 min, ImVec2 max) {
    if (UiTree* tree = currentUiTree()) tree->addText(role, text, min.x, min.y, max.x - min.x, max.y - min.y);
}

void label(const std::string& text, ImFont* font, ImU32 color, const char* role) {
    if (font != nullptr) ImGui::PushFont(font);
    if (color != 0) ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    if (color != 0) ImGui::PopStyleColor();
    if (font != nullptr) ImGui::PopFont();
    readable(role, text, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

std::string initials(std::string_view name) {
    std::vector<std::string_view> starts;
    bool wordStart = true;
    for (size_t i = 0; i < name.size();) {
        const auto c = static_cast<unsigned char>(name[i]);
        const size_t len = std::min(utf8Len(c), name.size() - i);
        if (c == ' ' || c == '-' || c == '.' || c == '\t') {
            wordStart = true;
        } else {
            // Letters and digits start words; emoji and symbols (3-4 byte sequences) do not.
            const bool usable = c < 0x80 ? std::isalnum(c) != 0 : len == 2;
            if (wordStart && usable) starts.push_back(name.substr(i, len));
            wordStart = false;
        }
        i += len;
    }
    if (starts.empty()) return "?";
    std::string out = upperInitial(starts.front());
    if (starts.size() > 1) out += upperInitial(starts.back());
    return out;
}

ImU32 avatarColor(std::string_view seed) {
    static const ImU32 colors[] = {
        IM_COL32(0x3B, 0x82, 0xF6, 255), IM_COL32(0x8B, 0x5C, 0xF6, 255), IM_COL32(0xEC, 0x48, 0x99, 255),
        IM_COL32(0xF9, 0x73, 0x16, 255), IM_COL32(0x10, 0xB9, 0x81, 255), IM_COL32(0x06, 0xB6, 0xD4, 255),
        IM_COL32(0x64, 0x74, 0x8B, 255), IM_COL32(0xEF, 0x44, 0x44, 255), IM_COL32(0x84, 0xCC, 0x16, 255),
    };
    uint32_t h = 2166136261u;  // FNV-1a: the same name always gets the same colour
    for (char c : seed) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return colors[h % (sizeof colors / sizeof colors[0])];
}

void drawAvatar(ImDrawList* dl, ImVec2 center, float radius, std::string_view name) {
    dl->AddCircleFilled(center, radius, avatarColor(name), 32);
    const std::string text = initials(name);
    ImFont* font = radius >= 18 ? fonts().bold : fonts().smallBold;
    const float size = font->FontSize * ImGui::GetIO().FontGlobalScale;
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
    dl->AddText(font, size, ImVec2(center.x - ts.x * 0.5f, center.y - ts.y * 0.5f), IM_COL32_WHITE, text.c_str());
}

ImVec2 pillSize(const std::string& text, ImFont* font) {
    if (font == nullptr) font = fonts().smallBold;
    const float size = font->FontSize * ImGui::GetIO().FontGlobalScale;
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
    return ImVec2(ts.x + 14, size + 6);
}

ImVec2 drawPill(ImDrawList* dl, ImVec2 pos, const std::string& text, ImU32 bg, ImU32 fg, ImFont* font) {
    if (font == nullptr) font = fonts().smallBold;
    const ImVec2 s = pillSize(text, font);
    const float size = font->FontSize * ImGui::GetIO().FontGlobalScale;
    dl->AddRectFilled(pos, ImVec2(pos.x + s.x, pos.y + s.y), bg, s.y * 0.5f);
    dl->AddText(font, size, ImVec2(pos.x + 7, pos.y + 3), fg, text.c_str());
    return s;
}

bool iconButton(const char* icon, const char* text, const char* id, ImVec2 size) {
    ImGui::PushID(id);
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    const bool pressed = ImGui::Button(icon, size);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    annotate("button", text);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) ImGui::SetTooltip("%s", text);
    ImGui::PopID();
    return pressed;
}

bool coloredButton(const char* text, ImU32 color, ImVec2 size) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
    ImGui::PushStyleColor(ImGuiCol_Button, c);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(c.x * 0.9f, c.y * 0.9f, c.z * 0.9f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(c.x * 0.8f, c.y * 0.8f, c.z * 0.8f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
    ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(0, 0, 0, 0));
    const bool pressed = ImGui::Button(text, size);
    ImGui::PopStyleColor(5);
    return pressed;
}

bool beginCombo(const char* id, const std::string& preview, ImGuiComboFlags flags) {
    const bool open = ImGui::BeginCombo(id, preview.c_str(), flags | ImGuiComboFlags_NoArrowButton);
    if (!open) {  // (while open, the last item is the popup: the chevron is only drawn when closed)
        const ImRect frame(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImFont* font = fonts().small;
        const float size = font->FontSize * ImGui::GetIO().FontGlobalScale;
        ImGui::GetWindowDrawList()->AddText(font, size, ImVec2(frame.Max.x - size - 8, frame.Min.y + (frame.GetHeight() - size) * 0.5f),
                                            ImGui::GetColorU32(ImGuiCol_TextDisabled), "\xef\x81\xb8");  // ICON_CHEVRON_DOWN
    }
    return open;
}

ImU32 statusColor(const std::string& status) {
    if (status == "won") return palette().success;
    if (status == "lost") return palette().danger;
    return palette().warning;
}

}  // namespace inbox::ui

namespace inbox::ui {
namespace {

int resizeCallback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

}  // namespace

void focusTextField(const char* id) {
    ImGui::ActivateItemByID(ImGui::GetID(id));
    GImGui->NavNextActivateFlags |= ImGuiActivateFlags_PreferInput;
}

bool inputString(const char* id, std::string& text, ImGuiInputTextFlags flags, const char* hint, ImVec2 multilineSize) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    if (multilineSize.y > 0) {
        return ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, multilineSize, flags, resizeCallback, &text);
    }
    if (hint != nullptr) return ImGui::InputTextWithHint(id, hint, text.data(), text.capacity() + 1, flags, resizeCallback, &text);
    return ImGui::InputText(id, text.data(), text.capacity() + 1, flags, resizeCallback, &text);
}

}  // namespace inbox::ui
