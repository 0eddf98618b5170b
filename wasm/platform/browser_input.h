// Browser input → ImGuiIO, on emscripten/html5.h (no GLFW emulation).
//   implemented: mouse (buttons, move, leave; drags continue outside the canvas), wheel (pixel/line/
//                page deltas; Ctrl+wheel left to the browser's zoom), touch as a touch-screen mouse,
//                keyboard mapped to ImGuiKey with text from KeyboardEvent.key (ui/web_keys.h: dead
//                keys, non-BMP, AltGr, browser-owned shortcuts), text from the hidden textarea (IME,
//                mobile keyboards), vertical touch drags scroll, paste via the paste event, Cmd on macOS (ConfigMacOSXBehaviors,
//                all keys released when Cmd goes up), key state reset on window blur, the textarea
//                placed at ImGui's caret (SetPlatformImeDataFn), mouse cursor shapes
//   missing:     touch inertia and pinch, pen pressure, gamepad
#pragma once

#include <string>

namespace inbox::platform {

// Registers the event callbacks (canvas "#canvas", the document and the window).
void installInput();
// Canvas position in the page, in CSS pixels (the shell reports it with the size).
void setCanvasOrigin(double left, double top);
// Text committed by the hidden textarea (IME, mobile keyboards).
void typeText(const std::string& utf8);
// Presses Ctrl/Cmd+V inside the app (after the internal clipboard got the pasted text).
void pressPasteShortcut();
// After each frame: mouse cursor shape.
void updateCursor();

}  // namespace inbox::platform
