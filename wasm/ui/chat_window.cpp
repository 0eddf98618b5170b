// Messages of the open chat: header, bubbles (markup, emoji, cards for media/location/contacts/
// interactive/orders, quoted replies, reactions, delivery ticks, failed sends with retry), date
// separators, the "N novas mensagens" pill, older pages on scroll-up (anchor kept) and the composer
// (Enter sends, Shift+Enter breaks the line; a closed 24-hour window offers templates instead).
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

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
constexpr float kBubblePad = 10.0f;
constexpr float kHeaderHeight = 64.0f;

float fontSize(ImFont* f) { return f->FontSize * ImGui::GetIO().FontGlobalScale; }

// A readable card for non-text content: icon, title, subtitle, optional link.
struct Card {
    const char* icon = nullptr;
    std::string title;
    std::string subtitle;
    std::string url;
};

bool cardFor(const core::Message& m, Card& card) {
    const std::string& t = m.type;
    if (m.deleted) return false;
    if (m.media) {
        const core::Media& media = *m.media;
        card.url = media.url;
        if (t == "image" || t == "sticker") {
            card.icon = ICON_PICTURE;
            card.title = core::tr(t == "sticker" ? "card.sticker" : "card.image");
        } else if (t == "video") {
            card.icon = ICON_VIDEO;
            card.title = core::tr("card.video");
        } else if (t == "audio") {
            card.icon = ICON_MICROPHONE;
            card.title = core::tr(media.voice ? "card.voice" : "card.audio");
        } else {
            card.icon = ICON_FILE;
            card.title = media.filename.empty() ? core::tr("card.document") : media.filename;
        }
        card.subtitle = media.mime;
        return true;
    }
    if (m.location) {
        const core::Location& l = *m.location;
        card.icon = ICON_MAP_MARKER;
        card.title = l.name.empty() ? str::kLocation : l.name;
        char coords[64];
        std::snprintf(coords, sizeof coords, "%.5f, %.5f", l.latitude, l.longitude);
        card.subtitle = l.address.empty() ? coords : l.address;
        card.url = !l.url.empty() ? l.url : std::string("https://maps.google.com/?q=") + coords;
        for (char& c : card.url) {
            if (c == ' ') c = '+';
        }
        return true;
    }
    if (!m.contacts.empty()) {
        card.icon = ICON_ADDRESS_CARD;
        card.title = m.contacts.front().name.empty() ? str::kContacts : m.contacts.front().name;
        for (const auto& c : m.contacts) {
            for (const auto& p : c.phones) card.subtitle += (card.subtitle.empty() ? "" : " · ") + core::formatPhone(p);
        }
        if (m.contacts.size() > 1) card.title += " +" + std::to_string(m.contacts.size() - 1);
        return true;
    }
    if (m.interactive) {
        card.icon = ICON_HAND_POINTER;
        card.title = m.interactive->title.empty() ? m.interactive->id : m.interactive->title;
        card.subtitle = m.interactive->description;
        return true;
    }
    if (t == "order") {
        card.icon = ICON_SHOPPING_CART;
        card.title = str::kOrder.str();
        card.subtitle = core::formatText(str::kItems, {std::to_string(m.orderItemCount)});
        // The customer's note is the bubble's text (wrapped, whole); only without one does the card carry it.
        if (!m.orderText.empty() && m.text != m.orderText) card.subtitle += " · " + m.orderText;
        return true;
    }
    if (t == "template") {
        card.icon = ICON_STICKY_NOTE;
        card.title = m.templateName.empty() ? core::tr("card.template") : m.templateName;
        return true;
    }
    if (t != "text" && t != "system" && t != "reaction" && m.text.empty()) {
        card.icon = ICON_BAN;
        card.title = str::kUnsupported.str();
        card.subtitle = t;
        return true;
    }
    return false;
}

RichTextStyle bodyStyle(float wrap) {
    RichTextStyle s;
    s.font = fonts().body;
    s.bold = fonts().bold;
    s.italic = fonts().italic;
    s.markup = true;
    s.links = true;
    s.wrapWidth = wrap;
    s.color = palette().text;
    return s;
}

