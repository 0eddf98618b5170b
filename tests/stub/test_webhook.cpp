// Webhook intake against the shared WhatsApp fixtures, signed and unsigned, plus the
// hostile cases: duplicates, out-of-order statuses, tampering, malformed and huge bodies.
#include "simulator.h"
#include "test_support.h"

#include <set>

using namespace stub;
using namespace stub::test;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::string name;
  std::string body;
};

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  if (!fs::exists(fixturesDir())) return out;
  for (auto& entry : fs::directory_iterator(fixturesDir()))
    if (entry.path().extension() == ".json") out.push_back({entry.path().filename().string(), readFile(entry.path())});
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

std::string fixture(const std::string& prefix) {
  for (auto& f : fixtures())
    if (f.name.rfind(prefix, 0) == 0) return f.body;
  ADD_FAILURE() << "fixture " << prefix << " missing";
  return "{}";
}

// Message ids a fixture creates (reactions and statuses are not messages).
std::vector<std::string> messageIds(const std::string& body) {
  std::vector<std::string> ids;
  json j = json::parse(body);
  for (auto& e : j["entry"])
    for (auto& c : e["changes"])
      if (c["value"].contains("messages"))
        for (auto& m : c["value"]["messages"])
          if (m["type"] != "reaction") ids.push_back(m["id"]);
  return ids;
}

NewMessage outgoing(const std::string& id, int64_t chatId, int64_t orgId, const std::string& status) {
  NewMessage m;
  m.id = id;
  m.chatId = chatId;
  m.orgId = orgId;
  m.direction = "out";
  m.type = "text";
  m.text = "Podemos agendar amanhã às 10h?";
  m.timestampMs = nowMs();
  m.status = status;
  return m;
}

}  // namespace

class WebhookTest : public StubTest {
 protected:
  void SetUp() override {
    StubTest::SetUp();
    if (fixtures().size() < 23) GTEST_SKIP() << "WhatsApp fixtures not found at " << fixturesDir();
  }
  json messageOf(const std::string& id) {
    auto m = store->messageJson(id);
    EXPECT_TRUE(m) << id;
    return m.value_or(json::object());
  }
  json chatOfMessage(const std::string& id) { return store->chatJson(*store->messageChatId(id)); }
};

TEST_F(WebhookTest, EveryFixtureIsAcceptedAndItsMessagesStored) {
  for (auto& f : fixtures()) {
    HttpResponse res = webhook(f.body);
    EXPECT_EQ(res.status, 200) << f.name << ": " << res.body;
    for (auto& id : messageIds(f.body)) EXPECT_TRUE(store->messageExists(id)) << f.name << " " << id;
  }
  auto stmt = db->prepare("SELECT COUNT(*) FROM webhook_events WHERE state='processed'");
  stmt.step();
  EXPECT_EQ(stmt.i64(0), int64_t(fixtures().size()));
  stmt.run();
  EXPECT_EQ(count("unrouted_changes"), 0);
}

