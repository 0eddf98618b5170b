#include <gtest/gtest.h>

#include "core/rest_client.h"
#include "fakes.h"

using namespace inbox::core;
using inbox::test::FakeClock;
using inbox::test::FakeHttp;

namespace {

struct Source : TokenSource {
    void fetchFreshToken(std::function<void(const std::string&)> done) override {
        ++calls;
        pending = std::move(done);
    }
    int calls = 0;
    std::function<void(const std::string&)> pending;
};

void tickFor(RestClient& rest, FakeClock& clock, int64_t ms) {
    for (int64_t t = 0; t < ms; t += 100) {
        clock.advance(100);
        rest.tick();
    }
}

}  // namespace

TEST(RestRequests, BuildersFollowTheContract) {
    EXPECT_EQ(requests::chats("100", "joão silva", "", 30).path, "/whatsapp/chats?instanceId=100&q=jo%C3%A3o%20silva&limit=30");
    EXPECT_EQ(requests::messages("12", "cur/x", 50).path, "/whatsapp/chats/12/messages?before=cur%2Fx&limit=50");
    const RestRequest send = requests::sendText("12", "Olá", "c-1");
    EXPECT_EQ(send.method, "POST");
    EXPECT_EQ(send.body, R"({"clientId":"c-1","text":"Olá"})");
    EXPECT_TRUE(send.idempotent);
    TicketPatch p;
    p.stageId = "2";
    p.clearAssignee = true;
    const RestRequest patch = requests::patchTicket("12", p);
    EXPECT_EQ(patch.method, "PATCH");
    EXPECT_EQ(patch.body, R"({"assigneeId":null,"stageId":"2"})");
    EXPECT_FALSE(requests::closeTicket("12", "won", "").idempotent);
    EXPECT_FALSE(requests::login("a", "b").authenticated);
    EXPECT_EQ(requests::subscriptionToken("org:1:messages").path, "/centrifugo/subscription-token?channel=org%3A1%3Amessages");
}

TEST(RestClient, SendsBearerAndDecodesJson) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "http://api/api/v1");
    rest.setBearer("tok");
    RestResult got;
    rest.send(requests::instances(), [&](const RestResult& r) { got = r; });
    ASSERT_EQ(http.calls.size(), 1u);
    EXPECT_EQ(http.calls[0].request.url, "http://api/api/v1/whatsapp/instances");
    EXPECT_EQ(http.calls[0].request.headers.at("Authorization"), "Bearer tok");
    http.respond("instances", 200, R"([{"id":"1"}])");
    EXPECT_TRUE(got.ok());
    EXPECT_TRUE(got.json.is_array());
    EXPECT_EQ(rest.metrics().requests, 1u);
}

TEST(RestClient, RetriesIdempotentOnNetworkErrorAnd5xxWithBackoff) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "");
    int done = 0;
    RestResult got;
    rest.send(requests::chats("", "", "", 30), [&](const RestResult& r) {
        ++done;
        got = r;
    });
    http.respond("chats", 0, "");
    EXPECT_TRUE(http.calls.empty());  // not immediately: after a backoff delay
    EXPECT_LT(rest.nextWakeMs(), INT64_MAX);
    tickFor(rest, clock, 1100);
    ASSERT_EQ(http.calls.size(), 1u);
    http.respond("chats", 503, R"({"error":{"code":"unavailable","message":"x"}})");
    tickFor(rest, clock, 1600);
    ASSERT_EQ(http.calls.size(), 1u);
    http.respond("chats", 200, R"({"items":[],"nextCursor":null})");
    EXPECT_EQ(done, 1);
    EXPECT_TRUE(got.ok());
    EXPECT_EQ(got.attempts, 3);
    EXPECT_EQ(rest.metrics().retries, 2u);
    EXPECT_EQ(rest.metrics().requests, 3u);
}

TEST(RestClient, GivesUpAfterMaxAttempts) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "");
    RestResult got;
    got.status = -1;
    rest.send(requests::stages(), [&](const RestResult& r) { got = r; });
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(http.respond("stages", 500, "")) << i;
        tickFor(rest, clock, 10000);
    }
    EXPECT_EQ(got.status, 500);
    EXPECT_EQ(got.attempts, 4);
    EXPECT_EQ(rest.metrics().failures, 1u);
}

