// Wiring only: the browser loop draws the app view; JS hooks read state for tests and embedding hosts.
#include <emscripten.h>

#include <string>

#include "platform/browser_app.h"
#include "platform/browser_input.h"
#include "platform/clipboard.h"
#include "ui/app_view.h"
#include "ui/frame_pacer.h"
#include "ui/metrics.h"
#include "ui/ui_tree.h"

namespace {
std::string g_reply;  // keeps the last hook answer alive until JS has read it
}

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* inbox_metrics_json() {
    g_reply = inbox::ui::metrics().toJson();
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* inbox_state_json() {
    g_reply = R"({"signedIn":false})";
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* inbox_ui_tree_json() {
    g_reply = inbox::ui::appUiTree().toJson();
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void inbox_sign_in(const char*) {}
EMSCRIPTEN_KEEPALIVE void inbox_sign_out() {}
EMSCRIPTEN_KEEPALIVE void inbox_wake() { inbox::ui::framePacer().requestFrames(); }

// Platform events from the shell (shell/canvas-size.js, shell/input-bridge.js).
EMSCRIPTEN_KEEPALIVE void inbox_platform_resize(double width, double height, double ratio, double left, double top) {
    inbox::platform::resizeCanvas(width, height, ratio, left, top);
}
EMSCRIPTEN_KEEPALIVE void inbox_platform_text(const char* utf8) { inbox::platform::typeText(utf8); }
EMSCRIPTEN_KEEPALIVE void inbox_platform_paste(const char* utf8) { inbox::platform::pasteFromBrowser(utf8); }

}  // extern "C"

int main() {
    inbox::platform::AppHooks hooks;
    hooks.setup = inbox::ui::setupApp;
    hooks.draw = inbox::ui::drawApp;
    inbox::platform::runApp(hooks);
    return 0;
}
