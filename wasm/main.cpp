// Wiring only: the browser loop draws the app view; JS hooks read state for tests and embedding hosts.
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "platform/browser_app.h"
#include "ui/app_view.h"

namespace {
std::string g_reply;  // keeps the last hook answer alive until JS has read it
}

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* inbox_metrics_json() {
  const auto& counters = inbox::platform::frameCounters();
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, R"({"framesRendered":%llu,"framesSkipped":%llu})",
                static_cast<unsigned long long>(counters.rendered),
                static_cast<unsigned long long>(counters.skipped));
  g_reply = buffer;
  return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* inbox_state_json() {
  g_reply = R"({"signedIn":false})";
  return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* inbox_ui_tree_json() {
  g_reply = "[]";
  return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void inbox_sign_in(const char*) {}
EMSCRIPTEN_KEEPALIVE void inbox_sign_out() {}
EMSCRIPTEN_KEEPALIVE void inbox_wake() { inbox::platform::requestFrames(); }

}  // extern "C"

int main() {
  inbox::platform::runApp(inbox::ui::drawApp);
  return 0;
}