TEST(RestClient, NonIdempotentAnd4xxAreNotRetried) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "");
    int done = 0;
    rest.send(requests::closeTicket("1", "won", ""), [&](const RestResult& r) {
        ++done;
        EXPECT_EQ(r.status, 0);
    });
    http.respond("close", 0, "");
    EXPECT_EQ(done, 1);
    rest.send(requests::ticket("1"), [&](const RestResult& r) {
        ++done;
        EXPECT_EQ(r.status, 404);
        EXPECT_EQ(r.error.code, "not_found");
    });
    http.respond("ticket", 404, R"({"error":{"code":"not_found","message":"Ticket não encontrado"}})");
    EXPECT_EQ(done, 2);
    EXPECT_TRUE(http.calls.empty());
}

TEST(RestClient, Unauthorized401GetsFreshTokenAndRetriesOnce) {
    FakeClock clock;
    FakeHttp http;
    Source source;
    RestClient rest(http, clock, "");
    rest.setBearer("old");
    rest.setTokenSource(&source);
    int unauthorized = 0;
    rest.setUnauthorizedHandler([&] { ++unauthorized; });
    RestResult a, b;
    rest.send(requests::instances(), [&](const RestResult& r) { a = r; });
    rest.send(requests::members(), [&](const RestResult& r) { b = r; });
    http.respond("instances", 401, "");
    http.respond("members", 401, "");
    EXPECT_EQ(source.calls, 1);  // one token request for both
    ASSERT_TRUE(source.pending);
    source.pending("new");
    ASSERT_EQ(http.calls.size(), 2u);
    EXPECT_EQ(http.calls[0].request.headers.at("Authorization"), "Bearer new");
    http.respond("instances", 200, "[]");
    http.respond("members", 401, "");  // still refused: no second refresh
    EXPECT_TRUE(a.ok());
    EXPECT_EQ(b.status, 401);
    EXPECT_EQ(source.calls, 1);
    EXPECT_EQ(unauthorized, 1);
}

TEST(RestClient, EmptyFreshTokenMeansSignedOut) {
    FakeClock clock;
    FakeHttp http;
    Source source;
    RestClient rest(http, clock, "");
    rest.setTokenSource(&source);
    int unauthorized = 0;
    rest.setUnauthorizedHandler([&] { ++unauthorized; });
    RestResult got;
    rest.send(requests::instances(), [&](const RestResult& r) { got = r; });
    http.respond("instances", 401, "");
    source.pending("");
    EXPECT_EQ(got.status, 401);
    EXPECT_EQ(unauthorized, 1);
}

TEST(RestClient, CancelAllDropsCallbacks) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "");
    int done = 0;
    rest.send(requests::instances(), [&](const RestResult&) { ++done; });
    rest.cancelAll();
    http.respond("instances", 200, "[]");
    EXPECT_EQ(done, 0);
}

TEST(RestClient, CallbackAfterDestructionIsSafe) {
    FakeClock clock;
    FakeHttp http;
    int done = 0;
    {
        RestClient rest(http, clock, "");
        rest.send(requests::instances(), [&](const RestResult&) { ++done; });
    }
    http.respond("instances", 200, "[]");
    EXPECT_EQ(done, 0);
}

TEST(RestClient, APerRequestBearerChecksANewTokenWithoutTouchingTheSessionsOwn) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "/api/v1");
    Source source;
    int unauthorized = 0;
    rest.setTokenSource(&source);
    rest.setUnauthorizedHandler([&] { ++unauthorized; });
    rest.setBearer("old");
    RestRequest check = requests::me();
    check.bearer = "new";
    int status = -1;
    rest.send(check, [&](const RestResult& r) { status = r.status; });
    ASSERT_EQ(http.calls.size(), 1u);
    EXPECT_EQ(http.calls[0].request.headers.at("Authorization"), "Bearer new");
    ASSERT_TRUE(http.respond("/auth/me", 401, "{}"));
    // Its 401 is the answer about that token: no fresh token asked, the session's token not condemned.
    EXPECT_EQ(status, 401);
    EXPECT_EQ(source.calls, 0);
    EXPECT_EQ(unauthorized, 0);
    EXPECT_EQ(rest.bearer(), "old");
    rest.send(requests::instances(), [](const RestResult&) {});
    EXPECT_EQ(http.calls.back().request.headers.at("Authorization"), "Bearer old");
}

