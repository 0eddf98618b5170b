// Ticket details, the seven sections of the spec: id + status, stage, assignee, deal value, the
// 24-hour window (live countdown, woken once a minute), tracking, and the close actions with a
// confirmation. Loading, missing and error states.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "core/format.h"
#include "core/session.h"
#include "core/strings.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/icons.h"
#include "ui/rich_text.h"
#include "ui/strings.h"
#include "ui/theme.h"
#include "ui/view_context.h"
#include "ui/widgets.h"

namespace inbox::ui {
namespace {

constexpr float kPad = 14.0f;

void sectionTitle(const char* text) {
    ImGui::Dummy(ImVec2(0, 4));
    label(text, fonts().smallBold, palette().textMuted, "heading");
}

// A card around a section: drawn behind the content with channels.
struct Card {
    ImDrawList* dl;
    ImVec2 start;
    float width;
    explicit Card(float w) : dl(ImGui::GetWindowDrawList()), start(ImGui::GetCursorScreenPos()), width(w) {
        dl->ChannelsSplit(2);
        dl->ChannelsSetCurrent(1);
        ImGui::SetCursorScreenPos(ImVec2(start.x + 12, start.y + 10));
        ImGui::BeginGroup();
        ImGui::PushItemWidth(width - 24);
    }
    ~Card() {
        ImGui::PopItemWidth();
        ImGui::EndGroup();
        const float bottom = ImGui::GetItemRectMax().y + 12;
        dl->ChannelsSetCurrent(0);
        dl->AddRectFilled(start, ImVec2(start.x + width, bottom), palette().panel, 12.0f);
        dl->AddRect(start, ImVec2(start.x + width, bottom), palette().border, 12.0f);
        dl->ChannelsMerge();
        ImGui::SetCursorScreenPos(ImVec2(start.x, bottom + 10));
        ImGui::Dummy(ImVec2(0, 0));
    }
};

void keyValue(const char* key, const std::string& value, float width) {
    if (value.empty()) return;
    ImGui::PushFont(fonts().small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().textMuted), "%s", key);
    ImGui::PopFont();
    ImGui::SameLine(std::min(110.0f, width * 0.4f));
    // Values come from ads and links (headlines often carry emoji): the emoji-aware renderer.
    RichTextStyle style;
    style.wrapWidth = width * 0.6f;
    richText(value, style);
    readable("text", std::string(key) + ": " + value, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

std::string statusText(const std::string& status) { return core::tr(("ticket.status." + status).c_str()); }

void drawHeaderSection(const core::Ticket& t) {
    ImGui::PushFont(fonts().title);
    label(std::string(ICON_TAG "  ") + str::kTicket + " #" + t.id, nullptr, 0, "heading");
    ImGui::PopFont();
    ImGui::SameLine();
    const std::string status = statusText(t.status);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 s = drawPill(ImGui::GetWindowDrawList(), ImVec2(p.x, p.y + 3), status, statusColor(t.status), IM_COL32_WHITE);
    readable("status", status, ImVec2(p.x, p.y + 3), ImVec2(p.x + s.x, p.y + 3 + s.y));
    ImGui::Dummy(ImVec2(s.x, s.y));
}

void drawStage(ViewContext& ctx, const core::Ticket& t, float width) {
    sectionTitle(str::kStage);
    const ImU32 color = colorFromHex(t.stage.color.c_str(), statusColor(t.status));
    const std::string current = t.stage.name.empty() ? statusText(t.status) : t.stage.name;
    const bool closed = t.status != "open";
    ImGui::BeginDisabled(closed);
    ImGui::SetNextItemWidth(width - 24);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (beginCombo("##stage", "     " + current)) {
        for (const core::Stage& s : ctx.session.store().stages()) {
            if (s.kind == "won" || s.kind == "lost") continue;  // closing is the close buttons' job (the API refuses it here)
            ImGui::PushID(s.id.c_str());
            const ImVec2 ip = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable(("     " + s.name).c_str(), s.id == t.stage.id) && s.id != t.stage.id) ctx.session.changeStage(s.id);
            annotate("option", s.name);
            ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(ip.x + 8, ip.y + ImGui::GetTextLineHeight() * 0.5f + 1), 5.0f,
                                                        colorFromHex(s.color.c_str(), palette().textMuted));
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    annotate("combobox", str::kStage, current);
    ImGui::EndDisabled();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 16, p.y + ImGui::GetFrameHeight() * 0.5f), 5.0f, color);
}

void drawAssignee(ViewContext& ctx, const core::Ticket& t, float width) {
    sectionTitle(str::kAssignee);
    const std::string current = t.assignee ? t.assignee->name : core::tr("ticket.unassigned");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(width - 24);
    if (beginCombo("##assignee", "        " + current, ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable(core::tr("ticket.unassigned"), !t.assignee)) ctx.session.assignTo("");
        annotate("option", core::tr("ticket.unassigned"));
        for (const core::Member& m : ctx.session.store().members()) {
            ImGui::PushID(m.id.c_str());
            const ImVec2 ip = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable(("        " + m.name).c_str(), t.assignee && t.assignee->id == m.id)) ctx.session.assignTo(m.id);
            annotate("option", m.name);
            drawAvatar(ImGui::GetWindowDrawList(), ImVec2(ip.x + 11, ip.y + ImGui::GetTextLineHeight() * 0.5f), 10, m.name);
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    annotate("combobox", str::kAssignee, current);
    if (t.assignee) drawAvatar(ImGui::GetWindowDrawList(), ImVec2(p.x + 20, p.y + ImGui::GetFrameHeight() * 0.5f), 11, t.assignee->name);
    else ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 12, p.y + ImGui::GetStyle().FramePadding.y), palette().textMuted, ICON_USER);
}

