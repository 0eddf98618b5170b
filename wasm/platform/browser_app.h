// The browser main loop: a WebGL2 canvas, ImGui's GLFW/OpenGL3 backends and render-on-demand.
//   implemented: requestAnimationFrame loop that draws only while frames are requested; input and
//                canvas resizes request frames; frame counters for inbox.metrics()
//   missing:     own html5.h input layer (IME, clipboard, devicePixelRatio), see BROWSER.md
#pragma once

#include <cstdint>

namespace inbox::platform {

struct FrameCounters {
  uint64_t rendered = 0;
  uint64_t skipped = 0;
};

using DrawFunction = void (*)();

// Starts the loop; returns at once (the browser calls back on each animation frame).
void runApp(DrawFunction draw);

// Asks for `frames` more frames (input, data, animations). Cheap; call from any callback.
void requestFrames(int frames = 3);

const FrameCounters& frameCounters();

}  // namespace inbox::platform
