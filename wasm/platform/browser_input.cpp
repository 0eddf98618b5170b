#include "platform/browser_input.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <set>

#include "ui/frame_pacer.h"
#include "ui/web_keys.h"

// clang-format off
EM_JS(int, inbox_js_is_mac, (), {
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? 1 : 0;
});
EM_JS(void, inbox_js_set_text_input, (int active, float x, float y, float lineHeight), {
  if (window.inboxInput) window.inboxInput.setTextInput(!!active, x, y, lineHeight);
});
EM_JS(void, inbox_js_set_cursor, (const char* name), {
  if (window.inboxInput) window.inboxInput.setCursor(UTF8ToString(name));
});
// clang-format on

namespace inbox::platform {
namespace {

constexpr const char* kCanvas = "#canvas";
// After pointer input, stay awake long enough for ImGui's hover delays (tooltips) to elapse.
constexpr double kHoverAwakeMs = 600;

double g_originX = 0, g_originY = 0;
bool g_mac = false;
std::set<ImGuiKey> g_down;  // keys we reported down (released all at once when Cmd goes up)
int g_mouseButtonsDown = 0;

void wake(double awakeMs = 0) {
    ui::framePacer().requestFrames();
    if (awakeMs > 0) ui::framePacer().keepAwakeUntil(emscripten_performance_now() + awakeMs);
}

void syncModifiers(bool ctrl, bool shift, bool alt, bool meta) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

void releaseAllKeys() {
    ImGuiIO& io = ImGui::GetIO();
    for (ImGuiKey key : g_down) io.AddKeyEvent(key, false);
    g_down.clear();
}

int imguiButton(unsigned short domButton) {
    switch (domButton) {
        case 0: return 0;  // primary
        case 1: return 2;  // middle
        case 2: return 1;  // secondary
        default: return domButton < ImGuiMouseButton_COUNT ? domButton : -1;
    }
}

void addPointer(double clientX, double clientY) {
    ImGui::GetIO().AddMousePosEvent(static_cast<float>(clientX - g_originX), static_cast<float>(clientY - g_originY));
}

EM_BOOL onMouseDown(int, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    syncModifiers(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    addPointer(e->clientX, e->clientY);
    const int button = imguiButton(e->button);
    if (button >= 0) {
        io.AddMouseButtonEvent(button, true);
        g_mouseButtonsDown |= 1 << button;
    }
    wake(kHoverAwakeMs);
    return EM_TRUE;  // no text selection, no native drag; the shell focuses the canvas itself
}

EM_BOOL onMouseUp(int, const EmscriptenMouseEvent* e, void*) {
    const int button = imguiButton(e->button);
    if (button < 0 || !(g_mouseButtonsDown & (1 << button))) return EM_FALSE;  // not pressed on us
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    addPointer(e->clientX, e->clientY);
    io.AddMouseButtonEvent(button, false);
    g_mouseButtonsDown &= ~(1 << button);
    wake(kHoverAwakeMs);
    return EM_FALSE;
}

// On the document: a drag that leaves the canvas keeps following the pointer.
EM_BOOL onMouseMove(int, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    addPointer(e->clientX, e->clientY);
    wake(kHoverAwakeMs);
    return EM_FALSE;
}

EM_BOOL onMouseLeave(int, const EmscriptenMouseEvent*, void*) {
    if (g_mouseButtonsDown == 0) {
        ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        wake();
    }
    return EM_FALSE;
}

EM_BOOL onWheel(int, const EmscriptenWheelEvent* e, void*) {
    if (e->mouse.ctrlKey) return EM_FALSE;  // pinch/Ctrl+wheel is the browser's zoom
    // ImGui counts wheel "lines"; DOM deltas come in pixels, lines or pages.
    float perUnit = 1.0f / 100.0f;
    if (e->deltaMode == DOM_DELTA_LINE) perUnit = 1.0f / 3.0f;
    else if (e->deltaMode == DOM_DELTA_PAGE) perUnit = 10.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    addPointer(e->mouse.clientX, e->mouse.clientY);
    io.AddMouseWheelEvent(static_cast<float>(-e->deltaX) * perUnit, static_cast<float>(-e->deltaY) * perUnit);
    wake(kHoverAwakeMs);
    return EM_TRUE;
}

// The first finger drives a touch-screen mouse (ImGui then skips hover-only behaviour). A mostly
// vertical drag scrolls instead: ImGui has no drag-to-scroll, so the press is released away from
// any item (no click) and the movement becomes wheel steps (one step is 5 lines, ~75 px).
struct TouchState {
    double startX = 0, startY = 0, lastY = 0;
    bool scrolling = false;
};
TouchState g_touch;
constexpr double kScrollSlopPx = 10;
constexpr float kPixelsPerWheelStep = 75.0f;

EM_BOOL onTouch(int type, const EmscriptenTouchEvent* e, void*) {
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        ImGuiIO& io = ImGui::GetIO();
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
            g_touch = TouchState{static_cast<double>(t.clientX), static_cast<double>(t.clientY), static_cast<double>(t.clientY), false};
            addPointer(t.clientX, t.clientY);
            io.AddMouseButtonEvent(0, true);
        } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
            const double dx = t.clientX - g_touch.startX, dy = t.clientY - g_touch.startY;
            if (!g_touch.scrolling && std::abs(dy) > kScrollSlopPx && std::abs(dy) > std::abs(dx) * 1.5) {
                g_touch.scrolling = true;
                io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // release over nothing: no click
                io.AddMouseButtonEvent(0, false);
            }
            addPointer(t.clientX, t.clientY);
            if (g_touch.scrolling) {
                io.AddMouseWheelEvent(0, static_cast<float>(t.clientY - g_touch.lastY) / kPixelsPerWheelStep);
            }
            g_touch.lastY = t.clientY;
        } else {
            addPointer(t.clientX, t.clientY);
            if (!g_touch.scrolling) io.AddMouseButtonEvent(0, false);
            g_touch.scrolling = false;
        }
        break;
    }
    wake(kHoverAwakeMs);
    return EM_TRUE;  // no emulated mouse events, no page panning
}

