// Organizations never see or change each other's data: 404 across orgs, 403 for tokens.
#include "test_support.h"

using namespace stub;
using namespace stub::test;

class IsolationTest : public StubTest {
 protected:
  void SetUp() override {
    StubTest::SetUp();
    ana = login("ana@demo.test");
    carla = login("carla@outra.test");
    json page = callJson("GET", "/api/v1/whatsapp/chats?limit=1", ana);
    anaChat = page["items"][0]["id"];
    anaTicket = page["items"][0]["currentTicket"]["id"];
    anaOrg = callJson("GET", "/api/v1/auth/me", ana)["organizationId"];
  }
  std::string ana, carla, anaChat, anaTicket, anaOrg;
};

TEST_F(IsolationTest, ListsOnlyShowTheCallersOrganization) {
  json chats = callJson("GET", "/api/v1/whatsapp/chats?limit=100", carla);
  EXPECT_EQ(chats["items"].size(), 3u);
  for (auto& c : chats["items"]) EXPECT_EQ(c["instanceId"], "100000000000003");
  // Filtering by another org's instance gives nothing, not its chats.
  EXPECT_TRUE(callJson("GET", "/api/v1/whatsapp/chats?instanceId=100000000000001", carla)["items"].empty());
  json members = callJson("GET", "/api/v1/organization/members", carla);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0]["email"], "carla@outra.test");
  json instances = callJson("GET", "/api/v1/whatsapp/instances", carla);
  ASSERT_EQ(instances.size(), 1u);
}

TEST_F(IsolationTest, AnotherOrganizationsObjectsAre404) {
  const int64_t before = count("messages");
  EXPECT_EQ(call("GET", "/api/v1/whatsapp/chats/" + anaChat, carla).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/whatsapp/chats/" + anaChat + "/messages", carla).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/whatsapp/chats/" + anaChat + "/messages", carla, R"({"text":"x","clientId":"y"})").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/whatsapp/chats/" + anaChat + "/read", carla).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/conversations/" + anaChat + "/ticket", carla).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/tickets/" + anaTicket, carla).status, 404);
  EXPECT_EQ(call("PATCH", "/api/v1/tickets/" + anaTicket, carla, R"({"dealValue":1})").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/tickets/" + anaTicket + "/close", carla, R"({"outcome":"lost"})").status, 404);
  EXPECT_EQ(count("messages"), before);
  EXPECT_TRUE(publisher.published.empty());
  EXPECT_NE(callJson("GET", "/api/v1/tickets/" + anaTicket, ana)["status"], "lost");
}

TEST_F(IsolationTest, TemplatesOfAnotherOrganizationsOrAnUnknownInstanceAre404) {
  EXPECT_FALSE(callJson("GET", "/api/v1/whatsapp/templates?instanceId=100000000000001", ana).empty());
  EXPECT_FALSE(callJson("GET", "/api/v1/whatsapp/templates?instanceId=100000000000003", carla).empty());
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/templates?instanceId=100000000000001", carla, "", 404)["error"]["code"], "not_found");
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/templates?instanceId=100000000000003", ana, "", 404)["error"]["code"], "not_found");
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/templates?instanceId=999", ana, "", 404)["error"]["code"], "not_found");
  EXPECT_FALSE(callJson("GET", "/api/v1/whatsapp/templates", carla).empty());  // no instance: the org's templates
}

TEST_F(IsolationTest, CannotAssignAnotherOrganizationsMember) {
  json carlaMe = callJson("GET", "/api/v1/auth/me", carla);
  EXPECT_EQ(call("PATCH", "/api/v1/tickets/" + anaTicket, ana, json({{"assigneeId", carlaMe["user"]["id"]}}).dump()).status, 400);
}

TEST_F(IsolationTest, NoSubscriptionTokenForAnotherOrganizationsChannels) {
  for (const char* kind : {"messages", "tickets"}) {
    HttpResponse res = call("GET", "/api/v1/centrifugo/subscription-token?channel=org:" + anaOrg + ":" + kind, carla);
    EXPECT_EQ(res.status, 403) << kind;
    EXPECT_EQ(json::parse(res.body)["error"]["code"], "forbidden");
  }
  EXPECT_EQ(call("GET", "/api/v1/centrifugo/subscription-token?channel=org:" + anaOrg + ":messages", ana).status, 200);
}

TEST_F(IsolationTest, WebhookPublishesOnlyToTheInstancesOrganization) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"x","changes":[{"field":"messages","value":{
    "metadata":{"phone_number_id":"100000000000003"},"contacts":[{"profile":{"name":"Zé"},"wa_id":"5531999990000"}],
    "messages":[{"from":"5531999990000","id":"wamid.iso-1","timestamp":"1789390800","type":"text","text":{"body":"oi"}}]}}]}]})";
  ASSERT_EQ(webhook(body).status, 200);
  ASSERT_FALSE(publisher.published.empty());
  const std::string carlaOrg = callJson("GET", "/api/v1/auth/me", carla)["organizationId"];
  for (auto& [channel, data] : publisher.published) EXPECT_EQ(channel.rfind("org:" + carlaOrg + ":", 0), 0u) << channel;
}

TEST_F(IsolationTest, StatusFromAnotherOrganizationsNumberDoesNotTouchAMessage) {
  const std::string chatId = [&] {
    const json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", ana);
    for (auto& c : page["items"])
      if (c["windowExpiresAt"].is_number() && c["windowExpiresAt"].get<int64_t>() > nowMs()) return c["id"].get<std::string>();
    return std::string();
  }();
  json sent = callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", ana, R"({"text":"oi","clientId":"iso"})", 201);
  const std::string body = json({{"object", "whatsapp_business_account"},
                                 {"entry", {{{"id", "x"}, {"changes", {{{"field", "messages"}, {"value", {{"metadata", {{"phone_number_id", "100000000000003"}}}, {"statuses", {{{"id", sent["id"]}, {"status", "read"}, {"timestamp", "1789390800"}}}}}}}}}}}}})
                               .dump();
  ASSERT_EQ(webhook(body).status, 200);
  EXPECT_EQ((*store->messageJson(sent["id"]))["status"], "pending");
}
