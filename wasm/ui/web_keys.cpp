#include "ui/web_keys.h"

#include <cstring>

namespace inbox::ui {
namespace {

struct Named {
    const char* name;
    ImGuiKey key;
};

// KeyboardEvent.key values of non-character keys.
const Named kNamedKeys[] = {
    {"Enter", ImGuiKey_Enter},         {"Tab", ImGuiKey_Tab},           {"Backspace", ImGuiKey_Backspace},
    {"Delete", ImGuiKey_Delete},       {"Escape", ImGuiKey_Escape},     {"Insert", ImGuiKey_Insert},
    {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow}, {"ArrowUp", ImGuiKey_UpArrow},
    {"ArrowDown", ImGuiKey_DownArrow}, {"Home", ImGuiKey_Home},         {"End", ImGuiKey_End},
    {"PageUp", ImGuiKey_PageUp},       {"PageDown", ImGuiKey_PageDown}, {"CapsLock", ImGuiKey_CapsLock},
    {"ContextMenu", ImGuiKey_Menu},    {"F1", ImGuiKey_F1},   {"F2", ImGuiKey_F2},   {"F3", ImGuiKey_F3},
    {"F4", ImGuiKey_F4},   {"F5", ImGuiKey_F5},   {"F6", ImGuiKey_F6},   {"F7", ImGuiKey_F7},
    {"F8", ImGuiKey_F8},   {"F9", ImGuiKey_F9},   {"F10", ImGuiKey_F10}, {"F11", ImGuiKey_F11},
    {"F12", ImGuiKey_F12},
};

// KeyboardEvent.code of punctuation and numpad keys (physical position).
const Named kCodes[] = {
    {"Space", ImGuiKey_Space},           {"Minus", ImGuiKey_Minus},         {"Equal", ImGuiKey_Equal},
    {"BracketLeft", ImGuiKey_LeftBracket}, {"BracketRight", ImGuiKey_RightBracket},
    {"Backslash", ImGuiKey_Backslash},   {"Semicolon", ImGuiKey_Semicolon}, {"Quote", ImGuiKey_Apostrophe},
    {"Backquote", ImGuiKey_GraveAccent}, {"Comma", ImGuiKey_Comma},         {"Period", ImGuiKey_Period},
    {"Slash", ImGuiKey_Slash},           {"NumpadEnter", ImGuiKey_KeypadEnter},
    {"NumpadDecimal", ImGuiKey_KeypadDecimal}, {"NumpadDivide", ImGuiKey_KeypadDivide},
    {"NumpadMultiply", ImGuiKey_KeypadMultiply}, {"NumpadSubtract", ImGuiKey_KeypadSubtract},
    {"NumpadAdd", ImGuiKey_KeypadAdd},   {"NumpadEqual", ImGuiKey_KeypadEqual},
};

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Keys that, with Ctrl (or Cmd on a Mac), are the app's: editing and the search shortcut.
bool appShortcut(ImGuiKey key) {
    switch (key) {
        case ImGuiKey_A: case ImGuiKey_C: case ImGuiKey_X: case ImGuiKey_Z: case ImGuiKey_Y:
        case ImGuiKey_K: case ImGuiKey_Enter: case ImGuiKey_KeypadEnter: case ImGuiKey_Backspace:
        case ImGuiKey_Delete: case ImGuiKey_LeftArrow: case ImGuiKey_RightArrow: case ImGuiKey_UpArrow:
        case ImGuiKey_DownArrow: case ImGuiKey_Home: case ImGuiKey_End:
            return true;
        default:
            return false;
    }
}

size_t utf8Length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

}  // namespace

bool isPrintableKey(const std::string& key) {
    if (key.empty()) return false;
    const unsigned char lead = static_cast<unsigned char>(key[0]);
    if (lead < 0x20 || lead == 0x7F) return false;
    // Named keys ("Enter", "Dead", "Unidentified") are ASCII words: one character means one code point
    // or a cluster whose first code point is not ASCII (emoji with modifiers, a letter + accent).
    if (utf8Length(lead) == key.size()) return true;
    return lead >= 0x80;
}

ImGuiKey mapWebKey(const std::string& key, const std::string& code, int location) {
    for (const Named& n : kNamedKeys) {
        if (key == n.name) {
            if (n.key == ImGuiKey_Enter && code == "NumpadEnter") return ImGuiKey_KeypadEnter;
            return n.key;
        }
    }
    if (key == "Control") return location == 2 ? ImGuiKey_RightCtrl : ImGuiKey_LeftCtrl;
    if (key == "Shift") return location == 2 ? ImGuiKey_RightShift : ImGuiKey_LeftShift;
    if (key == "Alt" || key == "AltGraph") return location == 2 ? ImGuiKey_RightAlt : ImGuiKey_LeftAlt;
    if (key == "Meta" || key == "OS") return location == 2 ? ImGuiKey_RightSuper : ImGuiKey_LeftSuper;
    // Letters follow the layout (Ctrl+Z on AZERTY is the key labelled Z) when it is Latin; otherwise
    // the physical key ("KeyZ"), so shortcuts still work with a Cyrillic layout.
    if (key.size() == 1 && isAsciiLetter(key[0])) {
        const char lower = static_cast<char>(key[0] | 0x20);
        return static_cast<ImGuiKey>(ImGuiKey_A + (lower - 'a'));
    }
    if (code.size() == 4 && code.compare(0, 3, "Key") == 0 && code[3] >= 'A' && code[3] <= 'Z') {
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    }
    if (code.size() == 6 && code.compare(0, 5, "Digit") == 0 && code[5] >= '0' && code[5] <= '9') {
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    }
    if (code.size() == 7 && code.compare(0, 6, "Numpad") == 0 && code[6] >= '0' && code[6] <= '9') {
        return static_cast<ImGuiKey>(ImGuiKey_Keypad0 + (code[6] - '0'));
    }
    for (const Named& n : kCodes) {
        if (code == n.name) return n.key;
    }
    if (key == " ") return ImGuiKey_Space;
    return ImGuiKey_None;
}

KeyDecision decideKeyDown(const WebKeyEvent& e, bool mac) {
    KeyDecision d;
    // IME composition and dead keys: the browser composes; the text arrives later.
    if (e.keyCode == 229 || e.key == "Process" || e.key == "Dead" || e.key == "Unidentified") return d;

    const ImGuiKey key = mapWebKey(e.key, e.code, e.location);
    if (key >= ImGuiKey_F1 && key <= ImGuiKey_F12) return d;  // reload, devtools, fullscreen…: the browser's

    const bool shortcutModifier = mac ? e.meta : e.ctrl;
    // AltGr arrives as Ctrl+Alt on Windows: it types characters (@, €), it is not a shortcut.
    const bool altGr = e.ctrl && e.alt && !e.meta;
    if ((shortcutModifier || (e.meta && !mac) || (e.ctrl && mac)) && !altGr) {
        if (key == ImGuiKey_V) return d;  // let the paste event fire (clipboard.h)
        if (shortcutModifier && appShortcut(key)) {
            d.key = key;
            d.preventDefault = true;
        }
        return d;  // everything else (Ctrl+R/L/T/W/N, zoom, tabs) stays with the browser
    }
    if (e.alt && !altGr && (key == ImGuiKey_LeftArrow || key == ImGuiKey_RightArrow)) return d;  // history

    d.key = key;
    if (isPrintableKey(e.key)) {
        d.text = e.key;
        d.preventDefault = true;  // typed here, not by the browser into the hidden textarea
    } else if (key != ImGuiKey_None) {
        // Tab, arrows, Backspace, Enter: no page scrolling, no focus leaving the canvas.
        const bool modifierOnly = key >= ImGuiKey_LeftCtrl && key <= ImGuiKey_RightSuper;
        d.preventDefault = !modifierOnly && key != ImGuiKey_CapsLock;
    }
    return d;
}

}  // namespace inbox::ui
