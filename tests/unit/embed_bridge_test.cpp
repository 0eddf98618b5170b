// The inbox's side of the iframe contract over a real Session: fake HTTP/WebSocket/clock play the
// stub and a recorder plays window.parent.postMessage.
#include <gtest/gtest.h>

#include "api_samples.h"
#include "core/embed_bridge.h"
#include "core/session.h"
#include "fakes.h"

using namespace inbox::core;
using namespace inbox::test;
namespace samples = inbox::test::samples;

namespace {

constexpr const char* kHost = "http://localhost:8000";
constexpr const char* kSelf = "http://127.0.0.1:9000";
constexpr const char* kMe = R"({"user":{"id":"1","name":"Ana Souza","email":"ana@demo.test"},"organizationId":"1","expiresAt":EXP})";

struct Posted {
    std::string type;
    Json payload;
    std::string target;
};

class EmbedBridgeTest : public ::testing::Test {
protected:
    EmbedBridgeTest() : session(http, ws, clock, &storage, config()) {}
    ~EmbedBridgeTest() override { bridge.reset(); }

    static SessionConfig config() {
        SessionConfig c;
        c.websocketUrl = "ws://stub/connection/websocket";
        c.maxAutoChatPages = 0;
        return c;
    }
    void makeBridge(const std::string& hint = kHost, std::vector<std::string> allowed = {kHost}) {
        EmbedBridge::Options o;
        o.allowedOrigins = std::move(allowed);
        o.selfOrigin = kSelf;
        o.appVersion = "test";
        EmbedBridge::Actions actions;
        actions.setTheme = [this](bool dark) { darkTheme = dark; };
        bridge = std::make_unique<EmbedBridge>(
            session, clock, o,
            [this](const std::string& message, const std::string& target) {
                const Json j = parseJson(message);
                posted.push_back({j.value("type", ""), j.value("payload", Json::object()), target});
            },
            actions);
        bridge->start(hint);
    }
    static std::string msg(const std::string& type, const std::string& payload) {
        return R"({"protocol":"whatrack-inbox","version":1,"type":")" + type + "\",\"payload\":" + payload + "}";
    }
    EmbedBridge::Handled send(const std::string& type, const std::string& payload, const std::string& origin = kHost,
                              bool fromParent = true) {
        const auto h = bridge->handleMessage(origin, fromParent, msg(type, payload));
        work();
        return h;
    }
    void work() {
        session.tick();
        bridge->tick();
    }
    void tick(int64_t ms) {
        clock.advance(ms);
        work();
    }
    std::string me(int64_t expiresAt) const {
        std::string s = kMe;
        return s.replace(s.find("EXP"), 3, std::to_string(expiresAt));
    }
    // inbox:auth, /auth/me and the first load answered; the token lives `ttlMs`.
    void signInThroughHost(const std::string& token = "tok-1", int64_t ttlMs = 600000) {
        ASSERT_EQ(send("inbox:auth", "{\"token\":\"" + token + "\"}"), EmbedBridge::Handled::Applied);
        const auto* call = http.find("/auth/me");
        ASSERT_TRUE(call);
        EXPECT_EQ(call->request.headers.at("Authorization"), "Bearer " + token);
        ASSERT_TRUE(http.respond("/auth/me", 200, me(clock.wall + ttlMs)));
        ASSERT_TRUE(http.respond("/whatsapp/instances", 200, samples::kInstances));
        http.respond("/ticket-stages", 200, samples::kStages);
        http.respond("/organization/members", 200, samples::kMembers);
        http.respond("/whatsapp/templates", 200, samples::kTemplates);
        ASSERT_TRUE(http.respond("/whatsapp/chats?", 200, std::string("{\"items\":[") + samples::kChatItem + "],\"nextCursor\":null}"));
        while (http.respond("/centrifugo/token", 200, R"({"token":"conn-jwt"})")) {
        }
        while (http.respond("/centrifugo/subscription-token", 200, R"({"token":"sub-jwt"})")) {
        }
        work();
    }
    // The newest call to `urlPart` (older ones may still be pending with the old token).
    std::string lastAuthorization(const std::string& urlPart) const {
        for (auto it = http.calls.rbegin(); it != http.calls.rend(); ++it)
            if (it->request.url.find(urlPart) != std::string::npos) return it->request.headers.at("Authorization");
        return "(no call)";
    }
    std::vector<Posted> take(const std::string& type) {
        std::vector<Posted> out;
        for (const Posted& p : posted)
            if (p.type == type) out.push_back(p);
        return out;
    }

