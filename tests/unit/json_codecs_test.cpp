#include <gtest/gtest.h>

#include "api_samples.h"
#include "core/json_codecs.h"

using namespace inbox::core;
namespace samples = inbox::test::samples;

TEST(Codecs, ChatItemFromApiDoc) {
    Warnings w;
    const Chat c = decodeChat(parseJson(samples::kChatItem), &w);
    EXPECT_TRUE(w.empty());
    EXPECT_FALSE(c.broken);
    EXPECT_EQ(c.id, "12");
    EXPECT_EQ(c.name, "Mariana Lopes");
    EXPECT_EQ(c.phone, "+5511987654321");
    EXPECT_EQ(c.lastMessageAt, 1789390800000);
    ASSERT_TRUE(c.lastMessage);
    EXPECT_EQ(c.lastMessage->text, "Olá! Tudo bem?");
    EXPECT_EQ(c.unreadCount, 2);
    EXPECT_EQ(c.instanceId, "100000000000001");
    EXPECT_EQ(c.windowExpiresAt, 1789477200000);
    EXPECT_EQ(c.version, 7);
    ASSERT_TRUE(c.currentTicket);
    EXPECT_EQ(c.currentTicket->stage.name, "Novo");
    EXPECT_EQ(c.currentTicket->assigneeId, "1");
    EXPECT_EQ(c.currentTicket->dealValue, 150000);
    EXPECT_TRUE(c.profilePicUrl.empty());
}

TEST(Codecs, MessageFromApiDoc) {
    const Message m = decodeMessage(parseJson(samples::kMessage));
    EXPECT_FALSE(m.broken);
    EXPECT_EQ(m.id, "wamid.TESTVEVTVHwwMS10ZXh0");
    EXPECT_EQ(m.direction, Direction::In);
    EXPECT_EQ(m.text, "Olá! Boa tarde 😊");
    EXPECT_EQ(m.timestamp, 1789390800000);
    EXPECT_EQ(m.seq, 431);
    EXPECT_EQ(m.status, MessageStatus::Delivered);
    EXPECT_TRUE(m.clientId.empty());
    EXPECT_FALSE(m.media);
}

TEST(Codecs, RichMessageFields) {
    const Message m = decodeMessage(parseJson(R"({"id":"w1","chatId":"12","direction":"out","type":"document","text":"",
      "timestamp":1789391040000,"seq":9,"status":"read","clientId":"c-1",
      "media":{"id":"900","mime":"application/pdf","filename":"Comprovante.pdf","caption":"ok","url":null,"voice":false},
      "replyTo":{"id":"wamid.Q"},"reactions":[{"emoji":"❤️","from":"5511900000001","timestamp":1789391460000},{"emoji":""}],
      "errors":[{"code":131047,"title":"Re-engagement message","details":"..."}],
      "location":{"latitude":-23.55,"longitude":"-46.63","name":"Av. Paulista","address":null},
      "contacts":[{"name":{"formatted_name":"Fulano"},"phones":[{"phone":"+5511999998888"}]}],
      "interactive":{"type":"button_reply","id":"btn_x","title":"Falar com atendente"},
      "order":{"text":"pedido","items":[{},{}]},"template":{"name":"retomar_contato"}})"));
    EXPECT_EQ(m.direction, Direction::Out);
    EXPECT_EQ(m.status, MessageStatus::Read);
    EXPECT_EQ(m.clientId, "c-1");
    ASSERT_TRUE(m.media);
    EXPECT_EQ(m.media->filename, "Comprovante.pdf");
    EXPECT_EQ(m.replyToId, "wamid.Q");
    ASSERT_EQ(m.reactions.size(), 1u);  // an empty emoji means "removed"
    EXPECT_EQ(m.reactions[0].emoji, "❤️");
    ASSERT_EQ(m.errors.size(), 1u);
    EXPECT_EQ(m.errors[0].code, 131047);
    ASSERT_TRUE(m.location);
    EXPECT_DOUBLE_EQ(m.location->longitude, -46.63);
    ASSERT_EQ(m.contacts.size(), 1u);
    EXPECT_EQ(m.contacts[0].name, "Fulano");
    EXPECT_EQ(m.contacts[0].phones.at(0), "+5511999998888");
    ASSERT_TRUE(m.interactive);
    EXPECT_EQ(m.interactive->title, "Falar com atendente");
    EXPECT_EQ(m.orderItemCount, 2);
    EXPECT_EQ(m.templateName, "retomar_contato");
}

