// Cards for non-text messages: titles that come from customers (file names, contact names) keep
// their emoji as emoji, and the card's own icon is not doubled by a preview emoji.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/json_codecs.h"
#include "core/models.h"
#include "inbox_fixture.h"
#include "ui/emoji.h"

namespace inbox::ui::test {
namespace {

// Records every cluster the views ask to draw as an emoji image.
class RecordingEmoji final : public EmojiSource {
public:
    bool image(std::string_view cluster, float, EmojiImage& out) override {
        asked.insert(std::string(cluster));
        out = EmojiImage{};
        return true;
    }
    std::set<std::string> asked;
};

core::Message cardMessage(const std::string& id, const std::string& type, int64_t ts) {
    core::Message m;
    m.id = id;
    m.chatId = "chat-2";
    m.type = type;
    m.timestamp = ts;
    return m;
}

TEST(MessageCards, CustomerTitlesDrawTheirEmojiAndKindLabelsHaveNone) {
    RecordingEmoji emoji;
    setEmojiSource(&emoji);
    InboxFixture f;
    f.fill(5);
    core::Page<core::Message> page;
    core::Message photo = cardMessage("photo", "image", f.clock.wall - 3000);
    photo.media = core::Media{"media-1", "image/jpeg", "", "", "", false, false};
    core::Message doc = cardMessage("doc", "document", f.clock.wall - 2000);
    doc.media = core::Media{"media-2", "application/pdf", "Orçamento 🏠.pdf", "", "", false, false};
    core::Message contact = cardMessage("contact", "contacts", f.clock.wall - 1000);
    contact.contacts.push_back(core::ContactCard{"Tia Márcia 🌻", {"5511988887777"}});
    page.items = {photo, doc, contact};
    f.store().applyMessagePage("chat-2", page, false);
    f.session->selectChat("chat-2");
    f.ui.frames(4);
    setEmojiSource(nullptr);

    EXPECT_EQ(emoji.asked.count("🏠"), 1u) << "a file name's emoji goes through the emoji renderer, not the font";
    EXPECT_EQ(emoji.asked.count("🌻"), 1u) << "a contact name's emoji too";
    EXPECT_EQ(emoji.asked.count("📷"), 0u) << "the photo card draws its icon, not the list preview's emoji";
    EXPECT_NE(f.ui.tree().find("text", "Foto · image/jpeg"), nullptr);
    EXPECT_NE(f.ui.tree().find("text", "Orçamento 🏠.pdf · application/pdf"), nullptr);
}

TEST(MessageCards, AdHeadlinesAndStageNamesKeepTheirEmoji) {
    RecordingEmoji emoji;
    setEmojiSource(&emoji);
    InboxFixture f;
    f.fill(3);
    f.store().upsertTicket(core::decodeTicket(nlohmann::json{
        {"id", "t1"}, {"chatId", "chat-1"}, {"instanceId", "i1"}, {"status", "open"}, {"version", 2},
        {"stage", {{"id", "s9"}, {"name", "Quente 🔥"}, {"color", "#EF4444"}}},
        {"tracking", {{"sourceType", "ctwa"}, {"ctwaclid", "ARAkLkA"}, {"adHeadline", "Fibra 500 mega 🚀"}}}}));
    core::Page<core::Chat> chats;
    chats.items.push_back(core::decodeChat(nlohmann::json{
        {"id", "chat-2"}, {"name", "Cliente 2"}, {"instanceId", "i2"}, {"lastMessageAt", f.clock.wall}, {"version", 5},
        {"currentTicket", {{"id", "t2"}, {"status", "open"}, {"stage", {{"id", "s9"}, {"name", "Quente 🔥"}, {"color", "#EF4444"}}}}}}));
    f.store().applyChatPage(chats, false);
    f.session->selectChat("chat-1");
    f.ui.frames(4);
    setEmojiSource(nullptr);
    EXPECT_EQ(emoji.asked.count("🔥"), 1u) << "a stage name in the conversation list";
    EXPECT_EQ(emoji.asked.count("🚀"), 1u) << "the ad headline in the ticket panel";
    EXPECT_NE(f.ui.tree().find("text", "Anúncio: Fibra 500 mega 🚀"), nullptr);
}

}  // namespace
}  // namespace inbox::ui::test
