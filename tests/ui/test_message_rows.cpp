// The open thread's row layout (ui/message_rows): offsets and day separators follow the store's
// edits exactly as a rebuild from scratch would place them, and the chat window keeps the message
// being read in place when an older page arrives above it.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>

#include <random>

#include "core/format.h"
#include "inbox_fixture.h"
#include "ui/message_rows.h"

namespace inbox::ui::test {
namespace {

core::Message msg(const std::string& id, int64_t ts) {
    core::Message m;
    m.id = id;
    m.chatId = "c";
    m.timestamp = ts;
    m.text = "texto " + id;
    return m;
}

core::Page<core::Message> pageOf(std::vector<core::Message> items) {
    core::Page<core::Message> p;
    p.items = std::move(items);
    return p;
}

constexpr int64_t kHour = 3600 * 1000;

// Rows synced edit by edit agree with rows rebuilt from the thread: the same separators, and the
// same offsets once every bubble has its height.
void expectSameAsRebuilt(MessageRows& rows, const core::ChatMessages& cm) {
    MessageRows fresh;
    fresh.sync(cm, -180);
    ASSERT_EQ(rows.size(), cm.items.size());
    ASSERT_EQ(fresh.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows.separator(i), fresh.separator(i)) << "row " << i;
        const float h = 20.0f + static_cast<float>(cm.items[i].text.size());
        rows.setBubbleHeight(i, h);
        fresh.setBubbleHeight(i, h);
    }
    for (size_t i = 0; i <= rows.size(); i += 7) EXPECT_FLOAT_EQ(rows.top(i), fresh.top(i)) << "row " << i;
    EXPECT_FLOAT_EQ(rows.total(), fresh.total());
    for (float y : {0.0f, 35.5f, rows.total() / 2, rows.total() - 1}) {
        const size_t r = rows.rowAt(y);
        ASSERT_LT(r, rows.size());
        EXPECT_LE(rows.top(r), y);
        EXPECT_GT(rows.top(r + 1), y);
    }
}

TEST(MessageRows, FollowTheStoresEditsLikeARebuild) {
    core::InboxStore store;
    std::vector<core::Message> items;
    for (int i = 0; i < 500; ++i) items.push_back(msg("m" + std::to_string(i), 100 * 24 * kHour + i * kHour));
    store.applyMessagePage("c", pageOf(items), false);
    MessageRows rows;
    rows.sync(*store.messages("c"), -180);
    expectSameAsRebuilt(rows, *store.messages("c"));

    std::mt19937 rng(3);
    for (int step = 0; step < 40; ++step) {
        // Older pages, live messages, messages landing mid-thread (new days), moves.
        std::vector<core::Message> older;
        for (int i = 0; i < 10; ++i) older.push_back(msg("o" + std::to_string(step * 10 + i), 90 * 24 * kHour - step * 50 * kHour + i * kHour));
        store.applyMessagePage("c", pageOf(older), true);
        store.upsertMessage(msg("live" + std::to_string(step), 200 * 24 * kHour + step * kHour));
        store.upsertMessage(msg("mid" + std::to_string(step), 100 * 24 * kHour + static_cast<int64_t>(rng() % 500) * kHour + 1));
        store.upsertMessage(msg("m" + std::to_string(rng() % 500), 50 * 24 * kHour + step));
        rows.sync(*store.messages("c"), -180);
        expectSameAsRebuilt(rows, *store.messages("c"));
    }
}

TEST(MessageRows, AnOlderPageAboveKeepsTheMessageBeingReadInPlace) {
    InboxFixture f;
    f.fill(5);
    core::Page<core::Message> page;
    for (int i = 0; i < 3000; ++i) {
        core::Message m = msg("long-" + std::to_string(i), f.clock.wall - (3000 - i) * 60000);
        m.chatId = "chat-2";
        m.text = "Mensagem " + std::to_string(i);
        page.items.push_back(m);
    }
    page.nextCursor = "older";
    f.store().applyMessagePage("chat-2", page, false);
    f.session->selectChat("chat-2");
    f.ui.frames(6);
    ASSERT_NE(f.ui.tree().find("text", "Mensagem 2999"), nullptr) << "opens at the newest";
    // Scroll up a little (away from the top, where the older page would be fetched), as the wheel
    // or the scrollbar would.
    ImGuiWindow* list = nullptr;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::strstr(w->Name, "##messages-scroll") != nullptr) list = w;
    ASSERT_NE(list, nullptr);
    ImGui::SetScrollY(list, list->Scroll.y - 1500);
    f.ui.frames(3);
    const UiNode* read = nullptr;
    for (const UiNode& n : f.ui.tree().nodes())
        if (n.role == "text" && n.label.rfind("Mensagem ", 0) == 0 && n.rect.y > 200) {
            read = &n;
            break;
        }
    ASSERT_NE(read, nullptr);
    const std::string label = read->label;
    const float y = read->rect.y;
    ASSERT_EQ(f.ui.tree().find("text", "Mensagem 2999"), nullptr) << "scrolled away from the newest";

    // An older page arrives: long texts, so the estimated heights above are wrong too.
    core::Page<core::Message> older;
    for (int i = 0; i < 50; ++i) {
        core::Message m = msg("old-" + std::to_string(i), f.clock.wall - 4000 * 60000 + i * 60000);
        m.chatId = "chat-2";
        m.text = std::string(static_cast<size_t>(40 + i * 7), 'x');
        older.items.push_back(m);
    }
    f.store().applyMessagePage("chat-2", older, true);
    f.ui.frames(3);
    const UiNode* after = f.ui.tree().find("text", label);
    ASSERT_NE(after, nullptr) << label << " left the view";
    EXPECT_NEAR(after->rect.y, y, 1.0f);
}

}  // namespace
}  // namespace inbox::ui::test
