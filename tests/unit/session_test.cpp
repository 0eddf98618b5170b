// The orchestrator end to end: fake HTTP + fake WebSocket + fake clock play the stub.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "api_samples.h"
#include "core/session.h"
#include "core/strings.h"
#include "fakes.h"

using namespace inbox::core;
using namespace inbox::test;
namespace samples = inbox::test::samples;

namespace {

// The sample chat's window expires 2026-09-15 13:00 UTC; the fake clock starts a day earlier.
class SessionTest : public ::testing::Test {
protected:
    SessionTest() : session(http, ws, clock, &storage, config()) {}
    static SessionConfig config() {
        SessionConfig c;
        c.apiBaseUrl = "/api/v1";
        c.websocketUrl = "ws://stub/connection/websocket";
        c.appVersion = "test";
        c.maxAutoChatPages = 0;
        return c;
    }
    void tick(int64_t ms = 0) {
        clock.advance(ms);
        session.tick();
    }
    // Answers every pending call of the initial load with the docs/API.md samples.
    void answerInitialLoad(const std::string& chats = std::string("{\"items\":[") + samples::kChatItem + "],\"nextCursor\":null}") {
        EXPECT_TRUE(http.respond("/whatsapp/instances", 200, samples::kInstances));
        EXPECT_TRUE(http.respond("/ticket-stages", 200, samples::kStages));
        EXPECT_TRUE(http.respond("/organization/members", 200, samples::kMembers));
        EXPECT_TRUE(http.respond("/whatsapp/templates", 200, samples::kTemplates));
        EXPECT_TRUE(http.respond("/whatsapp/chats?", 200, chats));
    }
    void answerTokens() {
        while (http.respond("/centrifugo/token", 200, R"({"token":"conn-jwt","expiresAt":0})")) {
        }
        while (http.respond("/centrifugo/subscription-token", 200, R"({"token":"sub-jwt"})")) {
        }
    }
    // Completes the WebSocket handshake: connect + both subscribes answered.
    void acceptRealtime(const std::string& subscribeExtra = "") {
        answerHandshake([&](const std::string& id) {
            return "{\"id\":" + id + ",\"subscribe\":{\"recoverable\":true,\"epoch\":\"E\",\"offset\":1" + subscribeExtra + "}}";
        });
    }
    // Opens the socket and answers its connect, and each subscribe with `subscribeReply(id)`.
    void answerHandshake(const std::function<std::string(const std::string& id)>& subscribeReply) {
        ws.serverOpen();
        const std::string frame = ws.takeSent();
        std::string reply;
        size_t start = 0;
        while (start < frame.size()) {
            size_t end = frame.find('\n', start);
            if (end == std::string::npos) end = frame.size();
            const Json j = parseJson(frame.substr(start, end - start));
            start = end + 1;
            if (!j.is_object()) continue;
            const std::string id = std::to_string(j.value("id", 0));
            if (!reply.empty()) reply += "\n";
            if (j.contains("connect")) reply += "{\"id\":" + id + ",\"connect\":{\"client\":\"c\",\"ping\":25,\"pong\":true}}";
            else reply += subscribeReply(id);
        }
        ws.serverSend(reply);
    }
    void bringUp() {
        session.signIn("tok", "1", User{"1", "Ana Souza", "ana@demo.test", "agent"});
        answerInitialLoad();
        answerTokens();
        acceptRealtime();
        tick();
    }
    void openChat12() {
        session.selectChat("12");
        EXPECT_TRUE(http.respond("/whatsapp/chats/12/messages", 200,
                                 std::string("{\"items\":[") + samples::kMessage + "],\"nextCursor\":\"older\"}"));
        EXPECT_TRUE(http.respond("/conversations/12/ticket", 200, samples::kTicket));
    }
    // Answers every subscribe command the client sent since the last call (after a resubscribe).
    void answerSubscribes(const std::string& extra = "") {
        std::string reply;
        for (std::string frame = ws.takeSent(); !frame.empty(); frame = ws.takeSent()) {
            size_t start = 0;
            while (start < frame.size()) {
                size_t end = frame.find('\n', start);
                if (end == std::string::npos) end = frame.size();
                const Json j = parseJson(frame.substr(start, end - start));
                start = end + 1;
                if (!j.is_object() || !j.contains("subscribe")) continue;
                if (!reply.empty()) reply += "\n";
                reply += "{\"id\":" + std::to_string(j.value("id", 0)) +
                         ",\"subscribe\":{\"recoverable\":true,\"epoch\":\"E\",\"offset\":1" + extra + "}}";
            }
        }
        if (!reply.empty()) ws.serverSend(reply);
    }
    // Leaves chat 12 (loaded by openChat12) and opens it again, with the call log cleared first.
    void reopenChat12() {
        session.selectChat("");
        http.calls.clear();
        session.selectChat("12");
    }
    bool asksForChat12() const {
        return http.has("/whatsapp/chats/12/messages", "GET") || http.has("/conversations/12/ticket", "GET");
    }
    std::string publication(const std::string& data) {
        return R"({"push":{"channel":"org:1:messages","pub":{"data":)" + data + ",\"offset\":" + std::to_string(++offset) +
               "}}}";
    }

    FakeClock clock;
    FakeHttp http;
    FakeWebSocket ws;
    FakeStorage storage;
    Session session;
    int offset = 1;
};

}  // namespace

