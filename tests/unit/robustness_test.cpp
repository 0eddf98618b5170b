// Bad data never crashes: truncated, garbage, huge and randomly mutated JSON through every decoder,
// the protocol client and the store. Loops are seeded, so a failure reproduces.
#include <gtest/gtest.h>

#include <set>

#include "api_samples.h"
#include "core/backoff.h"
#include "core/centrifuge_client.h"
#include "core/centrifuge_frames.h"
#include "core/format.h"
#include "core/inbox_store.h"
#include "core/json_codecs.h"
#include "core/panel_layout.h"
#include "core/text_utf8.h"
#include "core/whatsapp_markup.h"
#include "fakes.h"

using namespace inbox::core;
using namespace inbox::test;
namespace samples = inbox::test::samples;

namespace {

std::string mutate(const std::string& in, Random& r) {
    std::string s = in;
    const int edits = 1 + static_cast<int>(r.between(0, 8));
    static const char* kTokens[] = {"null", "{", "}", "[", "]", "\"", ",", ":", "-1", "1e999", "\\u0000", "\xFF", "\xF0\x9F", "true", "\"\"", "99999999999999999999999"};
    for (int i = 0; i < edits && !s.empty(); ++i) {
        const size_t pos = static_cast<size_t>(r.between(0, static_cast<int64_t>(s.size()) - 1));
        switch (r.between(0, 3)) {
            case 0: s.erase(pos, static_cast<size_t>(r.between(1, 20))); break;
            case 1: s.insert(pos, kTokens[r.between(0, 15)]); break;
            case 2: s[pos] = static_cast<char>(r.between(0, 255)); break;
            default: s = s.substr(0, pos); break;  // truncated
        }
    }
    return s;
}

void decodeEverything(const std::string& text) {
    const Json j = parseJson(text);
    Warnings w;
    decodeChat(j, &w);
    decodeMessage(j, &w);
    decodeTicket(j, &w);
    decodeInstance(j, &w);
    decodeInstances(j, &w);
    decodeStages(j, &w);
    decodeMembers(j, &w);
    decodeTemplates(j, &w);
    decodeChatPage(j, &w);
    decodeMessagePage(j, &w);
    decodeLogin(j);
    decodeApiError(j);
    decodeTokenResponse(j);
    const Publication p = decodePublication(j, &w);
    InboxStore store;
    store.applyPublication(p);
    if (p.message) messagePreview(*p.message);
    EXPECT_LE(w.size(), 200u);
}

}  // namespace

TEST(Robustness, GarbageAndTruncatedJson) {
    const std::string inputs[] = {"", "{", "[", "nul", "{\"id\":", "\xFF\xFE", "[[[[[[[[", "{}", "[]", "42", "\"str\"",
                                  "{\"items\":{}}", "{\"items\":[null,1,\"x\",[],{}]}", "{\"error\":\"x\"}"};
    for (const auto& in : inputs) decodeEverything(in);
    const std::string full = samples::kChatItem;
    for (size_t cut = 0; cut < full.size(); cut += 3) decodeEverything(full.substr(0, cut));
}

TEST(Robustness, DeeplyNestedJsonIsRejectedOrHandled) {
    std::string deep(100000, '[');
    decodeEverything(deep);
    std::string deepObj;
    for (int i = 0; i < 20000; ++i) deepObj += "{\"a\":";
    decodeEverything(deepObj);
    // Valid but deep: parsed iteratively, decoded without recursion into unknown fields.
    std::string valid = std::string(5000, '[') + std::string(5000, ']');
    decodeEverything(valid);
    decodeEverything("{\"id\":\"1\",\"extra\":" + valid + "}");
}

TEST(Robustness, HugeTexts) {
    Json j = Json::object();
    j["id"] = "m";
    j["chatId"] = "c";
    std::string huge;
    for (int i = 0; i < 300000; ++i) huge += "😀*_";
    j["text"] = huge;
    const Message m = decodeMessage(j);
    EXPECT_TRUE(isValidUtf8(m.text));
    EXPECT_LE(m.text.size(), 65536u);
    EXPECT_FALSE(messagePreview(m).empty());
    EXPECT_FALSE(parseWhatsAppMarkup(m.text).empty());
    Json page = Json::object();
    page["items"] = Json::array();
    for (int i = 0; i < 5000; ++i) page["items"].push_back({{"id", std::to_string(i)}, {"lastMessageAt", i}});
    InboxStore store;
    store.applyChatPage(decodeChatPage(page), true);
    EXPECT_EQ(store.visibleChatIds().size(), 5000u);
    EXPECT_EQ(store.visibleChatIds().front(), "4999");
}