ui::WebKeyEvent webKey(const EmscriptenKeyboardEvent* e) {
    ui::WebKeyEvent k;
    k.key = e->key;
    k.code = e->code;
    k.location = static_cast<int>(e->location);
    k.ctrl = e->ctrlKey;
    k.shift = e->shiftKey;
    k.alt = e->altKey;
    k.meta = e->metaKey;
    k.keyCode = static_cast<unsigned>(e->keyCode);
    return k;
}

EM_BOOL onKeyDown(int, const EmscriptenKeyboardEvent* e, void*) {
    const ui::WebKeyEvent key = webKey(e);
    const ui::KeyDecision d = ui::decideKeyDown(key, g_mac);
    ImGuiIO& io = ImGui::GetIO();
    syncModifiers(key.ctrl, key.shift, key.alt, key.meta);
    if (d.key != ImGuiKey_None) {
        io.AddKeyEvent(d.key, true);
        g_down.insert(d.key);
    }
    if (!d.text.empty()) io.AddInputCharactersUTF8(d.text.c_str());
    wake();
    return d.preventDefault ? EM_TRUE : EM_FALSE;
}

EM_BOOL onKeyUp(int, const EmscriptenKeyboardEvent* e, void*) {
    const ui::WebKeyEvent key = webKey(e);
    ImGuiIO& io = ImGui::GetIO();
    syncModifiers(key.ctrl, key.shift, key.alt, key.meta);
    const ImGuiKey mapped = ui::mapWebKey(key.key, key.code, key.location);
    if (mapped != ImGuiKey_None) {
        io.AddKeyEvent(mapped, false);
        g_down.erase(mapped);
    }
    // macOS sends no keyup for keys released while Cmd was held: release everything with Cmd.
    if (g_mac && (key.key == "Meta" || key.key == "OS")) releaseAllKeys();
    wake();
    return EM_FALSE;
}

