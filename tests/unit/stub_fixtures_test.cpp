// Codecs and store against JSON captured from the real backend-stub (fixtures/stub/*.json).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/centrifuge_frames.h"
#include "core/format.h"
#include "core/inbox_store.h"
#include "core/json_codecs.h"

using namespace inbox::core;

namespace {

Json load(const std::string& name) {
    std::ifstream in(std::string(CORE_TEST_FIXTURES) + "/" + name + ".json");
    std::stringstream ss;
    ss << in.rdbuf();
    Json j = parseJson(ss.str());
    EXPECT_FALSE(j.is_discarded()) << name;
    return j;
}

}  // namespace

TEST(StubFixtures, ReferenceDataDecodesWithoutWarnings) {
    Warnings w;
    const auto instances = decodeInstances(load("instances"), &w);
    ASSERT_EQ(instances.size(), 2u);
    EXPECT_EQ(instances[0].id, "100000000000001");
    EXPECT_FALSE(instances[0].verifiedName.empty());
    const auto stages = decodeStages(load("stages"), &w);
    ASSERT_GE(stages.size(), 3u);
    for (const auto& s : stages) {
        EXPECT_FALSE(s.id.empty());
        EXPECT_EQ(s.color.size(), 7u) << s.color;
    }
    EXPECT_FALSE(decodeMembers(load("members"), &w).empty());
    const auto templates = decodeTemplates(load("templates"), &w);
    ASSERT_FALSE(templates.empty());
    EXPECT_FALSE(templates[0].body.empty());
    const auto login = decodeLogin(load("login"));
    ASSERT_TRUE(login);
    EXPECT_FALSE(login->organizationId.empty());
    EXPECT_EQ(login->user.email, "ana@demo.test");
    EXPECT_TRUE(w.empty()) << w.front();
}

TEST(StubFixtures, ChatsMessagesAndTickets) {
    Warnings w;
    const Page<Chat> chats = decodeChatPage(load("chats"), &w);
    ASSERT_FALSE(chats.items.empty());
    for (const Chat& c : chats.items) {
        EXPECT_FALSE(c.broken);
        EXPECT_GT(c.version, 0);
        EXPECT_GT(c.lastMessageAt, 1000000000000);
        EXPECT_FALSE(c.instanceId.empty());
    }
    EXPECT_FALSE(chats.nextCursor.empty());  // the seed has more than 5 chats
    const Page<Message> msgs = decodeMessagePage(load("messages"), &w);
    ASSERT_FALSE(msgs.items.empty());
    for (size_t i = 1; i < msgs.items.size(); ++i) {
        const Message& a = msgs.items[i - 1];
        const Message& b = msgs.items[i];
        EXPECT_TRUE(a.timestamp < b.timestamp || (a.timestamp == b.timestamp && a.seq < b.seq));  // chronological
    }
    bool sawMedia = false;
    for (const Message& m : msgs.items) {
        EXPECT_FALSE(m.broken);
        if (m.media) sawMedia = true;
        EXPECT_FALSE(messagePreview(m).empty());
    }
    EXPECT_TRUE(sawMedia);
    const Ticket t = decodeTicket(load("ticket"), &w);
    EXPECT_FALSE(t.broken);
    EXPECT_FALSE(t.stage.name.empty());
    EXPECT_GT(t.version, 0);
    const Ticket patched = decodeTicket(load("ticket_patched"), &w);
    EXPECT_EQ(patched.dealValue, 250000);
    EXPECT_EQ(formatMoney(*patched.dealValue), "R$ 2.500,00");
    const Ticket closed = decodeTicket(load("ticket_closed"), &w);
    EXPECT_EQ(closed.status, "won");
    EXPECT_GT(closed.version, patched.version);
    EXPECT_EQ(decodeApiError(load("error_conflict")).code, "conflict");
    EXPECT_EQ(decodeApiError(load("error_not_found")).code, "not_found");
    const Message sent = decodeMessage(load("send_response"), &w);
    EXPECT_EQ(sent.clientId, "cap-1");
    EXPECT_EQ(sent.direction, Direction::Out);
    EXPECT_TRUE(w.empty()) << w.front();
}

TEST(StubFixtures, CentrifugoRepliesParseAsRepliesWithTheirFields) {
    const Json replies = load("centrifugo_replies");
    ASSERT_TRUE(replies.is_array());
    std::string frame;
    for (const Json& r : replies) frame += (frame.empty() ? "" : "\n") + dumpJson(r);
    const auto lines = decodeFrame(frame);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].kind, InboundLine::Kind::Reply);
    EXPECT_EQ(lines[0].reply.method, "connect");
    EXPECT_EQ(jsonInt(lines[0].reply.result, "ping"), 25);
    EXPECT_TRUE(jsonBool(lines[0].reply.result, "pong"));
    EXPECT_EQ(lines[1].reply.method, "subscribe");
    EXPECT_TRUE(jsonBool(lines[1].reply.result, "recoverable"));
    EXPECT_FALSE(jsonString(lines[1].reply.result, "epoch").empty());
}

TEST(StubFixtures, EveryPublicationDecodesAndApplies) {
    const Json pubs = load("publications");
    ASSERT_TRUE(pubs.is_array());
    InboxStore store;
    Warnings w;
    int messages = 0, tickets = 0, chats = 0;
    for (const Json& data : pubs) {
        const Publication p = decodePublication(data, &w);
        EXPECT_NE(p.kind, PublicationKind::Unknown) << p.type;
        EXPECT_GT(p.ts, 0);
        if (p.message) ++messages;
        if (p.ticket) ++tickets;
        if (p.chat) ++chats;
        if (p.kind == PublicationKind::MessageCreated) {
            // Open the chat's history first so the message lands in it.
            if (!store.messages(p.chatId)) store.applyMessagePage(p.chatId, {{}, ""}, false);
        }
        store.applyPublication(p);
    }
    EXPECT_TRUE(w.empty()) << w.front();
    EXPECT_GT(messages, 0);
    EXPECT_GT(tickets, 0);
    EXPECT_GT(chats, 0);
    // The document from the webhook fixture is in its chat, with its file name in the preview.
    bool found = false;
    for (const auto& id : store.visibleChatIds()) {
        const ChatMessages* cm = store.messages(id);
        if (!cm) continue;
        for (const auto& m : cm->items)
            if (m.type == "document") {
                found = true;
                EXPECT_EQ(messagePreview(m), "📄 Comprovante_Pix_março_2026 (1).pdf");
            }
    }
    EXPECT_TRUE(found);
}
