// Protocol scenarios of centrifugo-protocol.md, driven by a fake WebSocket and a fake clock.
#include <gtest/gtest.h>

#include "core/backoff.h"
#include "core/centrifuge_client.h"
#include "core/json_access.h"
#include "fakes.h"

using namespace inbox::core;
using inbox::test::FakeClock;
using inbox::test::FakeWebSocket;

namespace {

struct Recorder : CentrifugeListener {
    void onStateChanged(ClientState s, int code, const std::string& reason) override {
        states.push_back(s);
        codes.push_back(code);
        reasons.push_back(reason);
    }
    void onPublication(const std::string& channel, const Json& data, uint64_t offset) override {
        pubs.push_back({channel, dumpJson(data), offset});
    }
    void onSubscribed(const std::string& channel, bool wasRecovering, bool recovered) override {
        subscribed.push_back(channel + (wasRecovering ? ":rec" : "") + (recovered ? ":ok" : ""));
    }
    void onUnsubscribed(const std::string& channel, int code, const std::string&) override {
        unsubscribed.push_back(channel + ":" + std::to_string(code));
    }
    void onRefetchNeeded(const std::string& channel) override { refetch.push_back(channel); }
    struct Pub {
        std::string channel, data;
        uint64_t offset;
    };
    std::vector<ClientState> states;
    std::vector<int> codes;
    std::vector<std::string> reasons;
    std::vector<Pub> pubs;
    std::vector<std::string> subscribed, unsubscribed, refetch;
};

class CentrifugeTest : public ::testing::Test {
protected:
    CentrifugeTest() : client(ws, clock, config()) {
        client.setListener(&rec);
        client.setConnectionTokenGetter([this](TokenDone done) {
            ++tokenCalls;
            if (autoToken) done(TokenReply::ok("conn-token-" + std::to_string(tokenCalls)));
            else pendingToken = std::move(done);
        });
        client.setSubscriptionTokenGetter([this](const std::string& ch, TokenDone done) {
            ++subTokenCalls;
            if (subTokenUnauthorized) done(TokenReply::unauthorized());
            else done(TokenReply::ok("sub-" + ch + "-" + std::to_string(subTokenCalls)));
        });
    }
    static CentrifugeConfig config() {
        CentrifugeConfig c;
        c.url = "ws://test/connection/websocket";
        c.version = "test";
        return c;
    }
    // Connect, answer the connect reply (+subscribes) and return the first frame.
    std::string connectAndAccept(const std::string& connectResult = R"({"client":"c1","ping":25,"pong":true})") {
        client.connect();
        ws.serverOpen();
        const std::string frame = ws.takeSent();
        std::string reply = R"({"id":1,"connect":)" + connectResult + "}";
        for (const auto& line : lines(frame)) {
            const Json j = parseJson(line);
            if (j.contains("subscribe")) {
                reply += "\n{\"id\":" + std::to_string(j["id"].get<int>()) +
                         R"(,"subscribe":{"recoverable":true,"positioned":true,"epoch":"E1","offset":5}})";
            }
        }
        ws.serverSend(reply);
        return frame;
    }
    static std::vector<std::string> lines(const std::string& frame) {
        std::vector<std::string> out;
        size_t start = 0;
        while (start <= frame.size()) {
            size_t end = frame.find('\n', start);
            if (end == std::string::npos) end = frame.size();
            out.push_back(frame.substr(start, end - start));
            start = end + 1;
        }
        return out;
    }
    // Ticks in small steps until the client opens a new socket; returns the time waited.
    int64_t waitForReopen(int64_t limit = 21000) {
        const int opens = ws.opens;
        int64_t waited = 0;
        while (ws.opens == opens && waited < limit) {
            clock.advance(100);
            waited += 100;
            client.tick();
        }
        return waited;
    }
    void advanceAndTick(int64_t ms, int64_t step = 1000) {
        for (int64_t t = 0; t < ms; t += step) {
            clock.advance(std::min(step, ms - t));
            client.tick();
        }
    }

