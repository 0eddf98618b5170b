// The panels over a store filled with fixture data, driven through ImGuiIO.
#include <gtest/gtest.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "core/format.h"
#include "core/panel_layout.h"
#include "inbox_fixture.h"
#include "ui/frame_pacer.h"

namespace inbox::ui::test {
namespace {

const UiNode* nodeWithRole(const UiTree& tree, const std::string& role, const std::string& labelPrefix) {
    for (const UiNode& n : tree.nodes()) {
        if (n.role == role && n.label.compare(0, labelPrefix.size(), labelPrefix) == 0) return &n;
    }
    return nullptr;
}

class PanelsTest : public ::testing::Test {
protected:
    void openChat1(int64_t windowOpenMs = 5 * 3600 * 1000LL) {
        f.fill(30, windowOpenMs);
        f.session->selectChat("chat-1");
        f.ui.frames(4);
    }
    InboxFixture f;
};

TEST_F(PanelsTest, ClickingARowSelectsTheChat) {
    f.fill();
    f.ui.frames(3);
    const UiNode* row = f.ui.tree().find("listitem", "Cliente 3");
    ASSERT_NE(row, nullptr) << f.ui.tree().toJson();
    f.ui.click(center(*row));
    EXPECT_EQ(f.store().selectedChatId(), "chat-3");
    EXPECT_NE(f.http.find("GET", "/chats/chat-3/messages"), nullptr) << "opening a chat loads its messages";
    const UiNode* selected = f.ui.tree().find("listitem", "Cliente 3");
    ASSERT_NE(selected, nullptr);
    EXPECT_EQ(selected->value, "selected");
}

TEST_F(PanelsTest, ListRowsAreVirtualized) {
    f.fill(2000);
    f.ui.frames(3);
    int rows = 0;
    for (const UiNode& n : f.ui.tree().nodes()) rows += n.role == "listitem";
    EXPECT_GT(rows, 5);
    EXPECT_LT(rows, 30) << "only visible rows are laid out";
}

TEST_F(PanelsTest, KeyboardMovesTheSelectionAndCtrlKFocusesSearch) {
    openChat1();
    f.ui.press(ImGuiKey_DownArrow);
    EXPECT_EQ(f.store().selectedChatId(), "chat-2");
    f.ui.press(ImGuiKey_UpArrow);
    EXPECT_EQ(f.store().selectedChatId(), "chat-1");
    f.ui.press(ImGuiKey_K, ImGuiMod_Ctrl);
    f.ui.frames(2);
    const UiNode* search = f.ui.tree().find("textbox", "Buscar conversas");
    ASSERT_NE(search, nullptr);
    EXPECT_TRUE(search->focused);
    f.ui.type("Cliente 7");
    EXPECT_EQ(f.store().search(), "Cliente 7");
}

TEST_F(PanelsTest, ComposerKeepsFocusAfterSending) {
    openChat1();
    f.ui.clickNode("textbox", "Mensagem");
    f.ui.type("primeira");
    f.ui.press(ImGuiKey_Enter);
    f.ui.frames(2);
    const UiNode* composer = f.ui.tree().find("textbox", "Mensagem");
    ASSERT_NE(composer, nullptr);
    EXPECT_TRUE(composer->focused) << "the agent keeps typing";
    f.ui.type("segunda");
    EXPECT_EQ(f.ui.tree().find("textbox", "Mensagem")->value, "segunda");
}

TEST_F(PanelsTest, LeftHandleDraggedPast40PercentStopsAt40) {
    f.fill();
    f.ui.frames(3);
    const UiNode* handle = f.ui.tree().find("separator", "Redimensionar conversas");
    ASSERT_NE(handle, nullptr);
    EXPECT_EQ(handle->value, "25.0");
    f.ui.drag(center(*handle), ImVec2(1280 * 0.62f, center(*handle).y));
    EXPECT_DOUBLE_EQ(f.session->layout().left(), 40.0);
    f.ui.frames(2);
    EXPECT_EQ(f.ui.tree().find("separator", "Redimensionar conversas")->value, "40.0");
    EXPECT_GE(f.session->layout().middle(), 30.0);
}

TEST_F(PanelsTest, RightPanelCollapsesByButtonAndRestoresByDoubleClick) {
    openChat1();
    ASSERT_NE(f.ui.tree().find("button", "Fechar como Ganho"), nullptr);
    f.ui.clickNode("button", "Mostrar/ocultar ticket");
    EXPECT_TRUE(f.session->layout().rightCollapsed());
    f.ui.frames(2);
    EXPECT_EQ(f.ui.tree().find("button", "Fechar como Ganho"), nullptr);
    const UiNode* handle = f.ui.tree().find("separator", "Redimensionar ticket");
    ASSERT_NE(handle, nullptr);
    f.ui.doubleClick(center(*handle));
    EXPECT_FALSE(f.session->layout().rightCollapsed());
    f.ui.frames(2);
    EXPECT_NE(f.ui.tree().find("button", "Fechar como Ganho"), nullptr);
}

TEST_F(PanelsTest, EnterSendsShiftEnterBreaksTheLine) {
    openChat1();
    f.ui.clickNode("textbox", "Mensagem");
    f.ui.type("Olá");
    f.ui.press(ImGuiKey_Enter, ImGuiMod_Shift);
    EXPECT_EQ(f.http.find("POST", "/chats/chat-1/messages"), nullptr) << "Shift+Enter must not send";
    f.ui.type("tudo bem?");
    EXPECT_EQ(f.ui.tree().find("textbox", "Mensagem")->value, "Olá\ntudo bem?");
    f.ui.press(ImGuiKey_Enter);
    const core::HttpRequest* post = f.http.find("POST", "/chats/chat-1/messages");
    ASSERT_NE(post, nullptr) << "Enter sends";
    EXPECT_EQ(nlohmann::json::parse(post->body)["text"], "Olá\ntudo bem?");
    f.ui.frames(3);
    EXPECT_EQ(f.ui.tree().find("textbox", "Mensagem")->value, "") << "the composer empties after sending";
    // The optimistic bubble is there, pending.
    const UiNode* bubble = f.ui.tree().find("text", "Olá\ntudo bem?");
    ASSERT_NE(bubble, nullptr);
    EXPECT_NE(bubble->value.find("pending"), std::string::npos) << bubble->value;
}

TEST_F(PanelsTest, ClosedWindowComposerCannotSendFreeText) {
    openChat1(-60 * 1000);
    EXPECT_EQ(f.ui.tree().find("textbox", "Mensagem"), nullptr) << "no free-text box when the window is closed";
    EXPECT_NE(nodeWithRole(f.ui.tree(), "alert", "\xef\x80\xa3  Janela de 24 h fechada"), nullptr) << f.ui.tree().toJson();
    EXPECT_EQ(f.session->sendMessage("oi"), "");
    f.ui.clickNode("button", "Escolher template");
    f.ui.frames(2);
    ASSERT_NE(f.ui.tree().find("option", "retomar_contato"), nullptr);
    f.ui.clickNode("option", "retomar_contato");
    f.ui.clickNode("textbox", "Parâmetro 1");
    f.ui.type("João");
    f.ui.clickNode("button", "Enviar template");
    const core::HttpRequest* post = f.http.find("POST", "/chats/chat-1/messages");
    ASSERT_NE(post, nullptr);
    EXPECT_NE(post->body.find("retomar_contato"), std::string::npos) << post->body;
    EXPECT_EQ(f.http.requests.size(), f.http.requests.size());
}

TEST_F(PanelsTest, StageChangeIssuesThePatch) {
    openChat1();
    f.ui.clickNode("combobox", "Etapa");
    f.ui.frames(2);
    ASSERT_NE(f.ui.tree().find("option", "Proposta"), nullptr) << f.ui.tree().toJson();
    EXPECT_EQ(f.ui.tree().find("option", "Fechado"), nullptr) << "a won/lost stage is set by the close buttons only";
    f.ui.clickNode("option", "Proposta");
    const core::HttpRequest* patch = f.http.find("PATCH", "/tickets/t1");
    ASSERT_NE(patch, nullptr);
    EXPECT_EQ(nlohmann::json::parse(patch->body)["stageId"], "s2");
    f.ui.frames(2);
    EXPECT_EQ(f.ui.tree().find("combobox", "Etapa")->value, "Proposta") << "optimistic";
}

TEST_F(PanelsTest, DealValueSavesOnEnterAndRefusesNonsense) {
    openChat1();
    EXPECT_EQ(f.ui.tree().find("textbox", "Valor do negócio")->value, "R$ 1.500,00");
    f.ui.clickNode("textbox", "Valor do negócio");
    f.ui.press(ImGuiKey_A, ImGuiMod_Ctrl);
    f.ui.type("abc");
    f.ui.press(ImGuiKey_Enter);
    EXPECT_EQ(f.http.find("PATCH", "/tickets/t1"), nullptr);
    EXPECT_NE(nodeWithRole(f.ui.tree(), "alert", "Valor inválido"), nullptr);
    EXPECT_EQ(f.ui.tree().find("textbox", "Valor do negócio")->value, "R$ 1.500,00") << "the saved value comes back";

    f.ui.clickNode("textbox", "Valor do negócio");
    f.ui.press(ImGuiKey_A, ImGuiMod_Ctrl);
    f.ui.type("2.500,00");
    f.ui.press(ImGuiKey_Enter);
    const core::HttpRequest* patch = f.http.find("PATCH", "/tickets/t1");
    ASSERT_NE(patch, nullptr);
    EXPECT_EQ(nlohmann::json::parse(patch->body)["dealValue"], 250000);
}

TEST_F(PanelsTest, CloseAsWonAsksForConfirmation) {
    openChat1();
    f.ui.clickNode("button", "Fechar como Ganho");
    f.ui.frames(2);
    EXPECT_EQ(f.http.find("POST", "/tickets/t1/close"), nullptr) << "not before confirming";
    ASSERT_NE(f.ui.tree().find("button", "Confirmar"), nullptr);
    f.ui.clickNode("button", "Confirmar");
    const core::HttpRequest* close = f.http.find("POST", "/tickets/t1/close");
    ASSERT_NE(close, nullptr);
    EXPECT_EQ(nlohmann::json::parse(close->body)["outcome"], "won");
}

TEST_F(PanelsTest, CountdownTextChangesWhenTheClockPassesAMinute) {
    openChat1(5 * 3600 * 1000LL - 30 * 1000 + 200);  // 4h 59min 30s left (+ the frames opening it)
    const UiNode* timer = nodeWithRole(f.ui.tree(), "timer", "Aberta");
    ASSERT_NE(timer, nullptr) << f.ui.tree().toJson();
    const std::string before = timer->label;
    // The view asked to be woken when the text changes, not before.
    FramePacer& pacer = framePacer();
    double now = f.ui.nowMs();
    while (pacer.beginTick(now)) {  // each frame the pacer grants is drawn, as in the app
        f.ui.frame();
        now = f.ui.nowMs();
    }
    EXPECT_FALSE(pacer.wouldRender(now + 20 * 1000));
    EXPECT_TRUE(pacer.wouldRender(now + 31 * 1000));
    f.ui.advanceMs(31 * 1000);
    f.ui.frames(2);
    const UiNode* after = nodeWithRole(f.ui.tree(), "timer", "Aberta");
    ASSERT_NE(after, nullptr);
    EXPECT_NE(after->label, before);
}

// The frame that asked for the wake was drawn late, the wake's own frame on time: the wake must
// still come after the change, or it draws the old text and wakes again (two frames, not one).
TEST_F(PanelsTest, ACountdownWakeAsksForOneFrameEvenWhenDrawingRanLate) {
    f.drawLagMs = 120;
    openChat1(5 * 3600 * 1000LL - 30 * 1000 + 200);
    const std::string before = nodeWithRole(f.ui.tree(), "timer", "Aberta")->label;
    FramePacer& pacer = framePacer();
    while (pacer.beginTick(f.ui.nowMs())) f.ui.frame();  // settle
    f.drawLagMs = 0;
    const auto rendered = pacer.framesRendered();
    for (int i = 0; i < 60 * 40; ++i) {  // forty seconds of animation frames
        if (pacer.beginTick(f.ui.nowMs())) f.ui.frame();
        else f.ui.advanceMs(16.7);
    }
    EXPECT_EQ(pacer.framesRendered() - rendered, 1u);
    EXPECT_NE(nodeWithRole(f.ui.tree(), "timer", "Aberta")->label, before);
}

TEST_F(PanelsTest, TheListIsRedrawnAtLocalMidnightAndNotBefore) {
    // The pacer is the app's one global: start later than any earlier test's clock went, so what
    // they left (wakes, awake-until) lies in the past, as it would in the app's monotonic time.
    f.ui.advanceMs(30.0 * 24 * 3600 * 1000);
    f.fill();
    FramePacer& pacer = framePacer();
    for (int i = 0; i < 60 * 10; ++i) {  // settle
        if (pacer.beginTick(f.ui.nowMs())) f.ui.frame();
        else f.ui.advanceMs(16.7);
    }
    f.clock.follow(f.ui.nowMs());  // the fake wall clock moves on drawn frames only
    const double toMidnight = static_cast<double>(core::msUntilNextLocalDay(f.clock.wallMs(), f.clock.tzOffsetMinutes()));
    EXPECT_FALSE(pacer.wouldRender(f.ui.nowMs() + toMidnight - 1000));
    EXPECT_TRUE(pacer.wouldRender(f.ui.nowMs() + toMidnight + 1000));
}

TEST_F(PanelsTest, NoFrameIsRequestedWhileNothingChanges) {
    openChat1(5 * 3600 * 1000LL - 30 * 1000);  // the countdown's next visible change is 30 s away
    FramePacer& pacer = framePacer();
    // Settle: whatever the last input and data asked for gets drawn.
    for (int i = 0; i < 20; ++i) {
        if (pacer.beginTick(f.ui.nowMs())) f.ui.frame();
        else f.ui.advanceMs(16.7);
    }
    const auto rendered = pacer.framesRendered();
    for (int i = 0; i < 600; ++i) {  // ten idle seconds
        if (pacer.beginTick(f.ui.nowMs())) f.ui.frame();
        else f.ui.advanceMs(16.7);
    }
    EXPECT_EQ(pacer.framesRendered(), rendered);
}

TEST_F(PanelsTest, TitleCarriesTheUnreadTotal) {
    f.fill();
    f.ui.frames(2);
    EXPECT_EQ(f.title, "(2) WhaTrack Inbox");
}

TEST_F(PanelsTest, ThemeSwitchFromTheToolbar) {
    openChat1();
    ASSERT_EQ(currentTheme(), ThemeMode::Light);
    f.ui.clickNode("button", "Tema escuro");
    EXPECT_EQ(currentTheme(), ThemeMode::Dark);
    f.ui.frames(2);
    f.ui.clickNode("button", "Tema claro");
    EXPECT_EQ(currentTheme(), ThemeMode::Light);
}

}  // namespace
}  // namespace inbox::ui::test