    FakeClock clock;
    FakeHttp http;
    FakeWebSocket ws;
    FakeStorage storage;
    Session session;
    std::unique_ptr<EmbedBridge> bridge;
    std::vector<Posted> posted;
    std::optional<bool> darkTheme;
};

}  // namespace

TEST_F(EmbedBridgeTest, ReadyGoesOnlyToTheAllowedParent) {
    makeBridge(kHost);
    ASSERT_EQ(posted.size(), 1u);
    EXPECT_EQ(posted[0].type, "inbox:ready");
    EXPECT_EQ(posted[0].target, kHost);
    EXPECT_EQ(posted[0].payload["version"], 1);
    EXPECT_EQ(bridge->hostOrigin(), kHost);
}

TEST_F(EmbedBridgeTest, AnUnlistedParentHearsNothingAndCannotSignIn) {
    makeBridge("https://evil.test");
    EXPECT_TRUE(posted.empty());
    EXPECT_EQ(send("inbox:auth", R"({"token":"t"})", "https://evil.test"), EmbedBridge::Handled::IgnoredOrigin);
    EXPECT_FALSE(session.store().signedIn());
    EXPECT_TRUE(http.calls.empty());
}

TEST_F(EmbedBridgeTest, WithoutAHintReadyGoesToEachListedOriginAndTheFirstAnswerFixesTheHost) {
    makeBridge("", {kHost, "https://painel.example.com", "https://*.corp.test"});
    ASSERT_EQ(posted.size(), 3u);  // the two exact origins and the page's own; never a pattern, never "*"
    EXPECT_EQ(posted[0].target, kHost);
    EXPECT_EQ(posted[1].target, "https://painel.example.com");
    EXPECT_EQ(posted[2].target, kSelf);
    EXPECT_EQ(bridge->hostOrigin(), "");
    EXPECT_EQ(send("inbox:theme", R"({"theme":"dark"})", "https://a.corp.test"), EmbedBridge::Handled::Applied);
    EXPECT_EQ(bridge->hostOrigin(), "https://a.corp.test");
    // Another allowed origin cannot take over.
    EXPECT_EQ(send("inbox:theme", R"({"theme":"light"})", kHost), EmbedBridge::Handled::IgnoredOrigin);
    EXPECT_EQ(darkTheme, std::optional<bool>(true));
}

TEST_F(EmbedBridgeTest, MessagesFromOtherWindowsOrOriginsOrProtocolsAreIgnored) {
    makeBridge();
    posted.clear();
    EXPECT_EQ(send("inbox:auth", R"({"token":"t"})", "https://evil.test"), EmbedBridge::Handled::IgnoredOrigin);
    EXPECT_EQ(send("inbox:auth", R"({"token":"t"})", kHost, false), EmbedBridge::Handled::IgnoredSource);
    EXPECT_EQ(send("inbox:auth", R"({"token":"t"})", "null"), EmbedBridge::Handled::IgnoredOrigin);
    EXPECT_EQ(bridge->handleMessage(kHost, true, R"({"type":"inbox:auth","payload":{"token":"t"}})"),
              EmbedBridge::Handled::IgnoredForeign);
    EXPECT_EQ(send("inbox:something-new", "{}"), EmbedBridge::Handled::IgnoredUnknown);
    EXPECT_FALSE(session.store().signedIn());
    EXPECT_TRUE(http.calls.empty());
    EXPECT_TRUE(posted.empty());  // nothing answered, not even an error
}