    FakeClock clock;
    FakeWebSocket ws;
    Recorder rec;
    CentrifugeClient client;
    int tokenCalls = 0;
    int subTokenCalls = 0;
    bool autoToken = true;
    bool subTokenUnauthorized = false;
    TokenDone pendingToken;
};

}  // namespace

TEST_F(CentrifugeTest, ConnectAndSubscribesAreBatchedInOneFrame) {
    client.subscribe("org:1:messages");
    client.subscribe("org:1:tickets");
    client.connect();
    EXPECT_EQ(client.state(), ClientState::Connecting);
    ASSERT_EQ(ws.opens, 1);
    EXPECT_EQ(ws.url, "ws://test/connection/websocket");
    EXPECT_TRUE(ws.sent.empty());  // nothing before the socket opens
    ws.serverOpen();
    ASSERT_EQ(ws.sent.size(), 1u);
    const auto ls = lines(ws.sent[0]);
    ASSERT_EQ(ls.size(), 3u);
    const Json c = parseJson(ls[0]);
    EXPECT_EQ(c["id"], 1);
    EXPECT_EQ(c["connect"]["token"], "conn-token-1");
    const Json s1 = parseJson(ls[1]);
    const Json s2 = parseJson(ls[2]);
    EXPECT_EQ(s1["id"], 2);
    EXPECT_EQ(s2["id"], 3);
    EXPECT_EQ(s1["subscribe"]["channel"], "org:1:messages");
    EXPECT_EQ(s1["subscribe"]["token"], "sub-org:1:messages-1");
    EXPECT_FALSE(s1["subscribe"].contains("recover"));  // nothing to recover yet
    EXPECT_EQ(ws.sent[0].back(), '}');                   // no trailing newline
}

TEST_F(CentrifugeTest, ConnectedAfterReplyAndSubscribedWithPosition) {
    client.subscribe("org:1:messages");
    connectAndAccept();
    EXPECT_EQ(client.state(), ClientState::Connected);
    EXPECT_EQ(client.subState("org:1:messages"), SubState::Subscribed);
    EXPECT_EQ(client.offset("org:1:messages"), 5u);
    EXPECT_EQ(client.epoch("org:1:messages"), "E1");
    EXPECT_TRUE(client.allSubscribed());
}

TEST_F(CentrifugeTest, MixedFrameOfReplyPushAndPing) {
    client.subscribe("org:1:messages");
    client.connect();
    ws.serverOpen();
    ws.takeSent();
    ws.serverSend(
        "{\"id\":1,\"connect\":{\"client\":\"c\",\"ping\":25,\"pong\":true}}\n"
        "{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"E\",\"offset\":7}}\n"
        "{\"push\":{\"channel\":\"org:1:messages\",\"pub\":{\"data\":{\"type\":\"x\"},\"offset\":8}}}\n"
        "{}");
    EXPECT_EQ(client.state(), ClientState::Connected);
    ASSERT_EQ(rec.pubs.size(), 1u);
    EXPECT_EQ(rec.pubs[0].offset, 8u);
    EXPECT_EQ(client.offset("org:1:messages"), 8u);
    ASSERT_EQ(ws.sent.size(), 1u);
    EXPECT_EQ(ws.sent[0], "{}");
}

TEST_F(CentrifugeTest, ExactlyOnePongPerPingNeverUnprompted) {
    connectAndAccept();
    EXPECT_TRUE(ws.sent.empty());  // no pong before a ping
    ws.serverSend("{}");
    ASSERT_EQ(ws.sent.size(), 1u);
    EXPECT_EQ(ws.sent[0], "{}");
    ws.sent.clear();
    ws.serverSend("{}\n{}");  // two pings in one frame → two pongs, one frame
    ASSERT_EQ(ws.sent.size(), 1u);
    EXPECT_EQ(ws.sent[0], "{}\n{}");
    ws.sent.clear();
    advanceAndTick(20000);
    EXPECT_TRUE(ws.sent.empty());  // silence: nothing sent on our own
    EXPECT_EQ(client.metrics().pongs, 3u);
}