TEST_F(SessionTest, SignInLoadsEverythingAndConnectsRealtime) {
    session.signIn("tok", "1", User{"1", "Ana", "", ""});
    EXPECT_EQ(session.store().connection(), ConnectionState::Connecting);
    ASSERT_TRUE(http.find("/whatsapp/instances"));
    EXPECT_EQ(http.find("/whatsapp/instances")->request.headers.at("Authorization"), "Bearer tok");
    answerInitialLoad();
    EXPECT_EQ(session.store().instances().size(), 2u);
    EXPECT_EQ(session.store().stages().front().name, "Novo");  // sorted by position
    EXPECT_EQ(session.store().visibleChatIds(), (std::vector<std::string>{"12"}));
    EXPECT_EQ(ws.opens, 0);  // waits for the tokens
    answerTokens();
    ASSERT_EQ(ws.opens, 1);
    ws.serverOpen();
    const std::string frame = ws.sent.at(0);
    EXPECT_NE(frame.find("\"connect\""), std::string::npos);
    EXPECT_NE(frame.find("org:1:messages"), std::string::npos);
    EXPECT_NE(frame.find("org:1:tickets"), std::string::npos);
    ws.sent.clear();
    ws.serverSend(
        "{\"id\":1,\"connect\":{\"ping\":25,\"pong\":true}}\n{\"id\":2,\"subscribe\":{}}\n{\"id\":3,\"subscribe\":{}}");
    tick();
    EXPECT_EQ(session.store().connection(), ConnectionState::Connected);
}

TEST_F(SessionTest, SignInWithoutOrganizationAsksAuthMe) {
    session.signIn("tok");
    ASSERT_TRUE(http.respond("/auth/me", 200, R"({"user":{"id":"1","name":"Ana"},"organizationId":"1"})"));
    EXPECT_EQ(session.store().organizationId(), "1");
    EXPECT_TRUE(http.has("/whatsapp/chats"));
    EXPECT_TRUE(http.has("/centrifugo/token"));
}

TEST_F(SessionTest, LoginFlow) {
    bool ok = false;
    session.login("ana@demo.test", "x", [&](bool success, const std::string&) { ok = success; });
    ASSERT_TRUE(http.find("/auth/login"));
    EXPECT_EQ(http.find("/auth/login")->request.headers.count("Authorization"), 0u);
    http.respond("/auth/login", 200, samples::kLogin);
    EXPECT_TRUE(ok);
    EXPECT_TRUE(session.store().signedIn());
    EXPECT_EQ(http.find("/whatsapp/instances")->request.headers.at("Authorization"), "Bearer tok-1");
}

TEST_F(SessionTest, LoginWrongPassword) {
    std::string error;
    session.login("ana@demo.test", "bad", [&](bool, const std::string& e) { error = e; });
    http.respond("/auth/login", 401, R"({"error":{"code":"invalid_credentials","message":"x"}})");
    EXPECT_EQ(error, "E-mail ou senha incorretos");
    EXPECT_FALSE(session.store().signedIn());
}

TEST_F(SessionTest, PushesUpdateTheStoreAndOpenChatIsMarkedRead) {
    bringUp();
    openChat12();
    EXPECT_TRUE(http.respond("/whatsapp/chats/12/read", 204, ""));  // unread 2 on open
    ASSERT_EQ(session.store().messages("12")->items.size(), 1u);
    std::string msg = samples::kMessage;
    const std::string newer = R"({"type":"message.created","ts":1789390800000,"chatId":"12","message":{"id":"wamid.NEW","chatId":"12","direction":"in","type":"text","text":"Tem desconto?","timestamp":1789390860000,"seq":432,"status":"delivered"},"chat":{"id":"12","name":"Mariana Lopes","lastMessageAt":1789390860000,"unreadCount":1,"instanceId":"100000000000001","windowExpiresAt":1789477260000,"version":8}})";
    ws.serverSend(publication(newer));
    ASSERT_EQ(session.store().messages("12")->items.size(), 2u);
    EXPECT_EQ(session.store().messages("12")->items.back().text, "Tem desconto?");
    EXPECT_EQ(session.store().chat("12")->unreadCount, 1);  // the server's number, not patched
    const auto* read = http.find("/whatsapp/chats/12/read");
    ASSERT_TRUE(read);
    EXPECT_EQ(read->request.body, R"({"lastMessageId":"wamid.NEW"})");
    // The server then publishes the chat with unread 0.
    ws.serverSend(publication(R"({"type":"chat.updated","ts":1,"chat":{"id":"12","name":"Mariana Lopes","lastMessageAt":1789390860000,"unreadCount":0,"version":9}})"));
    EXPECT_EQ(session.store().unreadTotal(), 0);
    Json metrics = parseJson(session.metricsJson());
    EXPECT_EQ(metrics["pushAppliedMs"].size(), 2u);
    // Push-to-screen samples close only with the frame that draws them.
    EXPECT_EQ(metrics["pushLatencyMs"].size(), 0u);
    session.countFrame(true);  // a frame that started before the pushes does not show them
    EXPECT_EQ(parseJson(session.metricsJson())["pushLatencyMs"].size(), 0u);
    session.frameStarted();
    session.countFrame(true);
    metrics = parseJson(session.metricsJson());
    EXPECT_EQ(metrics["pushLatencyMs"].size(), 2u);
    EXPECT_EQ(metrics["pushSamples"].get<int>(), 2);
    EXPECT_GE(metrics["wsFramesIn"].get<int>(), 3);
}

TEST_F(SessionTest, PushToScreenLatencyRunsFromServerTsToTheEndOfTheFrameThatDrawsIt) {
    bringUp();
    const int64_t ts = session.serverNowMs() - 5;  // the push arrives 5 ms after the server stamped it
    ws.serverSend(publication(R"({"type":"chat.updated","ts":)" + std::to_string(ts) +
                              R"(,"chat":{"id":"12","name":"Mariana Lopes","lastMessageAt":1789390860000,"unreadCount":0,"version":9}})"));
    clock.advance(7);   // waiting for the next animation frame
    session.frameStarted();
    clock.advance(9);   // drawing it
    session.countFrame(true);
    const Json m = parseJson(session.metricsJson());
    ASSERT_EQ(m["pushAppliedMs"].size(), 1u);
    EXPECT_EQ(m["pushAppliedMs"][0].get<int>(), 5);
    ASSERT_EQ(m["pushLatencyMs"].size(), 1u);
    EXPECT_EQ(m["pushLatencyMs"][0].get<int>(), 21);
    // A skipped tick and a later frame take no second sample of the same push.
    session.countFrame(false);
    session.frameStarted();
    session.countFrame(true);
    EXPECT_EQ(parseJson(session.metricsJson())["pushSamples"].get<int>(), 1);
}

