#include <gtest/gtest.h>

#include "core/inbox_store.h"
#include "core/panel_layout.h"
#include "fakes.h"

using namespace inbox::core;
using inbox::test::FakeStorage;

namespace {

Chat makeChat(const std::string& id, int64_t lastAt, int64_t version, const std::string& name = "Cliente",
              const std::string& instance = "i1") {
    Chat c;
    c.id = id;
    c.name = name;
    c.phone = "+5511900000" + id;
    c.lastMessageAt = lastAt;
    c.version = version;
    c.instanceId = instance;
    return c;
}

Message makeMsg(const std::string& id, const std::string& chatId, int64_t ts, int64_t seq,
                MessageStatus status = MessageStatus::Delivered, Direction dir = Direction::In) {
    Message m;
    m.id = id;
    m.chatId = chatId;
    m.timestamp = ts;
    m.seq = seq;
    m.status = status;
    m.direction = dir;
    m.text = "msg " + id;
    return m;
}

std::vector<std::string> ids(const ChatMessages* cm) {
    std::vector<std::string> out;
    if (cm)
        for (const auto& m : cm->items) out.push_back(m.id);
    return out;
}

Ticket makeTicket(const std::string& id, const std::string& chatId, int64_t version) {
    Ticket t;
    t.id = id;
    t.chatId = chatId;
    t.version = version;
    t.stage = {"1", "Novo", "#3B82F6", 1, "open"};
    return t;
}

}  // namespace

TEST(InboxStore, ChatVersionsOnlyMoveForward) {
    InboxStore s;
    EXPECT_TRUE(s.upsertChat(makeChat("1", 100, 5, "Novo nome")));
    EXPECT_FALSE(s.upsertChat(makeChat("1", 50, 4, "Velho")));  // REST page older than the push
    EXPECT_EQ(s.chat("1")->name, "Novo nome");
    EXPECT_FALSE(s.upsertChat(makeChat("1", 50, 5, "Igual")));
    EXPECT_TRUE(s.upsertChat(makeChat("1", 200, 6, "Mais novo")));
    EXPECT_EQ(s.chat("1")->name, "Mais novo");
}

TEST(InboxStore, CrossingRestPageAndPush) {
    InboxStore s;
    // A push arrives while the first page is in flight; the page carries the older version.
    Chat pushed = makeChat("7", 2000, 9);
    pushed.unreadCount = 3;
    s.upsertChat(pushed);
    Page<Chat> page;
    Chat stale = makeChat("7", 1000, 8);
    stale.unreadCount = 2;
    page.items = {stale, makeChat("8", 500, 1)};
    s.applyChatPage(page, true);
    EXPECT_EQ(s.chat("7")->unreadCount, 3);
    EXPECT_EQ(s.chat("7")->lastMessageAt, 2000);
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"7", "8"}));
}

TEST(InboxStore, OrderNewestFirstAndSelectionSurvivesReorder) {
    InboxStore s;
    s.upsertChat(makeChat("1", 100, 1));
    s.upsertChat(makeChat("2", 300, 1));
    s.upsertChat(makeChat("3", 200, 1));
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"2", "3", "1"}));
    s.selectChat("3");
    s.upsertChat(makeChat("1", 400, 2));  // new activity moves chat 1 to the top
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(s.selectedChatId(), "3");
    EXPECT_EQ(s.selectedChat()->id, "3");
}

TEST(InboxStore, UnreadCountsOnlyFromServer) {
    InboxStore s;
    Chat c = makeChat("1", 100, 1);
    c.unreadCount = 4;
    s.upsertChat(c);
    Chat c2 = makeChat("2", 100, 1);
    c2.unreadCount = 1;
    s.upsertChat(c2);
    EXPECT_EQ(s.unreadTotal(), 5);
    // Selecting, receiving messages or sending never patches the counter locally.
    s.selectChat("1");
    s.applyMessagePage("1", {{makeMsg("a", "1", 10, 1)}, ""}, false);
    s.upsertMessage(makeMsg("b", "1", 20, 2));
    s.addOptimisticSend("1", "oi", "c-1", 30);
    EXPECT_EQ(s.chat("1")->unreadCount, 4);
    c.unreadCount = 0;
    c.version = 2;
    s.upsertChat(c);  // the server's chat.updated after POST /read
    EXPECT_EQ(s.unreadTotal(), 1);
}

