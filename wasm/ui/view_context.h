// What every panel's draw function receives: the session (store + actions), the per-session UI
// state, browser services and the frame's time.
#pragma once

#include <cstdint>

#include "ui/ui_state.h"

namespace inbox::core {
class Clock;
class Session;
}  // namespace inbox::core

namespace inbox::ui {

struct ViewContext {
    core::Session& session;
    UiState& state;
    const UiServices& services;
    const core::Clock& clock;
    double nowMs;            // frame time, monotonic (for the frame pacer)
    int64_t wallMs;          // Date.now() for list times
    int tzOffsetMinutes;     // local minus UTC
};

// Panels (one file each).
void drawLayout(ViewContext& ctx);        // layout.cpp: three panels and their handles
void drawChatList(ViewContext& ctx);      // chat_list.cpp
void drawChatWindow(ViewContext& ctx);    // chat_window.cpp
void drawTicketPanel(ViewContext& ctx);   // ticket_panel.cpp
void drawSignIn(ViewContext& ctx);        // sign_in.cpp
// Returns the banner's height (0 when the link is healthy). connection_banner.cpp
float drawConnectionBanner(ViewContext& ctx);

// Wakes the frame pacer at server time `serverAtMs` (countdowns), given the session's server clock.
void wakeAtServerTime(ViewContext& ctx, int64_t serverAtMs);

}  // namespace inbox::ui
