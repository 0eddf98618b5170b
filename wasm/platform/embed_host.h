// The page inside a host's iframe: config.json, and the postMessage bridge between the shell
// (shell/embed-frame.js) and core::EmbedBridge, which decides everything.
//   implemented: config.json read once at start (apiBaseUrl, websocketUrl, embedOrigins); framed or
//                not; the parent's origin as the browser tells it (ancestorOrigins, referrer);
//                message events in (queued by the shell until the bridge runs), posts out to
//                window.parent with an exact target origin
//   missing:     nothing posts while the page is top-level (no opener protocol)
#pragma once

#include <functional>

#include "core/embed_bridge.h"
#include "core/embed_protocol.h"

namespace inbox::core {
class Clock;
class Session;
}  // namespace inbox::core

namespace inbox::platform {

// GET /config.json as the shell fetched it before the app started (defaults when absent or bad).
core::embed::AppConfig pageConfig();
bool pageIsFramed();

// Inside a frame: starts the bridge (posts inbox:ready) and returns it; nullptr on a top-level page.
// `onChange` runs after every host message (the app ticks the session and the bridge, redraws).
core::EmbedBridge* startEmbedBridge(core::Session& session, const core::Clock& clock, std::function<void()> onChange,
                                    std::function<void(bool dark)> setTheme);
core::EmbedBridge* embedBridge();

}  // namespace inbox::platform