void drawDealValue(ViewContext& ctx, const core::Ticket& t, float width) {
    UiState& st = ctx.state;
    sectionTitle(str::kDealValue);
    const std::string shown = t.dealValue ? core::formatMoney(*t.dealValue) : "";
    const ImGuiID id = ImGui::GetID("##deal");
    const bool active = ImGui::GetActiveID() == id;
    if (!active && (st.dealTicketId != t.id || !st.dealEditing)) {
        st.dealTicketId = t.id;
        st.dealText = shown;
        st.dealEditing = false;
    }
    ImGui::SetNextItemWidth(width - 24);
    const bool enter = inputString("##deal", st.dealText, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll, str::kDealHint);
    annotate("textbox", str::kDealValue, st.dealText);
    if (ImGui::IsItemActivated()) st.dealEditing = true;
    const bool commit = enter || ImGui::IsItemDeactivatedAfterEdit();
    if (commit) {
        st.dealEditing = false;
        if (st.dealText == shown) {
            st.dealError.clear();
        } else if (ctx.session.setDealValueText(st.dealText)) {
            st.dealError.clear();
        } else {
            st.dealError = str::kDealInvalid.str();  // nonsense is refused and the saved value comes back
            st.dealText = shown;
        }
    } else if (ImGui::IsItemDeactivated()) {
        st.dealEditing = false;
    }
    if (!st.dealError.empty() && st.dealTicketId == t.id) label(st.dealError, fonts().small, palette().danger, "alert");
}

void drawWindow(ViewContext& ctx, const core::Ticket& t) {
    sectionTitle(str::kWindow);
    const int64_t serverNow = ctx.session.serverNowMs();
    const core::ReplyWindow w = core::replyWindow(t.windowExpiresAt, serverNow);
    const ImU32 color = w.state == core::WindowState::Open ? (w.amber ? palette().warning : palette().success) : palette().danger;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 6, p.y + ImGui::GetTextLineHeight() * 0.5f + 1), 5.0f, color);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 18, p.y));
    label(w.text, nullptr, 0, "timer");
    // The countdown changes once a minute: wake exactly then, draw nothing in between.
    if (w.nextChangeAtServerMs > serverNow) wakeAtServerTime(ctx, w.nextChangeAtServerMs);
}

void drawTracking(ViewContext& ctx, const core::Tracking& tr, float width) {
    sectionTitle(str::kTracking);
    std::string source = tr.sourceType;
    const char* icon = ICON_BAR_CHART;
    if (source.find("google") != std::string::npos || !tr.gclid.empty()) icon = ICON_GOOGLE;
    else if (source.find("facebook") != std::string::npos || source.find("meta") != std::string::npos || !tr.fbclid.empty() || !tr.ctwaclid.empty()) icon = ICON_FACEBOOK;
    else if (source.find("instagram") != std::string::npos) icon = ICON_INSTAGRAM;
    const bool empty = source.empty() && tr.utmSource.empty() && tr.gclid.empty() && tr.fbclid.empty() && tr.ctwaclid.empty() && tr.adHeadline.empty();
    if (empty) {
        label(str::kNoTracking, nullptr, palette().textMuted);
        return;
    }
    if (!source.empty()) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const std::string text = std::string(icon) + "  " + source;
        const ImVec2 s = drawPill(ImGui::GetWindowDrawList(), p, text, palette().accentSoft, palette().accent);
        readable("status", source, p, ImVec2(p.x + s.x, p.y + s.y));
        ImGui::Dummy(s);
    }
    keyValue("utm_source", tr.utmSource, width);
    keyValue("utm_medium", tr.utmMedium, width);
    keyValue("utm_campaign", tr.utmCampaign, width);
    keyValue("gclid", tr.gclid, width);
    keyValue("fbclid", tr.fbclid, width);
    keyValue("ctwaclid", tr.ctwaclid, width);
    keyValue(str::kAdHeadline, tr.adHeadline, width);
    if (!tr.adSourceUrl.empty()) {
        if (ImGui::SmallButton((std::string(ICON_EXTERNAL_LINK "  ") + str::kAdLink).c_str()) && ctx.services.openUrl) ctx.services.openUrl(tr.adSourceUrl);
        annotate("link", str::kAdLink, tr.adSourceUrl);
    }
}