TEST(Robustness, RandomMutationsOfEveryApiShape) {
    Random r(1234);
    const std::string shapes[] = {samples::kChatItem, samples::kMessage, samples::kTicket, samples::kInstances, samples::kStages,
                                  samples::kMembers, samples::kTemplates, samples::kLogin, samples::kError,
                                  std::string(R"({"type":"message.created","ts":1,"chatId":"12","message":)") + samples::kMessage +
                                      R"(,"chat":)" + samples::kChatItem + "}"};
    for (int i = 0; i < 3000; ++i) {
        const std::string& base = shapes[static_cast<size_t>(i) % (sizeof(shapes) / sizeof(shapes[0]))];
        decodeEverything(mutate(base, r));
    }
}

TEST(Robustness, RandomFramesIntoTheProtocolClient) {
    Random r(99);
    FakeClock clock;
    FakeWebSocket ws;
    CentrifugeConfig cfg;
    cfg.url = "ws://x";
    CentrifugeClient client(ws, clock, cfg);
    client.subscribe("org:1:messages");
    const std::string frames[] = {
        R"({"id":1,"connect":{"client":"c","ping":25,"pong":true,"expires":true,"ttl":30}})",
        R"({"id":2,"subscribe":{"recoverable":true,"epoch":"E","offset":3,"was_recovering":true,"recovered":true,"publications":[{"data":{"a":1},"offset":4}]}})",
        R"({"push":{"channel":"org:1:messages","pub":{"data":{"type":"message.created"},"offset":5}}})",
        R"({"push":{"channel":"org:1:messages","unsubscribe":{"code":2500,"reason":"x"}}})",
        R"({"push":{"disconnect":{"code":3001,"reason":"x"}}})", "{}", "{}\n{}"};
    for (int i = 0; i < 5000; ++i) {
        if (client.state() == ClientState::Disconnected) client.connect();
        if (ws.isOpen && r.between(0, 3) == 0) ws.serverOpen();
        std::string f = frames[r.between(0, 6)];
        if (r.between(0, 1)) f = mutate(f, r);
        ws.serverSend(f);
        if (r.between(0, 20) == 0) ws.serverClose(static_cast<int>(r.between(1000, 5000)), "x");
        clock.advance(r.between(0, 3000));
        client.tick();
        // Invariant: never more pongs than pings received.
        EXPECT_LE(client.metrics().pongs, static_cast<uint64_t>(i) * 2 + 2);
    }
    SUCCEED();
}

TEST(Robustness, PongCountEqualsPingCount) {
    Random r(5);
    FakeClock clock;
    FakeWebSocket ws;
    CentrifugeConfig cfg;
    cfg.url = "ws://x";
    CentrifugeClient client(ws, clock, cfg);
    client.connect();
    ws.serverOpen();
    ws.serverSend(R"({"id":1,"connect":{"ping":25,"pong":true}})");
    ws.sent.clear();
    uint64_t pings = 0;
    for (int i = 0; i < 500; ++i) {
        const int n = static_cast<int>(r.between(1, 3));
        std::string frame;
        for (int k = 0; k < n; ++k) {
            if (!frame.empty()) frame += "\n";
            frame += r.between(0, 1) ? "{}" : R"({"push":{"channel":"x","join":{}}})";
            if (frame.size() >= 2 && frame.compare(frame.size() - 2, 2, "{}") == 0) ++pings;
        }
        ws.serverSend(frame);
        clock.advance(1000);
        client.tick();
    }
    size_t pongs = 0;
    for (const auto& f : ws.sent) {
        size_t start = 0;
        while (start <= f.size()) {
            size_t end = f.find('\n', start);
            if (end == std::string::npos) end = f.size();
            if (f.substr(start, end - start) == "{}") ++pongs;
            start = end + 1;
        }
    }
    EXPECT_EQ(pongs, pings);
    EXPECT_EQ(client.metrics().pongs, pings);
}

