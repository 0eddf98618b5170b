// A phone-sized window: one panel at a time — the list, then the open chat with a way back, and
// the ticket in place of the messages.
#include <gtest/gtest.h>

#include "inbox_fixture.h"

namespace inbox::ui::test {
namespace {

TEST(NarrowLayout, OnePanelAtATimeWithAWayBack) {
    InboxFixture f(ImVec2(400, 760));
    f.fill(8);
    f.ui.frames(3);
    const UiTree& tree = f.ui.tree();
    ASSERT_NE(tree.find("listitem", "João Silva"), nullptr) << "the list fills the window";
    EXPECT_EQ(tree.find("textbox", "Mensagem"), nullptr) << "no chat squeezed beside it";
    const UiNode* row = tree.find("listitem", "João Silva");
    EXPECT_GT(row->rect.w, 300.0f) << "rows get the whole width";

    f.ui.clickNode("listitem", "João Silva");
    f.ui.frames(2);
    EXPECT_EQ(f.store().selectedChatId(), "chat-1");
    EXPECT_EQ(f.ui.tree().find("listitem", "João Silva"), nullptr) << "the chat replaces the list";
    ASSERT_NE(f.ui.tree().find("heading", "João Silva"), nullptr) << f.ui.tree().toJson();
    ASSERT_NE(f.ui.tree().find("button", "Conversas"), nullptr) << "a way back";

    f.ui.clickNode("button", "Mostrar/ocultar ticket");
    f.ui.frames(2);
    EXPECT_NE(f.ui.tree().find("heading", "Etapa"), nullptr) << "the ticket in place of the messages";
    EXPECT_EQ(f.ui.tree().find("heading", "João Silva"), nullptr);
    f.ui.clickNode("button", "Mensagens");
    f.ui.frames(2);
    EXPECT_NE(f.ui.tree().find("heading", "João Silva"), nullptr);

    f.ui.clickNode("button", "Conversas");
    f.ui.frames(2);
    EXPECT_NE(f.ui.tree().find("listitem", "João Silva"), nullptr) << "back to the list";
    EXPECT_EQ(f.store().selectedChatId(), "chat-1") << "the selection is kept";
}

}  // namespace
}  // namespace inbox::ui::test
