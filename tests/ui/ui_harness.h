// Dear ImGui without a GPU for tests: a context with the app's fonts and theme, a display size,
// frames run with NewFrame/Render, and input queued through ImGuiIO like the platform layer does.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>

#include "ui/ui_tree.h"

namespace inbox::ui::test {

class UiHarness {
public:
    explicit UiHarness(ImVec2 displaySize = ImVec2(1280, 800));
    ~UiHarness();
    UiHarness(const UiHarness&) = delete;
    UiHarness& operator=(const UiHarness&) = delete;

    // The view drawn by every frame.
    void setDraw(std::function<void()> draw) { m_draw = std::move(draw); }
    void frame();
    void frames(int count);

    // Input: each helper runs the frames ImGui needs to see it (events trickle one per frame).
    void moveMouse(ImVec2 pos);
    void click(ImVec2 pos, ImGuiMouseButton button = ImGuiMouseButton_Left);
    void doubleClick(ImVec2 pos);
    void drag(ImVec2 from, ImVec2 to, int steps = 4);
    void clickNode(const std::string& role, const std::string& label);
    void type(const std::string& utf8);
    void press(ImGuiKey key, ImGuiKeyChord mods = 0);

    const UiTree& tree() const { return m_tree; }
    UiTree& tree() { return m_tree; }
    ImGuiIO& io() { return ImGui::GetIO(); }
    double nowMs() const { return m_nowMs; }
    void advanceMs(double ms) { m_nowMs += ms; }
    bool realFonts() const { return m_realFonts; }

private:
    ImGuiContext* m_ctx = nullptr;
    UiTree m_tree;
    std::function<void()> m_draw;
    double m_nowMs = 1000.0;
    bool m_realFonts = false;
};

ImVec2 center(const UiNode& node);

}  // namespace inbox::ui::test