TEST(InboxStore, SearchIgnoresCaseAndAccents) {
    InboxStore s;
    s.upsertChat(makeChat("1", 100, 1, "João Silva"));
    Chat c2 = makeChat("2", 200, 1, "Maria Conceição");
    c2.phone = "+5511999998888";
    s.upsertChat(c2);
    Chat c3 = makeChat("3", 300, 1, "Pedro");
    c3.lastMessage = makeMsg("m", "3", 1, 1);
    c3.lastMessage->text = "Qual é o preço da instalação?";
    s.upsertChat(c3);
    s.setSearch("joao");
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"1"}));
    s.setSearch("CONCEICAO");
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"2"}));
    s.setSearch("instalacao");
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"3"}));
    s.setSearch("+55 11 4000-0001");
    EXPECT_TRUE(s.visibleChatIds().empty());
    s.setSearch("99999-8888");
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"2"}));
    s.setSearch("(11) 99999");
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"2"}));
    s.setSearch("");
    EXPECT_EQ(s.visibleChatIds().size(), 3u);
}

TEST(InboxStore, InstanceFilterAndAutoSelect) {
    InboxStore s;
    Instance a;
    a.id = "i1";
    s.setInstances({a});
    EXPECT_EQ(s.selectedInstanceId(), "i1");  // only one number: selected
    Instance b;
    b.id = "i2";
    s.setInstances({a, b});
    EXPECT_EQ(s.selectedInstanceId(), "i1");  // kept while valid
    s.selectInstance("");
    s.upsertChat(makeChat("1", 100, 1, "A", "i1"));
    s.upsertChat(makeChat("2", 200, 1, "B", "i2"));
    EXPECT_EQ(s.visibleChatIds().size(), 2u);
    s.selectInstance("i2");
    EXPECT_EQ(s.visibleChatIds(), (std::vector<std::string>{"2"}));
    s.setInstances({a});
    EXPECT_EQ(s.selectedInstanceId(), "i1");
}

TEST(InboxStore, MessagesDedupeAndOrderByTimestampThenSeq) {
    InboxStore s;
    s.applyMessagePage("c", {{makeMsg("b", "c", 100, 2), makeMsg("a", "c", 100, 1), makeMsg("z", "c", 50, 9)}, "cur"}, false);
    EXPECT_EQ(ids(s.messages("c")), (std::vector<std::string>{"z", "a", "b"}));
    s.upsertMessage(makeMsg("a", "c", 100, 1));  // duplicate push
    s.upsertMessage(makeMsg("y", "c", 60, 3));   // out of order
    EXPECT_EQ(ids(s.messages("c")), (std::vector<std::string>{"z", "y", "a", "b"}));
    // Older page overlapping what we have.
    s.applyMessagePage("c", {{makeMsg("x", "c", 10, 1), makeMsg("z", "c", 50, 9)}, ""}, true);
    EXPECT_EQ(ids(s.messages("c")), (std::vector<std::string>{"x", "z", "y", "a", "b"}));
    EXPECT_TRUE(s.messages("c")->olderCursor.empty());
}