TEST_F(EmbedBridgeTest, ABadMessageFromTheHostIsRefusedWithAnError) {
    makeBridge();
    EXPECT_EQ(send("inbox:auth", R"({"token":"a\r\nb"})"), EmbedBridge::Handled::Refused);
    EXPECT_FALSE(session.store().signedIn());
    auto errors = take("inbox:error");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].payload["code"], "bad_message");
    EXPECT_EQ(errors[0].target, kHost);
}

TEST_F(EmbedBridgeTest, AuthSignsInThenUnreadAndOpenedConversationAreReported) {
    makeBridge();
    // Asked before the agent is known: applied once /auth/me answered.
    signInThroughHost();
    ASSERT_TRUE(session.store().signedIn());
    EXPECT_EQ(session.store().currentUser().name, "Ana Souza");
    auto unread = take("inbox:unread");
    ASSERT_EQ(unread.size(), 1u);
    EXPECT_EQ(unread[0].payload["total"], 2);
    for (const Posted& p : posted) EXPECT_EQ(p.target, kHost);

    EXPECT_EQ(send("inbox:open-conversation", R"({"chatId":"12"})"), EmbedBridge::Handled::Applied);
    EXPECT_EQ(session.store().selectedChatId(), "12");
    auto opened = take("inbox:conversation-opened");
    ASSERT_EQ(opened.size(), 1u);
    EXPECT_EQ(opened[0].payload["chatId"], "12");
    // Nothing changed: nothing posted again.
    const size_t before = posted.size();
    work();
    EXPECT_EQ(posted.size(), before);
}

TEST_F(EmbedBridgeTest, OpenConversationSentWithAuthWaitsForTheAgent) {
    makeBridge();
    send("inbox:auth", R"({"token":"tok-1"})");
    send("inbox:open-conversation", R"({"chatId":"12"})");
    EXPECT_EQ(session.store().selectedChatId(), "");
    ASSERT_TRUE(http.respond("/auth/me", 200, me(clock.wall + 600000)));
    work();
    EXPECT_EQ(session.store().selectedChatId(), "12");
    EXPECT_TRUE(http.has("/whatsapp/chats/12/messages"));
}

TEST_F(EmbedBridgeTest, AConversationBeyondTheLoadedListIsFetched) {
    makeBridge();
    signInThroughHost();
    auto rowCalls = [this](const std::string& id) {
        int n = 0;
        for (const auto& c : http.calls)
            if (c.request.url == "/api/v1/whatsapp/chats/" + id) ++n;
        return n;
    };
    send("inbox:open-conversation", R"({"chatId":"77"})");
    EXPECT_EQ(session.store().selectedChatId(), "77");
    EXPECT_TRUE(http.has("/whatsapp/chats/77/messages"));
    ASSERT_EQ(rowCalls("77"), 1);
    std::string row = samples::kChatItem;
    row.replace(row.find("\"id\": \"12\""), 10, "\"id\": \"77\"");
    for (auto it = http.calls.begin(); it != http.calls.end(); ++it) {
        if (it->request.url != "/api/v1/whatsapp/chats/77") continue;
        auto done = std::move(it->done);
        http.calls.erase(it);
        HttpResponse resp;
        resp.status = 200;
        resp.body = row;
        done(resp);
        break;
    }
    ASSERT_NE(session.store().chat("77"), nullptr);
    EXPECT_EQ(session.store().chat("77")->name, "Mariana Lopes");
    // A chat the list holds is not fetched again.
    send("inbox:open-conversation", R"({"chatId":"12"})");
    EXPECT_EQ(rowCalls("12"), 0);
}

TEST_F(EmbedBridgeTest, SetInstanceFiltersOrRefusesAnUnknownNumber) {
    makeBridge();
    signInThroughHost();
    send("inbox:set-instance", R"({"instanceId":"100000000000002"})");
    EXPECT_EQ(session.store().selectedInstanceId(), "100000000000002");
    send("inbox:set-instance", R"({"instanceId":null})");
    EXPECT_EQ(session.store().selectedInstanceId(), "");
    send("inbox:set-instance", R"({"instanceId":"999"})");
    EXPECT_EQ(session.store().selectedInstanceId(), "");
    auto errors = take("inbox:error");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].payload["code"], "unknown_instance");
}

