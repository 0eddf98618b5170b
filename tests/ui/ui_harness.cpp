#include "ui_harness.h"

#include <stdexcept>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace inbox::ui::test {

UiHarness::UiHarness(ImVec2 displaySize) {
    m_ctx = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = displaySize;
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigInputTextCursorBlink = false;
    const FontSet& set = buildFonts(*io.Fonts, INBOX_UI_TEST_FONTS, 1.0f);
    m_realFonts = set.fromFiles;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // what a renderer would upload
    applyTheme(ThemeMode::Light);
    m_tree.attach(m_ctx);
}

UiHarness::~UiHarness() {
    m_tree.detach();
    ImGui::DestroyContext(m_ctx);
}

void UiHarness::frame() {
    ImGui::SetCurrentContext(m_ctx);
    m_nowMs += 1000.0 / 60.0;
    ImGui::NewFrame();
    m_tree.beginFrame();
    if (m_draw) m_draw();
    m_tree.endFrame();
    ImGui::Render();
}

void UiHarness::frames(int count) {
    for (int i = 0; i < count; ++i) frame();
}

void UiHarness::moveMouse(ImVec2 pos) {
    io().AddMousePosEvent(pos.x, pos.y);
    frames(2);
}

void UiHarness::click(ImVec2 pos, ImGuiMouseButton button) {
    moveMouse(pos);
    io().AddMouseButtonEvent(button, true);
    frame();
    io().AddMouseButtonEvent(button, false);
    frames(2);
}

void UiHarness::doubleClick(ImVec2 pos) {
    moveMouse(pos);
    for (int i = 0; i < 2; ++i) {
        io().AddMouseButtonEvent(ImGuiMouseButton_Left, true);
        frame();
        io().AddMouseButtonEvent(ImGuiMouseButton_Left, false);
        frame();
    }
    frames(2);
}

void UiHarness::drag(ImVec2 from, ImVec2 to, int steps) {
    moveMouse(from);
    io().AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frame();
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        io().AddMousePosEvent(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
        frame();
    }
    io().AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    frames(2);
}

void UiHarness::clickNode(const std::string& role, const std::string& label) {
    const UiNode* node = m_tree.find(role, label);
    if (node == nullptr) throw std::runtime_error("no " + role + " '" + label + "' in the ui tree");
    click(center(*node));
}

void UiHarness::type(const std::string& utf8) {
    io().AddInputCharactersUTF8(utf8.c_str());
    frames(2);
}

void UiHarness::press(ImGuiKey key, ImGuiKeyChord mods) {
    const ImGuiKey modKeys[] = {ImGuiMod_Ctrl, ImGuiMod_Shift, ImGuiMod_Alt, ImGuiMod_Super};
    for (ImGuiKey m : modKeys) {
        if (mods & m) io().AddKeyEvent(m, true);
    }
    io().AddKeyEvent(key, true);
    frame();
    io().AddKeyEvent(key, false);
    for (ImGuiKey m : modKeys) {
        if (mods & m) io().AddKeyEvent(m, false);
    }
    frames(2);
}

ImVec2 center(const UiNode& node) { return ImVec2(node.rect.x + node.rect.w * 0.5f, node.rect.y + node.rect.h * 0.5f); }

}  // namespace inbox::ui::test