std::string messageText(const core::Message& m) {
    if (m.deleted) return str::kDeletedMessage;
    if (m.broken) return m.text.empty() ? str::kBrokenMessage : m.text;
    if (m.media && !m.media->caption.empty() && m.text.empty()) return m.media->caption;
    return m.text;
}

void drawTicks(ImDrawList* dl, ImVec2 pos, const core::Message& m) {
    const Palette& pal = palette();
    ImFont* f = fonts().small;
    const float fs = fontSize(f);
    if (m.localFailed || m.status == core::MessageStatus::Failed) {
        dl->AddText(f, fs, pos, pal.danger, ICON_EXCLAMATION_CIRCLE);
    } else if (m.localPending || m.status == core::MessageStatus::Pending) {
        dl->AddText(f, fs, pos, pal.textMuted, ICON_CLOCK);
    } else if (m.status == core::MessageStatus::Sent) {
        dl->AddText(f, fs, pos, pal.textMuted, ICON_CHECK);
    } else {
        const ImU32 c = m.status == core::MessageStatus::Read ? pal.tickRead : pal.textMuted;
        dl->AddText(f, fs, pos, c, ICON_CHECK);
        dl->AddText(f, fs, ImVec2(pos.x + 5, pos.y), c, ICON_CHECK);
    }
}

const char* statusName(const core::Message& m) {
    if (m.localFailed) return "failed";
    if (m.localPending) return "pending";
    return core::toString(m.status);
}

void drawDateSeparator(const std::string& text) {
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 s = pillSize(text, fonts().small);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 at(p.x + (w - s.x) * 0.5f, p.y + 6);
    drawPill(ImGui::GetWindowDrawList(), at, text, palette().panel, palette().textMuted, fonts().small);
    readable("heading", text, at, ImVec2(at.x + s.x, at.y + s.y));
    ImGui::Dummy(ImVec2(w, s.y + 14));
}

void drawSystemMessage(const core::Message& m) {
    const float w = ImGui::GetContentRegionAvail().x;
    RichTextStyle s;
    s.font = fonts().small;
    s.color = palette().textMuted;
    s.wrapWidth = std::min(w * 0.8f, 480.0f);
    const ImVec2 size = measureRichText(m.text, s);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 at(p.x + (w - size.x) * 0.5f, p.y + 4);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - 10, at.y - 4), ImVec2(at.x + size.x + 10, at.y + size.y + 4), withAlpha(palette().panelAlt, 230), 8);
    drawRichText(at, m.text, s);
    readable("text", m.text, at, ImVec2(at.x + size.x, at.y + size.y));
    ImGui::Dummy(ImVec2(w, size.y + 16));
}