TEST_F(WebhookTest, TypeSpecificContentIsKept) {
  for (auto& f : fixtures()) ASSERT_EQ(webhook(f.body).status, 200) << f.name;

  json text = messageOf("wamid.TESTVEVTVHwwMS10ZXh0");
  EXPECT_EQ(text["text"], "Olá! Boa tarde 😊 Gostaria de saber o prazo de entrega do meu pedido nº 4821. Obrigado!");
  EXPECT_EQ(text["direction"], "in");
  EXPECT_EQ(text["timestamp"], 1789390800000LL);
  EXPECT_EQ(text["fromName"], "Cliente Teste");

  json image = messageOf("wamid.TESTVEVTVHwwMi1pbWFnZQ==");
  EXPECT_EQ(image["media"]["id"], "900000000000002");
  EXPECT_EQ(image["media"]["mime"], "image/jpeg");
  EXPECT_EQ(image["text"], image["media"]["caption"]);

  EXPECT_EQ(messageOf("wamid.TESTVEVTVHwwMy12b2ljZQ==")["media"]["voice"], true);
  json doc = messageOf("wamid.TESTVEVTVHwwNS1kb2N1bWVudA==");
  EXPECT_EQ(doc["media"]["filename"], "Comprovante_Pix_março_2026 (1).pdf");
  json loc = messageOf("wamid.TESTVEVTVHwwNy1sb2NhdGlvbg==");
  EXPECT_DOUBLE_EQ(loc["location"]["latitude"].get<double>(), -23.55052);
  EXPECT_EQ(loc["location"]["name"], "Loja Teste – Unidade Centro");
  json contacts = messageOf("wamid.TESTVEVTVHwwOC1jb250YWN0cw==");
  EXPECT_EQ(contacts["contacts"][0]["phones"][0]["wa_id"], "551100000004");
  json button = messageOf("wamid.TESTVEVTVHwwOS1idXR0b24tcmVwbHk=");
  EXPECT_EQ(button["interactive"]["type"], "button_reply");
  EXPECT_EQ(button["interactive"]["id"], "btn_falar_atendente");
  EXPECT_EQ(button["replyTo"]["id"], "wamid.TESTVEVTVHxvdXQtaW50ZXJhY3RpdmUtYnV0dG9ucy0wMDAy");
  json list = messageOf("wamid.TESTVEVTVHwxMC1saXN0LXJlcGx5");
  EXPECT_EQ(list["interactive"]["description"], "Produto com defeito ou tamanho errado");
  json quick = messageOf("wamid.TESTVEVTVHwxMS1idXR0b24=");
  EXPECT_EQ(quick["interactive"]["payload"], "CONFIRMAR_VISITA_TECNICA");
  EXPECT_EQ(messageOf("wamid.TESTVEVTVHwxMy1yZXBseQ==")["replyTo"]["id"],
            "wamid.TESTVEVTVHxvdXQtYWdlbnQtbWVzc2FnZS1xdW90ZWQtMDAwNQ==");
  json unsupported = messageOf("wamid.TESTVEVTVHwxNS11bnN1cHBvcnRlZA==");
  EXPECT_EQ(unsupported["type"], "unsupported");
  EXPECT_EQ(unsupported["text"], "[Mensagem não suportada: poll_creation]");
  EXPECT_EQ(unsupported["errors"][0]["code"], 131051);
  json order = messageOf("wamid.TESTVEVTVHwyMy1vcmRlcg==");
  EXPECT_EQ(order["order"]["items"].size(), 2u);
  EXPECT_EQ(order["order"]["items"][0]["productRetailerId"], "SKU-CAMISETA-AZUL-M");
  json system = messageOf("wamid.TESTVEVTVHwyMi1zeXN0ZW0=");
  EXPECT_EQ(system["direction"], "system");
  EXPECT_EQ(system["system"]["type"], "user_changed_number");
}

// The chat list draws its preview from the chat's lastMessage alone: a voice note, a file name, a
// place or a button title must travel there too (found by the e2e suite: "🎤 Áudio" for a voice note).
TEST_F(WebhookTest, ChatLastMessageCarriesWhatThePreviewNeeds) {
  auto lastAfter = [&](const std::string& prefix) {
    EXPECT_EQ(webhook(fixture(prefix)).status, 200) << prefix;
    return chatOfMessage("wamid.TESTVEVTVHwwMS10ZXh0")["lastMessage"];
  };
  ASSERT_EQ(webhook(fixture("01-")).status, 200);
  EXPECT_FALSE(chatOfMessage("wamid.TESTVEVTVHwwMS10ZXh0")["lastMessage"].contains("media"));
  EXPECT_EQ(lastAfter("03-")["media"]["voice"], true);
  EXPECT_EQ(lastAfter("05-")["media"]["filename"], "Comprovante_Pix_março_2026 (1).pdf");
  EXPECT_EQ(lastAfter("07-")["location"]["name"], "Loja Teste – Unidade Centro");
  json contacts = lastAfter("08-")["contacts"];
  ASSERT_EQ(contacts.size(), 1u);
  EXPECT_TRUE(contacts[0]["name"].contains("formatted_name"));
  EXPECT_FALSE(contacts[0].contains("phones"));  // names only
  EXPECT_EQ(lastAfter("09-")["interactive"]["title"], "Falar com atendente");
}

