// REST routes of docs/API.md through App::handle (no sockets).
#include "jwt.h"
#include "search.h"
#include "test_support.h"

#include <chrono>
#include <set>
#include <thread>

using namespace stub;
using namespace stub::test;

class RoutesTest : public StubTest {
 protected:
  // A chat of ana's organization whose 24 h window is open / closed.
  std::string chatWithWindow(bool open) {
    json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
    for (auto& c : page["items"]) {
      if (!c["windowExpiresAt"].is_number()) continue;
      if ((c["windowExpiresAt"].get<int64_t>() > nowMs() + 60000) == open) return c["id"];
    }
    ADD_FAILURE() << "no chat with window " << open;
    return "";
  }
  std::string token;
  void SetUp() override {
    StubTest::SetUp();
    token = login("ana@demo.test");
  }
};

TEST_F(RoutesTest, HealthzAndUnknownRoutes) {
  EXPECT_EQ(callJson("GET", "/healthz")["status"], "ok");
  json err = callJson("GET", "/api/v1/nope", token, "", 404);
  EXPECT_EQ(err["error"]["code"], "not_found");
  EXPECT_EQ(call("GET", "/nothing-here").status, 404);
}

TEST_F(RoutesTest, LoginGivesTokenUserAndOrganization) {
  json res = callJson("POST", "/api/v1/auth/login", "", R"({"email":"bruno@demo.test","password":"demo123"})");
  EXPECT_EQ(res["user"]["email"], "bruno@demo.test");
  EXPECT_EQ(res["user"]["name"], "Bruno Lima");
  EXPECT_TRUE(res["organizationId"].is_string());
  EXPECT_EQ(res["token"].get<std::string>().size(), 64u);
  EXPECT_EQ(callJson("GET", "/api/v1/auth/me", res["token"])["user"]["email"], "bruno@demo.test");
}

TEST_F(RoutesTest, SessionLifetimeIsConfigurableAndAuthMeTellsIt) {
  // Default: 12 h, and /auth/me repeats the login's expiresAt (an embedded page renews in time).
  json res = callJson("POST", "/api/v1/auth/login", "", R"({"email":"bruno@demo.test","password":"demo123"})");
  const int64_t expires = res["expiresAt"];
  EXPECT_NEAR(double(expires - nowMs()), 12.0 * 3600 * 1000, 60000);
  EXPECT_EQ(callJson("GET", "/api/v1/auth/me", res["token"])["expiresAt"], expires);

  config.sessionTtlSeconds = 2;
  build();
  res = callJson("POST", "/api/v1/auth/login", "", R"({"email":"bruno@demo.test","password":"demo123"})");
  const std::string shortToken = res["token"];
  EXPECT_LE(res["expiresAt"].get<int64_t>() - nowMs(), 2000);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", shortToken).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(call("GET", "/api/v1/auth/me", shortToken).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", token).status, 200);  // the 12 h one lives on
}

TEST_F(RoutesTest, SessionTtlFromEnvironmentAndFlag) {
  const char* argv[] = {"backend-stub", "--session-ttl", "30"};
  EXPECT_EQ(parseConfig(3, argv, [](const char*) { return std::optional<std::string>(); }).sessionTtlSeconds, 30);
  const char* none[] = {"backend-stub"};
  auto env = [](const char* name) {
    return std::string(name) == "INBOX_SESSION_TTL" ? std::optional<std::string>("45") : std::nullopt;
  };
  EXPECT_EQ(parseConfig(1, none, env).sessionTtlSeconds, 45);
  const char* bad[] = {"backend-stub", "--session-ttl", "0"};
  EXPECT_THROW(parseConfig(3, bad, env), std::invalid_argument);
}

TEST_F(RoutesTest, LogoutEndsTheSession) {
  const std::string other = login("ana@demo.test");
  EXPECT_EQ(call("POST", "/api/v1/auth/logout", other).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", other).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/auth/me", token).status, 200);  // other sessions live on
}

