// The store's per-chat message index (by id, by clientId) and its edit journal: after every kind of
// mutation, indexed look-ups must agree with a scan of the thread, and the thread stays sorted.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "core/inbox_store.h"
#include "core/json_access.h"

using namespace inbox::core;

namespace {

Message msg(const std::string& id, int64_t ts, int64_t seq = 0, MessageStatus status = MessageStatus::Delivered) {
    Message m;
    m.id = id;
    m.chatId = "c";
    m.timestamp = ts;
    m.seq = seq;
    m.status = status;
    m.text = "texto " + id;
    return m;
}

Page<Message> pageOf(std::vector<Message> items, const std::string& cursor = {}) {
    Page<Message> p;
    p.items = std::move(items);
    p.nextCursor = cursor;
    return p;
}

// Every message is found where a scan finds it; the thread is sorted and holds no id twice.
void expectIndexMatchesScan(const InboxStore& s) {
    const ChatMessages* cm = s.messages("c");
    ASSERT_NE(cm, nullptr);
    ASSERT_TRUE(std::is_sorted(cm->items.begin(), cm->items.end(), messageLess));
    std::set<std::string> ids, clientIds;
    for (size_t i = 0; i < cm->items.size(); ++i) {
        const Message& m = cm->items[i];
        EXPECT_TRUE(ids.insert(m.id).second) << "twice: " << m.id;
        EXPECT_EQ(s.indexOfMessage("c", m.id), static_cast<int>(i)) << m.id;
        if (!m.clientId.empty()) {
            EXPECT_TRUE(clientIds.insert(m.clientId).second) << "clientId twice: " << m.clientId;
            EXPECT_EQ(s.findByClientId("c", m.clientId), &m) << m.clientId;
        }
    }
    EXPECT_EQ(cm->index.idEntries(), ids.size()) << "stale id entries";
    EXPECT_EQ(cm->index.clientIdEntries(), clientIds.size()) << "stale clientId entries";
}

InboxStore loadedStore(int count) {
    InboxStore s;
    std::vector<Message> items;
    for (int i = 0; i < count; ++i) items.push_back(msg("m" + std::to_string(i), 1000 + i * 10));
    s.applyMessagePage("c", pageOf(std::move(items), "older"), false);
    return s;
}

}  // namespace

TEST(MessageIndex, EchoOfAnOwnSendAfterThousandsOfMessagesReplacesTheBubble) {
    InboxStore s = loadedStore(5000);
    s.addOptimisticSend("c", "Olá", "cid-1", 100000);
    ASSERT_NE(s.findByClientId("c", "cid-1"), nullptr);
    EXPECT_EQ(s.findMessage("c", "local:cid-1")->text, "Olá");

    Message echo = msg("wamid.ECHO", 50005, 7, MessageStatus::Sent);  // just after m4900
    echo.clientId = "cid-1";
    echo.direction = Direction::Out;
    EXPECT_TRUE(s.upsertMessage(echo));
    EXPECT_EQ(s.messages("c")->items.size(), 5001u);
    EXPECT_EQ(s.findMessage("c", "local:cid-1"), nullptr);
    ASSERT_NE(s.findMessage("c", "wamid.ECHO"), nullptr);
    EXPECT_FALSE(s.findMessage("c", "wamid.ECHO")->localPending);
    EXPECT_EQ(s.findByClientId("c", "cid-1"), s.findMessage("c", "wamid.ECHO"));
    // The server's timestamp moved it from the end into the history.
    EXPECT_EQ(s.indexOfMessage("c", "wamid.ECHO"), 4901);
    expectIndexMatchesScan(s);
}

TEST(MessageIndex, OutOfOrderInsertsStaySortedAndFindable) {
    InboxStore s;
    s.applyMessagePage("c", pageOf({}), false);
    std::vector<int> order(2000);
    for (int i = 0; i < 2000; ++i) order[static_cast<size_t>(i)] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    for (int i : order) EXPECT_TRUE(s.upsertMessage(msg("m" + std::to_string(i), 1000 + (i / 3), i % 3)));
    ASSERT_EQ(s.messages("c")->items.size(), 2000u);
    expectIndexMatchesScan(s);
}