TEST_F(WebhookTest, NewConversationOpensOneTicketAndTheWindow) {
  ASSERT_EQ(webhook(fixture("01-")).status, 200);
  json chat = chatOfMessage("wamid.TESTVEVTVHwwMS10ZXh0");
  EXPECT_EQ(chat["name"], "Cliente Teste");
  EXPECT_EQ(chat["phone"], "+5511900000001");
  EXPECT_EQ(chat["unreadCount"], 1);
  EXPECT_EQ(chat["windowExpiresAt"], 1789390800000LL + 24 * 3600 * 1000LL);
  EXPECT_EQ(chat["currentTicket"]["stage"]["name"], "Novo");
  EXPECT_EQ(publisher.ofType("message.created").size(), 1u);
  EXPECT_EQ(publisher.ofType("ticket.created").size(), 1u);

  // The batch of two from the same contact: same chat, still one ticket.
  ASSERT_EQ(webhook(fixture("20-")).status, 200);
  EXPECT_EQ(chatOfMessage("wamid.TESTVEVTVHwyMC1iYXRjaC0y")["id"], chat["id"]);
  EXPECT_EQ(chatOfMessage("wamid.TESTVEVTVHwyMC1iYXRjaC0y")["unreadCount"], 3);
  EXPECT_EQ(publisher.ofType("ticket.created").size(), 1u);
  auto stmt = db->prepare("SELECT COUNT(*) FROM tickets WHERE chat_id=?");
  stmt.bind(1, int64_t(std::stoll(chat["id"].get<std::string>())));
  stmt.step();
  EXPECT_EQ(stmt.i64(0), 1);
  stmt.run();
}

TEST_F(WebhookTest, TwoEntriesForTwoNumbersRouteByPhoneNumberId) {
  ASSERT_EQ(webhook(fixture("21-")).status, 200);
  EXPECT_EQ(chatOfMessage("wamid.TESTVEVTVHwyMS1udW1B")["instanceId"], "100000000000001");
  EXPECT_EQ(chatOfMessage("wamid.TESTVEVTVHwyMS1udW1C")["instanceId"], "100000000000002");
}

TEST_F(WebhookTest, ReferralBecomesTicketTracking) {
  ASSERT_EQ(webhook(fixture("14-")).status, 200);
  json chat = chatOfMessage("wamid.TESTVEVTVHwxNC1jdHdh");
  const auto orgId = store->instance("100000000000001")->orgId;
  json ticket = *store->ticketJson(orgId, std::stoll(chat["currentTicket"]["id"].get<std::string>()));
  EXPECT_EQ(ticket["tracking"]["sourceType"], "ad");
  EXPECT_EQ(ticket["tracking"]["ctwaclid"].get<std::string>().rfind("AffTESTctwaClid_", 0), 0u);
  EXPECT_EQ(ticket["tracking"]["adHeadline"], "Fale com a gente no WhatsApp");
  EXPECT_EQ(ticket["tracking"]["adSourceUrl"], "https://example.com/fb/AdTeste500mega");
  EXPECT_EQ(messageOf("wamid.TESTVEVTVHwxNC1jdHdh")["referral"]["sourceId"], "120200000000000001");
}