TEST(InboxStore, StatusesNeverMoveBackwards) {
    InboxStore s;
    s.applyMessagePage("c", {{makeMsg("m", "c", 1, 1, MessageStatus::Sent, Direction::Out)}, ""}, false);
    s.upsertMessage(makeMsg("m", "c", 1, 1, MessageStatus::Read, Direction::Out));
    EXPECT_EQ(s.findMessage("c", "m")->status, MessageStatus::Read);
    s.upsertMessage(makeMsg("m", "c", 1, 1, MessageStatus::Delivered, Direction::Out));  // late delivered
    EXPECT_EQ(s.findMessage("c", "m")->status, MessageStatus::Read);
    s.upsertMessage(makeMsg("m", "c", 1, 1, MessageStatus::Sent, Direction::Out));
    EXPECT_EQ(s.findMessage("c", "m")->status, MessageStatus::Read);
    Message failed = makeMsg("f", "c", 2, 2, MessageStatus::Failed, Direction::Out);
    failed.errors.push_back({131047, "Re-engagement message", ""});
    s.upsertMessage(failed);
    s.upsertMessage(makeMsg("f", "c", 2, 2, MessageStatus::Delivered, Direction::Out));
    EXPECT_EQ(s.findMessage("c", "f")->status, MessageStatus::Failed);
    EXPECT_EQ(s.findMessage("c", "f")->errors.size(), 1u);
    // A reaction arrives as a full message update: applied, status kept.
    Message reacted = makeMsg("m", "c", 1, 1, MessageStatus::Delivered, Direction::Out);
    reacted.reactions.push_back({"❤️", "5511900000001", 3});
    s.upsertMessage(reacted);
    EXPECT_EQ(s.findMessage("c", "m")->reactions.size(), 1u);
    EXPECT_EQ(s.findMessage("c", "m")->status, MessageStatus::Read);
}

TEST(InboxStore, OptimisticSendBecomesServerMessageByClientId) {
    InboxStore s;
    s.applyMessagePage("c", {{makeMsg("a", "c", 100, 1)}, ""}, false);
    const Message& local = s.addOptimisticSend("c", "Olá!", "c-42", 200);
    EXPECT_TRUE(local.localPending);
    EXPECT_EQ(local.status, MessageStatus::Pending);
    EXPECT_EQ(s.messages("c")->items.size(), 2u);
    // The push of our own message arrives before the POST response.
    Message server = makeMsg("wamid.OUT", "c", 199, 5, MessageStatus::Pending, Direction::Out);
    server.clientId = "c-42";
    s.upsertMessage(server);
    ASSERT_EQ(s.messages("c")->items.size(), 2u);
    EXPECT_EQ(s.messages("c")->items.back().id, "wamid.OUT");
    EXPECT_FALSE(s.messages("c")->items.back().localPending);
    // Then the POST response (same message, "sent" by now) and a status push.
    server.status = MessageStatus::Sent;
    s.upsertMessage(server);
    ASSERT_EQ(s.messages("c")->items.size(), 2u);
    EXPECT_EQ(s.findMessage("c", "wamid.OUT")->status, MessageStatus::Sent);
}

TEST(InboxStore, FailedSendCanBeRetriedOrDiscarded) {
    InboxStore s;
    s.applyMessagePage("c", {{}, ""}, false);
    s.addOptimisticSend("c", "oi", "c-1", 10);
    s.markSendFailed("c", "c-1", "Sem conexão");
    const Message* m = s.findByClientId("c", "c-1");
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->localFailed);
    EXPECT_EQ(m->localError, "Sem conexão");
    EXPECT_EQ(m->status, MessageStatus::Failed);
    s.markSendRetrying("c", "c-1");
    EXPECT_TRUE(s.findByClientId("c", "c-1")->localPending);
    s.markSendFailed("c", "c-1", "x");
    s.discardSend("c", "c-1");
    EXPECT_EQ(s.findByClientId("c", "c-1"), nullptr);
}

TEST(InboxStore, NewMessagesBelowCounter) {
    InboxStore s;
    s.upsertChat(makeChat("c", 1, 1));
    s.selectChat("c");
    s.applyMessagePage("c", {{makeMsg("a", "c", 100, 1)}, ""}, false);
    s.upsertMessage(makeMsg("b", "c", 200, 2));
    EXPECT_EQ(s.newMessagesBelow(), 0);  // at the bottom: nothing to count
    s.setScrolledUp(true);
    s.upsertMessage(makeMsg("c1", "c", 300, 3));
    s.upsertMessage(makeMsg("c2", "c", 400, 4));
    s.upsertMessage(makeMsg("c2", "c", 400, 4));  // duplicate: not counted
    s.applyMessagePage("c", {{makeMsg("old", "c", 1, 1)}, ""}, true);  // history: not counted
    EXPECT_EQ(s.newMessagesBelow(), 2);
    s.setScrolledUp(false);
    EXPECT_EQ(s.newMessagesBelow(), 0);
}