TEST_F(CentrifugeTest, NoPongWhenServerDidNotAskForIt) {
    connectAndAccept(R"({"client":"c1","ping":25})");
    ws.serverSend("{}");
    EXPECT_TRUE(ws.sent.empty());
}

TEST_F(CentrifugeTest, PingTimeoutClosesAndReconnects) {
    connectAndAccept();
    advanceAndTick(34000);
    EXPECT_EQ(client.state(), ClientState::Connected);  // 25 s + 10 s not yet over
    ws.serverSend("{}");                                 // any frame re-arms the watchdog
    advanceAndTick(34000);
    EXPECT_EQ(client.state(), ClientState::Connected);
    advanceAndTick(1000);
    EXPECT_EQ(client.state(), ClientState::Connecting);
    EXPECT_EQ(ws.opens, 1);
    EXPECT_EQ(ws.closes, 1);
    EXPECT_EQ(client.lastCode(), 2);  // no ping
    EXPECT_LE(waitForReopen(), 20000);
    EXPECT_EQ(ws.opens, 2);  // reconnected within the backoff bound
    EXPECT_EQ(client.metrics().reconnects, 1u);
}

TEST_F(CentrifugeTest, LateTimerAfterSleepGivesGraceForBufferedPing) {
    connectAndAccept();
    client.tick();
    // The tab slept for 60 s: the first tick after it is overdue, but the buffered ping may follow.
    clock.advance(60000);
    client.tick();
    EXPECT_EQ(client.state(), ClientState::Connected);
    ws.serverSend("{}");
    client.tick();
    EXPECT_EQ(client.state(), ClientState::Connected);
    // Really dead: after the grace it reconnects.
    clock.advance(60000);
    client.tick();
    EXPECT_EQ(client.state(), ClientState::Connected);
    advanceAndTick(4000);
    EXPECT_EQ(client.state(), ClientState::Connecting);
}

TEST_F(CentrifugeTest, Close3005FetchesFreshTokenBeforeReconnect) {
    connectAndAccept();
    EXPECT_EQ(tokenCalls, 1);
    ws.serverClose(3005, "connection expired");
    EXPECT_EQ(client.state(), ClientState::Connecting);
    waitForReopen();
    EXPECT_EQ(tokenCalls, 2);
    ws.serverOpen();
    const Json c = parseJson(lines(ws.takeSent())[0]);
    EXPECT_EQ(c["connect"]["token"], "conn-token-2");
}

TEST_F(CentrifugeTest, ConnectError109GetsNewTokenAndRetries) {
    client.connect();
    ws.serverOpen();
    ws.takeSent();
    ws.serverSend(R"({"id":1,"error":{"code":109,"message":"token expired"}})");
    EXPECT_EQ(client.state(), ClientState::Connecting);
    EXPECT_EQ(ws.closes, 1);
    waitForReopen();
    EXPECT_EQ(tokenCalls, 2);
    ws.serverOpen();
    const Json c = parseJson(lines(ws.takeSent())[0]);
    EXPECT_EQ(c["id"], 1u + 1u);  // ids keep incrementing across connections
    EXPECT_EQ(c["connect"]["token"], "conn-token-2");
    ws.serverSend(R"({"id":2,"connect":{"client":"c2"}})");
    EXPECT_EQ(client.state(), ClientState::Connected);
}

TEST_F(CentrifugeTest, NonRetryableConnectErrorIsTerminal) {
    client.connect();
    ws.serverOpen();
    ws.takeSent();
    ws.serverSend(R"({"id":1,"error":{"code":101,"message":"unauthorized"}})");
    EXPECT_EQ(client.state(), ClientState::Disconnected);
    advanceAndTick(60000);
    EXPECT_EQ(ws.opens, 1);
}