TEST_F(WebhookTest, DuplicatesChangeNothing) {
  for (auto& f : fixtures()) ASSERT_EQ(webhook(f.body).status, 200);
  const int64_t messages = count("messages"), chats = count("chats"), tickets = count("tickets"), reactions = count("reactions");
  const size_t published = publisher.published.size();
  for (auto& f : fixtures()) ASSERT_EQ(webhook(f.body).status, 200);
  EXPECT_EQ(count("messages"), messages);
  EXPECT_EQ(count("chats"), chats);
  EXPECT_EQ(count("tickets"), tickets);
  EXPECT_EQ(count("reactions"), reactions);
  EXPECT_EQ(publisher.published.size(), published);
  EXPECT_EQ(count("webhook_events"), int64_t(2 * fixtures().size()));  // every delivery is still logged raw
}

TEST_F(WebhookTest, StatusesArriveOutOfOrderAndEarly) {
  const std::string id = "wamid.TESTVEVTVHxvdXQtYWdlbnQtcmVwbHktMDAwMQ==";
  // read, then delivered, then sent: all before the message is known here.
  ASSERT_EQ(webhook(fixture("18-")).status, 200);
  ASSERT_EQ(webhook(fixture("17-")).status, 200);
  ASSERT_EQ(webhook(fixture("16-")).status, 200);
  EXPECT_FALSE(store->messageExists(id));
  EXPECT_EQ(count("status_events"), 3);

  // The agent's message shows up (as our send path creates it): buffered statuses apply, read wins.
  const auto inst = *store->instance("100000000000001");
  bool created = false;
  ChatRef chat = store->findOrCreateChat(inst, "5511900000001", std::string("5511900000001"), std::nullopt, "Cliente", nowMs(), &created);
  NewMessage m;
  m.id = id;
  m.chatId = chat.id;
  m.orgId = inst.orgId;
  m.direction = "out";
  m.type = "text";
  m.timestampMs = nowMs();
  m.status = "pending";
  ASSERT_TRUE(store->insertMessage(m));
  EXPECT_TRUE(store->applyPendingStatuses(id));
  EXPECT_EQ(messageOf(id)["status"], "read");

  // A late duplicate "delivered" does not downgrade it.
  ASSERT_EQ(webhook(fixture("17-")).status, 200);
  EXPECT_EQ(messageOf(id)["status"], "read");
}

TEST_F(WebhookTest, LiveStatusesPublishOnlyForwardSteps) {
  const std::string token = login("ana@demo.test");
  std::string chatId;
  const json page = callJson("GET", "/api/v1/whatsapp/chats?limit=100", token);
  for (auto& c : page["items"])
    if (c["windowExpiresAt"].is_number() && c["windowExpiresAt"].get<int64_t>() > nowMs() + 60000) chatId = c["id"];
  json sent = callJson("POST", "/api/v1/whatsapp/chats/" + chatId + "/messages", token, R"({"text":"oi","clientId":"s1"})", 201);
  auto status = [&](const std::string& s) {
    return json({{"object", "whatsapp_business_account"},
                 {"entry", {{{"id", "1"}, {"changes", {{{"field", "messages"}, {"value", {{"metadata", {{"phone_number_id", "100000000000001"}}}, {"statuses", {{{"id", sent["id"]}, {"status", s}, {"timestamp", "1789390800"}}}}}}}}}}}}})
        .dump();
  };
  const size_t before = publisher.ofType("message.updated").size();
  ASSERT_EQ(webhook(status("read")).status, 200);
  ASSERT_EQ(webhook(status("delivered")).status, 200);
  ASSERT_EQ(webhook(status("sent")).status, 200);
  auto updates = publisher.ofType("message.updated");
  ASSERT_EQ(updates.size(), before + 1);
  EXPECT_EQ(updates.back()["message"]["status"], "read");
}