// ---- conditional requests (docs/API.md) ---------------------------------------------------------

namespace {
// Answers the first pending call with a status, a body and an ETag.
void answer(FakeHttp& http, int status, const std::string& body, const std::string& etag) {
    ASSERT_FALSE(http.calls.empty());
    auto call = std::move(http.calls.front());
    http.calls.pop_front();
    HttpResponse resp;
    resp.status = status;
    resp.body = body;
    if (!etag.empty()) resp.headers["etag"] = etag;
    call.done(resp);
}
}  // namespace

TEST(RestClient, ConditionalGetRevalidatesAndA304GivesTheKeptAnswer) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "/api/v1");
    rest.setBearer("tok");
    EXPECT_TRUE(requests::ticket("12").conditional);
    EXPECT_TRUE(requests::messages("12", "", 50).conditional);
    EXPECT_FALSE(requests::centrifugoToken().conditional);  // tokens are never kept
    RestResult got;
    rest.send(requests::ticket("12"), [&](const RestResult& r) { got = r; });
    EXPECT_EQ(http.calls.front().request.headers.count("If-None-Match"), 0u);
    answer(http, 200, R"({"id":"7","version":3})", "\"abc\"");
    EXPECT_EQ(got.json["version"], 3);

    rest.send(requests::ticket("12"), [&](const RestResult& r) { got = r; });
    EXPECT_EQ(http.calls.front().request.headers.at("If-None-Match"), "\"abc\"");
    answer(http, 304, "", "\"abc\"");
    EXPECT_TRUE(got.ok());
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.json["version"], 3);
    EXPECT_EQ(rest.metrics().notModified, 1u);

    // Changed: the new answer replaces the kept one.
    rest.send(requests::ticket("12"), [&](const RestResult& r) { got = r; });
    answer(http, 200, R"({"id":"7","version":4})", "\"def\"");
    rest.send(requests::ticket("12"), [&](const RestResult& r) { got = r; });
    EXPECT_EQ(http.calls.front().request.headers.at("If-None-Match"), "\"def\"");
    // Another path is its own entry.
    http.calls.clear();
    rest.send(requests::ticket("13"), [&](const RestResult& r) { got = r; });
    EXPECT_EQ(http.calls.front().request.headers.count("If-None-Match"), 0u);
}

TEST(RestClient, KeptAnswersGoWithTheTokenAndAreNotKeptForPlainRequests) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "/api/v1");
    rest.setBearer("tok");
    rest.send(requests::instances(), [](const RestResult&) {});
    answer(http, 200, "[]", "\"i\"");
    rest.send(requests::messages("12", "", 50), [](const RestResult&) {});
    answer(http, 200, R"({"items":[]})", "\"m\"");
    EXPECT_EQ(rest.validatedCount(), 1u);  // only the conditional one
    rest.setBearer("tok");  // the same token: kept
    EXPECT_EQ(rest.validatedCount(), 1u);
    rest.setBearer("someone-else");
    EXPECT_EQ(rest.validatedCount(), 0u);
    rest.send(requests::messages("12", "", 50), [](const RestResult&) {});
    EXPECT_EQ(http.calls.front().request.headers.count("If-None-Match"), 0u);
    answer(http, 200, R"({"items":[]})", "\"m\"");
    rest.cancelAll();  // sign-out
    EXPECT_EQ(rest.validatedCount(), 0u);
}

TEST(RestClient, A304WhoseKeptAnswerIsGoneIsAskedAgainPlainly) {
    FakeClock clock;
    FakeHttp http;
    RestClient rest(http, clock, "/api/v1");
    rest.setBearer("tok");
    rest.send(requests::ticket("12"), [](const RestResult&) {});
    answer(http, 200, R"({"id":"7"})", "\"abc\"");
    RestResult got;
    rest.send(requests::ticket("12"), [&](const RestResult& r) { got = r; });
    rest.setBearer("renewed");  // drops what was kept while the request is on its way
    answer(http, 304, "", "\"abc\"");
    ASSERT_EQ(http.calls.size(), 1u);
    EXPECT_EQ(http.calls.front().request.headers.count("If-None-Match"), 0u);
    answer(http, 200, R"({"id":"7","version":5})", "\"x\"");
    EXPECT_EQ(got.json["version"], 5);
}