void drawBubble(ViewContext& ctx, const core::Message& m) {
    const Palette& pal = palette();
    const bool out = m.direction == core::Direction::Out;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float maxW = std::min(avail * 0.74f, 560.0f);
    const float inner = maxW - kBubblePad * 2;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* small = fonts().small;
    const float sfs = fontSize(small);

    // ---- measure ----
    Card card;
    const bool hasCard = cardFor(m, card);
    const std::string fullText = messageText(m);
    // A button's or a list row's title is the card already: say it once.
    const std::string text = hasCard && m.interactive && fullText == card.title ? std::string() : fullText;
    RichTextStyle style = bodyStyle(inner);
    if (m.deleted || m.broken) {
        style.font = fonts().italic;
        style.color = pal.textMuted;
        style.markup = false;
    }
    const ImVec2 textSize = text.empty() ? ImVec2(0, 0) : measureRichText(text, style);

    const core::Message* quoted = m.replyToId.empty() ? nullptr : ctx.session.store().findMessage(m.chatId, m.replyToId);
    std::string quoteText;
    if (!m.replyToId.empty()) quoteText = quoted != nullptr ? core::messagePreview(*quoted, 90) : str::kReplyTo;
    const float quoteH = quoteText.empty() ? 0 : sfs * 2 + 16;

    const float cardH = hasCard ? 52.0f : 0;

    const std::string time = core::formatClock(m.timestamp, ctx.tzOffsetMinutes) + (m.edited ? std::string(" · ") + str::kEdited : "");
    const float timeW = small->CalcTextSizeA(sfs, FLT_MAX, 0, time.c_str()).x + (out ? 20 : 0);
    float contentW = std::max({textSize.x, timeW, hasCard ? std::min(inner, 260.0f) : 0.0f, quoteText.empty() ? 0.0f : std::min(inner, 200.0f)});
    contentW = std::min(contentW, inner);
    const float footerH = sfs + 2;
    const float bubbleW = contentW + kBubblePad * 2;
    const float bubbleH = kBubblePad + quoteH + cardH + (text.empty() ? 0 : textSize.y + 2) + footerH + kBubblePad * 0.6f;

    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float x = out ? start.x + avail - bubbleW : start.x;
    ImVec2 p(x, start.y);

    // ---- interaction (right-click: copy) ----
    ImGui::PushID(m.id.empty() ? m.clientId.c_str() : m.id.c_str());
    ImGui::SetCursorScreenPos(p);
    ImGui::InvisibleButton("##bubble", ImVec2(bubbleW, bubbleH), ImGuiButtonFlags_MouseButtonRight);
    const std::string readableText = text.empty() ? card.title : markupPlainText(text);
    annotate("text", readableText, std::string(out ? "out" : "in") + " · " + statusName(m));
    if (ImGui::BeginPopupContextItem("##menu")) {
        if (ImGui::MenuItem((std::string(ICON_COPY "  ") + str::kCopyText).c_str())) ImGui::SetClipboardText(markupPlainText(fullText).c_str());
        annotate("menuitem", str::kCopyText);
        ImGui::EndPopup();
    }

    // ---- draw ----
    const ImU32 bg = out ? pal.bubbleOut : pal.bubbleIn;
    dl->AddRectFilled(ImVec2(p.x, p.y), ImVec2(p.x + bubbleW, p.y + bubbleH), bg, 10.0f);
    if (!out) dl->AddRect(ImVec2(p.x, p.y), ImVec2(p.x + bubbleW, p.y + bubbleH), withAlpha(pal.border, 160), 10.0f);
    float y = p.y + kBubblePad;
    const float cx = p.x + kBubblePad;
    if (!quoteText.empty()) {
        dl->AddRectFilled(ImVec2(cx, y), ImVec2(cx + contentW, y + quoteH - 6), withAlpha(pal.text, 14), 6.0f);
        dl->AddRectFilled(ImVec2(cx, y), ImVec2(cx + 3, y + quoteH - 6), pal.accent, 2.0f);
        RichTextStyle qs;
        qs.font = small;
        qs.color = pal.textMuted;
        qs.wrapWidth = contentW - 14;
        qs.maxLines = 2;
        drawRichText(ImVec2(cx + 9, y + 4), quoteText, qs);
        y += quoteH;
    }
    if (hasCard) {
        dl->AddRectFilled(ImVec2(cx, y), ImVec2(cx + contentW, y + cardH - 6), withAlpha(pal.text, 10), 8.0f);
        ImFont* icons = fonts().title;
        dl->AddText(icons, fontSize(icons), ImVec2(cx + 10, y + 11), pal.accent, card.icon);
        const float tx = cx + 40;
        const float linkW = card.url.empty() ? 0 : 56;
        ImGui::PushClipRect(ImVec2(tx, y), ImVec2(cx + contentW - linkW, y + cardH), true);
        // Titles come from customers (file names, contact and place names): emoji must draw as emoji.
        RichTextStyle ts;
        ts.font = fonts().bold;
        ts.color = pal.text;
        ts.maxLines = 1;
        ts.wrapWidth = cx + contentW - linkW - tx;
        drawRichText(ImVec2(tx, y + 5), card.title, ts);
        ts.font = small;
        ts.color = pal.textMuted;
        drawRichText(ImVec2(tx, y + 26), card.subtitle, ts);
        ImGui::PopClipRect();
        readable("text", card.title + (card.subtitle.empty() ? "" : " · " + card.subtitle), ImVec2(cx, y), ImVec2(cx + contentW, y + cardH - 6));
        if (!card.url.empty()) {
            ImGui::SetCursorScreenPos(ImVec2(cx + contentW - linkW, y + 10));
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8, 4));
            if (ImGui::SmallButton((std::string(str::kOpen) + "##open").c_str()) && ctx.services.openUrl) ctx.services.openUrl(card.url);
            ImGui::PopStyleVar();
            annotate("link", std::string(str::kOpen) + " " + card.title, card.url);
        }
        y += cardH;
    }
    if (!text.empty()) {
        std::string clicked;
        drawRichText(ImVec2(cx, y), text, style, &clicked);
        if (!clicked.empty() && ctx.services.openUrl) ctx.services.openUrl(clicked);
        y += textSize.y + 2;
    }
    // footer: time (+ ticks) at the right
    const float fx = p.x + bubbleW - kBubblePad - timeW;
    dl->AddText(small, sfs, ImVec2(fx, y), pal.textMuted, time.c_str());
    if (out) drawTicks(dl, ImVec2(p.x + bubbleW - kBubblePad - 16, y), m);
    ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + bubbleH));

    // ---- reactions ----
    if (!m.reactions.empty()) {
        std::string emojis;
        for (const auto& r : m.reactions) {
            if (emojis.find(r.emoji) == std::string::npos) emojis += r.emoji;
        }
        if (m.reactions.size() > 1) emojis += " " + std::to_string(m.reactions.size());
        RichTextStyle rs;
        rs.font = small;
        const ImVec2 rsz = measureRichText(emojis, rs);
        const ImVec2 rp(out ? p.x + bubbleW - rsz.x - 24 : p.x + 12, start.y + bubbleH - 6);
        dl->AddRectFilled(rp, ImVec2(rp.x + rsz.x + 12, rp.y + rsz.y + 6), pal.panel, 12.0f);
        dl->AddRect(rp, ImVec2(rp.x + rsz.x + 12, rp.y + rsz.y + 6), pal.border, 12.0f);
        drawRichText(ImVec2(rp.x + 6, rp.y + 3), emojis, rs);
        readable("text", emojis, rp, ImVec2(rp.x + rsz.x + 12, rp.y + rsz.y + 6));
        ImGui::Dummy(ImVec2(0, rsz.y + 4));
    }

    // ---- failure: reason and actions ----
    const bool failed = m.localFailed || m.status == core::MessageStatus::Failed;
    if (failed) {
        std::string reason = !m.localError.empty() ? m.localError
                             : !m.errors.empty()    ? (m.errors.front().title.empty() ? m.errors.front().details : m.errors.front().title)
                                                    : core::tr("send.failed");
        reason = std::string(core::tr("send.failed")) + (reason == core::tr("send.failed") ? "" : ": " + reason);
        RichTextStyle es;
        es.font = small;
        es.color = pal.danger;
        es.wrapWidth = maxW;
        const ImVec2 esz = measureRichText(reason, es);
        const ImVec2 ep(out ? start.x + avail - esz.x : start.x, ImGui::GetCursorScreenPos().y + 2);
        drawRichText(ep, reason, es);
        readable("alert", reason, ep, ImVec2(ep.x + esz.x, ep.y + esz.y));
        ImGui::SetCursorScreenPos(ImVec2(ep.x, ep.y + esz.y + 4));
        if (m.localFailed && !m.clientId.empty()) {
            const float bw = 190;
            ImGui::SetCursorScreenPos(ImVec2(out ? start.x + avail - bw : start.x, ImGui::GetCursorScreenPos().y));
            if (ImGui::SmallButton((std::string(ICON_REFRESH " ") + str::kRetry).c_str())) ctx.session.retrySend(m.clientId);
            annotate("button", str::kRetry);
            ImGui::SameLine();
            if (ImGui::SmallButton(str::kDiscard)) ctx.session.discardFailedSend(m.clientId);
            annotate("button", str::kDiscard);
        }
    }
    ImGui::PopID();
    ImGui::Dummy(ImVec2(0, 6));
}