TEST_F(WebhookTest, FailedStatusCarriesErrors) {
  const std::string id = "wamid.TESTVEVTVHxvdXQtZnJlZWZvcm0tYWZ0ZXItMjRoLTAwMDY=";
  const auto inst = *store->instance("100000000000001");
  ChatRef chat = store->findOrCreateChat(inst, "5511900000002", std::string("5511900000002"), std::nullopt, "C2", nowMs(), nullptr);
  NewMessage m = outgoing(id, chat.id, inst.orgId, "sent");
  ASSERT_TRUE(store->insertMessage(m));
  ASSERT_EQ(webhook(fixture("19-")).status, 200);
  json msg = messageOf(id);
  EXPECT_EQ(msg["status"], "failed");
  EXPECT_EQ(msg["errors"][0]["code"], 131047);
  EXPECT_EQ(publisher.ofType("message.updated").size(), 1u);
}

TEST_F(WebhookTest, ReactionToAnUnknownMessageAppearsWhenItExists) {
  const std::string target = "wamid.TESTVEVTVHxvdXQtYWdlbnQtbWVzc2FnZS1xdW90ZWQtMDAwNQ==";
  ASSERT_EQ(webhook(fixture("12-")).status, 200);
  EXPECT_TRUE(publisher.published.empty());
  const auto inst = *store->instance("100000000000001");
  ChatRef chat = store->findOrCreateChat(inst, "5511900000001", std::string("5511900000001"), std::nullopt, "C", nowMs(), nullptr);
  NewMessage m = outgoing(target, chat.id, inst.orgId, "read");
  ASSERT_TRUE(store->insertMessage(m));
  json msg = messageOf(target);
  ASSERT_EQ(msg["reactions"].size(), 1u);
  EXPECT_EQ(msg["reactions"][0]["emoji"], "❤️");
  EXPECT_EQ(msg["reactions"][0]["from"], "5511900000001");
}

TEST_F(WebhookTest, SignedFixturesPassAndTamperedOrUnsignedAreRefused) {
  const fs::path dir = fixturesDir() / "signed";
  std::ifstream tsv(dir / "signatures.tsv");
  std::string line, secret;
  std::vector<std::pair<std::string, std::string>> signatures;
  while (std::getline(tsv, line)) {
    if (line.rfind("# app_secret=", 0) == 0) secret = line.substr(13);
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    signatures.emplace_back(line.substr(0, tab), trim(line.substr(tab + 1)));
  }
  ASSERT_FALSE(secret.empty());
  ASSERT_EQ(signatures.size(), 23u);
  config.appSecret = secret;
  build();

  for (auto& [file, signature] : signatures) {
    const std::string body = readFile(dir / file);
    const int64_t events = count("webhook_events");
    std::string tampered = body;
    tampered[tampered.size() / 2] ^= 0x01;
    EXPECT_EQ(webhook(tampered, signature).status, 401) << file;
    EXPECT_EQ(webhook(body).status, 401) << file;
    EXPECT_EQ(webhook(body, "sha256=" + std::string(64, '0')).status, 401) << file;
    EXPECT_EQ(count("webhook_events"), events) << "refused bodies are not stored";
    HttpResponse ok = webhook(body, signature);
    EXPECT_EQ(ok.status, 200) << file << ": " << ok.body;
    for (auto& id : messageIds(body)) EXPECT_TRUE(store->messageExists(id)) << file;
  }
  // Raw bytes are kept exactly: \uXXXX escapes as received, not re-serialised.
  auto stmt = db->prepare("SELECT body FROM webhook_events ORDER BY id LIMIT 1");
  ASSERT_TRUE(stmt.step());
  EXPECT_EQ(stmt.str(0), readFile(dir / signatures[0].first));
  stmt.run();
  // The accents were decoded for the agent.
  EXPECT_EQ(messageOf("wamid.TESTVEVTVHwwMS10ZXh0")["text"].get<std::string>().rfind("Olá!", 0), 0u);
}