TEST_F(EmbedBridgeTest, TokenExpiringIsPostedAheadAndARenewalKeepsEverything) {
    makeBridge();
    signInThroughHost("tok-1", 20000);  // 20 s token: asked 5 s ahead
    session.selectChat("12");
    ASSERT_TRUE(http.respond("/conversations/12/ticket", 200, samples::kTicket));
    session.setDraft("rascunho da Ana");
    const int opens = ws.opens;
    tick(14000);
    EXPECT_TRUE(take("inbox:token-expiring").empty());
    EXPECT_LE(bridge->nextWakeMs(), clock.mono + 1000);
    tick(1000);
    auto expiring = take("inbox:token-expiring");
    ASSERT_EQ(expiring.size(), 1u);
    EXPECT_EQ(expiring[0].payload["inSeconds"], 5);
    tick(1000);
    EXPECT_EQ(take("inbox:token-expiring").size(), 1u);  // once per token

    send("inbox:auth", R"({"token":"tok-2"})");
    const auto* check = http.find("/auth/me");
    ASSERT_TRUE(check);
    EXPECT_EQ(check->request.headers.at("Authorization"), "Bearer tok-2");
    ASSERT_TRUE(http.respond("/auth/me", 200, me(clock.wall + 20000)));
    work();
    // Same agent: data, draft and the realtime link untouched, later calls carry the new token.
    EXPECT_TRUE(session.store().signedIn());
    EXPECT_EQ(session.store().selectedChatId(), "12");
    EXPECT_EQ(session.store().draft("12"), "rascunho da Ana");
    EXPECT_EQ(ws.opens, opens);
    http.calls.clear();
    session.changeStage("3");
    EXPECT_EQ(lastAuthorization("/tickets/12"), "Bearer tok-2");
    // The new token gets its own warning.
    tick(16000);
    EXPECT_EQ(take("inbox:token-expiring").size(), 2u);
}

TEST_F(EmbedBridgeTest, A401AsksTheHostAndTheCallGoesOnWithTheNewToken) {
    makeBridge();
    signInThroughHost();
    tick(10000);  // past the "just signed in" guard
    session.selectChat("12");
    posted.clear();
    ASSERT_TRUE(http.respond("/whatsapp/chats/12/messages", 401, R"({"error":{"code":"unauthorized","message":"x"}})"));
    auto expiring = take("inbox:token-expiring");
    ASSERT_EQ(expiring.size(), 1u);
    EXPECT_EQ(expiring[0].payload["inSeconds"], 0);
    EXPECT_TRUE(bridge->waitingForToken());
    EXPECT_FALSE(http.has("/whatsapp/chats/12/messages"));  // waits for the host

    send("inbox:auth", R"({"token":"tok-2"})");
    ASSERT_TRUE(http.respond("/auth/me", 200, me(clock.wall + 600000)));
    const auto* retried = http.find("/whatsapp/chats/12/messages");
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->request.headers.at("Authorization"), "Bearer tok-2");
    EXPECT_FALSE(bridge->waitingForToken());
    EXPECT_FALSE(session.authExpired());
}

