#include "ui/ui_tree.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdarg>
#include <nlohmann/json.hpp>

namespace inbox::ui {
namespace {

// ImGui labels carry ids after "##" (hidden) or "###" (id only): only the visible part is read.
// Icon glyphs (FontAwesome, private-use U+E000-U+F8FF, 3 bytes EE..EF in UTF-8) say nothing to a
// reader and are dropped with the spaces around them.
std::string visibleLabel(const char* label) {
    if (label == nullptr) return {};
    const char* end = label;
    while (*end != '\0' && !(end[0] == '#' && end[1] == '#')) ++end;
    std::string out;
    for (const char* p = label; p < end;) {
        const auto c = static_cast<unsigned char>(*p);
        if ((c == 0xEE || (c == 0xEF && static_cast<unsigned char>(p[1]) < 0xA4)) && end - p >= 3) {
            p += 3;
            continue;
        }
        out.push_back(*p++);
    }
    const size_t first = out.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

UiRect toRect(const ImRect& r) { return {r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()}; }

}  // namespace

void UiTree::attach(ImGuiContext* ctx) {
    m_ctx = ctx;
    ctx->TestEngine = this;
    ctx->TestEngineHookItems = true;
}

void UiTree::detach() {
    if (m_ctx != nullptr) {
        m_ctx->TestEngine = nullptr;
        m_ctx->TestEngineHookItems = false;
    }
    m_ctx = nullptr;
}

void UiTree::beginFrame() {
    m_building.clear();
    m_inFrame = true;
}

void UiTree::endFrame() {
    if (m_ctx != nullptr) {
        const ImGuiContext& g = *m_ctx;
        for (UiNode& node : m_building) {
            if (node.id == 0) continue;
            node.focused = node.focused || node.id == g.ActiveId ||
                           (node.id == g.NavId && !g.NavDisableHighlight && g.NavWindow != nullptr);
        }
    }
    // Items without a label or role read as nothing: drop them (spacing, invisible handles).
    m_building.erase(std::remove_if(m_building.begin(), m_building.end(),
                                    [](const UiNode& n) { return n.role.empty(); }),
                     m_building.end());
    m_last.swap(m_building);
    m_building.clear();
    m_inFrame = false;
}

UiNode* UiTree::current(uint32_t id) {
    // The item being described is almost always the last one added.
    for (auto it = m_building.rbegin(); it != m_building.rend() && it - m_building.rbegin() < 8; ++it) {
        if (it->id == id) return &*it;
    }
    return nullptr;
}

void UiTree::onItemAdd(uint32_t id, float x0, float y0, float x1, float y1, bool enabled, bool hasItemData) {
    if (!m_inFrame || m_ctx == nullptr || !hasItemData) return;  // windows come without item data
    const ImGuiWindow* window = m_ctx->CurrentWindow;
    ImRect rect(x0, y0, x1, y1);
    if (window != nullptr) {
        if (!rect.Overlaps(window->ClipRect)) return;  // scrolled out of view: not readable
        rect.ClipWith(window->ClipRect);
    }
    if (UiNode* existing = current(id)) {  // ImGui may add an item twice (e.g. nav rect): keep one
        existing->rect = toRect(rect);
        return;
    }
    UiNode node;
    node.id = id;
    node.rect = toRect(rect);
    node.enabled = enabled;
    m_building.push_back(std::move(node));
}

void UiTree::onItemInfo(uint32_t id, const char* label, int flags) {
    UiNode* node = current(id);
    if (node == nullptr) return;
    if (node->label.empty()) node->label = visibleLabel(label);
    if (node->role.empty()) {
        if (flags & ImGuiItemStatusFlags_Checkable) {
            node->role = "checkbox";
            node->value = (flags & ImGuiItemStatusFlags_Checked) ? "true" : "false";
            node->hasValue = true;
        } else if (flags & ImGuiItemStatusFlags_Inputable) {
            node->role = "textbox";
        } else if (flags & ImGuiItemStatusFlags_Openable) {
            node->role = "combobox";
        } else {
            node->role = "button";
        }
    }
}

void UiTree::setLastItem(const char* role, const std::string& label) {
    if (m_ctx == nullptr) return;
    UiNode* node = current(m_ctx->LastItemData.ID);
    if (node == nullptr) return;
    node->role = role;
    node->label = label;
}

void UiTree::setLastItemValue(const std::string& value) {
    if (m_ctx == nullptr) return;
    if (UiNode* node = current(m_ctx->LastItemData.ID)) {
        node->value = value;
        node->hasValue = true;
    }
}

void UiTree::addText(const char* role, const std::string& label, float x, float y, float w, float h) {
    if (!m_inFrame || label.empty()) return;
    ImRect rect(x, y, x + w, y + h);
    if (m_ctx != nullptr && m_ctx->CurrentWindow != nullptr) {
        const ImRect& clip = m_ctx->CurrentWindow->ClipRect;
        if (!rect.Overlaps(clip)) return;
        rect.ClipWith(clip);
    }
    UiNode node;
    node.role = role;
    node.label = label;
    node.rect = toRect(rect);
    m_building.push_back(std::move(node));
}

const char* UiTree::labelOf(uint32_t id) const {
    for (const auto* list : {&m_building, &m_last}) {
        for (const UiNode& n : *list) {
            if (n.id == id && !n.label.empty()) return n.label.c_str();
        }
    }
    return nullptr;
}

const UiNode* UiTree::find(const std::string& role, const std::string& label) const {
    for (const UiNode& n : m_last) {
        if (n.role == role && n.label == label) return &n;
    }
    return nullptr;
}

std::string UiTree::toJson() const {
    nlohmann::json out = nlohmann::json::array();
    for (const UiNode& n : m_last) {
        nlohmann::json j = {
            {"role", n.role},
            {"label", n.label},
            {"rect", {{"x", n.rect.x}, {"y", n.rect.y}, {"w", n.rect.w}, {"h", n.rect.h}}},
            {"enabled", n.enabled},
            {"focused", n.focused},
        };
        if (n.hasValue) j["value"] = n.value;
        out.push_back(std::move(j));
    }
    // Labels come from user data: never let one invalid byte make the whole answer throw.
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

UiTree* currentUiTree() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    return ctx != nullptr ? static_cast<UiTree*>(ctx->TestEngine) : nullptr;
}

}  // namespace inbox::ui

// ---- Dear ImGui test-engine hooks (declared in imgui_internal.h), routed to the context's tree ----

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* item) {
    auto* tree = static_cast<inbox::ui::UiTree*>(ctx->TestEngine);
    if (tree == nullptr) return;
    const bool enabled = item == nullptr || !(item->InFlags & ImGuiItemFlags_Disabled);
    tree->onItemAdd(id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, enabled, item != nullptr);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    if (auto* tree = static_cast<inbox::ui::UiTree*>(ctx->TestEngine)) tree->onItemInfo(id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext* ctx, ImGuiID id) {
    auto* tree = static_cast<inbox::ui::UiTree*>(ctx->TestEngine);
    return tree != nullptr ? tree->labelOf(id) : nullptr;
}