TEST_F(SessionTest, TicketPushesUpdateOpenTicket) {
    bringUp();
    openChat12();
    std::string t = samples::kTicket;
    const auto pos = t.find("\"version\": 3");
    t.replace(pos, 12, "\"version\": 4");
    const auto st = t.find("\"status\": \"open\"");
    t.replace(st, 16, "\"status\": \"won\"");
    t = dumpJson(parseJson(t));  // frames are newline-delimited: payloads are compact JSON
    ws.serverSend(R"({"push":{"channel":"org:1:tickets","pub":{"data":{"type":"ticket.updated","ts":1,"ticket":)" + t +
                  R"(},"offset":2}}})");
    EXPECT_EQ(session.store().ticketForChat("12")->status, "won");
    EXPECT_EQ(session.store().chat("12")->currentTicket->status, "won");
}

TEST_F(SessionTest, LinkDownDegradesToPollingAndRecovers) {
    bringUp();
    openChat12();
    http.calls.clear();
    ws.serverClose(1006, "");
    tick();
    EXPECT_EQ(session.store().connection(), ConnectionState::Connected);  // a blip is not a banner
    tick(3100);
    EXPECT_EQ(session.store().connection(), ConnectionState::Degraded);
    EXPECT_TRUE(session.polling().active());
    EXPECT_TRUE(http.has("/whatsapp/chats?"));
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages"));
    // The poll brings a new message even without realtime.
    http.respond("/whatsapp/chats?", 200,
                 R"({"items":[{"id":"12","name":"Mariana Lopes","lastMessageAt":1789390900000,"unreadCount":5,"version":20}],"nextCursor":null})");
    http.respond("/whatsapp/chats/12/messages", 200,
                 R"({"items":[{"id":"wamid.POLL","chatId":"12","direction":"in","type":"text","text":"via polling","timestamp":1789390900000,"seq":500}],"nextCursor":"x"})");
    EXPECT_EQ(session.store().chat("12")->unreadCount, 5);
    EXPECT_EQ(session.store().messages("12")->items.back().id, "wamid.POLL");
    EXPECT_EQ(session.store().messages("12")->olderCursor, "older");  // paging position kept
    const Json state = parseJson(session.stateJson());
    EXPECT_EQ(state["connection"], "degraded");
    // The link comes back: connected, polling stops.
    while (ws.opens < 2) tick(100);
    answerTokens();
    acceptRealtime();
    tick();
    EXPECT_EQ(session.store().connection(), ConnectionState::Connected);
    EXPECT_FALSE(session.polling().active());
}

TEST_F(SessionTest, RecoveryGapRefetchesWhatIsShown) {
    bringUp();
    openChat12();
    session.setDraft("meu rascunho");
    http.calls.clear();
    ws.serverClose(3001, "shutdown");
    while (ws.opens < 2) tick(100);
    http.calls.clear();
    acceptRealtime(",\"was_recovering\":true");  // recovered:false omitted
    EXPECT_TRUE(http.has("/whatsapp/chats?"));
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages"));
    EXPECT_TRUE(http.has("/conversations/12/ticket"));
    EXPECT_EQ(session.store().messages("12")->items.size(), 1u);  // shown while refetching
    EXPECT_EQ(session.store().draft("12"), "meu rascunho");
}

TEST_F(SessionTest, SendOptimisticThenConfirmed) {
    bringUp();
    openChat12();
    session.setDraft("Olá! Segue a proposta.");
    const std::string clientId = session.sendMessage("Olá! Segue a proposta.");
    ASSERT_FALSE(clientId.empty());
    EXPECT_EQ(session.store().draft("12"), "");
    const Message* local = session.store().findByClientId("12", clientId);
    ASSERT_TRUE(local);
    EXPECT_EQ(local->status, MessageStatus::Pending);
    const auto* post = http.find("/whatsapp/chats/12/messages");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->request.method, "POST");
    EXPECT_EQ(parseJson(post->request.body)["clientId"], clientId);
    http.respond("/whatsapp/chats/12/messages", 201,
                 R"({"id":"wamid.OUT","chatId":"12","direction":"out","type":"text","text":"Olá! Segue a proposta.","timestamp":1789390801000,"seq":433,"status":"pending","clientId":")" +
                     clientId + "\"}",
                 "POST");
    ASSERT_EQ(session.store().messages("12")->items.size(), 2u);
    EXPECT_EQ(session.store().messages("12")->items.back().id, "wamid.OUT");
    // The echo push of the same message does not duplicate it.
    ws.serverSend(publication(R"({"type":"message.updated","ts":1,"chatId":"12","message":{"id":"wamid.OUT","chatId":"12","direction":"out","type":"text","text":"Olá! Segue a proposta.","timestamp":1789390801000,"seq":433,"status":"sent","clientId":")" +
                              clientId + "\"}}"));
    ASSERT_EQ(session.store().messages("12")->items.size(), 2u);
    EXPECT_EQ(session.store().messages("12")->items.back().status, MessageStatus::Sent);
}

TEST_F(SessionTest, SendFailureShowsReasonAndRetryReusesClientId) {
    bringUp();
    openChat12();
    const std::string clientId = session.sendMessage("oi");
    http.respond("/whatsapp/chats/12/messages", 422, R"({"error":{"code":"window_closed","message":"x"}})", "POST");
    const Message* m = session.store().findByClientId("12", clientId);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->localFailed);
    EXPECT_EQ(m->localError, tr("send.window_closed"));
    session.retrySend(clientId);
    EXPECT_TRUE(session.store().findByClientId("12", clientId)->localPending);
    const auto* post = http.find("/whatsapp/chats/12/messages");
    ASSERT_TRUE(post);
    EXPECT_EQ(parseJson(post->request.body)["clientId"], clientId);
}