TEST(InboxStore, PushForUnloadedChatIsNotAFakeHistory) {
    InboxStore s;
    EXPECT_FALSE(s.upsertMessage(makeMsg("a", "never-opened", 1, 1)));
    EXPECT_EQ(s.messages("never-opened"), nullptr);
}

TEST(InboxStore, TicketVersionsAndSummarySync) {
    InboxStore s;
    Chat c = makeChat("12", 1, 1);
    c.currentTicket = TicketSummary{"12", "open", {"1", "Novo", "#3B82F6", 1, "open"}, "", std::nullopt, 1};
    s.upsertChat(c);
    Ticket t = makeTicket("12", "12", 3);
    EXPECT_TRUE(s.upsertTicket(t));
    Ticket older = makeTicket("12", "12", 2);
    older.status = "lost";
    EXPECT_FALSE(s.upsertTicket(older));
    EXPECT_EQ(s.ticketForChat("12")->status, "open");
    Ticket won = makeTicket("12", "12", 4);
    won.status = "won";
    won.stage = {"3", "Ganho", "#22C55E", 3, "won"};
    EXPECT_TRUE(s.upsertTicket(won));
    EXPECT_EQ(s.chat("12")->currentTicket->status, "won");
    EXPECT_EQ(s.chat("12")->currentTicket->stage.name, "Ganho");
}

TEST(InboxStore, OptimisticTicketEditConfirmAndRollback) {
    InboxStore s;
    s.upsertChat(makeChat("12", 1, 1));
    s.upsertTicket(makeTicket("12", "12", 3));
    const Stage emAtendimento{"2", "Em Atendimento", "#F59E0B", 2, "open"};
    const uint64_t edit = s.beginTicketEdit("12", [&](Ticket& t) { t.stage = emAtendimento; });
    EXPECT_EQ(s.ticketForChat("12")->stage.id, "2");
    EXPECT_EQ(s.chat("12")->currentTicket->stage.id, "2");  // the list badge follows at once
    EXPECT_TRUE(s.hasPendingTicketEdit("12"));
    s.rollbackTicketEdit(edit, "Não foi possível salvar: erro");
    EXPECT_EQ(s.ticketForChat("12")->stage.id, "1");
    EXPECT_EQ(s.chat("12")->currentTicket->stage.id, "1");
    EXPECT_EQ(s.ticketState("12")->error, "Não foi possível salvar: erro");
    // A new edit clears the error; confirming applies the server's ticket.
    const uint64_t edit2 = s.beginTicketEdit("12", [](Ticket& t) { t.dealValue = 990000; });
    EXPECT_TRUE(s.ticketState("12")->error.empty());
    Ticket server = makeTicket("12", "12", 4);
    server.dealValue = 990000;
    s.confirmTicketEdit(edit2, server);
    EXPECT_EQ(s.ticketForChat("12")->version, 4);
    EXPECT_FALSE(s.hasPendingTicketEdit("12"));
}

TEST(InboxStore, RollbackDoesNotUndoNewerServerState) {
    InboxStore s;
    s.upsertTicket(makeTicket("12", "12", 3));
    const uint64_t edit = s.beginTicketEdit("12", [](Ticket& t) { t.dealValue = 1; });
    Ticket pushed = makeTicket("12", "12", 5);  // another agent changed it meanwhile
    pushed.dealValue = 777;
    s.upsertTicket(pushed);
    s.rollbackTicketEdit(edit, "erro");
    EXPECT_EQ(s.ticketForChat("12")->dealValue, 777);
    EXPECT_EQ(s.ticketForChat("12")->version, 5);
}