TEST_F(CentrifugeTest, Close3500IsTerminal) {
    connectAndAccept();
    ws.serverClose(3500, "invalid token");
    EXPECT_EQ(client.state(), ClientState::Disconnected);
    EXPECT_EQ(client.lastCode(), 3500);
    advanceAndTick(60000);
    EXPECT_EQ(ws.opens, 1);
}

TEST_F(CentrifugeTest, Close1009IsTerminal) {
    connectAndAccept();
    ws.serverClose(1009, "message too big");
    EXPECT_EQ(client.state(), ClientState::Disconnected);
    advanceAndTick(60000);
    EXPECT_EQ(ws.opens, 1);
}

TEST_F(CentrifugeTest, CloseCodeRanges) {
    struct Case {
        int code;
        bool reconnect;
    };
    const Case cases[] = {{1000, true},  {1006, true},  {3000, true},  {3001, true}, {3012, true},
                          {3499, true},  {3501, false}, {3999, false}, {4000, true}, {4499, true},
                          {4500, false}, {4999, false}, {1009, false}};
    for (const Case& c : cases) {
        FakeClock clk;
        FakeWebSocket sock;
        CentrifugeClient cl(sock, clk, config());
        cl.connect();
        sock.serverOpen();
        sock.serverSend(R"({"id":1,"connect":{"client":"c"}})");
        ASSERT_EQ(cl.state(), ClientState::Connected);
        sock.serverClose(c.code, "x");
        EXPECT_EQ(cl.state(), c.reconnect ? ClientState::Connecting : ClientState::Disconnected) << c.code;
        clk.advance(25000);
        cl.tick();
        EXPECT_EQ(sock.opens, c.reconnect ? 2 : 1) << c.code;
    }
}

TEST_F(CentrifugeTest, RecoveredFalseRaisesRefetchAndAdoptsPosition) {
    client.subscribe("org:1:messages");
    connectAndAccept();
    ws.serverClose(3001, "shutdown");
    waitForReopen();
    ws.serverOpen();
    const auto ls = lines(ws.takeSent());
    ASSERT_EQ(ls.size(), 2u);
    const Json sub = parseJson(ls[1]);
    EXPECT_EQ(sub["subscribe"]["recover"], true);
    EXPECT_EQ(sub["subscribe"]["offset"], 5);
    EXPECT_EQ(sub["subscribe"]["epoch"], "E1");
    const int connectId = parseJson(ls[0])["id"].get<int>();
    const int subId = sub["id"].get<int>();
    ws.serverSend("{\"id\":" + std::to_string(connectId) + ",\"connect\":{\"client\":\"c2\"}}\n{\"id\":" +
                  std::to_string(subId) +
                  ",\"subscribe\":{\"recoverable\":true,\"epoch\":\"E2\",\"offset\":40,\"was_recovering\":true}}");
    ASSERT_EQ(rec.refetch.size(), 1u);
    EXPECT_EQ(rec.refetch[0], "org:1:messages");
    EXPECT_EQ(client.epoch("org:1:messages"), "E2");
    EXPECT_EQ(client.offset("org:1:messages"), 40u);
}