TEST_F(SessionTest, ClosedWindowRefusesFreeTextButAllowsTemplates) {
    bringUp();
    openChat12();
    clock.wall = 1789477200000 + 1000;  // past windowExpiresAt
    EXPECT_FALSE(session.canSendFreeText());
    EXPECT_EQ(session.sendMessage("oi"), "");
    EXPECT_FALSE(http.has("/whatsapp/chats/12/messages", "POST"));
    EXPECT_FALSE(session.sendTemplate("retomar_contato", "pt_BR", {"Mariana"}).empty());
    const auto* post = http.find("/whatsapp/chats/12/messages");
    ASSERT_TRUE(post);
    EXPECT_EQ(parseJson(post->request.body)["template"]["name"], "retomar_contato");
}

TEST_F(SessionTest, CountdownUsesServerClockOffset) {
    bringUp();
    openChat12();
    // The server clock is 2 h ahead of the laptop: the countdown must be 2 h shorter.
    const std::string before = session.selectedWindow().text;
    http.calls.clear();
    session.reloadTicket();
    ASSERT_FALSE(http.calls.empty());
    HttpResponse resp;
    resp.status = 200;
    resp.body = samples::kTicket;
    resp.headers["x-server-time"] = std::to_string(clock.wall + 2 * 3600 * 1000);
    auto call = std::move(http.calls.front());
    http.calls.pop_front();
    call.done(resp);
    EXPECT_NE(session.selectedWindow().text, before);
    EXPECT_EQ(session.selectedWindow().text, "Aberta · expira em 22h 0min");
}

// The countdown's minute text is redrawn by the ticket panel's own timed wake (one frame); a store
// change would redraw the whole app several times. Only the window's state changes the composer.
TEST_F(SessionTest, CountdownMinutesAreNoStoreChangeButTheWindowStateIs) {
    bringUp();
    openChat12();
    tick(30000);  // mid-minute of the countdown
    const uint64_t r0 = session.store().revision();
    tick(60000);
    EXPECT_EQ(session.store().revision(), r0);
    const int64_t expires = 1789477200000;
    clock.wall = expires - 4 * 3600 * 1000 + 1;  // under 4 h left: amber
    session.tick();
    const uint64_t r1 = session.store().revision();
    EXPECT_GT(r1, r0);
    clock.wall = expires;  // expired: the composer offers templates only
    session.tick();
    EXPECT_GT(session.store().revision(), r1);
    EXPECT_FALSE(session.canSendFreeText());
}

TEST_F(SessionTest, TicketEditsOptimisticWithRollback) {
    bringUp();
    openChat12();
    session.changeStage("2");
    EXPECT_EQ(session.store().ticketForChat("12")->stage.name, "Em Atendimento");
    const auto* patch = http.find("/tickets/12");
    ASSERT_TRUE(patch);
    EXPECT_EQ(patch->request.method, "PATCH");
    EXPECT_EQ(patch->request.body, R"({"stageId":"2"})");
    http.respond("/tickets/12", 500, R"({"error":{"code":"internal","message":"falhou"}})");
    // Retried (idempotent PATCH) — fail every attempt.
    for (int i = 0; i < 5 && !http.calls.empty(); ++i) {
        tick(9000);
        http.respond("/tickets/12", 500, R"({"error":{"code":"internal","message":"falhou"}})");
    }
    tick(9000);
    EXPECT_EQ(session.store().ticketForChat("12")->stage.name, "Novo");
    EXPECT_EQ(session.store().ticketState("12")->error, "Não foi possível salvar: falhou");
    // Deal value: invalid text is refused locally, valid text is sent in cents.
    EXPECT_FALSE(session.setDealValueText("abc"));
    EXPECT_FALSE(http.has("/tickets/12"));
    EXPECT_TRUE(session.setDealValueText("R$ 2.500,00"));
    EXPECT_EQ(http.find("/tickets/12")->request.body, R"({"dealValue":250000})");
    std::string t = samples::kTicket;
    t.replace(t.find("\"dealValue\": 150000"), 19, "\"dealValue\": 250000");
    t.replace(t.find("\"version\": 3"), 12, "\"version\": 4");
    http.respond("/tickets/12", 200, t);
    EXPECT_EQ(session.store().ticketForChat("12")->dealValue, 250000);
    EXPECT_TRUE(session.store().ticketState("12")->error.empty());
}

TEST_F(SessionTest, CloseTicketConflictRollsBack) {
    bringUp();
    openChat12();
    session.closeTicket("won");
    EXPECT_EQ(session.store().ticketForChat("12")->status, "won");
    http.respond("/tickets/12/close", 409, R"({"error":{"code":"conflict","message":"already closed"}})");
    EXPECT_EQ(session.store().ticketForChat("12")->status, "open");
    EXPECT_EQ(session.store().ticketState("12")->error, tr("ticket.error.conflict"));
}

TEST_F(SessionTest, Unauthorized401SignsOut) {
    bringUp();
    openChat12();
    session.loadOlderMessages();
    http.respond("/whatsapp/chats/12/messages", 401, R"({"error":{"code":"unauthorized","message":"x"}})");
    EXPECT_FALSE(session.store().signedIn());
    EXPECT_EQ(session.store().connection(), ConnectionState::Disconnected);
    EXPECT_EQ(session.authError(), tr("error.session_expired"));
    EXPECT_EQ(session.realtime().state(), ClientState::Disconnected);
}

TEST_F(SessionTest, SignOutDropsLateResponses) {
    session.signIn("tok", "1", User{"1", "Ana", "", ""});
    session.signOut();
    answerInitialLoad();
    EXPECT_EQ(session.store().chatCount(), 0u);
    EXPECT_FALSE(session.store().signedIn());
}

TEST_F(SessionTest, DraftsSurviveChatSwitches) {
    bringUp();
    openChat12();
    session.setDraft("texto pela metade");
    session.selectChat("");
    session.selectChat("12");
    EXPECT_EQ(session.store().draft("12"), "texto pela metade");
    EXPECT_EQ(storage.get("inbox.draft.12"), "texto pela metade");
}

