// The top-level view: lays out the screen and dispatches to the panels.
#pragma once

namespace inbox::ui {

void drawApp();

}  // namespace inbox::ui