TEST_F(WebhookTest, UnknownPhoneNumberIdIsStoredUnrouted) {
  std::string body = fixture("01-");
  const size_t pos = body.find("100000000000001");
  body.replace(pos, 15, "199999999999999");
  const int64_t messages = count("messages");
  EXPECT_EQ(webhook(body).status, 200);
  EXPECT_EQ(count("messages"), messages);
  EXPECT_EQ(count("unrouted_changes"), 1);
  EXPECT_TRUE(publisher.published.empty());
}

TEST_F(WebhookTest, MalformedBodiesAre400AndChangeNothing) {
  const int64_t messages = count("messages"), chats = count("chats"), tickets = count("tickets");
  const std::string valid = R"({"from":"5511911112222","id":"wamid.ok-1","timestamp":"1789390800","type":"text","text":{"body":"oi"}})";
  for (const std::string& body :
       {std::string("{bad json"), std::string("[]"), std::string("\"x\""), std::string(R"({"entry":5})"),
        std::string(R"({"entry":[{"changes":"x"}]})"), std::string(R"({"entry":[{"changes":[{"field":"messages","value":[]}]}]})"),
        // A valid message followed by one without id: the whole delivery is refused, nothing half-applied.
        std::string(R"({"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"messages":[)") +
            valid + R"(,{"from":"5511911112222","type":"text"}]}}]}]})",
        std::string(R"({"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"statuses":[{"id":"x"}]}}]}]})"),
        std::string(R"({"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"messages":{"a":1}}}]}]})")}) {
    HttpResponse res = webhook(body);
    EXPECT_EQ(res.status, 400) << body;
    json err = json::parse(res.body, nullptr, false);
    EXPECT_TRUE(err["error"]["code"] == "invalid_json" || err["error"]["code"] == "invalid_request") << res.body;
    EXPECT_FALSE(err["error"]["message"].get<std::string>().empty());
  }
  EXPECT_EQ(count("messages"), messages);
  EXPECT_EQ(count("chats"), chats);
  EXPECT_EQ(count("tickets"), tickets);
  EXPECT_FALSE(store->messageExists("wamid.ok-1"));
  EXPECT_TRUE(publisher.published.empty());
}

TEST_F(WebhookTest, InvalidJsonIsToldApartFromAWrongTopLevelAndKeptRaw) {
  // A lone surrogate escape is invalid JSON: the answer says so, not "not a JSON object".
  const std::string surrogate = R"({"entry":[{"changes":[{"value":{"text":"a\ud800b"}}]}]})";
  HttpResponse res = webhook(surrogate);
  EXPECT_EQ(res.status, 400);
  json err = json::parse(res.body);
  EXPECT_EQ(err["error"]["code"], "invalid_json");
  const std::string message = err["error"]["message"];
  EXPECT_NE(message.find("not valid JSON"), std::string::npos) << message;
  EXPECT_NE(message.find("surrogate"), std::string::npos) << message;
  EXPECT_EQ(message.find("not a JSON object"), std::string::npos) << message;
  {
    auto stmt = db->prepare("SELECT body, state, error FROM webhook_events ORDER BY id DESC LIMIT 1");
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.str(0), surrogate);  // the raw bytes are still stored first
    EXPECT_EQ(stmt.str(1), "rejected");
    EXPECT_EQ(stmt.str(2), message);
  }
  json wrongType = json::parse(webhook("[1,2]").body);
  EXPECT_EQ(wrongType["error"]["code"], "invalid_json");
  EXPECT_NE(wrongType["error"]["message"].get<std::string>().find("not an object (got array)"), std::string::npos)
      << wrongType.dump();
  EXPECT_EQ(count("webhook_events"), 2);
}