TEST_F(SessionTest, PanelLayoutPersists) {
    session.layout().dragLeftHandle(33);
    tick();
    ASSERT_TRUE(storage.get("inbox.panels"));
    Session other(http, ws, clock, &storage, config());
    EXPECT_DOUBLE_EQ(other.layout().left(), 33);
}

TEST_F(SessionTest, IdleMeansNoWorkUntilTheNextDeadline) {
    bringUp();
    tick();
    const uint64_t r0 = session.store().revision();
    const int64_t wake = session.nextWakeMs();
    EXPECT_GT(wake, clock.mono + 1000);  // nothing due right now
    tick(500);
    EXPECT_EQ(session.store().revision(), r0);
    EXPECT_TRUE(http.calls.empty());
    EXPECT_TRUE(ws.sent.empty());
}

TEST_F(SessionTest, GarbageFromTheNetworkNeverBreaksTheSession) {
    bringUp();
    openChat12();
    ws.serverSend(publication("\"not an object\""));
    ws.serverSend(publication(R"({"type":"message.created","chatId":"12","message":{"text":"no id"}})"));
    ws.serverSend(publication(R"({"type":"ticket.updated","ticket":[]})"));
    ws.serverSend("{\"push\":{\"channel\":\"org:1:messages\",\"pub\":{\"data\":{\"type\":\"message.created\"");
    session.loadOlderMessages();
    http.respond("/whatsapp/chats/12/messages", 200, "<html>502 Bad Gateway</html>");
    EXPECT_TRUE(session.store().signedIn());
    EXPECT_FALSE(session.store().logLines().empty());
    const Json state = parseJson(session.stateJson());
    EXPECT_TRUE(state.is_object());
}

TEST_F(SessionTest, SearchAsksTheServerWhenNotAllChatsAreLoaded) {
    session.signIn("tok", "1", User{"1", "Ana", "", ""});
    answerInitialLoad(std::string("{\"items\":[") + samples::kChatItem + "],\"nextCursor\":\"more\"}");
    answerTokens();
    acceptRealtime();
    session.setSearch("joao");
    EXPECT_TRUE(session.store().visibleChatIds().empty());
    tick(100);
    EXPECT_FALSE(http.has("q=joao"));  // debounced
    session.setSearch("joão");
    tick(200);
    EXPECT_FALSE(http.has("q="));
    tick(150);
    ASSERT_TRUE(http.has("q=jo%C3%A3o"));
    http.respond("q=jo%C3%A3o", 200,
                 R"({"items":[{"id":"99","name":"João Pereira","lastMessageAt":1,"version":1}],"nextCursor":null})");
    EXPECT_EQ(session.store().visibleChatIds(), (std::vector<std::string>{"99"}));
}

TEST_F(SessionTest, NeverAsksToBeWokenInThePast) {
    bringUp();
    openChat12();
    ws.serverClose(1006, "");
    // Everything fails: realtime down and REST unreachable. The platform must still be able to idle.
    for (int i = 0; i < 200; ++i) {
        tick(100);
        while (!http.calls.empty()) http.respond("/", 0, "");
    }
    EXPECT_EQ(session.store().connection(), ConnectionState::Disconnected);
    EXPECT_GT(session.nextWakeMs(), clock.mono);
    // REST comes back: degraded (polling works), still no wake-up in the past.
    for (int i = 0; i < 100; ++i) {
        tick(100);
        while (http.respond("/whatsapp/chats?", 200, R"({"items":[],"nextCursor":null})")) {
        }
        while (http.respond("/whatsapp/chats/12/messages", 200, R"({"items":[],"nextCursor":null})")) {
        }
        while (!http.calls.empty()) http.respond("/", 0, "");
    }
    EXPECT_GT(session.nextWakeMs(), clock.mono);
}

TEST_F(SessionTest, RandomNetworkChaosNeverSpinsOrCrashes) {
    Random r(2024);
    session.signIn("tok", "1", User{"1", "Ana", "", ""});
    const std::string bodies[] = {"", "garbage", "{}", "[]", samples::kInstances, samples::kTicket, samples::kMessage,
                                  std::string("{\"items\":[") + samples::kChatItem + "],\"nextCursor\":null}",
                                  R"({"token":"t"})", R"({"error":{"code":"x","message":"y"}})"};
    const int statuses[] = {0, 200, 200, 200, 404, 409, 422, 500, 503};
    for (int i = 0; i < 3000; ++i) {
        switch (r.between(0, 9)) {
            case 0: session.selectChat(r.between(0, 1) ? "12" : "13"); break;
            case 1: session.sendMessage("oi " + std::to_string(i)); break;
            case 2: session.changeStage(r.between(0, 1) ? "2" : "3"); break;
            case 3: ws.serverClose(static_cast<int>(r.between(1000, 4999)), "x"); break;
            case 4: ws.serverOpen(); break;
            case 5: ws.serverSend(r.between(0, 1) ? "{}" : R"({"id":1,"connect":{"ping":25,"pong":true}})"); break;
            case 6: session.setSearch(r.between(0, 1) ? "jo" : ""); break;
            default: break;
        }
        // Answer a random pending request (never 401 here: that signs out, tested elsewhere).
        if (!http.calls.empty() && r.between(0, 2)) {
            auto call = std::move(http.calls.front());
            http.calls.pop_front();
            HttpResponse resp;
            resp.status = statuses[r.between(0, 8)];
            resp.body = bodies[r.between(0, 9)];
            call.done(resp);
        }
        tick(r.between(0, 2000));
        ASSERT_GT(session.nextWakeMs(), clock.mono) << "iteration " << i;
        if (i % 50 == 0) {
            ASSERT_TRUE(parseJson(session.stateJson()).is_object());
        }
    }
    EXPECT_TRUE(parseJson(session.stateJson()).is_object());
    EXPECT_TRUE(session.store().signedIn());
}

