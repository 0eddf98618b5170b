// The panels over a store filled with fixture data, driven through ImGuiIO.
#include <gtest/gtest.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "core/panel_layout.h"
#include "inbox_fixture.h"
#include "ui/frame_pacer.h"

namespace inbox::ui::test {
namespace {

TEST(Panels, ClickingARowSelectsTheChat) {
    InboxFixture f;
    f.fill();
    f.ui.frames(3);
    const UiNode* row = f.ui.tree().find("listitem", "Cliente 3");
    ASSERT_NE(row, nullptr) << f.ui.tree().toJson();
    f.ui.click(center(*row));
    EXPECT_EQ(f.store().selectedChatId(), "chat-3");
    EXPECT_NE(f.http.find("GET", "/chats/chat-3/messages"), nullptr) << "opening a chat loads its messages";
}

}  // namespace
}  // namespace inbox::ui::test