TEST(Codecs, TicketFromApiDoc) {
    const Ticket t = decodeTicket(parseJson(samples::kTicket));
    EXPECT_FALSE(t.broken);
    EXPECT_EQ(t.id, "12");
    EXPECT_EQ(t.chatId, "12");
    EXPECT_EQ(t.stage.color, "#3B82F6");
    ASSERT_TRUE(t.assignee);
    EXPECT_EQ(t.assignee->name, "Ana Souza");
    EXPECT_EQ(t.dealValue, 150000);
    EXPECT_EQ(t.currency, "BRL");
    EXPECT_EQ(t.windowExpiresAt, 1789477200000);
    EXPECT_FALSE(t.closedAt);
    EXPECT_EQ(t.version, 3);
    EXPECT_EQ(t.tracking.sourceType, "ad");
    EXPECT_EQ(t.tracking.utmCampaign, "fibra-setembro");
    EXPECT_TRUE(t.tracking.gclid.empty());
    EXPECT_EQ(t.tracking.ctwaclid, "AffTEST…");
}

TEST(Codecs, ReferenceLists) {
    const auto instances = decodeInstances(parseJson(samples::kInstances));
    ASSERT_EQ(instances.size(), 2u);
    EXPECT_EQ(instances[1].status, "disconnected");
    const auto stages = decodeStages(parseJson(samples::kStages));
    ASSERT_EQ(stages.size(), 3u);
    EXPECT_EQ(stages[1].kind, "won");
    EXPECT_EQ(decodeMembers(parseJson(samples::kMembers)).size(), 2u);
    const auto templates = decodeTemplates(parseJson(samples::kTemplates));
    ASSERT_EQ(templates.size(), 1u);
    EXPECT_EQ(templates[0].paramCount, 1);
    const auto login = decodeLogin(parseJson(samples::kLogin));
    ASSERT_TRUE(login);
    EXPECT_EQ(login->token, "tok-1");
    EXPECT_EQ(login->organizationId, "1");
    const ApiError e = decodeApiError(parseJson(samples::kError));
    EXPECT_EQ(e.code, "window_closed");
}

TEST(Codecs, Publications) {
    const std::string created = std::string(R"({"type":"message.created","ts":1789390800123,"chatId":"12","message":)") +
                                samples::kMessage + R"(,"chat":)" + samples::kChatItem + "}";
    Publication p = decodePublication(parseJson(created));
    EXPECT_EQ(p.kind, PublicationKind::MessageCreated);
    EXPECT_EQ(p.ts, 1789390800123);
    EXPECT_EQ(p.chatId, "12");
    ASSERT_TRUE(p.message && p.chat);
    p = decodePublication(parseJson(std::string(R"({"type":"ticket.updated","ts":1,"ticket":)") + samples::kTicket + "}"));
    EXPECT_EQ(p.kind, PublicationKind::TicketUpdated);
    ASSERT_TRUE(p.ticket);
    p = decodePublication(parseJson(std::string(R"({"type":"chat.updated","ts":1,"chat":)") + samples::kChatItem + "}"));
    EXPECT_EQ(p.kind, PublicationKind::ChatUpdated);
    p = decodePublication(parseJson(R"({"type":"presence.changed","ts":1})"));
    EXPECT_EQ(p.kind, PublicationKind::Unknown);
    Warnings w;
    p = decodePublication(parseJson(R"({"type":"message.created","ts":1,"chatId":"12","message":"oops"})"), &w);
    EXPECT_EQ(p.kind, PublicationKind::Unknown);  // unusable payload: ignored with a log line
    EXPECT_FALSE(w.empty());
}

