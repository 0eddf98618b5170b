// Wiring only: browser transports feed core's Session, the platform loop draws the inbox view, and
// the exported hooks answer window.inbox (tests, embedding hosts).
#include <emscripten.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_access.h"
#include "core/session.h"
#include "core/strings.h"
#include "core/synthetic_inbox.h"
#include "platform/browser_app.h"
#include "platform/browser_input.h"
#include "platform/browser_services.h"
#include "platform/embed_host.h"
#include "platform/clipboard.h"
#include "ui/app_view.h"
#include "ui/frame_pacer.h"
#include "ui/metrics.h"
#include "ui/theme.h"
#include "ui/ui_tree.h"

namespace {

void onNetworkEvent();

struct App {
    inbox::platform::BrowserClock clock;
    inbox::platform::LocalStorage storage;
    inbox::platform::FetchTransport http{onNetworkEvent};
    inbox::platform::BrowserWebSocket websocket{onNetworkEvent};
    inbox::core::Session session;
    inbox::ui::InboxView view;

    static inbox::core::SessionConfig config() {
        inbox::core::SessionConfig c;
        // config.json may point at another API / hub (a CDN-hosted page); same origin by default.
        const inbox::core::embed::AppConfig page = inbox::platform::pageConfig();
        c.apiBaseUrl = page.apiBaseUrl.empty() ? "/api/v1" : page.apiBaseUrl;
        c.websocketUrl = page.websocketUrl.empty() ? inbox::platform::websocketUrl("/connection/websocket") : page.websocketUrl;
        c.seed = static_cast<uint64_t>(emscripten_get_now() * 1000.0);
        return c;
    }

    App()
        : session(http, websocket, clock, &storage, config()),
          view(session, clock,
               inbox::ui::UiServices{inbox::platform::openInNewTab, inbox::platform::setDocumentTitle,
                                     [this](inbox::ui::ThemeMode mode) { storage.set(kThemeKey, mode == inbox::ui::ThemeMode::Dark ? "dark" : "light"); }}) {
        // The agent's theme survives reloads.
        if (storage.get(kThemeKey).value_or("") == "dark") inbox::ui::applyTheme(inbox::ui::ThemeMode::Dark);
    }