TEST_F(RoutesTest, BadLoginsAreClientErrors) {
  EXPECT_EQ(callJson("POST", "/api/v1/auth/login", "", R"({"email":"ana@demo.test","password":"x"})", 401)["error"]["code"],
            "invalid_credentials");
  EXPECT_EQ(callJson("POST", "/api/v1/auth/login", "", R"({"email":"nobody@demo.test","password":"demo123"})", 401)["error"]["code"],
            "invalid_credentials");
  EXPECT_EQ(callJson("POST", "/api/v1/auth/login", "", "{not json", 400)["error"]["code"], "invalid_json");
  EXPECT_EQ(callJson("POST", "/api/v1/auth/login", "", "[1,2]", 400)["error"]["code"], "invalid_json");
  // Invalid JSON (a lone surrogate escape) and a non-object are told apart in the message.
  json surrogate = callJson("POST", "/api/v1/auth/login", "", R"({"email":"a\ud800b","password":"x"})", 400);
  EXPECT_EQ(surrogate["error"]["code"], "invalid_json");
  EXPECT_NE(surrogate["error"]["message"].get<std::string>().find("not valid JSON"), std::string::npos) << surrogate.dump();
  EXPECT_NE(callJson("POST", "/api/v1/auth/login", "", "[1,2]", 400)["error"]["message"].get<std::string>().find("not an object"),
            std::string::npos);
  EXPECT_EQ(callJson("POST", "/api/v1/auth/login", "", R"({"email":5,"password":null})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("GET", "/api/v1/auth/login", "", "", 405)["error"]["code"], "method_not_allowed");
}

TEST_F(RoutesTest, EveryRouteNeedsABearerToken) {
  for (const char* path : {"/api/v1/whatsapp/instances", "/api/v1/whatsapp/chats", "/api/v1/ticket-stages",
                           "/api/v1/organization/members", "/api/v1/centrifugo/token", "/api/v1/whatsapp/templates"}) {
    EXPECT_EQ(callJson("GET", path, "", "", 401)["error"]["code"], "unauthorized") << path;
    EXPECT_EQ(callJson("GET", path, "bogus", "", 401)["error"]["code"], "unauthorized") << path;
  }
}

TEST_F(RoutesTest, ListsInstancesStagesMembersTemplates) {
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/instances", token).size(), 2u);
  EXPECT_EQ(callJson("GET", "/api/v1/ticket-stages", token).size(), 5u);
  json members = callJson("GET", "/api/v1/organization/members", token);
  ASSERT_EQ(members.size(), 2u);
  for (auto& m : members) EXPECT_NE(m["email"], "carla@outra.test");
  json templates = callJson("GET", "/api/v1/whatsapp/templates", token);
  ASSERT_FALSE(templates.empty());
  EXPECT_EQ(templates[0]["status"], "APPROVED");
}

TEST_F(RoutesTest, ChatListFiltersAndPages) {
  json all = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
  EXPECT_TRUE(all["nextCursor"].is_null());
  json rj = callJson("GET", "/api/v1/whatsapp/chats?limit=100&instanceId=100000000000002", token);
  EXPECT_GT(rj["items"].size(), 0u);
  EXPECT_LT(rj["items"].size(), all["items"].size());
  for (auto& c : rj["items"]) EXPECT_EQ(c["instanceId"], "100000000000002");
  json q = callJson("GET", "/api/v1/whatsapp/chats?q=Mariana", token);
  ASSERT_EQ(q["items"].size(), 1u);
  EXPECT_EQ(q["items"][0]["name"], "Mariana Lopes");

  std::set<std::string> ids;
  std::string cursor;
  for (int i = 0; i < 50; ++i) {
    json page = callJson("GET", "/api/v1/whatsapp/chats?limit=9" + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    for (auto& c : page["items"]) EXPECT_TRUE(ids.insert(c["id"]).second);
    if (page["nextCursor"].is_null()) break;
    cursor = page["nextCursor"];
  }
  EXPECT_EQ(ids.size(), all["items"].size());

  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/chats?limit=0", token, "", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/chats?limit=abc", token, "", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/chats?cursor=garbage", token, "", 400)["error"]["code"], "invalid_request");
}

TEST_F(RoutesTest, ChatThatChangesWhilePagingAppearsOnce) {
  json first = callJson("GET", "/api/v1/whatsapp/chats?limit=5", token);
  // The oldest chat gets a new message and jumps to the top after page 1 was read.
  json all = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
  const std::string oldest = all["items"].back()["id"];
  const std::string waId = all["items"].back()["waId"];
  const std::string instance = all["items"].back()["instanceId"];
  const std::string body = json({{"object", "whatsapp_business_account"},
                                 {"entry", {{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value", {{"metadata", {{"phone_number_id", instance}}}, {"messages", {{{"from", waId}, {"id", "wamid.jump"}, {"timestamp", std::to_string(nowMs() / 1000)}, {"type", "text"}, {"text", {{"body", "oi"}}}}}}}}}}}}}}})
                               .dump();
  ASSERT_EQ(webhook(body).status, 200);
  std::multiset<std::string> ids;
  for (auto& c : first["items"]) ids.insert(c["id"]);
  std::string cursor = first["nextCursor"];
  for (int i = 0; i < 50 && !cursor.empty(); ++i) {
    json page = callJson("GET", "/api/v1/whatsapp/chats?limit=5&cursor=" + cursor, token);
    for (auto& c : page["items"]) ids.insert(c["id"]);
    cursor = page["nextCursor"].is_null() ? "" : page["nextCursor"].get<std::string>();
  }
  EXPECT_EQ(ids.count(oldest), 0u);  // it moved above the cursor: the push brings it, not a page
  for (auto& id : ids) EXPECT_EQ(ids.count(id), 1u);
}

TEST_F(RoutesTest, MessagesPageAndCarryTheContractFields) {
  const std::string chatId = chatWithWindow(true);
  json page = callJson("GET", "/api/v1/whatsapp/chats/" + chatId + "/messages?limit=2", token);
  ASSERT_EQ(page["items"].size(), 2u);
  const json& m = page["items"][0];
  for (const char* key : {"id", "chatId", "direction", "type", "text", "timestamp", "status", "reactions", "errors", "seq"})
    EXPECT_TRUE(m.contains(key)) << key;
  EXPECT_LE(page["items"][0]["timestamp"].get<int64_t>(), page["items"][1]["timestamp"].get<int64_t>());
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/chats/" + chatId + "/messages?before=x", token, "", 400)["error"]["code"],
            "invalid_request");
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/chats/999999/messages", token, "", 404)["error"]["code"], "not_found");
  EXPECT_EQ(callJson("GET", "/api/v1/whatsapp/chats/abc/messages", token, "", 404)["error"]["code"], "not_found");
}

TEST_F(RoutesTest, SendIsIdempotentOnClientIdAndPlaysWhatsApp) {
  const std::string chatId = chatWithWindow(true);
  const std::string body = R"({"text":"Olá! Já verifiquei o seu pedido 😊","clientId":"c-123"})";
  json sent = callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token, body, 201);
  EXPECT_EQ(sent["status"], "pending");
  EXPECT_EQ(sent["direction"], "out");
  EXPECT_EQ(sent["clientId"], "c-123");
  EXPECT_EQ(sent["text"], "Olá! Já verifiquei o seu pedido 😊");
  json again = callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token, body, 200);
  EXPECT_EQ(again["id"], sent["id"]);
  EXPECT_EQ(publisher.ofType("message.created").size(), 1u);

  scheduler.runAll();  // WhatsApp accepts it: "sent" through the webhook path
  json updates = publisher.ofType("message.updated").back();
  EXPECT_EQ(updates["message"]["id"], sent["id"]);
  EXPECT_EQ(updates["message"]["status"], "sent");
  // It is the chat's last message, so the list preview (ticks) is republished too.
  json chat = publisher.ofType("chat.updated").back()["chat"];
  EXPECT_EQ(chat["lastMessage"]["status"], "sent");
  EXPECT_GT(chat["version"].get<int64_t>(), publisher.ofType("message.created")[0]["chat"]["version"].get<int64_t>());

  json created = publisher.ofType("message.created")[0];
  EXPECT_EQ(created["chat"]["lastMessage"]["id"], sent["id"]);
  EXPECT_TRUE(created["ts"].is_number_integer());
}

TEST_F(RoutesTest, FreeTextRefusedWhenWindowClosedButTemplatesGo) {
  const std::string chatId = chatWithWindow(false);
  json err = callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token, R"({"text":"oi","clientId":"a"})", 422);
  EXPECT_EQ(err["error"]["code"], "window_closed");
  json sent = callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token,
                       R"({"template":{"name":"retomar_contato","language":"pt_BR","params":["Ana"]},"clientId":"t1"})", 201);
  EXPECT_EQ(sent["type"], "template");
  EXPECT_NE(sent["text"].get<std::string>().find("Olá Ana!"), std::string::npos);
  EXPECT_EQ(callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token,
                     R"({"template":{"name":"nope"},"clientId":"t2"})", 422)["error"]["code"],
            "template_not_found");
  EXPECT_EQ(callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token,
                     R"({"template":{"name":"retomar_contato","params":[]},"clientId":"t3"})", 400)["error"]["code"],
            "invalid_request");
}

TEST_F(RoutesTest, SendValidatesInput) {
  const std::string chatId = chatWithWindow(true);
  const std::string path = "/api/v1/whatsapp/chats/" + chatId + "/messages";
  EXPECT_EQ(callJson("POST", path, token, R"({"text":"oi"})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("POST", path, token, R"({"text":"   ","clientId":"x"})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("POST", path, token, R"({"text":7,"clientId":"x"})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("POST", path, token, json({{"text", std::string(5000, 'a')}, {"clientId", "x"}}).dump(), 400)["error"]["code"],
            "invalid_request");
  EXPECT_EQ(callJson("POST", path, token, "{", 400)["error"]["code"], "invalid_json");
}

TEST_F(RoutesTest, ReadClearsUnreadAndPublishesTheChat) {
  json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
  std::string chatId;
  int64_t version = 0;
  for (auto& c : page["items"])
    if (c["unreadCount"].get<int>() > 0) {
      chatId = c["id"];
      version = c["version"];
    }
  ASSERT_FALSE(chatId.empty());
  HttpResponse res = call("POST", "/api/v1/whatsapp/chats/" + chatId + "/read", token, R"({"lastMessageId":"x"})");
  EXPECT_EQ(res.status, 204);
  json chat = callJson("GET", "/api/v1/whatsapp/chats/" + chatId, token);
  EXPECT_EQ(chat["unreadCount"], 0);
  EXPECT_GT(chat["version"].get<int64_t>(), version);
  auto pubs = publisher.ofType("chat.updated");
  ASSERT_EQ(pubs.size(), 1u);
  EXPECT_EQ(pubs[0]["chat"]["unreadCount"], 0);
}

TEST_F(RoutesTest, ChatSearchIgnoresCaseAndAccentsLikeTheApp) {
  auto names = [&](const std::string& q) {
    std::vector<std::string> out;
    const json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100&q=" + q, token);
    for (auto& c : page["items"]) out.push_back(c["name"]);
    return out;
  };
  const std::vector<std::string> accented = names("S%C3%A9rgio");  // "Sérgio"
  ASSERT_EQ(accented.size(), 1u);
  EXPECT_EQ(accented[0], "Sérgio Tavares");
  EXPECT_EQ(names("sergio"), accented);
  EXPECT_EQ(names("SERGIO"), accented);
  EXPECT_EQ(names("tavares%20s%C3%89rgio"), accented);  // every word, any order, "É" folded too
  EXPECT_TRUE(names("sergio%20nobody").empty());
}

TEST(ChatSearch, FoldsNamePhoneAndLastTextTheWayTheClientDoes) {
  EXPECT_TRUE(chatMatchesSearch("joao", "João Silva", "5511999998888", ""));
  EXPECT_TRUE(chatMatchesSearch("JOÃO silva", "joao SILVA", "", ""));
  EXPECT_TRUE(chatMatchesSearch("orcamento", "Ana", "", "Segue o orçamento"));
  EXPECT_TRUE(chatMatchesSearch("+55 11 99999-8888", "Ana", "5511999998888", ""));
  EXPECT_TRUE(chatMatchesSearch("99998888", "Ana", "5511999998888", ""));
  EXPECT_FALSE(chatMatchesSearch("joana", "João", "5511999998888", "oi"));
  EXPECT_FALSE(chatMatchesSearch("55 ana", "Bia", "5511999998888", ""));  // not a phone query: "ana" must match
  EXPECT_FALSE(chatMatchesSearch("%", "Ana", "", "100 reais"));
}

namespace {
std::string headerOf(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}
}  // namespace

// Conditional GET (docs/API.md): the refetches realtime cannot spare move no body while unchanged.
TEST_F(RoutesTest, ReadsCarryAnETagAndAnswer304WhileUnchanged) {
  const std::string chatId = chatWithWindow(true);
  const std::string path = "/api/v1/whatsapp/chats/" + chatId + "/messages?limit=50";
  auto get = [&](const std::string& target, const std::string& inm) {
    std::map<std::string, std::string> h;
    if (!inm.empty()) h["if-none-match"] = inm;
    return call("GET", target, token, "", h);
  };
  HttpResponse first = get(path, "");
  ASSERT_EQ(first.status, 200);
  const std::string etag = headerOf(first, "ETag");
  ASSERT_EQ(etag.size(), 18u) << etag;  // a quoted 64-bit hash
  HttpResponse same = get(path, etag);
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(headerOf(same, "ETag"), etag);
  EXPECT_EQ(get(path, "\"0000000000000000\"").status, 200);
  EXPECT_EQ(get("/api/v1/whatsapp/chats/" + chatId + "/messages?limit=1", etag).status, 200);  // another page, another body

  callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token, R"({"text":"novo","clientId":"c-etag"})", 201);
  HttpResponse changed = get(path, etag);
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(headerOf(changed, "ETag"), etag);

  for (const std::string& target : {"/api/v1/conversations/" + chatId + "/ticket", "/api/v1/whatsapp/chats/" + chatId,
                                    std::string("/api/v1/whatsapp/chats?limit=30")}) {
    HttpResponse r = get(target, "");
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_EQ(get(target, headerOf(r, "ETag")).status, 304) << target;
  }
  // A refusal is never conditional.
  EXPECT_EQ(get("/api/v1/whatsapp/chats/999999/messages", "*").status, 404);
}

TEST_F(RoutesTest, TicketPatchAndClose) {
  json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
  std::string chatId;
  for (auto& c : page["items"])
    if (c["currentTicket"]["status"] == "open") chatId = c["id"];
  json ticket = callJson("GET", "/api/v1/conversations/" + chatId + "/ticket", token);
  const std::string tid = ticket["id"];
  json stages = callJson("GET", "/api/v1/ticket-stages", token);
  json members = callJson("GET", "/api/v1/organization/members", token);
  json patched = callJson("PATCH", "/api/v1/tickets/" + tid, token,
                          json({{"stageId", stages[2]["id"]}, {"assigneeId", members[0]["id"]}, {"dealValue", 150000}}).dump());
  EXPECT_EQ(patched["stage"]["name"], "Proposta");
  EXPECT_EQ(patched["assignee"]["id"], members[0]["id"]);
  EXPECT_EQ(patched["dealValue"], 150000);
  EXPECT_GT(patched["version"].get<int64_t>(), ticket["version"].get<int64_t>());
  EXPECT_EQ(publisher.ofType("ticket.updated").size(), 1u);
  EXPECT_EQ(publisher.ofType("chat.updated").back()["chat"]["currentTicket"]["stage"]["name"], "Proposta");

  EXPECT_EQ(callJson("PATCH", "/api/v1/tickets/" + tid, token, R"({"dealValue":-5})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("PATCH", "/api/v1/tickets/" + tid, token, R"({"dealValue":"10"})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("PATCH", "/api/v1/tickets/" + tid, token, R"({"stageId":"99999"})", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("PATCH", "/api/v1/tickets/" + tid, token, R"({"assigneeId":"3"})", 400)["error"]["code"], "invalid_request");
  json cleared = callJson("PATCH", "/api/v1/tickets/" + tid, token, R"({"assigneeId":null,"dealValue":null})");
  EXPECT_TRUE(cleared["assignee"].is_null());
  EXPECT_TRUE(cleared["dealValue"].is_null());

  json closed = callJson("POST", "/api/v1/tickets/" + tid + "/close", token, R"({"outcome":"won","reason":"Fechou o plano anual"})");
  EXPECT_EQ(closed["status"], "won");
  EXPECT_EQ(closed["stage"]["name"], "Ganho");
  EXPECT_EQ(closed["closeReason"], "Fechou o plano anual");
  EXPECT_EQ(callJson("POST", "/api/v1/tickets/" + tid + "/close", token, R"({"outcome":"lost"})", 409)["error"]["code"], "conflict");
  EXPECT_EQ(callJson("POST", "/api/v1/tickets/" + tid + "/close", token, R"({"outcome":"maybe"})", 400)["error"]["code"],
            "invalid_request");
}

TEST_F(RoutesTest, TicketStageAndStatusNeverDisagree) {
  json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
  std::string chatId;
  for (auto& c : page["items"])
    if (c["currentTicket"]["status"] == "open") chatId = c["id"];
  const std::string tid = callJson("GET", "/api/v1/conversations/" + chatId + "/ticket", token)["id"];
  std::string wonStage, lostStage, openStage;
  for (auto& s : callJson("GET", "/api/v1/ticket-stages", token)) {
    if (s["kind"] == "won") wonStage = s["id"];
    if (s["kind"] == "lost") lostStage = s["id"];
    if (s["kind"] == "open" && openStage.empty()) openStage = s["id"];
  }
  ASSERT_FALSE(wonStage.empty());
  ASSERT_FALSE(lostStage.empty());
  // A closing stage by PATCH is refused: closing is POST /close (it sets status and stage together).
  for (const std::string& st : {wonStage, lostStage}) {
    json err = callJson("PATCH", "/api/v1/tickets/" + tid, token, json({{"stageId", st}}).dump(), 422);
    EXPECT_EQ(err["error"]["code"], "use_close");
    EXPECT_NE(err["error"]["message"].get<std::string>().find("close"), std::string::npos);
  }
  json still = callJson("GET", "/api/v1/tickets/" + tid, token);
  EXPECT_EQ(still["status"], "open");
  EXPECT_EQ(still["stage"]["kind"], "open");

  json closed = callJson("POST", "/api/v1/tickets/" + tid + "/close", token, R"({"outcome":"won"})");
  ASSERT_EQ(closed["status"], "won");
  const size_t updates = publisher.ofType("ticket.updated").size();
  for (const std::string& body : {json({{"stageId", openStage}}).dump(), std::string(R"({"dealValue":5})"),
                                  std::string(R"({"assigneeId":null})")}) {
    json err = callJson("PATCH", "/api/v1/tickets/" + tid, token, body, 409);
    EXPECT_EQ(err["error"]["code"], "ticket_closed") << body;
  }
  json after = callJson("GET", "/api/v1/tickets/" + tid, token);
  EXPECT_EQ(after["status"], "won");
  EXPECT_EQ(after["stage"]["name"], "Ganho");
  EXPECT_EQ(after["version"], closed["version"]);
  EXPECT_EQ(publisher.ofType("ticket.updated").size(), updates);
}

TEST_F(RoutesTest, CentrifugoTokensAreHs256WithTheContractClaims) {
  json conn = callJson("GET", "/api/v1/centrifugo/token", token);
  JwtResult r = verifyJwtHs256(conn["token"], app->tokenSecret(), nowMs() / 1000);
  ASSERT_EQ(r.status, JwtStatus::Ok);
  EXPECT_TRUE(r.claims["sub"].is_string());
  EXPECT_TRUE(r.claims["info"]["organizationId"].is_string());
  EXPECT_FALSE(r.claims.contains("channel"));
  const std::string org = r.claims["info"]["organizationId"];

  json sub = callJson("GET", "/api/v1/centrifugo/subscription-token?channel=org:" + org + ":messages", token);
  JwtResult s = verifyJwtHs256(sub["token"], app->tokenSecret(), nowMs() / 1000);
  ASSERT_EQ(s.status, JwtStatus::Ok);
  EXPECT_EQ(s.claims["channel"], "org:" + org + ":messages");
  EXPECT_EQ(s.claims["sub"], r.claims["sub"]);
  EXPECT_EQ(callJson("GET", "/api/v1/centrifugo/subscription-token", token, "", 400)["error"]["code"], "invalid_request");
  EXPECT_EQ(callJson("GET", "/api/v1/centrifugo/subscription-token?channel=org:" + org + ":other", token, "", 403)["error"]["code"],
            "forbidden");
}

TEST_F(RoutesTest, TokenTtlFollowsConfig) {
  config.tokenTtlSeconds = 5;
  build();
  json conn = callJson("GET", "/api/v1/centrifugo/token", token);
  JwtResult r = verifyJwtHs256(conn["token"], app->tokenSecret(), nowMs() / 1000);
  EXPECT_LE(r.claims["exp"].get<int64_t>() - nowMs() / 1000, 5);
  EXPECT_EQ(verifyJwtHs256(conn["token"], app->tokenSecret(), nowMs() / 1000 + 6).status, JwtStatus::Expired);
}

TEST_F(RoutesTest, SecretsAreGeneratedOnceAndKept) {
  const std::string secret = app->tokenSecret(), key = app->apiKey();
  EXPECT_GE(secret.size(), 32u);
  build();
  EXPECT_EQ(app->tokenSecret(), secret);
  EXPECT_EQ(app->apiKey(), key);
  config.hmacSecret = "from-env";
  build();
  EXPECT_EQ(app->tokenSecret(), "from-env");
}

// A reload revalidates every file (the names are not content-hashed) and moves no bytes while the
// file is unchanged; a pre-compressed sibling is served to a browser that accepts its encoding.
TEST_F(RoutesTest, StaticFilesRevalidateWithETagsAndServePrecompressedSiblings) {
  const auto dir = std::filesystem::temp_directory_path() / ("stub-static-" + randomHex(4));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "index.html") << "<!doctype html><title>x</title>";
  std::ofstream(dir / "inbox.wasm") << "wasm-bytes";
  std::ofstream(dir / "inbox.wasm.br") << "br-bytes";
  std::ofstream(dir / "inbox.wasm.gz") << "gz-bytes";
  config.staticDir = dir.string();
  build();

  HttpResponse first = call("GET", "/inbox.wasm");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "wasm-bytes");
  EXPECT_EQ(headerOf(first, "Content-Encoding"), "");
  EXPECT_EQ(headerOf(first, "Cache-Control"), "no-cache");
  const std::string etag = headerOf(first, "ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');

  HttpResponse again = call("GET", "/inbox.wasm", "", "", {{"if-none-match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(headerOf(again, "ETag"), etag);
  EXPECT_EQ(call("GET", "/inbox.wasm", "", "", {{"if-none-match", "\"other\", W/" + etag}}).status, 304);
  EXPECT_EQ(call("GET", "/inbox.wasm", "", "", {{"if-none-match", "\"other\""}}).status, 200);

  // Changed on disk: a new tag, the new bytes.
  std::ofstream(dir / "inbox.wasm") << "wasm-bytes, version 2";
  HttpResponse changed = call("GET", "/inbox.wasm", "", "", {{"if-none-match", etag}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, "wasm-bytes, version 2");
  EXPECT_NE(headerOf(changed, "ETag"), etag);

  HttpResponse br = call("GET", "/inbox.wasm", "", "", {{"accept-encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.body, "br-bytes");
  EXPECT_EQ(headerOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(br.contentType, "application/wasm");  // streaming compilation needs it
  EXPECT_EQ(headerOf(br, "Vary"), "Accept-Encoding");
  EXPECT_NE(headerOf(br, "ETag"), headerOf(changed, "ETag"));
  HttpResponse gz = call("GET", "/inbox.wasm", "", "", {{"accept-encoding", "gzip, br;q=0"}});
  EXPECT_EQ(gz.body, "gz-bytes");
  EXPECT_EQ(headerOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(call("GET", "/inbox.wasm", "", "", {{"accept-encoding", "gzip"}, {"if-none-match", headerOf(gz, "ETag")}}).status, 304);
  // No sibling: the plain file whatever the browser accepts.
  HttpResponse html = call("GET", "/", "", "", {{"accept-encoding", "br"}});
  EXPECT_EQ(html.status, 200);
  EXPECT_EQ(headerOf(html, "Content-Encoding"), "");
  EXPECT_FALSE(headerOf(html, "ETag").empty());
  std::filesystem::remove_all(dir);
}

TEST_F(RoutesTest, StaticFilesWithMimeTypesCspAndNoTraversal) {
  const auto dir = std::filesystem::temp_directory_path() / ("stub-static-" + randomHex(4));
  std::filesystem::create_directories(dir / "fonts");
  std::ofstream(dir / "index.html") << "<!doctype html><title>x</title>";
  std::ofstream(dir / "inbox.wasm") << "\0asm";
  std::ofstream(dir / "inbox.js") << "var x;";
  std::ofstream(dir / "fonts" / "Inter.ttf") << "ttf";
  std::ofstream(dir.parent_path() / "secret.txt") << "secret";
  config.staticDir = dir.string();
  config.frameAncestors = "'self' https://dashboard.example.com";
  build();

  HttpResponse index = call("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.contentType, "text/html; charset=utf-8");
  bool csp = false;
  for (auto& [k, v] : index.headers)
    if (k == "Content-Security-Policy") csp = v.find("frame-ancestors 'self' https://dashboard.example.com") != std::string::npos;
  EXPECT_TRUE(csp);
  EXPECT_EQ(call("GET", "/inbox.wasm").contentType, "application/wasm");
  EXPECT_EQ(call("GET", "/inbox.js").contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(call("GET", "/fonts/Inter.ttf").contentType, "font/ttf");
  EXPECT_EQ(call("GET", "/../secret.txt").status, 404);
  EXPECT_EQ(call("GET", "/%2e%2e/secret.txt").status, 404);
  EXPECT_EQ(call("GET", "/fonts/../../secret.txt").status, 404);
  EXPECT_EQ(call("GET", "/missing.js").status, 404);
  std::filesystem::remove_all(dir);
  std::filesystem::remove(dir.parent_path() / "secret.txt");
}
