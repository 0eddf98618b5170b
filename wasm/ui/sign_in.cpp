// The sign-in screen of the standalone page (inside an iframe the host hands a token instead).
#include <imgui.h>

#include "core/session.h"
#include "core/strings.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/icons.h"
#include "ui/strings.h"
#include "ui/theme.h"
#include "ui/view_context.h"
#include "ui/widgets.h"

namespace inbox::ui {

namespace {

// Inside a host page the token comes from the host (inbox:auth): a form here would teach agents to
// type their password into whatever site frames the inbox.
void drawWaitingForHost(ViewContext& ctx) {
    const Palette& pal = palette();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const std::string text = core::tr("embed.waiting");
    const float wrap = std::min(420.0f, avail.x - 32);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + (avail.x - wrap) * 0.5f, origin.y + avail.y * 0.4f));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    label(text, nullptr, pal.textMuted, "status");
    if (!ctx.session.authError().empty()) label(ctx.session.authError(), fonts().small, pal.danger, "alert");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

}  // namespace

void drawSignIn(ViewContext& ctx) {
    UiState& st = ctx.state;
    if (st.embedded) {
        drawWaitingForHost(ctx);
        return;
    }
    const Palette& pal = palette();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float cardW = std::min(380.0f, avail.x - 32);
    const float cardH = st.lastCardHeight > 0 ? st.lastCardHeight : 300;  // last frame's, for centring
    const ImVec2 p(origin.x + (avail.x - cardW) * 0.5f, origin.y + std::max(24.0f, (avail.y - cardH) * 0.4f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);  // the card is drawn behind the form once the form's height is known
    dl->ChannelsSetCurrent(1);

    ImGui::SetCursorScreenPos(ImVec2(p.x + 28, p.y + 26));
    ImGui::BeginGroup();
    ImGui::PushItemWidth(cardW - 56);
    ImGui::PushFont(fonts().title);
    label(std::string(ICON_WHATSAPP "  ") + str::kSignInTitle, nullptr, pal.text, "heading");
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 6));
    label(str::kEmail, fonts().small, pal.textMuted);
    inputString("##email", st.email, 0, "agente@empresa.com.br");
    annotate("textbox", str::kEmail, st.email);
    label(str::kPassword, fonts().small, pal.textMuted);
    if (st.focusPassword) {
        // Enter validated the field (ImGui drops its focus); after a failure the agent types again.
        focusTextField("##password");
        st.focusPassword = false;
    }
    const bool enter = inputString("##password", st.password, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    annotate("textbox", str::kPassword);
    ImGui::Dummy(ImVec2(0, 4));
    const bool ready = !st.email.empty() && !st.password.empty() && !st.signingIn;
    ImGui::BeginDisabled(!ready);
    const bool clicked = coloredButton(st.signingIn ? str::kSigningIn : str::kSignIn, pal.accent, ImVec2(cardW - 56, 38));
    annotate("button", str::kSignIn);
    ImGui::EndDisabled();
    if ((clicked || enter) && ready) {
        st.signingIn = true;
        UiState* state = &st;
        ctx.session.login(st.email, st.password, [state](bool ok, const std::string&) {
            state->signingIn = false;
            if (ok) state->password.clear();
            else state->focusPassword = true;
            framePacer().requestFrames(2);
        });
    }
    if (!ctx.session.authError().empty() && !st.signingIn) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cardW - 56);
        label(ctx.session.authError(), fonts().small, pal.danger, "alert");
        ImGui::PopTextWrapPos();
    }
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    const float bottom = ImGui::GetItemRectMax().y + 28;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(p, ImVec2(p.x + cardW, bottom), pal.panel, 16.0f);
    dl->AddRect(p, ImVec2(p.x + cardW, bottom), pal.border, 16.0f);
    dl->ChannelsMerge();
    if (bottom - p.y != st.lastCardHeight) {
        st.lastCardHeight = bottom - p.y;
        framePacer().requestFrames(1);
    }
}

}  // namespace inbox::ui