TEST(InboxStore, DraftsPerChatSurviveRefetchAndPersist) {
    FakeStorage storage;
    {
        InboxStore s(&storage);
        s.setDraft("1", "rascunho um");
        s.setDraft("2", "rascunho dois");
        s.selectChat("1");
        s.selectChat("2");
        Page<Chat> page;
        page.items = {makeChat("1", 1, 1), makeChat("2", 1, 1)};
        s.applyChatPage(page, true);
        s.invalidateMessages();
        EXPECT_EQ(s.draft("1"), "rascunho um");
        EXPECT_EQ(s.draft("2"), "rascunho dois");
        s.clearData();  // sign-out keeps drafts in storage
    }
    InboxStore reloaded(&storage);
    EXPECT_EQ(reloaded.draft("1"), "rascunho um");
    reloaded.setDraft("1", "");
    EXPECT_FALSE(storage.get("inbox.draft.1"));
}

TEST(InboxStore, RevisionBumpsOnlyOnChange) {
    InboxStore s;
    const uint64_t r0 = s.revision();
    s.upsertChat(makeChat("1", 1, 2));
    const uint64_t r1 = s.revision();
    EXPECT_GT(r1, r0);
    s.upsertChat(makeChat("1", 1, 1));  // stale
    s.selectChat("");
    s.setSearch("");
    s.setConnection(ConnectionState::Disconnected);
    EXPECT_EQ(s.revision(), r1);
}

TEST(InboxStore, BrokenItemsArePlaceholders) {
    InboxStore s;
    Chat broken;
    broken.broken = true;
    s.upsertChat(broken);
    ASSERT_EQ(s.visibleChatIds().size(), 1u);
    EXPECT_EQ(s.chat(s.visibleChatIds()[0])->name, "Conversa ilegível");
    EXPECT_FALSE(s.logLines().empty());
}

TEST(InboxStore, SnapshotMatchesDesignShape) {
    InboxStore s;
    PanelLayout layout;
    s.setSignedIn(true, {"1", "Ana", "ana@demo.test", "agent"}, "1");
    Instance i;
    i.id = "i1";
    i.status = "connected";
    s.setInstances({i});
    Chat c = makeChat("12", 100, 1, "Mariana");
    c.unreadCount = 2;
    c.lastMessage = makeMsg("m", "12", 1, 1);
    s.upsertChat(c);
    s.selectChat("12");
    s.applyMessagePage("12", {{makeMsg("m", "12", 1, 1)}, ""}, false);
    s.upsertTicket(makeTicket("12", "12", 1));
    s.setConnection(ConnectionState::Degraded);
    const Json j = s.snapshot(&layout);
    EXPECT_EQ(j["connection"], "degraded");
    EXPECT_EQ(j["signedIn"], true);
    EXPECT_EQ(j["selectedInstanceId"], "i1");
    ASSERT_EQ(j["chats"].size(), 1u);
    EXPECT_EQ(j["chats"][0]["id"], "12");
    EXPECT_EQ(j["chats"][0]["unreadCount"], 2);
    EXPECT_EQ(j["chats"][0]["lastMessage"], "msg m");
    EXPECT_EQ(j["selectedChatId"], "12");
    ASSERT_EQ(j["messages"].size(), 1u);
    EXPECT_EQ(j["messages"][0]["direction"], "in");
    EXPECT_EQ(j["messages"][0]["status"], "delivered");
    EXPECT_EQ(j["ticket"]["id"], "12");
    EXPECT_EQ(j["panels"]["left"], 25.0);
    EXPECT_EQ(j["panels"]["rightCollapsed"], false);
    EXPECT_EQ(j["instances"].size(), 1u);
}