    static constexpr const char* kThemeKey = "inbox.theme";
};

App* g_app = nullptr;
std::string g_reply;  // keeps the last hook answer alive until JS has read it
uint64_t g_drawnRevision = 0;
bool g_benchMode = false;  // `?bench=1`: tools/bench may fill the store with synthetic data
long g_wakeTimer = 0;

// After anything that may have changed the session: redraw if the store changed and make sure
// the session is ticked again when it asks (timers keep running while the tab is hidden).
void afterSessionWork() {
    if (g_app == nullptr) return;
    inbox::core::EmbedBridge* bridge = inbox::platform::embedBridge();
    if (bridge != nullptr) bridge->tick();  // tells the host what changed
    if (g_app->session.store().revision() != g_drawnRevision) inbox::ui::framePacer().requestFrames();
    if (g_wakeTimer != 0) inbox::platform::cancelTimer(g_wakeTimer);
    g_wakeTimer = 0;
    const int64_t next = std::min(g_app->session.nextWakeMs(), bridge != nullptr ? bridge->nextWakeMs() : INT64_MAX);
    if (next != INT64_MAX) {
        const double delay = static_cast<double>(next - g_app->clock.monotonicMs());
        g_wakeTimer = inbox::platform::startTimer(delay, [] {
            g_wakeTimer = 0;
            onNetworkEvent();
        });
    }
}

void onNetworkEvent() {
    if (g_app == nullptr) return;
    g_app->session.tick();
    afterSessionWork();
}

void drawFrame(double nowMs) {
    if (g_app != nullptr) g_app->session.frameStarted();  // this frame shows what was applied so far
    inbox::ui::drawApp(nowMs);
    if (g_app == nullptr) return;
    // Actions taken while drawing (clicks, typing) change the store: draw again to show them.
    const uint64_t revision = g_app->session.store().revision();
    if (revision != g_drawnRevision) {
        g_drawnRevision = revision;
        inbox::ui::framePacer().requestFrames(2);
    }
    g_app->session.tick();
    afterSessionWork();
}

void ticked(bool rendered) {
    if (g_app != nullptr) g_app->session.countFrame(rendered);
}

void visibilityChanged(bool visible) {
    if (g_app == nullptr) return;
    g_app->session.setPageVisible(visible);
    onNetworkEvent();
}

void setup() {
    // Benchmark switches read from the page URL (docs/BENCHMARKS.md); both off by default.
    inbox::ui::framePacer().setContinuous(inbox::platform::pageQuery("idle") == "off");
    g_benchMode = inbox::platform::pageQuery("bench") == "1";
    // pt-BR unless the page asks for English (`?lang=en`); the agent's browser language is not
    // a reliable signal in Brazilian offices, so it does not decide alone.
    inbox::core::setLanguage(inbox::core::languageFromTag(inbox::platform::pageQuery("lang")));
    inbox::ui::setupApp();
    g_app = new App();  // lives as long as the page
    inbox::ui::setAppView(&g_app->view);
    // Inside a host page: no sign-in form, the host talks to the app through postMessage.
    g_app->view.state().embedded = inbox::platform::pageIsFramed();
    inbox::platform::startEmbedBridge(g_app->session, g_app->clock, onNetworkEvent, [](bool dark) {
        inbox::ui::applyTheme(dark ? inbox::ui::ThemeMode::Dark : inbox::ui::ThemeMode::Light);
        inbox::ui::framePacer().requestFrames();
    });
    onNetworkEvent();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* inbox_metrics_json() {
    if (g_app == nullptr) {
        g_reply = inbox::ui::metrics().toJson();
        return g_reply.c_str();
    }
    // The platform's per-frame timings (tools/bench scale) join the session's counters.
    nlohmann::json j = g_app->session.metrics();
    const inbox::ui::Metrics& m = inbox::ui::metrics();
    j["frameBuildMs"] = std::vector<double>(m.frameBuildMs.begin(), m.frameBuildMs.end());
    j["frameGlMs"] = std::vector<double>(m.frameGlMs.begin(), m.frameGlMs.end());
    g_reply = inbox::core::dumpJson(j);
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* inbox_state_json() {
    g_reply = g_app != nullptr ? g_app->session.stateJson() : R"({"signedIn":false})";
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* inbox_ui_tree_json() {
    g_reply = inbox::ui::appUiTree().toJson();
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void inbox_sign_in(const char* token) {
    if (g_app == nullptr || token == nullptr) return;
    g_app->session.signIn(token);
    onNetworkEvent();
}

EMSCRIPTEN_KEEPALIVE void inbox_sign_out() {
    if (g_app == nullptr) return;
    g_app->session.signOut();
    onNetworkEvent();
}

// tools/bench scale: `chats` synthetic chats and a `messages`-long open thread in the signed-in
// store. Only on a page opened with `?bench=1`; returns 1 when done.
EMSCRIPTEN_KEEPALIVE int inbox_bench_fill(int chats, int messages) {
    if (g_app == nullptr || !g_benchMode || !g_app->session.store().signedIn() || chats < 1 || messages < 0) return 0;
    inbox::core::SyntheticInbox options;
    options.chats = chats;
    options.messages = messages;
    options.nowMs = g_app->session.serverNowMs();
    inbox::core::fillSyntheticInbox(g_app->session.store(), options);
    inbox::ui::framePacer().requestFrames();
    return 1;
}

EMSCRIPTEN_KEEPALIVE void inbox_wake() {
    inbox::ui::framePacer().requestFrames();
    onNetworkEvent();
}

// Platform events from the shell (shell/canvas-size.js, shell/input-bridge.js).
EMSCRIPTEN_KEEPALIVE void inbox_platform_resize(double width, double height, double ratio, double left, double top) {
    inbox::platform::resizeCanvas(width, height, ratio, left, top);
}
EMSCRIPTEN_KEEPALIVE void inbox_platform_text(const char* utf8) { inbox::platform::typeText(utf8); }
EMSCRIPTEN_KEEPALIVE void inbox_platform_paste(const char* utf8) { inbox::platform::pasteFromBrowser(utf8); }
EMSCRIPTEN_KEEPALIVE int inbox_platform_flush_input() { return inbox::platform::flushInput() ? 1 : 0; }

}  // extern "C"

int main() {
    inbox::platform::AppHooks hooks;
    hooks.setup = setup;
    hooks.draw = drawFrame;
    hooks.ticked = ticked;
    hooks.visibilityChanged = visibilityChanged;
    inbox::platform::runApp(hooks);
    return 0;
}