TEST_F(SessionTest, FailedTemplateIsRetriedAsTheSameTemplate) {
    bringUp();
    openChat12();
    clock.wall = 1789477200000 + 1000;  // window closed
    const std::string clientId = session.sendTemplate("retomar_contato", "pt_BR", {"Mariana"});
    ASSERT_FALSE(clientId.empty());
    EXPECT_EQ(session.store().findByClientId("12", clientId)->text,
              "Olá Mariana! Podemos continuar o seu atendimento? Responda esta mensagem 😊");
    http.respond("/whatsapp/chats/12/messages", 0, "", "POST");
    for (int i = 0; i < 5; ++i) {
        tick(9000);
        http.respond("/whatsapp/chats/12/messages", 0, "", "POST");
    }
    ASSERT_TRUE(session.store().findByClientId("12", clientId)->localFailed);
    session.retrySend(clientId);
    const auto* post = http.find("/whatsapp/chats/12/messages", "POST");
    ASSERT_TRUE(post);
    const Json body = parseJson(post->request.body);
    EXPECT_EQ(body["template"]["name"], "retomar_contato");
    EXPECT_EQ(body["clientId"], clientId);
    EXPECT_FALSE(body.contains("text"));
}

TEST_F(SessionTest, SignOutEndsTheSessionOnTheServer) {
    bringUp();
    http.calls.clear();
    session.signOut();
    // Local sign-out is immediate; the logout goes out with the old token.
    EXPECT_FALSE(session.store().signedIn());
    const auto* logout = http.find("/api/v1/auth/logout", "POST");
    ASSERT_TRUE(logout);
    EXPECT_EQ(logout->request.headers.at("Authorization"), "Bearer tok");
    // A failure changes nothing (and is not retried: it is best effort).
    ASSERT_TRUE(http.respond("/auth/logout", 0, ""));
    tick(60000);
    EXPECT_FALSE(http.has("/auth/logout"));
    EXPECT_FALSE(session.store().signedIn());
    EXPECT_TRUE(session.authError().empty());
    // A 401 on the expired session's own calls does not send one (the token is already dead).
    bringUp();
    openChat12();
    http.calls.clear();
    session.loadOlderMessages();
    http.respond("/whatsapp/chats/12/messages", 401, R"({"error":{"code":"unauthorized","message":"x"}})");
    EXPECT_FALSE(session.store().signedIn());
    EXPECT_FALSE(http.has("/auth/logout"));
}

TEST_F(SessionTest, StaleTicketNetworkErrorClearsWhenTheTicketLoadsAgain) {
    bringUp();
    openChat12();
    http.calls.clear();
    // The server goes away while the panel reloads the ticket: every retry fails.
    session.reloadTicket();
    for (int i = 0; i < 10 && http.respond("/conversations/12/ticket", 0, ""); ++i) tick(10000);
    ASSERT_TRUE(session.store().ticketState("12"));
    EXPECT_EQ(session.store().ticketState("12")->error, tr("ticket.error.network"));
    // The link drops and comes back: the open ticket is fetched again and its error goes away.
    ws.serverClose(1006, "");
    while (ws.opens < 2) tick(100);
    answerTokens();
    acceptRealtime();
    tick();
    EXPECT_EQ(session.store().connection(), ConnectionState::Connected);
    ASSERT_TRUE(http.respond("/conversations/12/ticket", 200, samples::kTicket));
    EXPECT_TRUE(session.store().ticketState("12")->error.empty());
    EXPECT_TRUE(session.store().ticketForChat("12"));
    // Same when the panel's own reload succeeds.
    http.calls.clear();
    session.reloadTicket();
    for (int i = 0; i < 10 && http.respond("/conversations/12/ticket", 0, ""); ++i) tick(10000);
    EXPECT_FALSE(session.store().ticketState("12")->error.empty());
    session.reloadTicket();
    ASSERT_TRUE(http.respond("/conversations/12/ticket", 200, samples::kTicket));
    EXPECT_TRUE(session.store().ticketState("12")->error.empty());
}

TEST_F(SessionTest, OverLongMessageIsRefusedLocallyAndTheDraftKept) {
    bringUp();
    openChat12();
    http.calls.clear();
    // Counted in characters, not bytes: 4096 "ã" (8192 bytes) is still allowed.
    std::string fits;
    for (int i = 0; i < 4096; ++i) fits += "ã";
    const ComposerLimit ok = composerLimit(fits);
    EXPECT_EQ(ok.chars, 4096u);
    EXPECT_FALSE(ok.tooLong);
    EXPECT_EQ(ok.counter, "0");
    EXPECT_TRUE(ok.error.empty());
    EXPECT_TRUE(composerLimit(std::string(3500, 'a')).counter.empty());
    EXPECT_EQ(composerLimit(std::string(3501, 'a')).counter, "595");
    const std::string tooLong = fits + "🙂";
    const ComposerLimit bad = composerLimit(tooLong);
    EXPECT_TRUE(bad.tooLong);
    EXPECT_EQ(bad.counter, "-1");
    EXPECT_EQ(bad.error, "Mensagem longa demais: 4097 de no máximo 4096 caracteres");
    session.setDraft(tooLong);
    EXPECT_EQ(session.sendMessage(tooLong), "");
    EXPECT_FALSE(http.has("/messages", "POST"));
    EXPECT_EQ(session.store().draft("12"), tooLong);
    EXPECT_EQ(session.store().messages("12")->items.size(), 1u);  // no optimistic bubble either
    EXPECT_FALSE(session.sendMessage(fits).empty());
    EXPECT_TRUE(http.has("/messages", "POST"));
}