TEST(MessageIndex, DuplicatesAcrossAndWithinPagesMergeWithStatusRules) {
    InboxStore s;
    std::vector<Message> first;
    for (int i = 50; i < 150; ++i) first.push_back(msg("m" + std::to_string(i), 1000 + i, 0, MessageStatus::Read));
    s.applyMessagePage("c", pageOf(first, "p2"), false);
    // The older page overlaps the newer one (a message arrived meanwhile) with stale statuses, and
    // holds one message twice: the later copy merges last.
    std::vector<Message> older;
    for (int i = 0; i < 60; ++i) older.push_back(msg("m" + std::to_string(i), 1000 + i, 0, MessageStatus::Sent));
    older.push_back(msg("m10", 1010, 0, MessageStatus::Delivered));
    s.applyMessagePage("c", pageOf(older), true);
    const ChatMessages* cm = s.messages("c");
    ASSERT_EQ(cm->items.size(), 150u);
    EXPECT_EQ(s.findMessage("c", "m55")->status, MessageStatus::Read) << "a page never downgrades a status";
    EXPECT_EQ(s.findMessage("c", "m10")->status, MessageStatus::Delivered) << "the later copy in the page wins";
    EXPECT_EQ(cm->items.front().id, "m0");
    EXPECT_TRUE(cm->olderCursor.empty());
    expectIndexMatchesScan(s);
}

TEST(MessageIndex, MovesRemovalsAndInvalidationKeepTheIndexInStep) {
    InboxStore s = loadedStore(300);
    // A correction of a timestamp moves the message.
    Message moved = msg("m5", 99999);
    EXPECT_TRUE(s.upsertMessage(moved));
    EXPECT_EQ(s.indexOfMessage("c", "m5"), 299);
    // A failed own send is discarded; a pending one survives invalidation.
    s.addOptimisticSend("c", "falhou", "cid-f", 200000);
    s.markSendFailed("c", "cid-f", "erro");
    EXPECT_TRUE(s.findByClientId("c", "cid-f")->localFailed);
    s.discardSend("c", "cid-f");
    EXPECT_EQ(s.findByClientId("c", "cid-f"), nullptr);
    EXPECT_EQ(s.findMessage("c", "local:cid-f"), nullptr);
    expectIndexMatchesScan(s);
    s.addOptimisticSend("c", "pendente", "cid-p", 200001);
    s.invalidateMessages();
    EXPECT_EQ(s.messages("c")->items.size(), 1u);
    EXPECT_EQ(s.findMessage("c", "m7"), nullptr);
    EXPECT_NE(s.findByClientId("c", "cid-p"), nullptr);
    expectIndexMatchesScan(s);
    // Placeholders get an id of their own and are found by it.
    s.applyMessagePage("c", pageOf({msg("m1", 1)}), false);
    Message broken = msg("", 5);
    broken.broken = true;
    EXPECT_TRUE(s.upsertMessage(broken));
    expectIndexMatchesScan(s);
}