namespace inbox::ui::test {
namespace {

TEST(PanelsLongChat, FourHundredMessagesOpenAtTheNewest) {
    InboxFixture f;
    f.fill(5);
    core::Page<core::Message> page;
    for (int i = 0; i < 400; ++i) {
        core::Message m;
        m.id = "long-" + std::to_string(i);
        m.chatId = "chat-2";
        m.direction = i % 3 ? core::Direction::In : core::Direction::Out;
        m.text = "Mensagem número " + std::to_string(i) + " — com acentuação e emoji 👍";
        m.timestamp = f.clock.wall - (400 - i) * 1000;
        page.items.push_back(m);
    }
    f.store().applyMessagePage("chat-2", page, false);
    f.session->selectChat("chat-2");
    f.ui.frames(6);
    int bubbles = 0;
    for (const UiNode& n : f.ui.tree().nodes()) bubbles += n.role == "text" && n.label.rfind("Mensagem número", 0) == 0;
    EXPECT_GT(bubbles, 3);
    EXPECT_LT(bubbles, 40);
    EXPECT_NE(f.ui.tree().find("text", "Mensagem número 399 — com acentuação e emoji 👍"), nullptr) << "opens at the newest message";
}

// Found by the e2e suite: a reaction arriving on the newest message grew the list without a new
// message, and the list did not follow, so the reaction was cut off under the composer.
TEST(PanelsLongChat, AReactionOnTheNewestMessageStaysInView) {
    InboxFixture f;
    f.fill(5);
    core::Page<core::Message> page;
    for (int i = 0; i < 40; ++i) {
        core::Message m;
        m.id = "r-" + std::to_string(i);
        m.chatId = "chat-2";
        m.direction = core::Direction::Out;
        m.status = core::MessageStatus::Delivered;
        m.text = "Resposta número " + std::to_string(i);
        m.timestamp = f.clock.wall - (40 - i) * 1000;
        page.items.push_back(m);
    }
    f.store().applyMessagePage("chat-2", page, false);
    f.session->selectChat("chat-2");
    f.ui.frames(6);
    core::Message last = page.items.back();
    last.reactions.push_back(core::Reaction{"❤️", "5511900000001", f.clock.wall});
    ASSERT_TRUE(f.store().upsertMessage(last));
    f.ui.frames(6);
    const UiNode* reaction = f.ui.tree().find("text", "❤️");
    ASSERT_NE(reaction, nullptr);
    // This chat's window is closed: the composer area starts with that notice, 10 px below the list.
    const UiNode* notice = nullptr;
    for (const UiNode& n : f.ui.tree().nodes())
        if (n.role == "alert" && n.label.find("Janela de 24 h") != std::string::npos) notice = &n;
    ASSERT_NE(notice, nullptr);
    const float listBottom = notice->rect.y - 10;
    EXPECT_LE(reaction->rect.y + reaction->rect.h, listBottom - 2) << "the reaction is cut off at the bottom";
}

// A button reply's title is its card: the bubble does not repeat it as text below the card.
TEST(PanelsLongChat, AButtonReplySaysItsTitleOnce) {
    InboxFixture f;
    f.fill(5);
    core::Page<core::Message> page;
    core::Message sticker;
    sticker.id = "sticker";
    sticker.chatId = "chat-2";
    sticker.type = "sticker";
    sticker.direction = core::Direction::In;
    sticker.media = core::Media{"m1", "image/webp", "", "", "", false, false};
    sticker.timestamp = f.clock.wall - 2000;
    core::Message button = sticker;
    button.id = "button";
    button.type = "interactive";
    button.media.reset();
    button.text = "Falar com atendente";
    button.interactive = core::Interactive{"button_reply", "btn_falar_atendente", "Falar com atendente", "", ""};
    button.timestamp = f.clock.wall - 1000;
    page.items = {sticker, button};
    f.store().applyMessagePage("chat-2", page, false);
    f.session->selectChat("chat-2");
    f.ui.frames(4);
    const UiNode* stickerBubble = nullptr;
    const UiNode* buttonBubble = nullptr;
    for (const UiNode& n : f.ui.tree().nodes()) {
        if (n.role != "text" || n.value.rfind("in", 0) != 0) continue;  // bubbles carry "in · status"
        if (n.label == "Falar com atendente") buttonBubble = &n;
        else stickerBubble = &n;
    }
    ASSERT_NE(stickerBubble, nullptr);
    ASSERT_NE(buttonBubble, nullptr);
    // Card and time only, like a sticker: no extra text line.
    EXPECT_FLOAT_EQ(buttonBubble->rect.h, stickerBubble->rect.h);
}

}  // namespace
}  // namespace inbox::ui::test