TEST_F(CentrifugeTest, RecoveredTrueReplaysPublicationsInOrderWithoutRefetch) {
    client.subscribe("org:1:messages");
    connectAndAccept();
    ws.serverClose(1006, "");
    waitForReopen();
    ws.serverOpen();
    const auto ls = lines(ws.takeSent());
    const int connectId = parseJson(ls[0])["id"].get<int>();
    const int subId = parseJson(ls[1])["id"].get<int>();
    ws.serverSend("{\"id\":" + std::to_string(connectId) + ",\"connect\":{}}\n{\"id\":" + std::to_string(subId) +
                  ",\"subscribe\":{\"recoverable\":true,\"epoch\":\"E1\",\"offset\":5,\"was_recovering\":true,"
                  "\"recovered\":true,\"publications\":[{\"data\":{\"n\":6},\"offset\":6},{\"data\":{\"n\":7},\"offset\":7}]}}");
    EXPECT_TRUE(rec.refetch.empty());
    ASSERT_EQ(rec.pubs.size(), 2u);
    EXPECT_EQ(rec.pubs[0].data, R"({"n":6})");
    EXPECT_EQ(rec.pubs[1].data, R"({"n":7})");
    EXPECT_EQ(client.offset("org:1:messages"), 7u);
    // A duplicate delivery of offset 7 is dropped.
    ws.serverSend(R"({"push":{"channel":"org:1:messages","pub":{"data":{"n":7},"offset":7}}})");
    EXPECT_EQ(rec.pubs.size(), 2u);
}

TEST_F(CentrifugeTest, UnsubscribePushCodes) {
    client.subscribe("org:1:messages");
    client.subscribe("org:1:tickets");
    connectAndAccept();
    const int before = subTokenCalls;
    ws.serverSend(R"({"push":{"channel":"org:1:messages","unsubscribe":{"code":2501,"reason":"subscription expired"}}})");
    EXPECT_EQ(client.subState("org:1:messages"), SubState::Subscribing);
    EXPECT_EQ(subTokenCalls, before + 1);  // fresh token for the resubscribe
    ASSERT_EQ(ws.sent.size(), 1u);
    const Json sub = parseJson(ws.takeSent());
    EXPECT_EQ(sub["subscribe"]["channel"], "org:1:messages");
    EXPECT_EQ(sub["subscribe"]["recover"], true);
    ws.serverSend(R"({"push":{"channel":"org:1:tickets","unsubscribe":{"code":2000,"reason":"server unsubscribe"}}})");
    EXPECT_EQ(client.subState("org:1:tickets"), SubState::Unsubscribed);
    ASSERT_EQ(rec.unsubscribed.size(), 1u);
    EXPECT_EQ(rec.unsubscribed[0], "org:1:tickets:2000");
    EXPECT_TRUE(ws.sent.empty());
}

TEST_F(CentrifugeTest, SubscribeError109RefetchesTokenWithBackoff) {
    client.subscribe("org:1:messages");
    client.connect();
    ws.serverOpen();
    ws.takeSent();
    ws.serverSend("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"error\":{\"code\":109,\"message\":\"token expired\"}}");
    EXPECT_EQ(client.subState("org:1:messages"), SubState::Subscribing);
    EXPECT_TRUE(ws.sent.empty());
    advanceAndTick(21000, 100);
    EXPECT_EQ(subTokenCalls, 2);
    ASSERT_FALSE(ws.sent.empty());
    const Json sub = parseJson(ws.sent[0]);
    EXPECT_EQ(sub["subscribe"]["token"], "sub-org:1:messages-2");
}

TEST_F(CentrifugeTest, SubscriptionTokenRefusedLeavesChannelUnsubscribed) {
    subTokenUnauthorized = true;
    client.subscribe("org:2:messages");
    connectAndAccept();
    EXPECT_EQ(client.subState("org:2:messages"), SubState::Unsubscribed);
    EXPECT_FALSE(client.allSubscribed());
}

TEST_F(CentrifugeTest, RefreshBeforeExpiry) {
    connectAndAccept(R"({"client":"c","expires":true,"ttl":60,"ping":25,"pong":true})");
    for (int i = 0; i < 50; ++i) {  // 60 s − 10 % → refresh at 54 s
        ws.serverSend("{}");
        advanceAndTick(1000);
    }
    EXPECT_EQ(tokenCalls, 1);
    ws.sent.clear();
    for (int i = 0; i < 5; ++i) {
        ws.serverSend("{}");  // keep the link alive
        advanceAndTick(1000);
    }
    EXPECT_EQ(tokenCalls, 2);
    std::string refresh;
    for (const auto& f : ws.sent)
        if (f.find("refresh") != std::string::npos) refresh = f;
    ASSERT_FALSE(refresh.empty());
    const Json r = parseJson(refresh);
    EXPECT_EQ(r["refresh"]["token"], "conn-token-2");
    ws.serverSend("{\"id\":" + std::to_string(r["id"].get<int>()) + ",\"refresh\":{\"expires\":true,\"ttl\":600}}");
    EXPECT_EQ(client.state(), ClientState::Connected);
}

