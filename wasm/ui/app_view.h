// The top-level view: lays out the screen and dispatches to the panels.
#pragma once

#include <string>

namespace inbox::ui {

class UiTree;

// Once, with the ImGui context current: theme, ui tree hooks.
void setupApp();
// Every drawn frame, between ImGui::NewFrame() and ImGui::Render(); `nowMs` is the frame's clock.
void drawApp(double nowMs);
// The ui tree of the app's context (inbox.uiTree()).
UiTree& appUiTree();

}  // namespace inbox::ui
