// Browser KeyboardEvent → ImGui: which ImGuiKey, which text, and whether the browser keeps the key.
// Pure logic (no browser calls) so the rules are tested natively; the platform layer applies them.
//   - text comes from KeyboardEvent.key: one user-perceived character, any plane (emoji, ç, ã after a
//     dead key); "Dead", "Process" and IME (keyCode 229) keys produce nothing here
//   - browser-owned shortcuts stay with the browser (F5, F12, Ctrl/Cmd+R/L/T/W/N, zoom, tab switching)
//   - Ctrl/Cmd+V is neither forwarded nor prevented: the paste event must fire (see clipboard.h)
#pragma once

#include <imgui.h>

#include <string>

namespace inbox::ui {

struct WebKeyEvent {
    std::string key;   // KeyboardEvent.key
    std::string code;  // KeyboardEvent.code
    int location = 0;  // 1 left, 2 right, 3 numpad
    bool ctrl = false, shift = false, alt = false, meta = false;
    unsigned keyCode = 0;
};

struct KeyDecision {
    ImGuiKey key = ImGuiKey_None;  // forward as a key event (None: don't)
    std::string text;              // characters to type (empty: none)
    bool preventDefault = false;   // the browser must not act on it
};

// `mac`: Cmd is the shortcut modifier (io.ConfigMacOSXBehaviors).
KeyDecision decideKeyDown(const WebKeyEvent& e, bool mac);
// Key-ups only release keys: same mapping, never text.
ImGuiKey mapWebKey(const std::string& key, const std::string& code, int location);
// True when `key` is exactly one character (one code point, or one emoji cluster) to type.
bool isPrintableKey(const std::string& key);

}  // namespace inbox::ui