void drawHeader(ViewContext& ctx, const core::Chat& chat) {
    const Palette& pal = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + kHeaderHeight), pal.panel);
    dl->AddLine(ImVec2(p.x, p.y + kHeaderHeight - 0.5f), ImVec2(p.x + w, p.y + kHeaderHeight - 0.5f), pal.border);
    const std::string name = chat.name.empty() ? (chat.phone.empty() ? core::tr("chat.unknown_name") : core::formatPhone(chat.phone)) : chat.name;
    drawAvatar(dl, ImVec2(p.x + kPad + 20, p.y + kHeaderHeight * 0.5f), 20, name);
    RichTextStyle ns;
    ns.font = fonts().bold;
    ns.color = pal.text;
    ns.maxLines = 1;
    ns.wrapWidth = std::max(40.0f, w - 200);
    drawRichText(ImVec2(p.x + kPad + 52, p.y + 12), name, ns);
    readable("heading", name, ImVec2(p.x + kPad + 52, p.y + 12), ImVec2(p.x + w - 150, p.y + 32));
    std::string sub = core::formatPhone(chat.phone);
    for (const auto& i : ctx.session.store().instances()) {
        if (i.id == chat.instanceId) sub += (sub.empty() ? "" : "  ·  ") + std::string(ICON_WHATSAPP " ") + (i.verifiedName.empty() ? core::formatPhone(i.displayPhone) : i.verifiedName);
    }
    dl->AddText(fonts().small, fontSize(fonts().small), ImVec2(p.x + kPad + 52, p.y + 36), pal.textMuted, sub.c_str());
    readable("text", sub, ImVec2(p.x + kPad + 52, p.y + 36), ImVec2(p.x + w - 150, p.y + 52));
}