// Focus lost (Cmd-Tab, click in the host page): no key may stay pressed.
EM_BOOL onBlur(int, const EmscriptenFocusEvent*, void*) {
    g_down.clear();
    g_mouseButtonsDown = 0;
    ImGui::GetIO().AddFocusEvent(false);
    wake();
    return EM_FALSE;
}

EM_BOOL onFocus(int, const EmscriptenFocusEvent*, void*) {
    ImGui::GetIO().AddFocusEvent(true);
    wake();
    return EM_FALSE;
}

void setImeData(ImGuiViewport*, ImGuiPlatformImeData* data) {
    inbox_js_set_text_input(data->WantVisible ? 1 : 0, data->InputPos.x, data->InputPos.y, data->InputLineHeight);
}

}  // namespace

void installInput() {
    g_mac = inbox_js_is_mac() != 0;
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigMacOSXBehaviors = g_mac;
    io.BackendPlatformName = "inbox_html5";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.SetPlatformImeDataFn = setImeData;

    emscripten_set_mousedown_callback(kCanvas, nullptr, EM_FALSE, onMouseDown);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, onMouseUp);
    emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, onMouseMove);
    emscripten_set_mouseleave_callback(kCanvas, nullptr, EM_FALSE, onMouseLeave);
    emscripten_set_wheel_callback(kCanvas, nullptr, EM_FALSE, onWheel);
    emscripten_set_touchstart_callback(kCanvas, nullptr, EM_FALSE, onTouch);
    emscripten_set_touchmove_callback(kCanvas, nullptr, EM_FALSE, onTouch);
    emscripten_set_touchend_callback(kCanvas, nullptr, EM_FALSE, onTouch);
    emscripten_set_touchcancel_callback(kCanvas, nullptr, EM_FALSE, onTouch);
    // On the document: keys typed while the hidden textarea has focus bubble up here too.
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, onKeyDown);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, EM_FALSE, onKeyUp);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, onBlur);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, onFocus);
}

void setCanvasOrigin(double left, double top) {
    g_originX = left;
    g_originY = top;
}

void typeText(const std::string& utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
    wake();
}

void pressPasteShortcut() {
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey modifier = g_mac ? ImGuiMod_Super : ImGuiMod_Ctrl;
    const bool wasDown = g_mac ? io.KeySuper : io.KeyCtrl;
    // Queued events trickle one per frame, so ImGui sees a real press and release.
    io.AddKeyEvent(modifier, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(modifier, wasDown);
    wake(100);
}

void updateCursor() {
    static ImGuiMouseCursor last = ImGuiMouseCursor_COUNT;
    const ImGuiMouseCursor cursor = ImGui::GetIO().MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor == last) return;
    last = cursor;
    const char* name = "default";
    switch (cursor) {
        case ImGuiMouseCursor_None: name = "none"; break;
        case ImGuiMouseCursor_TextInput: name = "text"; break;
        case ImGuiMouseCursor_ResizeAll: name = "move"; break;
        case ImGuiMouseCursor_ResizeNS: name = "ns-resize"; break;
        case ImGuiMouseCursor_ResizeEW: name = "ew-resize"; break;
        case ImGuiMouseCursor_ResizeNESW: name = "nesw-resize"; break;
        case ImGuiMouseCursor_ResizeNWSE: name = "nwse-resize"; break;
        case ImGuiMouseCursor_Hand: name = "pointer"; break;
        case ImGuiMouseCursor_NotAllowed: name = "not-allowed"; break;
        default: break;
    }
    inbox_js_set_cursor(name);
}

}  // namespace inbox::platform