TEST_F(SessionTest, LoginErrorsUseTheStringsTable) {
    std::string error;
    const auto attempt = [&] { session.login("ana@demo.test", "bad", [&](bool, const std::string& e) { error = e; }); };
    attempt();
    // Retry-After goes through the fake transport's response headers.
    ASSERT_FALSE(http.calls.empty());
    {
        FakeHttp::Call c = std::move(http.calls.front());
        http.calls.pop_front();
        HttpResponse resp;
        resp.status = 429;
        resp.body = R"({"error":{"code":"rate_limited","message":"muitas tentativas; tente de novo em instantes"}})";
        resp.headers["retry-after"] = "42";
        c.done(resp);
    }
    EXPECT_EQ(error, "Muitas tentativas · tente de novo em 42 s");
    EXPECT_EQ(session.authError(), error);
    attempt();
    http.respond("/auth/login", 429, R"({"error":{"code":"rate_limited","message":"muitas tentativas; tente de novo em instantes"}})");
    EXPECT_EQ(error, "Muitas tentativas · aguarde um pouco e tente de novo");
    attempt();
    http.respond("/auth/login", 401, R"({"error":{"code":"invalid_credentials","message":"e-mail ou senha incorretos"}})");
    EXPECT_EQ(error, tr("error.invalid_credentials"));
    attempt();
    http.respond("/auth/login", 0, "");
    EXPECT_EQ(error, tr("connection.disconnected"));
    attempt();
    http.respond("/auth/login", 503, "");
    EXPECT_EQ(error, tr("error.server"));
    EXPECT_FALSE(session.store().signedIn());
}

TEST_F(SessionTest, PollsBackOffWhileTheServerIsDown) {
    bringUp();
    openChat12();
    ws.serverClose(1006, "");
    tick(3100);
    ASSERT_TRUE(session.polling().active());
    // Server down: every request fails at once (connection refused). Count what goes out in 2 min.
    std::map<std::string, int> sent;
    int64_t lastMessagesAt = 0, lastGap = 0;
    for (int i = 0; i < 1200; ++i) {
        while (!http.calls.empty()) {
            const std::string url = http.calls.front().request.url;
            const std::string key = url.find("/messages") != std::string::npos ? "messages"
                                    : url.find("/ticket") != std::string::npos ? "ticket"
                                    : url.find("/whatsapp/chats?") != std::string::npos ? "chats"
                                                                                       : "other";
            ++sent[key];
            if (key == "messages") {
                if (lastMessagesAt) lastGap = clock.mono - lastMessagesAt;
                lastMessagesAt = clock.mono;
            }
            http.respond(url, 0, "");
        }
        tick(100);
    }
    // Without backoff this was ~1 request a second each (4 retries per poll, every 3–5 s).
    EXPECT_LE(sent["messages"], 10);
    EXPECT_LE(sent["ticket"], 10);
    EXPECT_LE(sent["chats"], 10);
    EXPECT_GE(sent["messages"], 4);  // still trying
    EXPECT_GE(lastGap, 22500);       // up to 30 s apart (75–100 % jitter)
    EXPECT_LE(lastGap, 30000 + 100);
    // The server answers again: the next poll is back to the normal 3 s.
    while (!http.has("/whatsapp/chats/12/messages")) tick(100);
    ASSERT_TRUE(http.respond("/whatsapp/chats/12/messages", 200,
                             std::string("{\"items\":[") + samples::kMessage + "],\"nextCursor\":\"older\"}"));
    const int64_t okAt = clock.mono;
    while (!http.has("/whatsapp/chats/12/messages")) tick(100);
    EXPECT_LE(clock.mono - okAt, 3100);
}

// ---- what is refetched when a chat is opened again (docs/CORE.md) ------------------------------

TEST_F(SessionTest, ReopeningAChatRealtimeKeptCurrentAsksNothing) {
    bringUp();
    openChat12();
    session.selectChat("");
    // While another chat is open, a customer message and a ticket change arrive by push.
    ws.serverSend(publication(R"({"type":"message.created","ts":1,"chatId":"12","message":{"id":"wamid.AWAY","chatId":"12","direction":"in","type":"text","text":"ainda aí?","timestamp":1789390860000,"seq":432,"status":"delivered"}})"));
    std::string t = samples::kTicket;
    t.replace(t.find("\"version\": 3"), 12, "\"version\": 4");
    t = dumpJson(parseJson(t));
    ws.serverSend(R"({"push":{"channel":"org:1:tickets","pub":{"data":{"type":"ticket.updated","ts":1,"ticket":)" + t +
                  R"(},"offset":2}}})");
    http.calls.clear();
    session.selectChat("12");
    EXPECT_FALSE(asksForChat12());
    EXPECT_EQ(session.store().messages("12")->items.back().id, "wamid.AWAY");
    EXPECT_EQ(session.store().ticketForChat("12")->version, 4);
}

TEST_F(SessionTest, ReopeningAfterARecoveredReconnectAsksNothing) {
    bringUp();
    openChat12();
    ws.serverClose(3001, "shutdown");
    while (ws.opens < 2) tick(100);
    acceptRealtime(",\"was_recovering\":true,\"recovered\":true");
    tick();
    reopenChat12();
    EXPECT_FALSE(asksForChat12());
}

TEST_F(SessionTest, ReopeningAfterARecoveryGapAsksAgain) {
    bringUp();
    openChat12();
    session.selectChat("");
    ws.serverClose(3001, "shutdown");
    while (ws.opens < 2) tick(100);
    acceptRealtime(",\"was_recovering\":true");  // recovered:false omitted
    tick();
    reopenChat12();
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}

TEST_F(SessionTest, ReopeningWhileTheLinkIsDownAsksAgain) {
    bringUp();
    openChat12();
    ws.serverClose(1006, "");
    tick();
    reopenChat12();
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));  // refreshed in place
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
    EXPECT_EQ(session.store().messages("12")->items.size(), 1u);  // shown meanwhile
}

TEST_F(SessionTest, WithoutRealtimeNothingCountsAsKeptCurrent) {
    session.signIn("tok", "1", User{"1", "Ana Souza", "ana@demo.test", "agent"});
    answerInitialLoad();  // realtime never subscribes (polling design, or blocked WebSocket)
    openChat12();
    reopenChat12();
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}

TEST_F(SessionTest, DataLoadedBeforeTheSubscriptionIsNotKeptCurrent) {
    session.signIn("tok", "1", User{"1", "Ana Souza", "ana@demo.test", "agent"});
    answerInitialLoad();
    openChat12();  // loaded before realtime subscribed: what was published in between is unknown
    answerTokens();
    acceptRealtime();
    tick();
    reopenChat12();
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}