void drawToolbar(ViewContext& ctx, ImVec2 headerPos, float w) {
    // Right side of the header: ticket panel toggle, theme, sign out (not inside a host page: the
    // host owns the session there and signs out with inbox:sign-out).
    const int buttons = ctx.state.embedded ? 2 : 3;
    ImGui::SetCursorScreenPos(ImVec2(headerPos.x + w - kPad - buttons * 36, headerPos.y + 14));
    if (iconButton(ICON_COLUMNS, str::kToggleTicket, "toggle-ticket", ImVec2(34, 34))) ctx.session.layout().toggleRight();
    ImGui::SameLine(0, 2);
    const bool dark = currentTheme() == ThemeMode::Dark;
    if (iconButton(dark ? ICON_SUN : ICON_MOON, dark ? str::kThemeLight : str::kThemeDark, "theme", ImVec2(34, 34))) {
        applyTheme(dark ? ThemeMode::Light : ThemeMode::Dark);
        if (ctx.services.themeChanged) ctx.services.themeChanged(currentTheme());
    }
    if (ctx.state.embedded) return;
    ImGui::SameLine(0, 2);
    if (iconButton(ICON_SIGN_OUT, str::kSignOut, "sign-out", ImVec2(34, 34))) ctx.session.signOut();
}

void drawTemplatePicker(ViewContext& ctx) {
    UiState& st = ctx.state;
    if (st.templatePickerOpen) {
        ImGui::OpenPopup("##templates");
        st.templatePickerOpen = false;
    }
    ImGui::SetNextWindowSize(ImVec2(440, 0));
    if (!ImGui::BeginPopup("##templates")) return;
    label(str::kTemplates, fonts().bold, 0, "heading");
    const auto& templates = ctx.session.store().templates();
    if (templates.empty()) label(str::kNoTemplates, nullptr, palette().textMuted);
    for (int i = 0; i < static_cast<int>(templates.size()); ++i) {
        const core::Template& t = templates[static_cast<size_t>(i)];
        ImGui::PushID(i);
        if (ImGui::Selectable((t.name + "  ·  " + t.language).c_str(), st.templateIndex == i, ImGuiSelectableFlags_DontClosePopups)) {
            st.templateIndex = i;
            st.templateParams.assign(static_cast<size_t>(std::max(0, t.paramCount)), std::string());
        }
        annotate("option", t.name, t.body);
        if (!t.body.empty()) {
            RichTextStyle s;
            s.font = fonts().small;
            s.color = palette().textMuted;
            s.wrapWidth = 400;
            s.maxLines = 2;
            richText(t.body, s);
        }
        ImGui::PopID();
    }
    if (st.templateIndex >= 0 && st.templateIndex < static_cast<int>(templates.size())) {
        const core::Template& t = templates[static_cast<size_t>(st.templateIndex)];
        for (size_t i = 0; i < st.templateParams.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const std::string hint = core::formatText(str::kTemplateParam, {std::to_string(i + 1)});
            ImGui::SetNextItemWidth(-1);
            inputString("##param", st.templateParams[i], 0, hint.c_str());
            annotate("textbox", hint, st.templateParams[i]);
            ImGui::PopID();
        }
        if (coloredButton(str::kSendTemplate, palette().accent)) {
            ctx.session.sendTemplate(t.name, t.language, st.templateParams);
            st.templateIndex = -1;
            ImGui::CloseCurrentPopup();
        }
        annotate("button", str::kSendTemplate);
        ImGui::SameLine();
    }
    if (ImGui::Button(str::kCancel)) ImGui::CloseCurrentPopup();
    annotate("button", str::kCancel);
    ImGui::EndPopup();
}

