// The top-level view: the sign-in screen or the three panels (with the connection banner), global
// shortcuts, the tab title. Draws a core::Session and turns input into its actions.
#pragma once

#include <string>

#include "ui/ui_state.h"

namespace inbox::core {
class Clock;
class Session;
}  // namespace inbox::core

namespace inbox::ui {

class UiTree;

class InboxView {
public:
    InboxView(core::Session& session, const core::Clock& clock, UiServices services = {});
    // Between ImGui::NewFrame() and ImGui::Render(); `nowMs` is the frame's monotonic clock.
    void draw(double nowMs);
    UiState& state() { return m_state; }
    core::Session& session() { return m_session; }

private:
    core::Session& m_session;
    const core::Clock& m_clock;
    UiServices m_services;
    UiState m_state;
};

// ---- the app's single view, for the platform loop (main.cpp) ----
// Once, with the ImGui context current: theme, ui tree hooks.
void setupApp();
// The view drawn by drawApp (nullptr: a neutral splash while the app starts).
void setAppView(InboxView* view);
// Every drawn frame: records the ui tree around the view.
void drawApp(double nowMs);
// The ui tree of the app's context (inbox.uiTree()).
UiTree& appUiTree();

}  // namespace inbox::ui
