// The embedded hub at frame level: the §14.2 checklist of centrifugo-protocol.md.
#include "hub.h"
#include "jwt.h"

#include <gtest/gtest.h>

using namespace stub;
using nlohmann::json;

namespace {

struct FakeSink : HubSink {
  std::vector<std::string> frames;
  int closeCode = 0;
  std::string closeReason;
  void sendText(const std::string& frame) override {
    EXPECT_EQ(closeCode, 0) << "frame after close: " << frame;
    frames.push_back(frame);
  }
  void closeWith(uint16_t code, const std::string& reason) override {
    EXPECT_EQ(closeCode, 0) << "closed twice";
    closeCode = code;
    closeReason = reason;
  }
  // Every line of every frame, parsed.
  std::vector<json> lines() const {
    std::vector<json> out;
    for (auto& f : frames) {
      size_t start = 0;
      while (start <= f.size()) {
        size_t end = f.find('\n', start);
        if (end == std::string::npos) end = f.size();
        out.push_back(json::parse(f.substr(start, end - start)));
        start = end + 1;
      }
    }
    return out;
  }
  json last() const { return lines().back(); }
};

constexpr const char* kSecret = "hub-test-secret";
constexpr int64_t kNow = 1800000000000;  // ms

std::string connToken(const std::string& user, int64_t expSec = kNow / 1000 + 600) {
  return signJwtHs256({{"sub", user}, {"exp", expSec}}, kSecret);
}
std::string subToken(const std::string& user, const std::string& channel, int64_t expSec = kNow / 1000 + 600) {
  return signJwtHs256({{"sub", user}, {"channel", channel}, {"exp", expSec}}, kSecret);
}

class HubTest : public ::testing::Test {
 protected:
  HubTest() : hub(makeOptions()) {}
  static HubOptions makeOptions() {
    HubOptions o;
    o.secret = kSecret;
    o.pingIntervalMs = 10000;
    o.pongTimeoutMs = 4000;
    o.historySize = 5;
    return o;
  }
  uint64_t open(std::shared_ptr<FakeSink>& sink) {
    sink = std::make_shared<FakeSink>();
    return hub.open(sink, kNow);
  }
  // Opens and connects as `user`; returns the connection id.
  uint64_t connected(std::shared_ptr<FakeSink>& sink, const std::string& user = "1") {
    const uint64_t id = open(sink);
    hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", connToken(user)}}}}).dump(), kNow);
    EXPECT_TRUE(sink->last().contains("connect"));
    return id;
  }
  json subscribe(uint64_t id, FakeSink& sink, const std::string& channel, json extra = json::object(), const std::string& user = "1") {
    json req = {{"channel", channel}, {"token", subToken(user, channel)}};
    req.update(extra);
    hub.onFrame(id, json({{"id", 2}, {"subscribe", req}}).dump(), kNow);
    return sink.last();
  }
  Hub hub;
};

}  // namespace

TEST_F(HubTest, ConnectReplyHasClientVersionPingPongAndExpiry) {
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = open(sink);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", connToken("7")}, {"name", "js"}}}}).dump(), kNow);
  json reply = sink->last();
  EXPECT_EQ(reply["id"], 1);
  EXPECT_FALSE(reply["connect"]["client"].get<std::string>().empty());
  EXPECT_FALSE(reply["connect"]["version"].get<std::string>().empty());
  EXPECT_EQ(reply["connect"]["ping"], 10);
  EXPECT_EQ(reply["connect"]["pong"], true);
  EXPECT_EQ(reply["connect"]["expires"], true);
  EXPECT_EQ(reply["connect"]["ttl"], 600);
}

