// Conversations: instance selector, search, and the virtualized list of chats (10,000 rows scroll
// smoothly: only visible rows are laid out). Keyboard: Up/Down move the selection, Enter opens the
// composer, Ctrl/Cmd+K jumps to the search box.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "core/format.h"
#include "core/session.h"
#include "core/strings.h"
#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/rich_text.h"
#include "ui/strings.h"
#include "ui/theme.h"
#include "ui/view_context.h"
#include "ui/widgets.h"

namespace inbox::ui {
namespace {

std::string unreadLabel(int count) {
    return count == 1 ? std::string(str::kUnreadOne) : core::formatText(str::kUnreadMany, {std::to_string(count)});
}

constexpr float kRowHeight = 76.0f;
constexpr float kPad = 12.0f;

std::string instanceLabel(const core::Instance& i) {
    std::string name = i.verifiedName.empty() ? i.id : i.verifiedName;
    if (!i.displayPhone.empty()) name += " · " + core::formatPhone(i.displayPhone);
    return name;
}

void drawInstanceSelector(ViewContext& ctx) {
    core::InboxStore& store = ctx.session.store();
    const auto& instances = store.instances();
    // Only one number: nothing to choose, it is selected for the agent (once, so "all" stays possible).
    if (!ctx.state.autoInstanceDone && instances.size() == 1 && store.selectedInstanceId().empty()) {
        ctx.session.selectInstance(instances.front().id);
    }
    if (!instances.empty()) ctx.state.autoInstanceDone = true;

    std::string current = core::tr("instances.all");
    const core::Instance* selected = nullptr;
    for (const auto& i : instances) {
        if (i.id == store.selectedInstanceId()) selected = &i;
    }
    if (selected != nullptr) current = instanceLabel(*selected);

    ImGui::SetNextItemWidth(-1);
    if (beginCombo("##instance", std::string(ICON_WHATSAPP "  ") + current)) {
        if (ImGui::Selectable(core::tr("instances.all"), store.selectedInstanceId().empty())) ctx.session.selectInstance("");
        annotate("option", core::tr("instances.all"));
        for (const auto& i : instances) {
            const bool connected = i.status == "connected";
            ImGui::PushID(i.id.c_str());
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const std::string text = "    " + instanceLabel(i);
            if (ImGui::Selectable(text.c_str(), i.id == store.selectedInstanceId())) ctx.session.selectInstance(i.id);
            annotate("option", instanceLabel(i), core::tr(connected ? "instance.connected" : "instance.disconnected"));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", core::tr(connected ? "instance.connected" : "instance.disconnected"));
            const float h = ImGui::GetItemRectSize().y;
            ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 7, p.y + h * 0.5f), 4.0f,
                                                        connected ? palette().success : palette().danger);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    annotate("combobox", str::kInstanceLabel, current);
}

void drawSearch(ViewContext& ctx) {
    if (ctx.state.focusSearch) {
        focusTextField("##search");
        ctx.state.focusSearch = false;
    }
    // The store's search changed elsewhere (sign-out, host message): follow it unless typing.
    if (ctx.state.search != ctx.session.store().search() && ImGui::GetActiveID() != ImGui::GetID("##search")) {
        ctx.state.search = ctx.session.store().search();
    }
    ImGui::SetNextItemWidth(-1);
    const std::string hint = std::string(ICON_SEARCH "  ") + str::kSearchHint;
    if (inputString("##search", ctx.state.search, 0, hint.c_str())) ctx.session.setSearch(ctx.state.search);
    annotate("textbox", str::kSearchLabel, ctx.state.search);
}

void drawRow(ViewContext& ctx, const core::Chat& chat, bool selected, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const std::string name = chat.name.empty() ? (chat.phone.empty() ? core::tr("chat.unknown_name") : core::formatPhone(chat.phone)) : chat.name;

    ImGui::PushID(chat.id.c_str());
    const bool clicked = ImGui::InvisibleButton("##row", ImVec2(width, kRowHeight));
    const bool hovered = ImGui::IsItemHovered();
    annotate("listitem", name, selected ? "selected" : "");
    ImGui::PopID();
    if (clicked) ctx.session.selectChat(chat.id);

    if (selected || hovered) {
        dl->AddRectFilled(ImVec2(p.x + 6, p.y + 2), ImVec2(p.x + width - 6, p.y + kRowHeight - 2), selected ? pal.accentSoft : pal.panelAlt, 10.0f);
    }
    const float avatarR = 22.0f;
    drawAvatar(dl, ImVec2(p.x + kPad + avatarR + 2, p.y + kRowHeight * 0.5f), avatarR, name);

    const float textX = p.x + kPad + avatarR * 2 + 14;
    const float right = p.x + width - kPad - 4;
    const float gs = ImGui::GetIO().FontGlobalScale;
    ImFont* bold = fonts().bold;
    ImFont* small = fonts().small;
    const float boldSize = bold->FontSize * gs, smallSize = small->FontSize * gs;

    // Line 1: name … time
    const std::string time = chat.lastMessageAt > 0 ? core::formatListTime(chat.lastMessageAt, ctx.wallMs, ctx.tzOffsetMinutes) : "";
    const float timeW = small->CalcTextSizeA(smallSize, FLT_MAX, 0, time.c_str()).x;
    const bool unread = chat.unreadCount > 0;
    dl->AddText(small, smallSize, ImVec2(right - timeW, p.y + 12), unread ? pal.accent : pal.textMuted, time.c_str());
    RichTextStyle nameStyle;
    nameStyle.font = bold;
    nameStyle.color = pal.text;
    nameStyle.maxLines = 1;
    nameStyle.wrapWidth = std::max(20.0f, right - timeW - 8 - textX);
    drawRichText(ImVec2(textX, p.y + 9), name, nameStyle);

    // Line 2: preview … unread badge
    float badgeW = 0;
    if (unread) {
        const std::string count = chat.unreadCount > 999 ? "999+" : std::to_string(chat.unreadCount);
        const ImVec2 s = pillSize(count);
        badgeW = s.x + 6;
        drawPill(dl, ImVec2(right - s.x, p.y + 32), count, pal.badge, pal.badgeText);
        readable("status", unreadLabel(chat.unreadCount), ImVec2(right - s.x, p.y + 32), ImVec2(right, p.y + 32 + s.y));
    }
    const std::string preview = chat.broken ? core::tr("chat.broken")
                                : chat.lastMessage ? core::messagePreview(*chat.lastMessage, 80)
                                                   : "";
    RichTextStyle previewStyle;
    previewStyle.font = fonts().body;
    previewStyle.color = unread ? pal.text : pal.textMuted;
    previewStyle.maxLines = 1;
    previewStyle.wrapWidth = std::max(20.0f, right - badgeW - textX);
    drawRichText(ImVec2(textX, p.y + 31), preview, previewStyle);

    // Line 3: stage dot + stage · phone
    float x = textX;
    if (chat.currentTicket) {
        const ImU32 dot = statusColor(chat.currentTicket->status);
        dl->AddCircleFilled(ImVec2(x + 4, p.y + 59), 4.0f, dot);
        x += 12;
        const std::string stage = chat.currentTicket->stage.name.empty() ? core::tr(("ticket.status." + chat.currentTicket->status).c_str())
                                                                       : chat.currentTicket->stage.name;
        // Stage names are the organization's own and may carry emoji.
        RichTextStyle stageStyle;
        stageStyle.font = small;
        stageStyle.color = pal.textMuted;
        stageStyle.maxLines = 1;
        stageStyle.wrapWidth = std::max(20.0f, right - x - 60);
        x += drawRichText(ImVec2(x, p.y + 52), stage, stageStyle).x + 10;
    }
    if (!chat.phone.empty() && x < right - 60) {
        const std::string phone = core::formatPhone(chat.phone);
        ImGui::PushClipRect(ImVec2(x, p.y), ImVec2(right, p.y + kRowHeight), true);
        dl->AddText(small, smallSize, ImVec2(x, p.y + 52), pal.textMuted, phone.c_str());
        ImGui::PopClipRect();
    }
    (void)boldSize;
}

void handleKeys(ViewContext& ctx, const std::vector<std::string>& ids) {
    const ImGuiIO& io = ImGui::GetIO();
    const bool shortcutMod = io.ConfigMacOSXBehaviors ? io.KeySuper : io.KeyCtrl;
    if (shortcutMod && ImGui::IsKeyPressed(ImGuiKey_K, false)) ctx.state.focusSearch = true;
    // Up/Down/Enter act on the list when no other text field is being edited (the search box is fine).
    const ImGuiID active = ImGui::GetActiveID();
    const bool typingElsewhere = io.WantTextInput && active != ImGui::GetID("##search");
    if (typingElsewhere || ids.empty() || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) return;
    const std::string& selected = ctx.session.store().selectedChatId();
    auto it = std::find(ids.begin(), ids.end(), selected);
    const int index = it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
    int next = index;
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) next = std::min(index + 1, static_cast<int>(ids.size()) - 1);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) next = std::max(index - 1, 0);
    if (next != index && next >= 0) {
        ctx.session.selectChat(ids[static_cast<size_t>(next)]);
        ctx.state.scrollSelectedIntoView = true;
    }
    if (index >= 0 && (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter)) && active == ImGui::GetID("##search")) {
        ctx.state.focusComposer = true;
    }
}

}  // namespace

