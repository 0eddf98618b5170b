#include "ui/app_view.h"

#include <imgui.h>

#include "core/format.h"
#include "core/platform.h"
#include "core/session.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/icons.h"
#include "ui/strings.h"
#include "ui/theme.h"
#include "ui/ui_tree.h"
#include "ui/view_context.h"
#include "ui/widgets.h"

namespace inbox::ui {
namespace {

UiTree g_tree;
InboxView* g_view = nullptr;

// One full-screen window without decoration: the panels are children of it.
bool beginRoot() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, palette().background);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    const bool open = ImGui::Begin("##inbox", nullptr, flags);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    return open;
}

}  // namespace

void wakeAtServerTime(ViewContext& ctx, int64_t serverAtMs) {
    // ctx.nowMs is when the frame began; the delay is measured later, while drawing, and a loaded
    // tab runs its animation-frame callbacks late. A wake that fires before the change draws the
    // same text and wakes again (two frames per minute, seen in the idle benchmark), so it is
    // placed a quarter second after the change: a countdown in minutes cannot show that lag.
    constexpr double kAfterChangeMs = 250.0;
    const int64_t delay = serverAtMs - ctx.session.serverNowMs();
    if (delay > 0) framePacer().wakeAt(ctx.nowMs + static_cast<double>(delay) + kAfterChangeMs);
}

InboxView::InboxView(core::Session& session, const core::Clock& clock, UiServices services)
    : m_session(session), m_clock(clock), m_services(std::move(services)) {}

void InboxView::draw(double nowMs) {
    ViewContext ctx{m_session, m_state, m_services, m_clock, nowMs, m_clock.wallMs(), m_clock.tzOffsetMinutes()};
    const core::InboxStore& store = m_session.store();

    // The tab title carries the unread total (visible from other tabs).
    const int unread = store.signedIn() ? store.unreadTotal() : 0;
    if (unread != m_state.lastUnreadTotal) {
        m_state.lastUnreadTotal = unread;
        const std::string title = unread > 0 ? "(" + std::to_string(unread) + ") " + str::kAppName : std::string(str::kAppName);
        if (title != m_state.lastTitle && m_services.setTitle) m_services.setTitle(title);
        m_state.lastTitle = title;
    }

    if (beginRoot()) {
        if (!store.signedIn()) {
            drawSignIn(ctx);
        } else {
            drawConnectionBanner(ctx);
            drawLayout(ctx);
            // At local midnight "Hoje" becomes "Ontem" and the list's times become dates, with no
            // data changing: one frame then (the pacer keeps only the earliest wake).
            framePacer().wakeAt(nowMs + static_cast<double>(core::msUntilNextLocalDay(ctx.wallMs, ctx.tzOffsetMinutes)) + 250.0);
        }
    }
    ImGui::End();
}

UiTree& appUiTree() { return g_tree; }

void setupApp() {
    applyTheme(ThemeMode::Light);
    g_tree.attach(ImGui::GetCurrentContext());
}

void setAppView(InboxView* view) {
    g_view = view;
    framePacer().requestFrames();
}

void drawApp(double nowMs) {
    g_tree.beginFrame();
    if (g_view != nullptr) {
        g_view->draw(nowMs);
    } else if (beginRoot()) {
        const ImVec2 size = ImGui::GetContentRegionAvail();
        const ImVec2 ts = ImGui::CalcTextSize(str::kAppName);
        ImGui::SetCursorPos(ImVec2((size.x - ts.x) * 0.5f, size.y * 0.45f));
        label(str::kAppName, nullptr, palette().textMuted, "heading");
    }
    if (g_view == nullptr) ImGui::End();
    g_tree.endFrame();
}

}  // namespace inbox::ui