TEST(MessageIndex, RandomMutationsAgreeWithAScan) {
    InboxStore s = loadedStore(200);
    std::mt19937 rng(42);
    int next = 1000, sends = 0;
    for (int step = 0; step < 3000; ++step) {
        const int op = static_cast<int>(rng() % 7);
        const int64_t ts = 1000 + static_cast<int64_t>(rng() % 5000);
        if (op == 0) {
            s.upsertMessage(msg("n" + std::to_string(next++), ts, static_cast<int64_t>(rng() % 3)));
        } else if (op == 1) {  // an update of a known message, sometimes with another timestamp
            const auto& items = s.messages("c")->items;
            if (items.empty()) continue;
            Message m = items[rng() % items.size()];
            if (m.localPending || m.localFailed) continue;
            m.status = MessageStatus::Read;
            if (rng() % 2) m.timestamp = ts;
            s.upsertMessage(m);
        } else if (op == 2) {
            s.addOptimisticSend("c", "envio", "cid" + std::to_string(++sends), ts);
        } else if (op == 3 && sends > 0) {  // the echo of some send
            Message echo = msg("wamid." + std::to_string(rng() % static_cast<unsigned>(sends) + 1), ts, 1);
            echo.clientId = "cid" + echo.id.substr(6);
            s.upsertMessage(echo);
        } else if (op == 4 && sends > 0) {
            const std::string cid = "cid" + std::to_string(rng() % static_cast<unsigned>(sends) + 1);
            s.markSendFailed("c", cid, "x");
            if (rng() % 2) s.discardSend("c", cid);
        } else if (op == 5) {  // a page overlapping what is held
            std::vector<Message> page;
            for (int i = 0; i < 20; ++i) page.push_back(msg("p" + std::to_string(rng() % 400), 500 + static_cast<int64_t>(rng() % 6000)));
            s.applyMessagePage("c", pageOf(page), rng() % 2);
        } else if (op == 6 && step % 500 == 0) {
            s.invalidateMessages();
            s.applyMessagePage("c", pageOf({msg("n" + std::to_string(next++), ts)}), false);
        }
        if (step % 100 == 0) expectIndexMatchesScan(s);
    }
    expectIndexMatchesScan(s);
}

TEST(MessageIndex, EditsTellViewsWhichRowsChanged) {
    InboxStore s = loadedStore(100);
    const ChatMessages* cm = s.messages("c");
    const uint64_t seen = cm->version;
    std::vector<MessageEdit> edits;
    ASSERT_TRUE(cm->editsSince(seen, edits));
    EXPECT_TRUE(edits.empty());

    std::vector<Message> older;
    for (int i = 0; i < 30; ++i) older.push_back(msg("o" + std::to_string(i), 10 + i));
    s.applyMessagePage("c", pageOf(older), true);  // one run of 30 rows at the top
    s.upsertMessage(msg("live", 999999));          // one row at the end
    s.upsertMessage(msg("m3", 2000000));           // a move: erase + insert
    ASSERT_TRUE(cm->editsSince(seen, edits));
    ASSERT_EQ(edits.size(), 4u);
    EXPECT_EQ(edits[0].kind, MessageEdit::Kind::Insert);
    EXPECT_EQ(edits[0].at, 0u);
    EXPECT_EQ(edits[0].count, 30u);
    EXPECT_EQ(edits[1].kind, MessageEdit::Kind::Insert);
    EXPECT_EQ(edits[1].at, 130u);
    EXPECT_EQ(edits[2].kind, MessageEdit::Kind::Erase);
    EXPECT_EQ(edits[2].at, 33u);
    EXPECT_EQ(edits[3].kind, MessageEdit::Kind::Insert);
    EXPECT_EQ(edits[3].at, 130u);
    // Status updates in place are no edit.
    const uint64_t before = cm->version;
    Message read = cm->items[5];
    read.status = MessageStatus::Read;
    s.upsertMessage(read);
    EXPECT_EQ(cm->version, before);
    // A view too far behind (edits dropped) or behind an invalidation rebuilds.
    for (int i = 0; i < 100; ++i) s.upsertMessage(msg("x" + std::to_string(i), 3000000 + i));
    edits.clear();
    EXPECT_FALSE(cm->editsSince(seen, edits));
    const uint64_t recent = cm->version;
    s.invalidateMessages();
    EXPECT_FALSE(cm->editsSince(recent, edits));
}

TEST(MessageIndex, SnapshotTextIsTheSnapshotWithoutTheTree) {
    InboxStore s = loadedStore(40);
    Chat c;
    c.id = "c";
    c.name = "Cliente \"aspas\" \\ 🙂 \"messages\":[]";
    c.lastMessageAt = 5;
    c.version = 1;
    s.upsertChat(c);
    Message odd = msg("m-odd", 2000000);
    odd.text = "linha\nnova \"chats\":[] \x01 ç";
    s.upsertMessage(odd);
    s.selectChat("c");
    EXPECT_EQ(s.snapshotText(nullptr), dumpJson(s.snapshot(nullptr)));
    s.selectChat("");
    EXPECT_EQ(s.snapshotText(nullptr), dumpJson(s.snapshot(nullptr)));
}