void drawChatList(ViewContext& ctx) {
    core::InboxStore& store = ctx.session.store();
    const Palette& pal = palette();
    ImGui::SetCursorPos(ImVec2(kPad, kPad));
    ImGui::PushFont(fonts().title);
    label(str::kConversations, nullptr, 0, "heading");
    ImGui::PopFont();
    const int unreadTotal = store.unreadTotal();
    if (unreadTotal > 0) {
        ImGui::SameLine();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 s = drawPill(ImGui::GetWindowDrawList(), ImVec2(p.x, p.y + 2), std::to_string(unreadTotal), pal.badge, pal.badgeText);
        readable("status", unreadLabel(unreadTotal), p, ImVec2(p.x + s.x, p.y + s.y));
        ImGui::Dummy(s);  // ends the title line
    }
    ImGui::SetCursorPosX(kPad);
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x - kPad);
    ImGui::BeginGroup();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 8));
    drawInstanceSelector(ctx);
    drawSearch(ctx);
    ImGui::PopStyleVar();
    ImGui::EndGroup();
    ImGui::PopItemWidth();
    ImGui::Dummy(ImVec2(0, 2));

    const std::vector<std::string>& ids = store.visibleChatIds();
    handleKeys(ctx, ids);

    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::BeginChild("##rows", ImVec2(0, 0), ImGuiChildFlags_None);
    const float width = ImGui::GetContentRegionAvail().x;
    if (ids.empty()) {
        ImGui::Dummy(ImVec2(0, 24));
        ImGui::SetCursorPosX(kPad + 4);
        if (!store.chatsError().empty()) {
            label(store.chatsError(), nullptr, pal.danger);
        } else if (!store.chatsLoaded()) {
            label(str::kLoadingChats, nullptr, pal.textMuted);
        } else {
            label(store.search().empty() ? str::kNoChats : str::kNoChatsSearch, nullptr, pal.textMuted);
        }
    } else {
        // Keep the rows the agent looks at in place when a chat with new activity moves to the top.
        if (!ctx.state.listAnchorId.empty() && ImGui::GetScrollY() > 0) {
            auto it = std::find(ids.begin(), ids.end(), ctx.state.listAnchorId);
            if (it != ids.end()) {
                const int now = static_cast<int>(it - ids.begin());
                if (ctx.state.listAnchorIndex >= 0 && now != ctx.state.listAnchorIndex) {
                    ImGui::SetScrollY(ImGui::GetScrollY() + static_cast<float>(now - ctx.state.listAnchorIndex) * kRowHeight);
                }
            }
        }
        if (ctx.state.scrollSelectedIntoView) {
            auto it = std::find(ids.begin(), ids.end(), store.selectedChatId());
            if (it != ids.end()) {
                const float y = static_cast<float>(it - ids.begin()) * kRowHeight;
                const float top = ImGui::GetScrollY(), bottom = top + ImGui::GetWindowHeight();
                if (y < top) ImGui::SetScrollY(y);
                else if (y + kRowHeight > bottom) ImGui::SetScrollY(y + kRowHeight - ImGui::GetWindowHeight());
            }
            ctx.state.scrollSelectedIntoView = false;
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(ids.size()), kRowHeight);
        bool anchored = false;
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const core::Chat* chat = store.chat(ids[static_cast<size_t>(i)]);
                if (chat == nullptr) {
                    ImGui::Dummy(ImVec2(width, kRowHeight));
                    continue;
                }
                if (!anchored && ImGui::GetCursorPosY() + kRowHeight > ImGui::GetScrollY()) {
                    ctx.state.listAnchorId = chat->id;
                    ctx.state.listAnchorIndex = i;
                    anchored = true;
                }
                drawRow(ctx, *chat, chat->id == store.selectedChatId(), width);
            }
        }
        if (store.hasMoreChats()) {
            // Near the end: fetch the next page (the session ignores repeats while one is in flight).
            if (ImGui::GetScrollY() + ImGui::GetWindowHeight() * 2 > ImGui::GetScrollMaxY() + ImGui::GetWindowHeight()) {
                ctx.session.loadMoreChats();
            }
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

}  // namespace inbox::ui