TEST_F(EmbedBridgeTest, NoAnswerKeepsTheSessionAndTheDraftAndNeverSignsOut) {
    makeBridge();
    signInThroughHost();
    tick(10000);
    session.selectChat("12");
    session.setDraft("não perca isto");
    posted.clear();
    http.respond("/whatsapp/chats/12/messages", 401, "{}");
    tick(30000);
    EXPECT_FALSE(bridge->waitingForToken());
    EXPECT_TRUE(session.store().signedIn());  // no sign-in screen inside the frame
    EXPECT_TRUE(session.authExpired());
    EXPECT_EQ(session.store().draft("12"), "não perca isto");
    auto errors = take("inbox:error");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].payload["code"], "token_expired");

    // A late answer brings everything back.
    send("inbox:auth", R"({"token":"tok-3"})");
    ASSERT_TRUE(http.respond("/auth/me", 200, me(clock.wall + 600000)));
    work();
    EXPECT_FALSE(session.authExpired());
    EXPECT_TRUE(http.has("/whatsapp/chats?"));  // refetch of what failed meanwhile
    EXPECT_EQ(lastAuthorization("/whatsapp/chats?"), "Bearer tok-3");
    EXPECT_EQ(lastAuthorization("/whatsapp/chats/12/messages"), "Bearer tok-3");
}

TEST_F(EmbedBridgeTest, ARefusedRenewalKeepsTheOldTokenAndTellsTheHost) {
    makeBridge();
    signInThroughHost();
    send("inbox:auth", R"({"token":"bad"})");
    ASSERT_TRUE(http.respond("/auth/me", 401, "{}"));
    EXPECT_FALSE(bridge->waitingForToken());  // the check's 401 does not ask the host again
    auto errors = take("inbox:error");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].payload["code"], "auth_failed");
    EXPECT_TRUE(session.store().signedIn());
    session.selectChat("12");
    EXPECT_EQ(http.find("/whatsapp/chats/12/messages")->request.headers.at("Authorization"), "Bearer tok-1");
}

TEST_F(EmbedBridgeTest, AnotherAgentsTokenReplacesTheWholeSession) {
    makeBridge();
    signInThroughHost();
    send("inbox:auth", R"({"token":"tok-bruno"})");
    ASSERT_TRUE(http.respond("/auth/me", 200, R"({"user":{"id":"2","name":"Bruno"},"organizationId":"1","expiresAt":0})"));
    EXPECT_EQ(session.store().currentUser().id, "2");
    EXPECT_FALSE(session.store().chatsLoaded());  // Ana's list is gone
    ASSERT_TRUE(http.find("/whatsapp/chats?"));
    EXPECT_EQ(http.find("/whatsapp/chats?")->request.headers.at("Authorization"), "Bearer tok-bruno");
}

TEST_F(EmbedBridgeTest, AnInvalidFirstTokenIsReportedAndShowsNoData) {
    makeBridge();
    send("inbox:auth", R"({"token":"bad"})");
    ASSERT_TRUE(http.respond("/auth/me", 401, "{}"));
    work();
    EXPECT_FALSE(session.store().signedIn());
    EXPECT_FALSE(bridge->waitingForToken());  // not asked again right away: no loop with the host
    auto errors = take("inbox:error");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].payload["code"], "auth_failed");
}

TEST_F(EmbedBridgeTest, TicketClosedByTheAgentIsReported) {
    makeBridge();
    signInThroughHost();
    session.selectChat("12");
    ASSERT_TRUE(http.respond("/conversations/12/ticket", 200, samples::kTicket));
    session.closeTicket("won");
    std::string closed = samples::kTicket;
    closed.replace(closed.find("\"status\": \"open\""), 16, "\"status\": \"won\"");
    closed.replace(closed.find("\"version\": 3"), 12, "\"version\": 4");
    ASSERT_TRUE(http.respond("/tickets/12/close", 200, closed));
    auto events = take("inbox:ticket-closed");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].payload["ticketId"], "12");
    EXPECT_EQ(events[0].payload["outcome"], "won");
    EXPECT_EQ(events[0].payload["dealValue"], 150000);
}

TEST_F(EmbedBridgeTest, SignOutAndThemeFromTheHost) {
    makeBridge();
    signInThroughHost();
    send("inbox:theme", R"({"theme":"dark"})");
    EXPECT_EQ(darkTheme, std::optional<bool>(true));
    send("inbox:sign-out", "{}");
    EXPECT_FALSE(session.store().signedIn());
    auto unread = take("inbox:unread");
    ASSERT_EQ(unread.size(), 2u);
    EXPECT_EQ(unread[1].payload["total"], 0);
}