TEST_F(WebhookTest, JunkSendersKeepTheirMessageButNeverBecomeAPhone) {
  const std::string digits500(500, '7');
  const std::vector<std::pair<std::string, json>> senders = {
      {"wamid.junk-path", "../../etc"}, {"wamid.junk-long", digits500}, {"wamid.junk-number", 5511911113333LL}};
  json messages = json::array();
  for (auto& [id, from] : senders)
    messages.push_back({{"from", from}, {"id", id}, {"timestamp", "1789390800"}, {"type", "text"}, {"text", {{"body", "oi " + id}}}});
  const std::string body = R"({"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"messages":)" +
                           messages.dump() + "}}]}]}";
  HttpResponse res0 = webhook(body);
  ASSERT_EQ(res0.status, 200) << res0.body;
  const std::string ana = login("ana@demo.test");
  std::set<int64_t> chats;
  for (auto& [id, from] : senders) {
    ASSERT_TRUE(store->messageExists(id)) << id;  // never lose the message
    const json m = *store->messageJson(id);
    EXPECT_EQ(m["text"], "oi " + id);
    EXPECT_EQ(m["invalidFrom"], from.is_string() ? from.get<std::string>() : from.dump()) << m.dump();
    const auto chatId = store->messageChatId(id);
    ASSERT_TRUE(chatId);
    chats.insert(*chatId);
    HttpResponse res = call("GET", "/api/v1/whatsapp/chats/" + std::to_string(*chatId), ana);
    ASSERT_EQ(res.status, 200) << res.body;
    const json chat = json::parse(res.body);
    EXPECT_TRUE(chat["phone"].is_null()) << chat.dump();
    EXPECT_EQ(chat["name"].get<std::string>().find("etc"), std::string::npos);
    EXPECT_EQ(chat["name"].get<std::string>().find("777"), std::string::npos);
  }
  EXPECT_EQ(chats.size(), senders.size());  // one sender, one conversation, not all junk in one
}

TEST_F(WebhookTest, NumericTimestampIsReadLikeTheStringForm) {
  const std::string head = R"({"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"messages":[)";
  const std::string body = head + R"({"from":"5511911114444","id":"wamid.ts-int","timestamp":1789390800,"type":"text","text":{"body":"a"}},)" +
                           R"({"from":"5511911114444","id":"wamid.ts-float","timestamp":1789390801.0,"type":"text","text":{"body":"b"}},)" +
                           R"({"from":"5511911114444","id":"wamid.ts-str","timestamp":"1789390802","type":"text","text":{"body":"c"}},)" +
                           R"({"from":"5511911114444","id":"wamid.ts-huge","timestamp":18446744073709551615,"type":"text","text":{"body":"d"}}]}}]}]})";
  const int64_t before = nowMs();
  ASSERT_EQ(webhook(body).status, 200);
  EXPECT_EQ((*store->messageJson("wamid.ts-int"))["timestamp"], 1789390800000LL);
  EXPECT_EQ((*store->messageJson("wamid.ts-float"))["timestamp"], 1789390801000LL);
  EXPECT_EQ((*store->messageJson("wamid.ts-str"))["timestamp"], 1789390802000LL);
  // Out of range: the receive time, not a wrapped-around date.
  EXPECT_GE((*store->messageJson("wamid.ts-huge"))["timestamp"].get<int64_t>(), before);
}

TEST_F(WebhookTest, OversizedBodyIs413) {
  std::string body = fixture("01-");
  body.insert(body.size() - 1, ",\"pad\":\"" + std::string(kWebhookMaxBytes, 'x') + "\"");
  EXPECT_EQ(webhook(body).status, 413);
  EXPECT_EQ(count("webhook_events"), 0);
}

TEST_F(WebhookTest, UnknownTypesBecomePlaceholdersAndHiddenNumbersAreAccepted) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    "metadata":{"phone_number_id":"100000000000001"},"contacts":[{"profile":{"name":"Sem Número"},"user_id":"BR.77"}],
    "messages":[{"from_user_id":"BR.77","id":"wamid.new-type","timestamp":1789390800,"type":"hologram","hologram":{"x":1}}]}}]}]})";
  ASSERT_EQ(webhook(body).status, 200);
  json m = messageOf("wamid.new-type");
  EXPECT_EQ(m["type"], "hologram");
  EXPECT_EQ(m["text"], "[Mensagem não suportada: hologram]");
  json chat = chatOfMessage("wamid.new-type");
  EXPECT_TRUE(chat["phone"].is_null());
  EXPECT_EQ(chat["name"], "Sem Número");
}