void drawComposer(ViewContext& ctx, const core::Chat& chat) {
    UiState& st = ctx.state;
    const Palette& pal = palette();
    const float w = ImGui::GetContentRegionAvail().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddLine(p, ImVec2(p.x + w, p.y), pal.border);
    ImGui::SetCursorScreenPos(ImVec2(p.x + kPad, p.y + 10));

    if (st.composerChatId != chat.id) {
        st.composerChatId = chat.id;
        st.composer = ctx.session.store().draft(chat.id);
    }
    if (!ctx.session.canSendFreeText()) {
        // Only templates may go out: say so and offer them; free text is not even editable.
        const core::ReplyWindow window = ctx.session.selectedWindow();
        ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
        label(std::string(ICON_LOCK "  ") + core::tr("send.window_closed"), nullptr, pal.text, "alert");
        ImGui::PopStyleColor();
        ImGui::SetCursorPosX(kPad);
        if (coloredButton((std::string(ICON_STICKY_NOTE "  ") + str::kChooseTemplate).c_str(), pal.accent)) st.templatePickerOpen = true;
        annotate("button", str::kChooseTemplate);
        (void)window;
        drawTemplatePicker(ctx);
        return;
    }

    const ImGuiID composerId = ImGui::GetID("##composer");
    const bool active = ImGui::GetActiveID() == composerId;
    bool send = false;
    if (active && !ImGui::GetIO().KeyShift && !ImGui::GetIO().KeyCtrl &&
        (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false))) {
        send = true;
        // Keep InputText from also inserting the newline this frame.
        ImGui::SetKeyOwner(ImGuiKey_Enter, ImGui::GetID("##composer-enter"), ImGuiInputFlags_LockThisFrame);
        ImGui::SetKeyOwner(ImGuiKey_KeypadEnter, ImGui::GetID("##composer-enter"), ImGuiInputFlags_LockThisFrame);
    }
    if (st.focusComposer) {
        focusTextField("##composer");
        st.focusComposer = false;
    }
    int lines = 1;
    for (char c : st.composer) lines += c == '\n';
    const float lineH = ImGui::GetTextLineHeight();
    const float h = std::min(6, lines) * lineH + ImGui::GetStyle().FramePadding.y * 2 + 2;
    const float sendW = 44;
    if (inputString("##composer", st.composer, ImGuiInputTextFlags_None, nullptr, ImVec2(w - kPad * 2 - sendW - 8, h))) {
        ctx.session.setDraft(st.composer);
    }
    annotate("textbox", str::kComposerLabel, st.composer);
    if (st.composer.empty() && !active) {
        const ImVec2 r = ImGui::GetItemRectMin();
        dl->AddText(ImVec2(r.x + ImGui::GetStyle().FramePadding.x, r.y + ImGui::GetStyle().FramePadding.y), pal.textMuted, str::kComposerHint);
    }
    ImGui::SameLine(0, 8);
    // Over the API's limit the send is refused here (the draft stays) instead of by the server.
    const core::ComposerLimit limit = core::composerLimit(st.composer);
    const bool canSend = !st.composer.empty() && !limit.tooLong;
    ImGui::BeginDisabled(!canSend);
    if (coloredButton(ICON_PAPER_PLANE "##send", pal.accent, ImVec2(sendW, h))) send = true;
    annotate("button", str::kSend);
    ImGui::EndDisabled();
    if (!limit.counter.empty()) {
        ImGui::SetCursorPosX(kPad);
        if (limit.tooLong) label(limit.counter + "  ·  " + limit.error, fonts().small, pal.danger, "alert");
        else label(limit.counter, fonts().small, pal.textMuted, "status");
    }

    if (send && !st.composer.empty()) {
        if (!ctx.session.sendMessage(st.composer).empty()) {
            st.composer.clear();
            ctx.session.setDraft("");
            st.stickToBottom = true;
            st.scrollToBottomFrames = 2;
            if (active) {
                // The widget keeps its own copy while active: drop focus and take it back next frame.
                ImGui::ClearActiveID();
                st.focusComposer = true;
            }
        }
    }
}

}  // namespace

