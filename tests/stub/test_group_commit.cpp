// Group commit of webhook deliveries (IntakeQueue through App::handleAsync, as the HTTP server
// calls it): answers wait for the shared commit, one commit serves the batch, and one bad or
// faulty delivery does not take its batch-mates down with it.
#include "test_support.h"

using namespace stub;
using namespace stub::test;

namespace {

std::string textDelivery(const std::string& messageId, const std::string& waId) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    "metadata":{"phone_number_id":"100000000000001"},"contacts":[{"profile":{"name":"Lote"},"wa_id":")" +
         waId + R"("}],"messages":[{"from":")" + waId + R"(","id":")" + messageId +
         R"(","timestamp":"1789390800","type":"text","text":{"body":"oi"}}]}}]}]})";
}

int commitHook(void* counter) {
  ++*static_cast<int*>(counter);
  return 0;  // 0 lets the commit go on
}

class GroupCommitTest : public StubTest {
 protected:
  // Submits like the HTTP server; the answer lands in the returned slot when it comes.
  std::shared_ptr<std::optional<HttpResponse>> submit(const std::string& body, std::optional<std::string> signature = {}) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/webhooks/whatsapp";
    if (signature) req.headers["x-hub-signature-256"] = *signature;
    req.body = body;
    auto slot = std::make_shared<std::optional<HttpResponse>>();
    app->handleAsync(req, [slot](HttpResponse res) { *slot = std::move(res); });
    return slot;
  }
  // Runs the tasks scheduled so far (one flush), not those they schedule.
  void runScheduledOnce() {
    auto tasks = std::move(scheduler.tasks);
    scheduler.tasks.clear();
    for (auto& t : tasks) t.second();
  }
  int countCommits(const std::function<void()>& fn) {
    int commits = 0;
    sqlite3_commit_hook(db->handle(), commitHook, &commits);
    fn();
    sqlite3_commit_hook(db->handle(), nullptr, nullptr);
    return commits;
  }
  std::string lastEventState() {
    auto stmt = db->prepare("SELECT state FROM webhook_events ORDER BY id DESC LIMIT 1");
    return stmt.step() ? stmt.str(0) : "(none)";
  }
};

TEST_F(GroupCommitTest, DeliveriesAreAnsweredOnlyAfterOneSharedCommit) {
  const int64_t events = count("webhook_events");
  auto a = submit(textDelivery("wamid.batch-a", "5511900000001"));
  auto bad = submit("{not json");
  auto b = submit(textDelivery("wamid.batch-b", "5511900000002"));
  // Nothing is answered, stored or published before the commit.
  EXPECT_FALSE(*a);
  EXPECT_FALSE(*bad);
  EXPECT_FALSE(*b);
  EXPECT_FALSE(store->messageExists("wamid.batch-a"));
  EXPECT_TRUE(publisher.published.empty());
  ASSERT_EQ(scheduler.tasks.size(), 1u) << "one flush for the whole batch";

  EXPECT_EQ(countCommits([&] { scheduler.runAll(); }), 1);
  ASSERT_TRUE(*a && *bad && *b);
  EXPECT_EQ((*a)->status, 200) << (*a)->body;
  EXPECT_EQ((*bad)->status, 400);
  EXPECT_EQ(json::parse((*bad)->body)["error"]["code"], "invalid_json");
  EXPECT_EQ((*b)->status, 200) << (*b)->body;
  EXPECT_TRUE(store->messageExists("wamid.batch-a"));
  EXPECT_TRUE(store->messageExists("wamid.batch-b"));
  EXPECT_EQ(count("webhook_events"), events + 3);  // the bad one's raw bytes are kept too
  EXPECT_EQ(publisher.ofType("message.created").size(), 2u);
  // The deferred answers carry the same headers as every other response.
  bool serverTime = false;
  for (auto& [name, value] : (*a)->headers) serverTime = serverTime || name == "X-Server-Time";
  EXPECT_TRUE(serverTime);
}

TEST_F(GroupCommitTest, RefusedSignaturesAreAnsweredAtOnceAndNeverQueued) {
  config.appSecret = "group-secret";
  build();
  const int64_t events = count("webhook_events");
  auto forged = submit(textDelivery("wamid.forged", "5511900000003"), std::string("sha256=00"));
  ASSERT_TRUE(*forged);
  EXPECT_EQ((*forged)->status, 401);
  EXPECT_TRUE(scheduler.tasks.empty());
  const std::string body = textDelivery("wamid.signed", "5511900000004");
  auto signedOne = submit(body, app->intake().sign(body));
  EXPECT_FALSE(*signedOne);
  scheduler.runAll();
  ASSERT_TRUE(*signedOne);
  EXPECT_EQ((*signedOne)->status, 200);
  EXPECT_EQ(count("webhook_events"), events + 1);
  EXPECT_FALSE(store->messageExists("wamid.forged"));
}