TEST_F(WebhookTest, OddlyTypedOptionalFieldsDoNotLoseTheMessage) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{
    "metadata":{"phone_number_id":"100000000000001"},"contacts":"nope",
    "messages":[{"from":"5511922223333","id":"wamid.odd","timestamp":"soon","type":"audio","audio":{"id":5,"voice":"yes"},
    "context":[],"errors":{"x":1}}]}}]}]})";
  ASSERT_EQ(webhook(body).status, 200);
  json m = messageOf("wamid.odd");
  EXPECT_EQ(m["media"]["id"], "5");
  EXPECT_EQ(m["media"]["voice"], false);
  EXPECT_TRUE(m["replyTo"].is_null());
  EXPECT_GT(m["timestamp"].get<int64_t>(), 0);
}

TEST_F(WebhookTest, ConcurrentFirstMessagesOfANewContactOpenOneConversation) {
  auto first = [](const std::string& id) {
    return std::string(R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
      "metadata":{"phone_number_id":"100000000000001"},"contacts":[{"profile":{"name":"Nova"},"wa_id":"5511988887777"}],
      "messages":[{"from":"5511988887777","id":")") + id + R"(","timestamp":"1789390800","type":"text","text":{"body":"oi"}}]}}]}]})";
  };
  const int64_t chats = count("chats"), tickets = count("tickets");
  ASSERT_EQ(webhook(first("wamid.race-1")).status, 200);
  ASSERT_EQ(webhook(first("wamid.race-2")).status, 200);
  EXPECT_EQ(count("chats"), chats + 1);
  EXPECT_EQ(count("tickets"), tickets + 1);
  EXPECT_EQ(store->messageChatId("wamid.race-1"), store->messageChatId("wamid.race-2"));
}

TEST_F(WebhookTest, PlatformErrorsBesideMessagesAreKeptWithTheEvent) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    "metadata":{"phone_number_id":"100000000000001"},
    "errors":[{"code":131000,"title":"Something went wrong","error_data":{"details":"Internal error"}}]}}]}]})";
  ASSERT_EQ(webhook(body).status, 200);
  auto stmt = db->prepare("SELECT state, error FROM webhook_events ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(stmt.step());
  EXPECT_EQ(stmt.str(0), "processed");
  EXPECT_NE(stmt.str(1).find("131000"), std::string::npos);
  stmt.run();
}

TEST_F(WebhookTest, VerificationHandshake) {
  config.verifyToken = "meu-token";
  build();
  HttpResponse ok = call("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=meu-token&hub.challenge=1158201444");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1158201444");
  EXPECT_EQ(call("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=outro&hub.challenge=1").status, 403);
  EXPECT_EQ(call("GET", "/webhooks/whatsapp").status, 403);
}


TEST_F(WebhookTest, SimulatedTrafficGoesThroughTheSignedWebhookPath) {
  config.appSecret = "sim-secret";
  build();
  Simulator simulator(*app, scheduler.fn(), 1000);
  const int64_t before = count("messages");
  for (int i = 0; i < 30; ++i) {
    IntakeResult r = app->intake().inject(simulator.nextWebhook(nowMs()), nowMs());
    ASSERT_EQ(r.httpStatus, 200) << r.message;
  }
  EXPECT_EQ(count("messages"), before + 30);
  EXPECT_EQ(publisher.ofType("message.created").size(), 30u);
  // Unsigned, the same body is refused: the simulator really signs.
  EXPECT_EQ(webhook(simulator.nextWebhook(nowMs())).status, 401);
}