TEST_F(CentrifugeTest, SubRefreshBeforeSubscriptionExpiry) {
    client.subscribe("org:1:messages");
    client.connect();
    ws.serverOpen();
    ws.takeSent();
    ws.serverSend(
        "{\"id\":1,\"connect\":{\"ping\":25,\"pong\":true}}\n{\"id\":2,\"subscribe\":{\"expires\":true,\"ttl\":30}}");
    for (int i = 0; i < 28; ++i) {
        ws.serverSend("{}");
        advanceAndTick(1000);
    }
    std::string subRefresh;
    for (const auto& f : ws.sent)
        if (f.find("sub_refresh") != std::string::npos) subRefresh = f;
    ASSERT_FALSE(subRefresh.empty());
    const Json r = parseJson(subRefresh);
    EXPECT_EQ(r["sub_refresh"]["channel"], "org:1:messages");
    EXPECT_EQ(r["sub_refresh"]["token"], "sub-org:1:messages-2");
}

TEST_F(CentrifugeTest, UnknownPushesAndGarbageLinesAreIgnored) {
    client.subscribe("org:1:messages");
    connectAndAccept();
    ws.serverSend(R"({"push":{"channel":"org:1:messages","join":{"info":{"user":"1","client":"x"}}}})");
    ws.serverSend(R"({"push":{"channel":"org:1:messages","future_thing":{"a":1}}})");
    ws.serverSend("not json at all\n{\"push\":5}\n[1,2]\n{\"id\":999,\"connect\":{}}");
    EXPECT_EQ(client.state(), ClientState::Connected);
    EXPECT_TRUE(rec.pubs.empty());
}

TEST_F(CentrifugeTest, ConnectTimeoutReconnects) {
    client.connect();
    ws.serverOpen();
    advanceAndTick(6000);
    EXPECT_EQ(client.state(), ClientState::Connecting);
    EXPECT_EQ(ws.closes, 1);
}

TEST_F(CentrifugeTest, BackoffResetsAfterSuccessfulConnect) {
    // Fail several times in a row: each delay stays within 500 ms–20 s; after a success the next
    // delay is short again (step 0: at most 1 s).
    client.connect();
    for (int i = 0; i < 6; ++i) {
        ws.serverClose(1006, "");
        const int64_t waited = waitForReopen(30000);
        EXPECT_LE(waited, 20000);
        EXPECT_GE(waited, 500);
    }
    ws.serverOpen();
    const Json c = parseJson(lines(ws.takeSent())[0]);
    ws.serverSend("{\"id\":" + std::to_string(c["id"].get<int>()) + ",\"connect\":{}}");
    ASSERT_EQ(client.state(), ClientState::Connected);
    ws.serverClose(1006, "");
    EXPECT_LE(waitForReopen(30000), 1000);
}

TEST_F(CentrifugeTest, DisconnectStopsEverything) {
    connectAndAccept();
    client.disconnect();
    EXPECT_EQ(client.state(), ClientState::Disconnected);
    EXPECT_EQ(ws.lastCloseCode, 1000);
    advanceAndTick(60000);
    EXPECT_EQ(ws.opens, 1);
    EXPECT_EQ(client.nextWakeMs(), INT64_MAX);
}

TEST_F(CentrifugeTest, TokenUnauthorizedIsTerminal) {
    client.setConnectionTokenGetter([](TokenDone done) { done(TokenReply::unauthorized()); });
    client.connect();
    EXPECT_EQ(client.state(), ClientState::Disconnected);
    EXPECT_EQ(ws.opens, 0);
}

