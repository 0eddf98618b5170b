// The app view as a whole: theme toggle through the ui tree, idle after settling.
#include <gtest/gtest.h>
#include <imgui.h>

#include "ui/app_view.h"
#include "ui/frame_pacer.h"
#include "ui/theme.h"
#include "ui_harness.h"

namespace inbox::ui::test {
namespace {

TEST(App, NoFrameIsRequestedWhileNothingChanges) {
    UiHarness ui;
    ui.setDraw([&] { drawApp(ui.nowMs()); });
    FramePacer& pacer = framePacer();
    // Whatever the start asked for is drawn; then, with no input or data, nothing more.
    for (int i = 0; i < 10; ++i) {
        if (pacer.beginTick(ui.nowMs())) ui.frame();
        else ui.advanceMs(16.7);
    }
    const auto rendered = pacer.framesRendered();
    for (int i = 0; i < 300; ++i) {
        if (pacer.beginTick(ui.nowMs())) ui.frame();
        else ui.advanceMs(16.7);
    }
    EXPECT_EQ(pacer.framesRendered(), rendered);
}

}  // namespace
}  // namespace inbox::ui::test