void drawChatWindow(ViewContext& ctx) {
    core::InboxStore& store = ctx.session.store();
    UiState& st = ctx.state;
    const Palette& pal = palette();
    const core::Chat* chat = store.selectedChat();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = ImGui::GetContentRegionAvail().y;
    ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + w, origin.y + h), pal.chatBackground);

    if (chat == nullptr) {
        const char* text = str::kPickChat;
        const ImVec2 ts = ImGui::CalcTextSize(text);
        ImGui::GetWindowDrawList()->AddText(fonts().title, fontSize(fonts().title), ImVec2(origin.x + (w - ts.x * 1.15f) * 0.5f, origin.y + h * 0.45f), pal.textMuted, ICON_COMMENTS);
        ImGui::SetCursorScreenPos(ImVec2(origin.x + (w - ts.x) * 0.5f, origin.y + h * 0.45f + 30));
        label(text, nullptr, pal.textMuted);
        ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y));
        drawToolbar(ctx, origin, w);
        return;
    }

    drawHeader(ctx, *chat);
    drawToolbar(ctx, origin, w);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + kHeaderHeight));

    const bool windowOpen = ctx.session.canSendFreeText();
    const float composerH = windowOpen ? std::min(6.0f, 1.0f + static_cast<float>(std::count(st.composer.begin(), st.composer.end(), '\n'))) * ImGui::GetTextLineHeight() + 40 : 90;
    const float counterH = windowOpen && !core::composerLimit(st.composer).counter.empty() ? ImGui::GetTextLineHeight() + 4 : 0;
    const float listH = std::max(60.0f, h - kHeaderHeight - composerH - counterH);

    const core::ChatMessages* cm = store.messages(chat->id);
    if (st.messagesChatId != chat->id) {
        st.messagesChatId = chat->id;
        st.messageRows.reset();
        st.messageCount = 0;
        st.firstMessageId.clear();
        st.stickToBottom = true;
        st.scrollToBottomFrames = 3;
        st.contentHeight = 0;
    }

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kPad, 10));
    ImGui::BeginChild("##messages-scroll", ImVec2(w, listH), ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    const float scrollY = ImGui::GetScrollY();
    const bool atBottom = scrollY >= ImGui::GetScrollMaxY() - 8;
    if (cm == nullptr || (!cm->loaded && cm->loading)) {
        label(str::kLoadingMessages, nullptr, pal.textMuted);
    } else if (!cm->error.empty() && cm->items.empty()) {
        label(cm->error, nullptr, pal.danger, "alert");
    } else if (cm->items.empty()) {
        label(str::kNoMessages, nullptr, pal.textMuted);
    } else {
        if (cm->loadingOlder) {
            label(str::kLoadingOlder, fonts().small, pal.textMuted);
        }
        // Only the rows near the viewport are laid out; the rest is one spacer above and one below,
        // sized from the rows' heights (a prefix sum), so a frame costs the same at 50 or 50,000
        // messages. Day separators and row positions follow the store's edits, not a walk.
        MessageRows& rows = st.messageRows;
        rows.sync(*cm, ctx.tzOffsetMinutes);
        const float y0 = ImGui::GetCursorPosY();
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        // Rows inserted above the anchor (an older page) or re-measured there move what the agent
        // reads: the scroll follows, unless the view sticks to the newest message.
        const bool anchored = rows.anchor != SIZE_MAX && !st.stickToBottom && st.scrollToBottomFrames == 0;
        float shift = anchored ? y0 + rows.top(rows.anchor) - st.messageAnchorTop : 0.0f;
        const float anchorTopBefore = anchored ? rows.top(rows.anchor) : 0.0f;

        const float visibleTop = scrollY - 300, visibleBottom = scrollY + ImGui::GetWindowHeight() + 300;
        size_t index = rows.rowAt(std::max(0.0f, visibleTop - y0));
        if (index > 0) ImGui::Dummy(ImVec2(0, std::max(0.0f, rows.top(index) - spacing)));
        for (; index < rows.size() && ImGui::GetCursorPosY() <= visibleBottom; ++index) {
            const core::Message& m = cm->items[index];
            if (rows.separator(index)) {
                const float sy = ImGui::GetCursorPosY();
                drawDateSeparator(core::formatDaySeparator(m.timestamp, ctx.wallMs, ctx.tzOffsetMinutes));
                rows.setSeparatorHeight(ImGui::GetCursorPosY() - sy);
            }
            const float by = ImGui::GetCursorPosY();
            if (m.direction == core::Direction::System) drawSystemMessage(m);
            else drawBubble(ctx, m);
            rows.setBubbleHeight(index, ImGui::GetCursorPosY() - by);
        }
        if (index < rows.size()) ImGui::Dummy(ImVec2(0, std::max(0.0f, rows.total() - rows.top(index) - spacing)));
        const float contentH = ImGui::GetCursorPosY();
        if (anchored) shift += rows.top(rows.anchor) - anchorTopBefore;
        if (anchored && std::fabs(shift) > 0.5f) ImGui::SetScrollY(scrollY + shift);
        // Next frame's anchor: the row at the top of the (corrected) view.
        rows.anchor = std::min(rows.rowAt(std::max(0.0f, scrollY + shift - y0)), rows.size() - 1);
        st.messageAnchorTop = y0 + rows.top(rows.anchor);

        const std::string& firstId = cm->items.front().id;
        // New messages below, or the newest one grew (a reaction, a failure line): keep it in view.
        // Rows above that get their real height when first drawn do not count.
        const float lastHeight = rows.bubbleHeight(rows.size() - 1);
        const bool grewAtBottom = firstId == st.firstMessageId &&
                                  (cm->items.size() > st.messageCount || lastHeight > st.lastBubbleHeight + 0.5f);
        st.lastBubbleHeight = lastHeight;
        if (grewAtBottom && st.stickToBottom) st.scrollToBottomFrames = std::max(st.scrollToBottomFrames, 2);
        st.messageCount = cm->items.size();
        st.firstMessageId = firstId;
        st.contentHeight = contentH;
        // Near the top: fetch the previous page (the session ignores repeats while one loads).
        if (scrollY < 40 && !cm->olderCursor.empty() && !cm->loadingOlder && st.scrollToBottomFrames == 0) ctx.session.loadOlderMessages();
    }
    if (st.scrollToBottomFrames > 0) {
        ImGui::SetScrollHereY(1.0f);
        --st.scrollToBottomFrames;
        framePacer().requestFrames(1);  // content size settles over the next frame
    } else if (ImGui::GetIO().MouseWheel != 0.0f || ImGui::IsMouseDragging(ImGuiMouseButton_Left) || ImGui::GetScrollMaxY() > 0) {
        st.stickToBottom = atBottom;
    }
    if (store.scrolledUp() != !st.stickToBottom) store.setScrolledUp(!st.stickToBottom);
    if (st.stickToBottom && chat->unreadCount > 0) ctx.session.markSelectedChatRead();
    ImGui::EndChild();

    // "N novas mensagens": the agent scrolled up and messages arrived below.
    if (store.newMessagesBelow() > 0) {
        const int n = store.newMessagesBelow();
        const std::string text = std::string(ICON_ANGLE_DOUBLE_DOWN "  ") +
                                 (n == 1 ? std::string(core::tr("chat.new_message")) : core::formatText(core::tr("chat.new_messages"), {std::to_string(n)}));
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        ImGui::SetCursorScreenPos(ImVec2(origin.x + (w - ts.x - 24) * 0.5f, origin.y + kHeaderHeight + listH - ts.y - 26));
        if (coloredButton(text.c_str(), pal.accent)) {
            st.stickToBottom = true;
            st.scrollToBottomFrames = 2;
        }
        annotate("button", text.substr(text.find_first_not_of(' ', 3)));
    }

    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + kHeaderHeight + listH));
    drawComposer(ctx, *chat);
}

}  // namespace inbox::ui
