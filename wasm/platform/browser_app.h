// The browser main loop on emscripten/html5.h: a WebGL2 context, ImGui's OpenGL3 renderer and
// render on demand.
//   implemented: requestAnimationFrame loop that draws only when ui::framePacer() says so (input,
//                data, visibilitychange, timed wakes) and counts rendered/skipped ticks; layout in CSS
//                pixels with DisplayFramebufferScale = devicePixelRatio; fonts rasterized at the
//                devicePixelRatio and rebuilt when it changes (zoom, other screen); colour emoji
//                through emoji_atlas.h; caret blink off;
//                no ini file (layout persists through localStorage)
//                input flushed inside touch gestures so mobile keyboards can open
//   missing:     WebGL context loss/restore (the page must be reloaded)
#pragma once

#include <string>

namespace inbox::platform {

struct AppHooks {
    void (*setup)() = nullptr;               // once, with the ImGui context current (theme, ui tree)
    void (*draw)(double nowMs) = nullptr;    // between ImGui::NewFrame() and ImGui::Render()
    void (*ticked)(bool rendered) = nullptr;          // after every animation-frame tick
    void (*visibilityChanged)(bool visible) = nullptr;  // the tab was hidden or shown
    std::string fontDir = "/fonts";
};

// Starts the loop and returns at once (the browser calls back on each animation frame).
void runApp(const AppHooks& hooks);

// Draws the frames needed to process queued input right away (inside a touch gesture); returns
// whether ImGui now wants text (the shell then focuses its textarea, opening the mobile keyboard).
bool flushInput();

// Canvas size in CSS pixels, devicePixelRatio and position in the page (from shell/canvas-size.js).
void resizeCanvas(double cssWidth, double cssHeight, double pixelRatio, double left, double top);

}  // namespace inbox::platform