TEST_F(GroupCommitTest, AWrongShapeIsRefusedAloneAndItsBatchMatesKeepTheirs) {
  const std::string halfValid =
      R"({"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"messages":[
      {"from":"5511900000005","id":"wamid.half","timestamp":"1789390800","type":"text","text":{"body":"oi"}},
      {"from":"5511900000005","type":"text"}]}}]}]})";
  auto a = submit(textDelivery("wamid.mate-a", "5511900000006"));
  auto half = submit(halfValid);
  auto b = submit(textDelivery("wamid.mate-b", "5511900000007"));
  scheduler.runAll();
  EXPECT_EQ((*a)->status, 200);
  EXPECT_EQ((*half)->status, 400);
  EXPECT_EQ((*b)->status, 200);
  EXPECT_TRUE(store->messageExists("wamid.mate-a"));
  EXPECT_FALSE(store->messageExists("wamid.half")) << "its effects are all or nothing";
  EXPECT_TRUE(store->messageExists("wamid.mate-b"));
  EXPECT_EQ(publisher.ofType("message.created").size(), 2u);
}

TEST_F(GroupCommitTest, AServerFaultOnOneDeliveryIsAnswered500AloneAndKeptRaw) {
  db->exec("CREATE TEMP TRIGGER poison BEFORE INSERT ON messages WHEN NEW.id = 'wamid.poison' "
           "BEGIN SELECT RAISE(ABORT, 'poisoned for the test'); END");
  auto a = submit(textDelivery("wamid.fault-a", "5511900000008"));
  auto poison = submit(textDelivery("wamid.poison", "5511900000009"));
  auto b = submit(textDelivery("wamid.fault-b", "5511900000010"));
  scheduler.runAll();
  EXPECT_EQ((*a)->status, 200);
  EXPECT_EQ((*poison)->status, 500);
  EXPECT_EQ((*b)->status, 200);
  EXPECT_TRUE(store->messageExists("wamid.fault-a"));
  EXPECT_TRUE(store->messageExists("wamid.fault-b"));
  EXPECT_FALSE(store->messageExists("wamid.poison"));
  auto stmt = db->prepare("SELECT state FROM webhook_events WHERE body LIKE '%wamid.poison%'");
  ASSERT_TRUE(stmt.step()) << "the faulty delivery's bytes are kept";
  EXPECT_EQ(stmt.str(0), "failed");
  // Its half-made chat did not survive either: the retry starts clean.
  db->exec("DROP TRIGGER poison");
  auto retry = submit(textDelivery("wamid.poison", "5511900000009"));
  scheduler.runAll();
  EXPECT_EQ((*retry)->status, 200);
  EXPECT_TRUE(store->messageExists("wamid.poison"));
}

TEST_F(GroupCommitTest, WhenTheDatabaseFailsTheWholeBatchIs503AndNothingIsKept) {
  const int64_t events = count("webhook_events"), messages = count("messages");
  // RAISE(ROLLBACK) ends the transaction itself, as disk full or an I/O error would.
  db->exec("CREATE TEMP TRIGGER disk BEFORE INSERT ON messages WHEN NEW.id = 'wamid.disk' "
           "BEGIN SELECT RAISE(ROLLBACK, 'the disk is gone for the test'); END");
  auto a = submit(textDelivery("wamid.before-disk", "5511900000011"));
  auto disk = submit(textDelivery("wamid.disk", "5511900000012"));
  auto b = submit(textDelivery("wamid.after-disk", "5511900000013"));
  scheduler.runAll();
  for (auto* slot : {&a, &disk, &b}) {
    ASSERT_TRUE(**slot);
    EXPECT_EQ((**slot)->status, 503) << "nothing of the batch is on disk, so nothing may be answered 200";
  }
  EXPECT_EQ(count("webhook_events"), events);
  EXPECT_EQ(count("messages"), messages);
  EXPECT_TRUE(publisher.published.empty());
  // WhatsApp retries; once the database is back they all land.
  db->exec("DROP TRIGGER disk");
  auto retry = submit(textDelivery("wamid.disk", "5511900000012"));
  scheduler.runAll();
  EXPECT_EQ((*retry)->status, 200);
  EXPECT_EQ(lastEventState(), "processed");
}

TEST_F(GroupCommitTest, ALongQueueIsCutIntoBatchesThatLetTheLoopBreathe) {
  std::vector<std::shared_ptr<std::optional<HttpResponse>>> slots;
  const size_t total = kIntakeBatchMaxDeliveries + 5;
  for (size_t i = 0; i < total; ++i)
    slots.push_back(submit(textDelivery("wamid.queue-" + std::to_string(i), "55119100" + std::to_string(10000 + i))));
  runScheduledOnce();
  size_t answered = 0;
  for (auto& s : slots) answered += s->has_value();
  EXPECT_EQ(answered, kIntakeBatchMaxDeliveries);
  ASSERT_EQ(scheduler.tasks.size(), 1u) << "the rest goes in a later turn of the loop";
  EXPECT_EQ(countCommits([&] { runScheduledOnce(); }), 1);
  for (size_t i = 0; i < total; ++i) {
    ASSERT_TRUE(*slots[i]) << i;
    EXPECT_EQ((*slots[i])->status, 200) << i;
  }
  EXPECT_TRUE(store->messageExists("wamid.queue-" + std::to_string(total - 1)));
}

}  // namespace