TEST(Codecs, ToleratesWrongTypesMissingFieldsAndNulls) {
    Warnings w;
    const Chat c = decodeChat(parseJson(R"({"id":12,"name":null,"unreadCount":"3","lastMessageAt":"1789390800",
        "version":"x","currentTicket":"no","lastMessage":[1,2],"extra":{"deep":[1]}})"), &w);
    EXPECT_FALSE(c.broken);
    EXPECT_EQ(c.id, "12");
    EXPECT_EQ(c.unreadCount, 3);
    EXPECT_EQ(c.lastMessageAt, 1789390800000);  // seconds tolerated
    EXPECT_EQ(c.version, 0);
    EXPECT_FALSE(c.currentTicket);
    EXPECT_FALSE(c.lastMessage);
    const Chat negative = decodeChat(parseJson(R"({"id":"1","unreadCount":-5})"));
    EXPECT_EQ(negative.unreadCount, 0);
    const Message m = decodeMessage(parseJson(R"({"id":"m","status":"exploded","direction":7,"type":null,"text":123})"));
    EXPECT_EQ(m.status, MessageStatus::Delivered);
    EXPECT_EQ(m.direction, Direction::In);
    EXPECT_EQ(m.type, "text");
    EXPECT_EQ(m.text, "123");
}

TEST(Codecs, BrokenItemsBecomePlaceholdersAndTheRestLoads) {
    Warnings w;
    const Page<Chat> page = decodeChatPage(parseJson(std::string(R"({"items":[)") + samples::kChatItem +
                                                     R"(,42,{"name":"sem id"},null],"nextCursor":"abc"})"),
                                           &w);
    ASSERT_EQ(page.items.size(), 4u);
    EXPECT_FALSE(page.items[0].broken);
    EXPECT_TRUE(page.items[1].broken);
    EXPECT_TRUE(page.items[2].broken);
    EXPECT_TRUE(page.items[3].broken);
    EXPECT_EQ(page.nextCursor, "abc");
    EXPECT_EQ(w.size(), 3u);
    const Page<Message> msgs = decodeMessagePage(parseJson(R"({"items":"nope","nextCursor":null})"), &w);
    EXPECT_TRUE(msgs.items.empty());
    EXPECT_TRUE(msgs.nextCursor.empty());
}

TEST(Codecs, InvalidUtf8AndHugeTextAreMadeSafe) {
    Json j = Json::object();
    j["id"] = "m";
    j["text"] = std::string(200000, 'a');
    const Message m = decodeMessage(j);
    EXPECT_LE(m.text.size(), 64u * 1024u);
    const Message bad = decodeMessage(parseJson("{\"id\":\"m\",\"text\":\"ok\"}"));
    EXPECT_EQ(bad.text, "ok");
}

TEST(Codecs, JwtClaims) {
    // {"sub":"1","exp":1789477200,"info":{"organizationId":"1"}}
    const std::string payload = "eyJzdWIiOiIxIiwiZXhwIjoxNzg5NDc3MjAwLCJpbmZvIjp7Im9yZ2FuaXphdGlvbklkIjoiMSJ9fQ";
    const Json claims = decodeJwtClaims("eyJhbGciOiJIUzI1NiJ9." + payload + ".sig");
    ASSERT_TRUE(claims.is_object());
    EXPECT_EQ(claims["info"]["organizationId"], "1");
    EXPECT_TRUE(decodeJwtClaims("not-a-jwt").is_discarded());
    EXPECT_TRUE(decodeJwtClaims("a.!!!.c").is_discarded());
}