TEST(InboxStore, SendBeforeHistoryLoadedKeepsPagingAndDedupes) {
    InboxStore s;
    s.setMessagesLoading("c", false, true);
    s.addOptimisticSend("c", "rápido", "c-9", 500);
    Message server = makeMsg("wamid.S", "c", 499, 7, MessageStatus::Sent, Direction::Out);
    server.clientId = "c-9";
    s.upsertMessage(server);  // POST answered before the history page
    EXPECT_EQ(s.findByClientId("c", "c-9")->id, "wamid.S");
    s.applyMessagePage("c", {{makeMsg("a", "c", 100, 1), server}, "older-cursor"}, false);
    EXPECT_EQ(ids(s.messages("c")), (std::vector<std::string>{"a", "wamid.S"}));
    EXPECT_EQ(s.messages("c")->olderCursor, "older-cursor");
}

TEST(InboxStore, AnchorsByIdSurviveReorderAndPrepend) {
    InboxStore s;
    for (int i = 0; i < 10; ++i) s.upsertChat(makeChat(std::to_string(i), 100 + i, 1));
    EXPECT_EQ(s.visibleIndexOf("5"), 4);  // 9 8 7 6 5 …
    s.upsertChat(makeChat("0", 1000, 2));  // chat 0 jumps to the top
    EXPECT_EQ(s.visibleIndexOf("5"), 5);  // the UI shifts its scroll by one row
    s.setSearch("nobody");
    EXPECT_EQ(s.visibleIndexOf("5"), -1);
    s.applyMessagePage("c", {{makeMsg("m5", "c", 50, 5), makeMsg("m6", "c", 60, 6)}, "cur"}, false);
    EXPECT_EQ(s.indexOfMessage("c", "m5"), 0);
    s.applyMessagePage("c", {{makeMsg("m3", "c", 30, 3), makeMsg("m4", "c", 40, 4)}, ""}, true);
    EXPECT_EQ(s.indexOfMessage("c", "m5"), 2);
    EXPECT_EQ(s.indexOfMessage("c", "nope"), -1);
}

TEST(InboxStore, ChatListIsNotRecomputedForUnrelatedChanges) {
    InboxStore s;
    for (int i = 0; i < 3; ++i) s.upsertChat(makeChat(std::to_string(i), 100 + i, 1));
    const std::vector<std::string> before = s.visibleChatIds();
    const uint64_t computed = s.listComputations();
    s.setDraft("1", "digitando…");
    s.applyMessagePage("1", {{makeMsg("a", "1", 1, 1)}, ""}, false);
    s.setScrolledUp(true);
    EXPECT_EQ(s.visibleChatIds(), before);
    EXPECT_EQ(s.listComputations(), computed);
    s.upsertChat(makeChat("0", 999, 2));  // a list change is still seen at once
    EXPECT_EQ(s.visibleChatIds().front(), "0");
    EXPECT_EQ(s.listComputations(), computed + 1);
}

TEST(InboxStore, IncrementalOrderMatchesAFullSort) {
    InboxStore s;
    uint64_t x = 88172645463325252ULL;
    auto rnd = [&x](int n) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return static_cast<int>(x % static_cast<uint64_t>(n));
    };
    std::map<std::string, int64_t> versions;
    for (int i = 0; i < 3000; ++i) {
        const std::string id = std::to_string(rnd(300));
        Chat c = makeChat(id, rnd(40), ++versions[id]);  // few distinct times: many ties
        if (rnd(10) == 0) c.version = 0;                 // stale/unversioned updates are refused
        s.upsertChat(c);
        if (rnd(50) == 0) s.visibleChatIds();
    }
    std::vector<const Chat*> all;
    for (const auto& [id, v] : versions) all.push_back(s.chat(id));
    std::sort(all.begin(), all.end(), [](const Chat* a, const Chat* b) {
        if (a->lastMessageAt != b->lastMessageAt) return a->lastMessageAt > b->lastMessageAt;
        if (a->id.size() != b->id.size()) return a->id.size() > b->id.size();
        return a->id > b->id;
    });
    std::vector<std::string> expected;
    for (const Chat* c : all) expected.push_back(c->id);
    EXPECT_EQ(s.visibleChatIds(), expected);
}