void drawActions(ViewContext& ctx, const core::Ticket& t, float width) {
    UiState& st = ctx.state;
    sectionTitle(str::kActions);
    const bool open = t.status == "open";
    ImGui::BeginDisabled(!open || ctx.session.store().hasPendingTicketEdit(t.id));
    const float bw = width - 24;
    if (coloredButton((std::string(ICON_TROPHY "  ") + core::tr("ticket.close_won")).c_str(), palette().success, ImVec2(bw, 36))) st.confirmOutcome = "won";
    annotate("button", core::tr("ticket.close_won"));
    if (coloredButton((std::string(ICON_THUMBS_DOWN "  ") + core::tr("ticket.close_lost")).c_str(), palette().danger, ImVec2(bw, 36))) st.confirmOutcome = "lost";
    annotate("button", core::tr("ticket.close_lost"));
    ImGui::EndDisabled();
    if (!open) label(std::string(ICON_CHECK_CIRCLE "  ") + str::kTicketClosed + " · " + statusText(t.status), fonts().small, palette().textMuted);

    if (!st.confirmOutcome.empty() && !ImGui::IsPopupOpen("##confirm-close")) {
        ImGui::OpenPopup("##confirm-close");
        st.closeReason.clear();
    }
    ImGui::SetNextWindowSize(ImVec2(360, 0));
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal("##confirm-close", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        const bool won = st.confirmOutcome == "won";
        label(won ? str::kConfirmCloseWon : str::kConfirmCloseLost, fonts().bold, 0, "heading");
        ImGui::SetNextItemWidth(-1);
        inputString("##reason", st.closeReason, 0, str::kCloseReason);
        annotate("textbox", str::kCloseReason, st.closeReason);
        if (coloredButton(str::kConfirm, won ? palette().success : palette().danger, ImVec2(120, 0))) {
            ctx.session.closeTicket(st.confirmOutcome, st.closeReason);
            st.confirmOutcome.clear();
            ImGui::CloseCurrentPopup();
        }
        annotate("button", str::kConfirm);
        ImGui::SameLine();
        if (ImGui::Button(str::kCancel, ImVec2(100, 0)) || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
            st.confirmOutcome.clear();
            ImGui::CloseCurrentPopup();
        }
        annotate("button", str::kCancel);
        ImGui::EndPopup();
    } else if (!st.confirmOutcome.empty() && !ImGui::IsPopupOpen("##confirm-close")) {
        st.confirmOutcome.clear();
    }
}

}  // namespace

void drawTicketPanel(ViewContext& ctx) {
    core::InboxStore& store = ctx.session.store();
    const Palette& pal = palette();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ImGui::GetContentRegionAvail().y;
    ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + w, origin.y + h), pal.background);

    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kPad, kPad));
    ImGui::BeginChild("##ticket-scroll", ImVec2(w, h), ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    const float inner = ImGui::GetContentRegionAvail().x;
    const core::Chat* chat = store.selectedChat();
    const core::Ticket* ticket = chat ? store.ticketForChat(chat->id) : nullptr;
    const core::TicketState* ts = chat ? store.ticketState(chat->id) : nullptr;
    if (chat == nullptr) {
        label(str::kNoTicketSelected, nullptr, pal.textMuted);
    } else if (ticket == nullptr && ts != nullptr && !ts->error.empty()) {
        label(ts->error, nullptr, pal.danger, "alert");
        if (ImGui::Button(str::kRetry)) ctx.session.reloadTicket();
        annotate("button", str::kRetry);
    } else if (ticket == nullptr && ts != nullptr && ts->missing) {
        label(str::kNoTicket, nullptr, pal.textMuted);
    } else if (ticket == nullptr) {
        label(str::kLoadingTicket, nullptr, pal.textMuted);
    } else {
        const core::Ticket& t = *ticket;
        {
            Card c(inner);
            drawHeaderSection(t);
            if (ts != nullptr && !ts->error.empty()) label(ts->error, fonts().small, pal.danger, "alert");
        }
        {
            Card c(inner);
            drawStage(ctx, t, inner);
            drawAssignee(ctx, t, inner);
            drawDealValue(ctx, t, inner);
        }
        {
            Card c(inner);
            drawWindow(ctx, t);
        }
        {
            Card c(inner);
            drawTracking(ctx, t.tracking, inner - 24);
        }
        {
            Card c(inner);
            drawActions(ctx, t, inner);
        }
    }
    ImGui::EndChild();
}

}  // namespace inbox::ui