TEST(Robustness, RandomEventStreamKeepsStoreInvariants) {
    Random r(7);
    InboxStore store;
    store.applyMessagePage("c", {{}, ""}, false);
    std::map<std::string, MessageStatus> best;  // highest status ever delivered per id
    for (int i = 0; i < 4000; ++i) {
        Message m;
        m.id = "m" + std::to_string(r.between(0, 60));
        m.chatId = "c";
        m.direction = Direction::Out;
        // Same id always has the same position (as from the server); events come out of order.
        const int64_t n = std::stoll(m.id.substr(1));
        m.timestamp = 1000 + (n % 7) * 10;
        m.seq = n;
        m.status = static_cast<MessageStatus>(r.between(0, 3));
        if (r.between(0, 30) == 0) m.status = MessageStatus::Failed;
        auto it = best.find(m.id);
        if (it == best.end()) best[m.id] = m.status;
        else if (statusMayAdvance(it->second, m.status)) it->second = m.status;
        store.upsertMessage(m);
        if (r.between(0, 50) == 0) store.addOptimisticSend("c", "x", "cid" + std::to_string(i), 1000 + r.between(0, 100));
        Chat c;
        c.id = std::to_string(r.between(0, 20));
        c.version = r.between(0, 50);
        c.lastMessageAt = r.between(0, 1000);
        store.upsertChat(c);
    }
    const auto& items = store.messages("c")->items;
    std::set<std::string> seen;
    for (size_t i = 0; i < items.size(); ++i) {
        EXPECT_TRUE(seen.insert(items[i].id).second) << "duplicate " << items[i].id;
        if (i > 0) {
            const Message& a = items[i - 1];
            const Message& b = items[i];
            EXPECT_TRUE(a.timestamp < b.timestamp || (a.timestamp == b.timestamp && a.seq <= b.seq));
        }
        if (!items[i].localPending) {
            auto it = best.find(items[i].id);
            if (it != best.end()) {
                EXPECT_EQ(items[i].status, it->second) << items[i].id;
            }
        }
    }
    const auto& order = store.visibleChatIds();
    for (size_t i = 1; i < order.size(); ++i)
        EXPECT_GE(store.chat(order[i - 1])->lastMessageAt, store.chat(order[i])->lastMessageAt);
}

TEST(Robustness, FormattersOnExtremeInput) {
    Random r(11);
    for (int i = 0; i < 2000; ++i) {
        std::string s;
        const int len = static_cast<int>(r.between(0, 40));
        for (int k = 0; k < len; ++k) s += static_cast<char>(r.between(0, 255));
        formatPhone(s);
        parseMoney(s);
        makePreview(s, 10);
        parseWhatsAppMarkup(s);
        EXPECT_TRUE(isValidUtf8(sanitizeUtf8(s)));
        PanelLayout l;
        l.fromJson(s);
        l.dragLeftHandle(static_cast<double>(r.between(-1000, 1000)));
        l.setWindowWidth(static_cast<double>(r.between(-10, 5000)));
        EXPECT_GE(l.middle(), 0);
    }
    formatListTime(INT64_MAX / 2, 0, 0);
    formatListTime(1, INT64_MAX / 2, -720);
    formatMoney(INT64_MAX);
    replyWindow(INT64_MAX, INT64_MIN / 2);
    SUCCEED();
}

TEST(Robustness, ExcessiveNestingIsRejectedUpFront) {
    EXPECT_TRUE(parseJson(std::string(65, '[') + std::string(65, ']')).is_discarded());
    EXPECT_FALSE(parseJson(std::string(60, '[') + std::string(60, ']')).is_discarded());
    // Brackets inside strings do not count.
    EXPECT_FALSE(parseJson("{\"text\":\"" + std::string(500, '[') + "\\\"\"}").is_discarded());
    FakeClock clock;
    FakeWebSocket ws;
    CentrifugeConfig cfg;
    cfg.url = "ws://x";
    CentrifugeClient client(ws, clock, cfg);
    client.connect();
    ws.serverOpen();
    ws.serverSend(R"({"id":1,"connect":{"ping":25,"pong":true}})");
    std::string deep = R"({"push":{"channel":"c","pub":{"data":)";
    for (int i = 0; i < 100000; ++i) deep += "[";
    ws.serverSend(deep + "\n{}");
    EXPECT_EQ(client.state(), ClientState::Connected);
    EXPECT_EQ(client.metrics().pongs, 1u);  // the ping in the same frame is still answered
}
