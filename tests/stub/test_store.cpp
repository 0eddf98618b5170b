// Store and seed: schema/migrations, the demo data the issue asks for, keyset paging.
#include "test_support.h"

#include <set>

using namespace stub;
using namespace stub::test;

class StoreTest : public StubTest {};

TEST_F(StoreTest, SeedHasBothOrganizationsUsersInstancesAndColouredStages) {
  EXPECT_EQ(count("organizations"), 2);
  EXPECT_EQ(count("users"), 3);
  auto ana = store->checkPassword("ana@demo.test", "demo123");
  auto carla = store->checkPassword("carla@outra.test", "demo123");
  ASSERT_TRUE(ana && carla);
  EXPECT_TRUE(store->checkPassword("bruno@demo.test", "demo123"));
  EXPECT_FALSE(store->checkPassword("ana@demo.test", "wrong"));
  EXPECT_NE(ana->orgId, carla->orgId);

  json instances = store->instancesJson(ana->orgId);
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[0]["id"], "100000000000001");
  EXPECT_EQ(instances[0]["displayPhone"], "+55 11 4000-0001");
  EXPECT_EQ(instances[0]["verifiedName"], "Demo Vendas SP");
  EXPECT_EQ(instances[1]["id"], "100000000000002");
  EXPECT_EQ(instances[1]["displayPhone"], "+55 21 3000-0002");
  EXPECT_EQ(store->instancesJson(carla->orgId)[0]["id"], "100000000000003");

  json stages = store->stagesJson(ana->orgId);
  std::vector<std::string> names;
  for (auto& s : stages) {
    names.push_back(s["name"]);
    EXPECT_EQ(s["color"].get<std::string>().size(), 7u);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Novo", "Em Atendimento", "Proposta", "Ganho", "Perdido"}));
}

TEST_F(StoreTest, SeedConversationsAreRealistic) {
  const auto ana = *store->checkPassword("ana@demo.test", "demo123");
  const auto ids = store->chatIds(ana.orgId);
  EXPECT_GE(ids.size(), 35u);
  EXPECT_LE(ids.size(), 45u);
  const int64_t now = nowMs();
  int open = 0, expired = 0, unread = 0, deals = 0, ctwa = 0, gclid = 0, fbclid = 0, utm = 0;
  for (int64_t id : ids) {
    json chat = store->chatJson(id);
    EXPECT_GE(chat["lastMessageAt"].get<int64_t>(), now - 4 * 24 * 3600 * 1000LL);
    EXPECT_LE(chat["lastMessageAt"].get<int64_t>(), now);
    if (chat["windowExpiresAt"].is_number()) (chat["windowExpiresAt"].get<int64_t>() > now ? open : expired)++;
    if (chat["unreadCount"].get<int>() > 0) ++unread;
    auto ticket = store->ticketJson(ana.orgId, std::stoll(chat["currentTicket"]["id"].get<std::string>()));
    ASSERT_TRUE(ticket);
    if ((*ticket)["dealValue"].is_number()) ++deals;
    const json& t = (*ticket)["tracking"];
    ctwa += t["ctwaclid"].is_string();
    gclid += t["gclid"].is_string();
    fbclid += t["fbclid"].is_string();
    utm += t["utmSource"].is_string();
  }
  EXPECT_GT(open, 3);
  EXPECT_GT(expired, 3);
  EXPECT_GT(unread, 3);
  EXPECT_GT(deals, 10);
  EXPECT_GT(ctwa, 0);
  EXPECT_GT(gclid, 0);
  EXPECT_GT(fbclid, 0);
  EXPECT_GT(utm, 0);
  EXPECT_GT(count("reactions"), 0);
}

TEST_F(StoreTest, SeedRunsOnlyOnANewDatabaseAndDataSurvivesReopen) {
  const int64_t chats = count("chats");
  app.reset();
  store.reset();
  db.reset();
  db = std::make_unique<Db>(dbPath);
  store = std::make_unique<Store>(*db);
  EXPECT_FALSE(seedDemo(*store, nowMs()));
  EXPECT_EQ(count("chats"), chats);
  auto stmt = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(stmt.step());
  EXPECT_EQ(stmt.str(0), "wal");
  stmt.run();
  auto version = db->prepare("PRAGMA user_version");
  ASSERT_TRUE(version.step());
  EXPECT_GE(version.i64(0), 1);
}

TEST_F(StoreTest, ChatKeysetPagingVisitsEveryChatOnceInOrder) {
  const auto ana = *store->checkPassword("ana@demo.test", "demo123");
  std::set<std::string> seen;
  std::optional<std::string> cursor;
  int64_t lastAt = INT64_MAX;
  int pages = 0;
  do {
    ChatPage page = store->listChats(ana.orgId, std::nullopt, "", cursor, 7);
    for (auto& c : page.items) {
      EXPECT_TRUE(seen.insert(c["id"].get<std::string>()).second) << "duplicate " << c["id"];
      EXPECT_LE(c["lastMessageAt"].get<int64_t>(), lastAt);
      lastAt = c["lastMessageAt"].get<int64_t>();
    }
    cursor = page.nextCursor;
    ++pages;
  } while (cursor && pages < 100);
  EXPECT_EQ(seen.size(), store->chatIds(ana.orgId).size());
}

TEST_F(StoreTest, MessagePagingGoesBackwardsInChronologicalPages) {
  const auto ana = *store->checkPassword("ana@demo.test", "demo123");
  const int64_t chatId = store->chatIds(ana.orgId).front();
  std::optional<std::string> next;
  json all = store->listMessages(chatId, std::nullopt, 1000, &next);
  EXPECT_FALSE(next);
  ASSERT_GE(all.size(), 3u);
  json first = store->listMessages(chatId, std::nullopt, 2, &next);
  ASSERT_TRUE(next);
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(first[1]["id"], all[all.size() - 1]["id"]);
  EXPECT_EQ(first[0]["id"], all[all.size() - 2]["id"]);
  json older = store->listMessages(chatId, next, 1, &next);
  EXPECT_EQ(older[0]["id"], all[all.size() - 3]["id"]);
}

TEST_F(StoreTest, StatusesOnlyMoveForward) {
  const auto ana = *store->checkPassword("ana@demo.test", "demo123");
  const int64_t chatId = store->chatIds(ana.orgId).front();
  NewMessage m;
  m.id = "wamid.out-test";
  m.chatId = chatId;
  m.orgId = ana.orgId;
  m.direction = "out";
  m.type = "text";
  m.text = "x";
  m.timestampMs = nowMs();
  m.status = "pending";
  ASSERT_TRUE(store->insertMessage(m));
  EXPECT_FALSE(store->insertMessage(m));
  EXPECT_TRUE(store->recordStatus(m.id, "read", 1, json::array()));
  EXPECT_TRUE(store->applyPendingStatuses(m.id));
  EXPECT_TRUE(store->recordStatus(m.id, "delivered", 2, json::array()));
  EXPECT_FALSE(store->applyPendingStatuses(m.id));
  EXPECT_EQ((*store->messageJson(m.id))["status"], "read");
  EXPECT_FALSE(store->recordStatus(m.id, "read", 3, json::array()));
}
