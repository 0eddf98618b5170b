#include <gtest/gtest.h>

#include "core/panel_layout.h"

using namespace inbox::core;

TEST(PanelLayout, Defaults) {
    PanelLayout l;
    EXPECT_DOUBLE_EQ(l.left(), 25);
    EXPECT_DOUBLE_EQ(l.middle(), 50);
    EXPECT_DOUBLE_EQ(l.right(), 25);
    EXPECT_FALSE(l.rightCollapsed());
}

TEST(PanelLayout, LeftHandleClampsToLimits) {
    PanelLayout l;
    l.dragLeftHandle(55);
    EXPECT_DOUBLE_EQ(l.left(), 40);
    l.dragLeftHandle(5);
    EXPECT_DOUBLE_EQ(l.left(), 15);
    l.dragLeftHandle(30);
    EXPECT_DOUBLE_EQ(l.left(), 30);
    EXPECT_DOUBLE_EQ(l.middle(), 45);
    EXPECT_DOUBLE_EQ(l.right(), 25);  // the other panel never moves
}

TEST(PanelLayout, RightHandleClampsToLimitsAndMiddleMinimum) {
    PanelLayout l;
    l.dragRightHandle(50);  // right would be 50
    EXPECT_DOUBLE_EQ(l.right(), 40);
    l.dragRightHandle(95);
    EXPECT_DOUBLE_EQ(l.right(), 20);
    l.dragLeftHandle(40);
    l.dragRightHandle(60);  // right 40 would leave the middle 20 %
    EXPECT_DOUBLE_EQ(l.middle(), 30);
    EXPECT_DOUBLE_EQ(l.right(), 30);
    EXPECT_DOUBLE_EQ(l.left(), 40);
}

TEST(PanelLayout, CollapseAndRestoreKeepsSize) {
    PanelLayout l;
    l.dragRightHandle(65);
    EXPECT_DOUBLE_EQ(l.right(), 35);
    l.collapseRight();
    EXPECT_TRUE(l.rightCollapsed());
    EXPECT_DOUBLE_EQ(l.visibleRight(), 0);
    EXPECT_DOUBLE_EQ(l.middle(), 75);
    l.dragLeftHandle(40);  // with the right collapsed the left still stops at 40
    EXPECT_DOUBLE_EQ(l.left(), 40);
    l.restoreRight();
    EXPECT_FALSE(l.rightCollapsed());
    EXPECT_DOUBLE_EQ(l.right(), 30);  // re-clamped so the middle keeps 30 %
    EXPECT_DOUBLE_EQ(l.middle(), 30);
    l.toggleRight();
    EXPECT_TRUE(l.rightCollapsed());
}

TEST(PanelLayout, NarrowWindowReclampsAndAutoCollapses) {
    PanelLayout l;
    l.setWindowWidth(1600);
    EXPECT_DOUBLE_EQ(l.left(), 25);
    l.setWindowWidth(900);  // 220 px left min = 24.4 %, 320 px middle = 35.6 %, 260 px right = 28.9 %
    EXPECT_GE(l.widthsPx(900).left, 219);
    EXPECT_GE(l.widthsPx(900).middle, 319);
    EXPECT_GE(l.widthsPx(900).right, 259);
    l.setWindowWidth(700);  // cannot fit three panels
    EXPECT_TRUE(l.rightCollapsed());
    EXPECT_TRUE(l.autoCollapsed());
    EXPECT_GE(l.widthsPx(700).middle, 320);
    l.setWindowWidth(1600);  // wide again: it comes back
    EXPECT_FALSE(l.rightCollapsed());
    const auto w = l.widthsPx(1600);
    EXPECT_DOUBLE_EQ(w.left + w.middle + w.right, 1600);
}