// The server reset the subscription's position (unsubscribe 2502): the client subscribes afresh,
// without recovery, so what was published in between is lost and must be fetched like after a gap.
TEST_F(SessionTest, AFreshSubscriptionAfterAnEarlierOneRefetchesLikeAGap) {
    bringUp();
    openChat12();
    http.calls.clear();
    ws.serverSend(R"({"push":{"channel":"org:1:messages","unsubscribe":{"code":2502,"reason":"insufficient state"}}})");
    answerTokens();
    answerSubscribes();  // no was_recovering: a fresh start
    tick();
    EXPECT_TRUE(http.has("/whatsapp/chats?", "GET"));
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
    http.respond("/whatsapp/chats/12/messages", 200, std::string("{\"items\":[") + samples::kMessage + "],\"nextCursor\":\"older\"}");
    http.respond("/conversations/12/ticket", 200, samples::kTicket);
    reopenChat12();  // refetched under the new subscription: current again
    EXPECT_FALSE(asksForChat12());
}

TEST_F(SessionTest, ALostSubscriptionStopsKeepingDataCurrent) {
    bringUp();
    openChat12();
    ws.serverSend(R"({"push":{"channel":"org:1:tickets","unsubscribe":{"code":2100,"reason":"gone"}}})");
    tick();
    reopenChat12();
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}

TEST_F(SessionTest, AMessagePublishedWhileTheFirstPageLoadsIsKept) {
    bringUp();
    session.selectChat("12");
    // The server read the page before this message existed; its publication arrives first.
    ws.serverSend(publication(R"({"type":"message.created","ts":1,"chatId":"12","message":{"id":"wamid.RACE","chatId":"12","direction":"in","type":"text","text":"chegou antes","timestamp":1789390860000,"seq":432,"status":"delivered"}})"));
    ASSERT_TRUE(http.respond("/whatsapp/chats/12/messages", 200, std::string("{\"items\":[") + samples::kMessage + "],\"nextCursor\":null}"));
    ASSERT_EQ(session.store().messages("12")->items.size(), 2u);
    EXPECT_EQ(session.store().messages("12")->items.back().id, "wamid.RACE");
}

TEST_F(SessionTest, AFailedFirstPageDropsTheMessagesHeldForIt) {
    bringUp();
    session.selectChat("12");
    ws.serverSend(publication(R"({"type":"message.created","ts":1,"chatId":"12","message":{"id":"wamid.RACE","chatId":"12","direction":"in","type":"text","text":"x","timestamp":1789390860000,"seq":432,"status":"delivered"}})"));
    for (int i = 0; i < 6 && http.has("/whatsapp/chats/12/messages"); ++i) {
        http.respond("/whatsapp/chats/12/messages", 404, R"({"error":{"code":"not_found","message":"x"}})");
        tick(10000);
    }
    EXPECT_FALSE(session.store().messages("12")->loaded);
    EXPECT_TRUE(session.store().messages("12")->items.empty());
    // A later load shows only what the server sends (the held message was dropped with the failure).
    session.selectChat("");
    session.selectChat("12");
    ASSERT_TRUE(http.respond("/whatsapp/chats/12/messages", 200, std::string("{\"items\":[") + samples::kMessage + "],\"nextCursor\":null}"));
    EXPECT_EQ(session.store().messages("12")->items.size(), 1u);
}

// The server's stream was reset (a new epoch) and the subscribe is refused with 112 (Centrifugo
// normally answers recovered:false instead; 112 comes with the reject-unrecovered flag). Either way
// nothing keeps the loaded chats current any more, so opening one asks again.
TEST_F(SessionTest, AnEpochChangeLeavesNothingKeptCurrent) {
    bringUp();
    openChat12();
    ws.serverClose(3001, "shutdown");
    while (ws.opens < 2) tick(100);
    answerHandshake([](const std::string& id) { return "{\"id\":" + id + ",\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}"; });
    tick();
    reopenChat12();
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}

namespace {
// kTicket with another id and version, as one compact line (frames are newline-delimited).
std::string ticketJson(const std::string& id, int version, const std::string& status = "open") {
    Json t = parseJson(samples::kTicket);
    t["id"] = id;
    t["version"] = version;
    t["status"] = status;
    return dumpJson(t);
}
std::string ticketPush(const std::string& ticket, int offset) {
    return R"({"push":{"channel":"org:1:tickets","pub":{"data":{"type":"ticket.updated","ts":1,"ticket":)" + ticket +
           R"(},"offset":)" + std::to_string(offset) + "}}}";
}
}  // namespace

// Every customer message moves the ticket's window and publishes the whole ticket: an agent
// subscribed since then already holds the chat's current ticket when first opening the chat.
TEST_F(SessionTest, ATicketPublishedWhileRealtimeIsContinuousIsNotAskedForOnFirstOpen) {
    bringUp();
    ws.serverSend(ticketPush(ticketJson("12", 4), 2));
    http.calls.clear();
    session.selectChat("12");
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages", "GET"));  // never loaded: asked for
    EXPECT_FALSE(http.has("/conversations/12/ticket", "GET"));
    EXPECT_EQ(session.store().ticketForChat("12")->version, 4);
}

TEST_F(SessionTest, APublishedTicketThatIsNotTheChatsCurrentOneIsAskedFor) {
    bringUp();
    // An older, closed ticket of the chat; the chat's summary names the open ticket 12.
    ws.serverSend(ticketPush(ticketJson("11", 2, "lost"), 2));
    ASSERT_EQ(session.store().ticketForChat("12")->id, "11");
    http.calls.clear();
    session.selectChat("12");
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}

TEST_F(SessionTest, ATicketPublishedBeforeAGapIsAskedForAfterIt) {
    bringUp();
    ws.serverSend(ticketPush(ticketJson("12", 4), 2));
    ws.serverClose(3001, "shutdown");
    while (ws.opens < 2) tick(100);
    acceptRealtime(",\"was_recovering\":true");  // not recovered
    tick();
    http.calls.clear();
    session.selectChat("12");
    EXPECT_TRUE(http.has("/conversations/12/ticket", "GET"));
}