TEST_F(CentrifugeTest, LateTokenOfOldAttemptIsIgnored) {
    autoToken = false;
    client.connect();
    ASSERT_TRUE(pendingToken);
    TokenDone stale = std::move(pendingToken);
    client.disconnect();
    stale(TokenReply::ok("late"));
    EXPECT_EQ(ws.opens, 0);
    EXPECT_EQ(client.state(), ClientState::Disconnected);
}

TEST(Backoff, BoundsPerStep) {
    Random r(42);
    const int64_t upper[] = {1000, 1500, 2500, 4500, 8500, 16500, 20000, 20000, 20000};
    for (int step = 0; step < 9; ++step) {
        int64_t lo = INT64_MAX, hi = 0;
        for (int i = 0; i < 2000; ++i) {
            const int64_t d = backoffDelayMs(step, 500, 20000, r);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        EXPECT_GE(lo, 500) << step;
        EXPECT_LE(hi, upper[step]) << step;
        EXPECT_GT(hi, upper[step] - (upper[step] - 500) / 5) << step;  // the range is really used
    }
    EXPECT_LE(backoffDelayMs(1000, 500, 20000, r), 20000);
}

TEST_F(CentrifugeTest, IdlePlatformTickingOnlyAtNextWakeStillDetectsDeadLink) {
    connectAndAccept();
    const int64_t start = clock.mono;
    // Healthy: the server pings every 25 s; the platform only wakes when asked to.
    for (int i = 0; i < 10; ++i) {
        const int64_t pingAt = clock.mono + 25000;
        ASSERT_GT(client.nextWakeMs(), pingAt);  // nothing to do before the next ping is due
        clock.mono = pingAt;
        ws.serverSend("{}");
        client.tick();
        ASSERT_EQ(client.state(), ClientState::Connected);
    }
    // Dead: no more pings. The watchdog fires exactly at its deadline (ping + 10 s).
    const int64_t lastFrame = clock.mono;
    clock.mono = client.nextWakeMs();
    client.tick();
    EXPECT_EQ(client.state(), ClientState::Connecting);
    EXPECT_EQ(clock.mono - lastFrame, 35000);
    EXPECT_GT(clock.mono, start);
}

TEST_F(CentrifugeTest, DisconnectPushIsHandledLikeACloseFrame) {
    connectAndAccept();
    ws.serverSend(R"({"push":{"disconnect":{"code":3005,"reason":"connection expired"}}})");
    EXPECT_EQ(client.state(), ClientState::Connecting);
    EXPECT_EQ(ws.closes, 1);
    waitForReopen();
    EXPECT_EQ(tokenCalls, 2);  // expired: a fresh token before reconnecting
    ws.serverOpen();
    ws.serverSend(R"({"id":2,"connect":{}})");
    ASSERT_EQ(client.state(), ClientState::Connected);
    ws.serverSend(R"({"push":{"disconnect":{"code":3503,"reason":"force disconnect"}}})");
    EXPECT_EQ(client.state(), ClientState::Disconnected);
    EXPECT_EQ(client.lastCode(), 3503);
}

TEST_F(CentrifugeTest, StateInvalidated3014ResetsTokensAndPositions) {
    client.subscribe("org:1:messages");
    connectAndAccept();
    EXPECT_EQ(client.offset("org:1:messages"), 5u);
    ws.serverClose(3014, "state invalidated");
    waitForReopen();
    EXPECT_EQ(tokenCalls, 2);
    EXPECT_EQ(subTokenCalls, 2);
    ws.serverOpen();
    const auto ls = lines(ws.takeSent());
    ASSERT_EQ(ls.size(), 2u);
    const Json sub = parseJson(ls[1]);
    EXPECT_FALSE(sub["subscribe"].contains("recover"));  // positions were reset
}