TEST(PanelLayout, PersistenceRoundTripAndBadInput) {
    PanelLayout a;
    a.dragLeftHandle(33);
    a.dragRightHandle(70);
    a.collapseRight();
    PanelLayout b;
    ASSERT_TRUE(b.fromJson(a.toJson()));
    EXPECT_DOUBLE_EQ(b.left(), 33);
    EXPECT_DOUBLE_EQ(b.right(), 30);
    EXPECT_TRUE(b.rightCollapsed());
    PanelLayout c;
    EXPECT_FALSE(c.fromJson("garbage"));
    EXPECT_FALSE(c.fromJson(R"({"v":2,"left":30,"right":30})"));
    EXPECT_FALSE(c.fromJson(R"({"v":1,"left":"x","right":30})"));
    EXPECT_DOUBLE_EQ(c.left(), 25);
    ASSERT_TRUE(c.fromJson(R"({"v":1,"left":90,"right":-5,"rightCollapsed":false})"));
    EXPECT_DOUBLE_EQ(c.left(), 40);
    EXPECT_DOUBLE_EQ(c.right(), 20);
    EXPECT_GE(c.middle(), 30);
}

TEST(PanelLayout, RevisionOnlyOnRealChange) {
    PanelLayout l;
    const unsigned r0 = l.revision();
    l.dragLeftHandle(25);
    EXPECT_EQ(l.revision(), r0);
    l.dragLeftHandle(26);
    EXPECT_EQ(l.revision(), r0 + 1);
}

TEST(PanelLayout, PhoneWidthShowsOnePanelAtATime) {
    PanelLayout l;
    l.setWindowWidth(1280);
    EXPECT_FALSE(l.stacked());
    l.setWindowWidth(420);
    ASSERT_TRUE(l.stacked());
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Conversations) << "nothing open yet";
    l.followSelection("chat-7");
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Messages) << "opening a chat shows it";
    const bool collapsedBefore = l.rightCollapsed();
    const unsigned revisionBefore = l.revision();
    l.toggleRight();
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Ticket) << "the ticket button swaps in the ticket";
    EXPECT_EQ(l.rightCollapsed(), collapsedBefore) << "the wide layout's choice is left alone";
    EXPECT_EQ(l.revision(), revisionBefore) << "nothing to persist";
    l.followSelection("chat-7");
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Ticket) << "same chat: stays where the agent is";
    l.toggleRight();
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Messages);
    l.showStacked(StackedPanel::Conversations);
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Conversations) << "back to the list";
    l.followSelection("chat-9");
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Messages);
    l.followSelection("");
    EXPECT_EQ(l.stackedPanel(), StackedPanel::Conversations) << "chat closed";
    l.setWindowWidth(1024);
    EXPECT_FALSE(l.stacked()) << "wide again: three panels";
}

// A narrow window clamps what is drawn, never the agent's choice: passing through 700 px used to
// leave 31.4/31.4/37.1 at 1280 px and persist it.
TEST(PanelLayout, NarrowWindowDoesNotRewriteTheChoice) {
    PanelLayout l;
    l.setWindowWidth(1280);
    const std::string chosen = l.toJson();
    l.setWindowWidth(700);
    EXPECT_TRUE(l.rightCollapsed());
    EXPECT_GT(l.left(), 25);  // clamped by the 220 px minimum on this width
    EXPECT_EQ(l.toJson(), chosen);  // what gets saved is still 25/25, not the clamp
    l.setWindowWidth(1280);
    EXPECT_FALSE(l.rightCollapsed());
    EXPECT_DOUBLE_EQ(l.left(), 25);
    EXPECT_DOUBLE_EQ(l.middle(), 50);
    EXPECT_DOUBLE_EQ(l.right(), 25);
    EXPECT_EQ(l.toJson(), chosen);
    // Also through 900 px, where all three fit but squeezed.
    l.setWindowWidth(900);
    EXPECT_GT(l.right(), 25);
    l.setWindowWidth(1280);
    EXPECT_DOUBLE_EQ(l.left(), 25);
    EXPECT_DOUBLE_EQ(l.right(), 25);
    // Loaded on a narrow window, the saved choice is kept and shows once it widens.
    PanelLayout m;
    m.setWindowWidth(700);
    ASSERT_TRUE(m.fromJson(R"({"v":1,"left":20,"right":22,"rightCollapsed":false})"));
    PanelLayout saved;  // no width: only percent limits
    ASSERT_TRUE(saved.fromJson(m.toJson()));
    EXPECT_DOUBLE_EQ(saved.left(), 20);
    EXPECT_DOUBLE_EQ(saved.right(), 22);
    m.setWindowWidth(1600);
    EXPECT_DOUBLE_EQ(m.left(), 20);
    EXPECT_DOUBLE_EQ(m.right(), 22);
}