TEST_F(HubTest, BatchedConnectAndSubscribesAreAnsweredInOrderInOneFrame) {
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = open(sink);
  const std::string frame = json({{"id", 1}, {"connect", {{"token", connToken("1")}}}}).dump() + "\n" +
                            json({{"id", 2}, {"subscribe", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages")}}}}).dump() + "\n" +
                            json({{"id", 3}, {"subscribe", {{"channel", "org:1:tickets"}, {"token", subToken("1", "org:1:tickets")}}}}).dump() + "\n";
  hub.onFrame(id, frame, kNow);
  ASSERT_EQ(sink->frames.size(), 1u);
  auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[1]["id"], 2);
  EXPECT_EQ(lines[1]["subscribe"]["recoverable"], true);
  EXPECT_EQ(lines[1]["subscribe"]["epoch"], hub.epoch());
  EXPECT_EQ(lines[2]["id"], 3);
  EXPECT_EQ(sink->closeCode, 0);
}

TEST_F(HubTest, ProtocolMisuseCloses3501) {
  struct Case {
    const char* name;
    std::string frame;
    bool connectFirst;
  };
  const std::vector<Case> cases = {
      {"subscribe before connect", R"({"id":1,"subscribe":{"channel":"org:1:messages"}})", false},
      {"not json", "hello", false},
      {"id 0 command", R"({"id":0,"history":{"channel":"org:1:messages"}})", true},
      {"unsolicited pong", "{}", true},
      {"second connect", json({{"id", 5}, {"connect", {{"token", connToken("1")}}}}).dump(), true},
      {"no token", R"({"id":1,"connect":{}})", false},
      {"negative id", R"({"id":-1,"connect":{}})", false},
      {"wrongly typed field", json({{"id", 1}, {"connect", {{"token", 5}}}}).dump(), false},
      {"recover as a string", R"({"id":2,"subscribe":{"channel":"org:1:messages","recover":"yes"}})", true},
  };
  for (const auto& c : cases) {
    std::shared_ptr<FakeSink> sink;
    const uint64_t id = c.connectFirst ? connected(sink) : open(sink);
    hub.onFrame(id, c.frame, kNow);
    EXPECT_EQ(sink->closeCode, 3501) << c.name;
  }
}

TEST_F(HubTest, ConnectTokenChecks) {
  std::shared_ptr<FakeSink> expired;
  uint64_t id = open(expired);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", connToken("1", kNow / 1000 - 1)}}}}).dump(), kNow);
  EXPECT_EQ(expired->last()["error"]["code"], 109);
  EXPECT_EQ(expired->closeCode, 0);
  // After 109 the SDK fetches a new token and retries on the same rules.
  hub.onFrame(id, json({{"id", 2}, {"connect", {{"token", connToken("1")}}}}).dump(), kNow);
  EXPECT_TRUE(expired->last().contains("connect"));

  std::shared_ptr<FakeSink> forged;
  id = open(forged);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", signJwtHs256({{"sub", "1"}}, "wrong")}}}}).dump(), kNow);
  EXPECT_EQ(forged->closeCode, 3500);

  std::shared_ptr<FakeSink> subAsConn;
  id = open(subAsConn);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", subToken("1", "org:1:messages")}}}}).dump(), kNow);
  EXPECT_EQ(subAsConn->closeCode, 3500);
}

// Found by tests/faults: a page too slow to pong reconnects with its (by then expired) token and,
// as centrifuge-js does, batches its subscribes behind the connect. The 109 must still arrive
// before the 3501 those unauthenticated subscribes cause, or the client stops for good.
TEST_F(HubTest, ExpiredConnectBatchedWithSubscribesStillAnswers109BeforeClosing) {
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = open(sink);
  const std::string frame = json({{"id", 1}, {"connect", {{"token", connToken("1", kNow / 1000 - 1)}}}}).dump() + "\n" +
                            json({{"id", 2}, {"subscribe", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages")}}}}).dump();
  hub.onFrame(id, frame, kNow);
  ASSERT_EQ(sink->frames.size(), 1u);
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["error"]["code"], 109);
  EXPECT_EQ(sink->closeCode, 3501);
  // Nothing more after the close, not even for a frame that was already on its way.
  hub.onFrame(id, json({{"id", 3}, {"connect", {{"token", connToken("1")}}}}).dump(), kNow);
  EXPECT_EQ(sink->frames.size(), 1u);
}

TEST_F(HubTest, StaleConnectionCloses3502) {
  std::shared_ptr<FakeSink> sink;
  open(sink);
  hub.tick(kNow + 9000);
  EXPECT_EQ(sink->closeCode, 0);
  hub.tick(kNow + 10000);
  EXPECT_EQ(sink->closeCode, 3502);
}

TEST_F(HubTest, PingsAndPongTimeout) {
  std::shared_ptr<FakeSink> alive, silent;
  const uint64_t a = connected(alive, "1");
  connected(silent, "2");
  const size_t before = alive->frames.size();
  hub.tick(kNow + 4999);  // first ping comes between interval/2 and interval
  EXPECT_EQ(alive->frames.size(), before);
  hub.tick(kNow + 10000);
  ASSERT_EQ(alive->frames.size(), before + 1);
  EXPECT_EQ(alive->frames.back(), "{}");
  EXPECT_EQ(silent->frames.back(), "{}");
  hub.onFrame(a, "{}", kNow + 10500);  // pong
  hub.tick(kNow + 14000);
  EXPECT_EQ(alive->closeCode, 0);
  EXPECT_EQ(silent->closeCode, 3012);
  EXPECT_EQ(silent->closeReason, "no pong");
  // A second pong for the same ping is a protocol error.
  hub.onFrame(a, "{}", kNow + 14100);
  EXPECT_EQ(alive->closeCode, 3501);
}

TEST_F(HubTest, SubscribeNeedsAMatchingSubscriptionToken) {
  std::shared_ptr<FakeSink> sink;
  uint64_t id = connected(sink, "1");
  hub.onFrame(id, R"({"id":2,"subscribe":{"channel":"org:1:messages"}})", kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 103);
  hub.onFrame(id, json({{"id", 3}, {"subscribe", {{"channel", "org:1:messages"}, {"token", signJwtHs256({{"sub", "1"}, {"channel", "org:1:messages"}}, "x")}}}}).dump(), kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 103);
  hub.onFrame(id, json({{"id", 4}, {"subscribe", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages", kNow / 1000 - 5)}}}}).dump(), kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 109);
  hub.onFrame(id, json({{"id", 5}, {"subscribe", {{"channel", "chat:1"}, {"token", subToken("1", "chat:1")}}}}).dump(), kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 102);
  EXPECT_TRUE(subscribe(id, *sink, "org:1:messages").contains("subscribe"));
  EXPECT_EQ(subscribe(id, *sink, "org:1:messages")["error"]["code"], 105);
  EXPECT_EQ(sink->closeCode, 0);

  // A token for another channel, or another user's token: 3500.
  std::shared_ptr<FakeSink> other;
  id = connected(other, "1");
  hub.onFrame(id, json({{"id", 2}, {"subscribe", {{"channel", "org:2:messages"}, {"token", subToken("1", "org:1:messages")}}}}).dump(), kNow);
  EXPECT_EQ(other->closeCode, 3500);
  std::shared_ptr<FakeSink> thief;
  id = connected(thief, "3");
  hub.onFrame(id, json({{"id", 2}, {"subscribe", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages")}}}}).dump(), kNow);
  EXPECT_EQ(thief->closeCode, 3500);
}

TEST_F(HubTest, PublishReachesSubscribersOnlyWithIncreasingOffsets) {
  std::shared_ptr<FakeSink> sub, notSub;
  const uint64_t a = connected(sub, "1");
  connected(notSub, "2");
  subscribe(a, *sub, "org:1:messages");
  const size_t quiet = notSub->frames.size();
  PublishOutcome p1 = hub.publish("org:1:messages", {{"type", "x"}, {"n", 1}}, nullptr, false, "", kNow);
  PublishOutcome p2 = hub.publish("org:1:messages", {{"type", "x"}, {"n", 2}}, nullptr, false, "", kNow);
  EXPECT_EQ(p1.offset, 1u);
  EXPECT_EQ(p2.offset, 2u);
  EXPECT_EQ(p1.epoch, hub.epoch());
  json push = sub->last();
  EXPECT_EQ(push["push"]["channel"], "org:1:messages");
  EXPECT_EQ(push["push"]["pub"]["offset"], 2);
  EXPECT_EQ(push["push"]["pub"]["data"]["n"], 2);
  EXPECT_FALSE(push.contains("id"));
  EXPECT_EQ(notSub->frames.size(), quiet);
  EXPECT_EQ(hub.publish("nope:1", {{"a", 1}}, nullptr, false, "", kNow).errorCode, 102);
  // Idempotency key: the retry is not published twice.
  PublishOutcome k1 = hub.publish("org:1:messages", {{"k", 1}}, nullptr, false, "key-1", kNow);
  PublishOutcome k2 = hub.publish("org:1:messages", {{"k", 1}}, nullptr, false, "key-1", kNow);
  EXPECT_EQ(k1.offset, k2.offset);
}

TEST_F(HubTest, RecoveryFollowsTheServerDecision) {
  for (int i = 0; i < 3; ++i) hub.publish("org:1:tickets", {{"n", i}}, nullptr, false, "", kNow);  // offsets 1..3
  std::shared_ptr<FakeSink> sink;
  uint64_t id = connected(sink);
  // Missed 2 and 3: recovered with exactly those, offset = the one sent.
  json r = subscribe(id, *sink, "org:1:tickets", {{"recover", true}, {"offset", 1}, {"epoch", hub.epoch()}});
  EXPECT_EQ(r["subscribe"]["recovered"], true);
  EXPECT_EQ(r["subscribe"]["was_recovering"], true);
  EXPECT_EQ(r["subscribe"]["offset"], 1);
  ASSERT_EQ(r["subscribe"]["publications"].size(), 2u);
  EXPECT_EQ(r["subscribe"]["publications"][0]["offset"], 2);
  EXPECT_EQ(r["subscribe"]["publications"][1]["offset"], 3);

  // Already up to date: recovered with nothing to replay.
  id = connected(sink);
  r = subscribe(id, *sink, "org:1:tickets", {{"recover", true}, {"offset", 3}, {"epoch", hub.epoch()}});
  EXPECT_EQ(r["subscribe"]["recovered"], true);
  EXPECT_FALSE(r["subscribe"].contains("publications"));

  // Another epoch (a restart): not recovered, no publications, current top.
  id = connected(sink);
  r = subscribe(id, *sink, "org:1:tickets", {{"recover", true}, {"offset", 1}, {"epoch", "old-epoch"}});
  EXPECT_FALSE(r["subscribe"].value("recovered", false));
  EXPECT_EQ(r["subscribe"]["was_recovering"], true);
  EXPECT_FALSE(r["subscribe"].contains("publications"));
  EXPECT_EQ(r["subscribe"]["offset"], 3);

  // History keeps 5: after 10 more, a gap from offset 3 can no longer be filled.
  for (int i = 0; i < 10; ++i) hub.publish("org:1:tickets", {{"n", i}}, nullptr, false, "", kNow);
  id = connected(sink);
  r = subscribe(id, *sink, "org:1:tickets", {{"recover", true}, {"offset", 3}, {"epoch", hub.epoch()}});
  EXPECT_FALSE(r["subscribe"].value("recovered", false));
  EXPECT_EQ(r["subscribe"]["offset"], 13);
}

TEST_F(HubTest, HistoryTtlExpiresPublications) {
  hub.publish("org:1:tickets", {{"n", 1}}, nullptr, false, "", kNow);
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = hub.open(sink = std::make_shared<FakeSink>(), kNow + 700000);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", connToken("1", (kNow + 700000) / 1000 + 600)}}}}).dump(), kNow + 700000);
  hub.onFrame(id, json({{"id", 2}, {"subscribe", {{"channel", "org:1:tickets"}, {"token", subToken("1", "org:1:tickets", (kNow + 700000) / 1000 + 600)}, {"recover", true}, {"offset", 0}, {"epoch", hub.epoch()}}}}).dump(), kNow + 700000);
  EXPECT_FALSE(sink->last()["subscribe"].value("recovered", false));
}

TEST_F(HubTest, HistoryCommandForSubscribers) {
  for (int i = 0; i < 3; ++i) hub.publish("org:1:messages", {{"n", i}}, nullptr, false, "", kNow);
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = connected(sink);
  hub.onFrame(id, R"({"id":7,"history":{"channel":"org:1:messages","limit":10}})", kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 103);
  subscribe(id, *sink, "org:1:messages");
  hub.onFrame(id, json({{"id", 8}, {"history", {{"channel", "org:1:messages"}, {"limit", 10}, {"since", {{"offset", 1}, {"epoch", hub.epoch()}}}}}}).dump(), kNow);
  json h = sink->last()["history"];
  EXPECT_EQ(h["publications"].size(), 2u);
  EXPECT_EQ(h["offset"], 3);
  hub.onFrame(id, R"({"id":9,"history":{"channel":"org:1:messages","limit":1,"since":{"offset":1,"epoch":"zzz"}}})", kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 112);
}

TEST_F(HubTest, RefreshAndSubRefreshExtendExpiry) {
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = open(sink);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", connToken("1", kNow / 1000 + 5)}}}}).dump(), kNow);
  EXPECT_EQ(sink->last()["connect"]["ttl"], 5);
  hub.onFrame(id, json({{"id", 2}, {"subscribe", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages", kNow / 1000 + 5)}}}}).dump(), kNow);
  EXPECT_EQ(sink->last()["subscribe"]["ttl"], 5);

  hub.onFrame(id, json({{"id", 3}, {"refresh", {{"token", connToken("1", kNow / 1000 + 60)}}}}).dump(), kNow + 5000);
  EXPECT_EQ(sink->last()["refresh"]["expires"], true);
  EXPECT_EQ(sink->last()["refresh"]["ttl"], 55);
  hub.onFrame(id, json({{"id", 4}, {"sub_refresh", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages", kNow / 1000 + 60)}}}}).dump(), kNow + 5000);
  EXPECT_EQ(sink->last()["sub_refresh"]["ttl"], 55);
  // Past the old expiry plus grace, nothing happens thanks to the refreshes.
  hub.onFrame(id, "{}", kNow + 5000);  // no ping outstanding yet: misuse
  EXPECT_EQ(sink->closeCode, 3501);
}

TEST_F(HubTest, UnrefreshedTokensExpire) {
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = open(sink);
  hub.onFrame(id, json({{"id", 1}, {"connect", {{"token", connToken("1", kNow / 1000 + 100)}}}}).dump(), kNow);
  hub.onFrame(id, json({{"id", 2}, {"subscribe", {{"channel", "org:1:messages"}, {"token", subToken("1", "org:1:messages", kNow / 1000 + 5)}}}}).dump(), kNow);
  // Pong every ping so only expiry can end things.
  auto tickAndPong = [&](int64_t t) {
    const size_t before = sink->frames.size();
    hub.tick(t);
    for (size_t i = before; i < sink->frames.size(); ++i)
      if (sink->closeCode == 0 && sink->frames[i] == "{}") hub.onFrame(id, "{}", t);
  };
  for (int64_t t = kNow; t <= kNow + 29000; t += 1000) tickAndPong(t);
  EXPECT_EQ(sink->closeCode, 0);
  tickAndPong(kNow + 31000);  // sub exp (5 s) + 25 s grace
  bool unsubscribed = false;
  for (auto& l : sink->lines())
    if (l.contains("push") && l["push"].contains("unsubscribe")) unsubscribed = l["push"]["unsubscribe"]["code"] == 2501;
  EXPECT_TRUE(unsubscribed);
  for (int64_t t = kNow + 32000; t <= kNow + 126000; t += 1000) tickAndPong(t);
  EXPECT_EQ(sink->closeCode, 3005);  // connection exp (100 s) + 25 s grace

  std::shared_ptr<FakeSink> late;
  const uint64_t l = connected(late, "1");
  hub.onFrame(l, json({{"id", 9}, {"refresh", {{"token", connToken("1", kNow / 1000 - 1)}}}}).dump(), kNow);
  EXPECT_EQ(late->closeCode, 3005);
  std::shared_ptr<FakeSink> wrongUser;
  const uint64_t w = connected(wrongUser, "1");
  hub.onFrame(w, json({{"id", 9}, {"refresh", {{"token", connToken("2")}}}}).dump(), kNow);
  EXPECT_EQ(wrongUser->closeCode, 3500);
}

TEST_F(HubTest, EveryHubHasItsOwnEpochAndShutdownCloses3001) {
  Hub other(makeOptions());
  EXPECT_NE(other.epoch(), hub.epoch());
  std::shared_ptr<FakeSink> sink;
  connected(sink);
  hub.shutdown();
  EXPECT_EQ(sink->closeCode, 3001);
}

TEST_F(HubTest, UnknownAndUnavailableMethods) {
  std::shared_ptr<FakeSink> sink;
  const uint64_t id = connected(sink);
  hub.onFrame(id, R"({"id":3,"presence":{"channel":"org:1:messages"}})", kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 108);
  hub.onFrame(id, R"({"id":4,"publish":{"channel":"org:1:messages","data":{}}})", kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 103);
  hub.onFrame(id, R"({"id":5,"teleport":{}})", kNow);
  EXPECT_EQ(sink->last()["error"]["code"], 104);
  EXPECT_EQ(sink->closeCode, 0);
}
