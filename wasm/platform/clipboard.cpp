#include "platform/clipboard.h"

#include <emscripten.h>
#include <imgui.h>

#include "platform/browser_input.h"

// clang-format off
EM_JS(void, inbox_js_clipboard_write, (const char* text), {
  if (window.inboxClipboard) window.inboxClipboard.write(UTF8ToString(text));
});
// clang-format on

namespace inbox::platform {
namespace {

std::string g_text;

const char* getText(void*) { return g_text.c_str(); }

void setText(void*, const char* text) {
    g_text = text != nullptr ? text : "";
    inbox_js_clipboard_write(g_text.c_str());
}

}  // namespace

void installClipboard() {
    ImGuiIO& io = ImGui::GetIO();
    io.GetClipboardTextFn = getText;
    io.SetClipboardTextFn = setText;
    io.ClipboardUserData = nullptr;
}

void pasteFromBrowser(const std::string& text) {
    g_text = text;
    pressPasteShortcut();
}

const std::string& clipboardText() { return g_text; }

}  // namespace inbox::platform
