// Hostile input never yields a 500, a crash or an exception: mutated fixtures at the
// webhook, junk at every route, random frames at the hub.
#include "hub.h"
#include "jwt.h"
#include "test_support.h"

#include <random>

using namespace stub;
using namespace stub::test;

namespace {

// Deterministic mutations: flip, drop, duplicate and insert bytes.
std::string mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 3);
  const int edits = 1 + int(rng() % 4);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const size_t pos = rng() % s.size();
    switch (op(rng)) {
      case 0: s[pos] = char(rng() % 256); break;
      case 1: s.erase(pos, 1 + rng() % 8); break;
      case 2: s.insert(pos, s.substr(pos, 1 + rng() % 16)); break;
      default: s.insert(pos, std::string(1, "{}[]\",:0a\\"[rng() % 10])); break;
    }
  }
  return s;
}

// Replaces JSON values by values of other types, keeping the syntax valid.
json retype(const json& j, std::mt19937& rng) {
  if (j.is_object()) {
    json out = json::object();
    for (auto& [k, v] : j.items()) out[k] = retype(v, rng);
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (auto& v : j) out.push_back(retype(v, rng));
    return out;
  }
  switch (rng() % 8) {
    case 0: return nullptr;
    case 1: return 42;
    case 2: return json::array();
    case 3: return json::object();
    case 4: return true;
    default: return j;
  }
}

}  // namespace

class RobustnessTest : public StubTest {};

TEST_F(RobustnessTest, MutatedWebhooksAreAnswered200Or400) {
  std::vector<std::string> bodies;
  for (auto& entry : std::filesystem::directory_iterator(fixturesDir()))
    if (entry.path().extension() == ".json") bodies.push_back(readFile(entry.path()));
  if (bodies.empty()) GTEST_SKIP() << "fixtures not found";
  std::mt19937 rng(1234);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 600; ++i) {
    const std::string& base = bodies[size_t(i) % bodies.size()];
    const std::string body = i % 2 ? mutate(base, rng) : retype(json::parse(base), rng).dump();
    HttpResponse res = webhook(body);
    ASSERT_TRUE(res.status == 200 || res.status == 400) << res.status << " " << res.body << "\n" << body;
    (res.status == 200 ? accepted : refused)++;
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
}

TEST_F(RobustnessTest, JunkAtEveryRouteIsA4xx) {
  const std::string token = login("ana@demo.test");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/api/v1/auth/login"},
      {"GET", "/api/v1/whatsapp/chats?limit=%ff&cursor=%00"},
      {"POST", "/api/v1/whatsapp/chats/1/messages"},
      {"POST", "/api/v1/whatsapp/chats/1/read"},
      {"PATCH", "/api/v1/tickets/1"},
      {"POST", "/api/v1/tickets/1/close"},
      {"GET", "/api/v1/centrifugo/subscription-token?channel=%00"},
      {"GET", "/api/v1/whatsapp/chats/99999999999999999999999/messages"},
      {"DELETE", "/api/v1/whatsapp/chats/1"},
      {"POST", "/api/publish"},
  };
  const std::vector<std::string> bodies = {"", "null", "[]", "{}", "{\"text\":{}}", "{\"clientId\":[1],\"text\":null}",
                                           "{\"stageId\":-1,\"assigneeId\":{},\"dealValue\":1e300}", "{\"outcome\":7}",
                                           "\xff\xfe", std::string(10000, '{'), "{\"template\":\"x\",\"clientId\":\"c\"}",
                                           "{\"template\":{\"name\":\"retomar_contato\",\"params\":[{}]},\"clientId\":\"c\"}"};
  for (auto& [method, path] : routes)
    for (auto& body : bodies) {
      HttpResponse res = call(method, path, token, body);
      EXPECT_GE(res.status, 200) << method << " " << path << " " << body;
      EXPECT_LT(res.status, 500) << method << " " << path << " " << body << " → " << res.body;
    }
}

namespace {
struct NullSink : HubSink {
  bool closed = false;
  void sendText(const std::string&) override {}
  void closeWith(uint16_t, const std::string&) override { closed = true; }
};
}  // namespace

TEST(HubRobustness, RandomFramesNeverThrow) {
  HubOptions options;
  options.secret = "s";
  Hub hub(options);
  std::mt19937 rng(99);
  const std::string token = signJwtHs256({{"sub", "1"}}, "s");
  const std::vector<std::string> seeds = {
      R"({"id":1,"connect":{"token":")" + token + R"("}})",
      R"({"id":2,"subscribe":{"channel":"org:1:messages","token":"x","recover":true,"offset":5,"epoch":"e"}})",
      R"({"id":3,"history":{"channel":"org:1:messages","limit":-1,"since":{"offset":1,"epoch":"x"},"reverse":true}})",
      R"({"id":4,"refresh":{"token":"a.b.c"}})", R"({"id":5,"sub_refresh":{"channel":"org:1:messages","token":""}})",
      R"({"id":6,"unsubscribe":{"channel":"org:1:messages"}})", "{}"};
  for (int i = 0; i < 3000; ++i) {
    auto sink = std::make_shared<NullSink>();
    const uint64_t id = hub.open(sink, 1000);
    hub.onFrame(id, seeds[0], 1000);
    std::string frame;
    for (int l = 0; l < 3; ++l) frame += (l ? "\n" : "") + mutate(seeds[rng() % seeds.size()], rng);
    EXPECT_NO_THROW(hub.onFrame(id, frame, 1000));
    EXPECT_NO_THROW(hub.onFrame(id, retype(json::parse(seeds[1 + rng() % (seeds.size() - 2)]), rng).dump(), 1000));
    hub.closed(id);
  }
  EXPECT_NO_THROW(hub.tick(1000000));
}
