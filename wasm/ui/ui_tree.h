// What a person can act on or read in the last frame, for inbox.uiTree(), tests and a future ARIA
// mirror. Built from Dear ImGui's MIT test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): ImGui reports
// every item's id and rectangle (ItemAdd) and its label and state (ItemInfo); our widgets add the
// role, a readable label for icon-only buttons and the value, and record plain text they draw.
// Rectangles are in ImGui coordinates, which are CSS pixels (the platform lays out in CSS pixels).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct ImGuiContext;

namespace inbox::ui {

struct UiRect {
    float x = 0, y = 0, w = 0, h = 0;
};

struct UiNode {
    uint32_t id = 0;      // ImGui item id (0 for plain text)
    std::string role;     // button, textbox, checkbox, combobox, listitem, tab, link, text, heading, separator…
    std::string label;
    std::string value;
    bool hasValue = false;
    UiRect rect;
    bool enabled = true;
    bool focused = false;
};

class UiTree {
public:
    // Routes the hooks of `ctx` to this tree (one tree per ImGui context).
    void attach(ImGuiContext* ctx);
    void detach();

    // Frame boundaries: call beginFrame() right after ImGui::NewFrame() and endFrame() before Render().
    void beginFrame();
    void endFrame();

    // The widgets of the last completed frame, in drawing order.
    const std::vector<UiNode>& nodes() const { return m_last; }
    std::string toJson() const;
    // First node with this role and label (tests, automation); nullptr when absent.
    const UiNode* find(const std::string& role, const std::string& label) const;

    // Annotate the last ImGui item (call right after the widget).
    void setLastItem(const char* role, const std::string& label);
    void setLastItemValue(const std::string& value);
    // Readable content drawn without an ImGui item (text, badges): rect in ImGui coordinates.
    void addText(const char* role, const std::string& label, float x, float y, float w, float h);

    // Hook entry points (called through the ImGuiTestEngineHook_* functions).
    void onItemAdd(uint32_t id, float x0, float y0, float x1, float y1, bool enabled, bool hasItemData);
    void onItemInfo(uint32_t id, const char* label, int statusFlags);
    const char* labelOf(uint32_t id) const;

private:
    UiNode* current(uint32_t id);

    ImGuiContext* m_ctx = nullptr;
    std::vector<UiNode> m_building;
    std::vector<UiNode> m_last;
    bool m_inFrame = false;
};

// The tree of the current ImGui context (nullptr when none is attached).
UiTree* currentUiTree();

}  // namespace inbox::ui
