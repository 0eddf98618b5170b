// Emoji clusters, WhatsApp markup and wrapping.
#include <gtest/gtest.h>
#include <imgui.h>

#include "ui/emoji.h"
#include "ui/rich_text.h"
#include "ui_harness.h"

namespace inbox::ui::test {
namespace {

TEST(Emoji, ClustersKeepSequencesWhole) {
    EXPECT_EQ(emojiClusterLength("😀!", 0), 4u);
    EXPECT_EQ(emojiClusterLength("👍🏽 ok", 0), 8u) << "skin tone";
    EXPECT_EQ(emojiClusterLength("👨‍👩‍👧", 0), std::string("👨‍👩‍👧").size()) << "ZWJ family";
    EXPECT_EQ(emojiClusterLength("🇧🇷", 0), 8u) << "flag";
    EXPECT_EQ(emojiClusterLength("1️⃣", 0), std::string("1️⃣").size()) << "keycap";
    EXPECT_EQ(emojiClusterLength("❤️", 0), 6u) << "heart + FE0F";
    EXPECT_EQ(emojiClusterLength("1 item", 0), 0u);
    EXPECT_EQ(emojiClusterLength("©", 0), 0u) << "text presentation by default";
    EXPECT_EQ(emojiClusterLength("ação", 0), 0u);
    EXPECT_TRUE(containsEmoji("Oi 📷 Foto"));
    EXPECT_FALSE(containsEmoji("Olá — “ação”"));
}

TEST(Markup, WhatsAppStyles) {
    const auto spans = parseMarkup("Oi *João*, _ok_ ~não~ ```x*y*```", false);
    std::string plain;
    uint8_t boldSeen = 0, italicSeen = 0, strikeSeen = 0, monoSeen = 0;
    for (const TextSpan& s : spans) {
        plain += s.text;
        if (s.text == "João") boldSeen = s.style;
        if (s.text == "ok") italicSeen = s.style;
        if (s.text == "não") strikeSeen = s.style;
        if (s.text == "x*y*") monoSeen = s.style;
    }
    EXPECT_EQ(plain, "Oi João, ok não x*y*");
    EXPECT_EQ(boldSeen, kSpanBold);
    EXPECT_EQ(italicSeen, kSpanItalic);
    EXPECT_EQ(strikeSeen, kSpanStrike);
    EXPECT_EQ(monoSeen, kSpanMono) << "no markup inside mono";
}

TEST(Markup, NotMarkupStaysAsTyped) {
    EXPECT_EQ(markupPlainText("2 * 3 * 4"), "2 * 3 * 4");
    EXPECT_EQ(markupPlainText("snake_case_name"), "snake_case_name");
    EXPECT_EQ(markupPlainText("*aberto"), "*aberto");
    EXPECT_EQ(markupPlainText("* a *"), "* a *");
    EXPECT_EQ(markupPlainText("*a\nb*"), "*a\nb*");
}

TEST(Markup, LinksAreMarkedWithoutTrailingPunctuation) {
    const auto spans = parseMarkup("veja https://ex.com/a?b=1.", true);
    ASSERT_GE(spans.size(), 2u);
    bool found = false;
    for (const TextSpan& s : spans) {
        if (s.style & kSpanLink) {
            EXPECT_EQ(s.text, "https://ex.com/a?b=1");
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(RichText, WrapsLongTextAndNeverExceedsTheWidth) {
    UiHarness ui;
    ImVec2 wide, narrow, veryLong;
    ui.setDraw([&] {
        ImGui::Begin("##t");
        RichTextStyle s;
        s.markup = true;
        s.wrapWidth = 600;
        wide = measureRichText("Olá, tudo bem? 😀 Quero saber o *preço* do pacote de 1.500 unidades.", s);
        s.wrapWidth = 120;
        narrow = measureRichText("Olá, tudo bem? 😀 Quero saber o *preço* do pacote de 1.500 unidades.", s);
        veryLong = measureRichText(std::string(400, 'x'), s);
        ImGui::End();
    });
    ui.frame();
    EXPECT_GT(narrow.y, wide.y * 2);
    EXPECT_LE(narrow.x, 120.5f);
    EXPECT_LE(veryLong.x, 120.5f) << "unbreakable words are split";
    EXPECT_GT(veryLong.y, wide.y * 5);
}

TEST(RichText, MaxLinesTruncates) {
    UiHarness ui;
    ImVec2 one, all;
    ui.setDraw([&] {
        ImGui::Begin("##t");
        RichTextStyle s;
        s.wrapWidth = 100;
        all = measureRichText("uma duas três quatro cinco seis sete oito nove dez", s);
        s.maxLines = 1;
        one = measureRichText("uma duas três quatro cinco seis sete oito nove dez", s);
        ImGui::End();
    });
    ui.frame();
    EXPECT_LT(one.y, all.y);
}

}  // namespace
}  // namespace inbox::ui::test

namespace inbox::ui::test {
namespace {

TEST(RichText, TruncatedLineEndsWithPartOfTheNextWord) {
    UiHarness ui;
    ImVec2 full, cut;
    float firstWord = 0;
    ui.setDraw([&] {
        ImGui::Begin("##t");
        RichTextStyle s;
        full = measureRichText("Luana Cavalcanti", s);
        firstWord = measureRichText("Luana", s).x;
        s.wrapWidth = full.x * 0.8f;
        s.maxLines = 1;
        cut = measureRichText("Luana Cavalcanti", s);
        ImGui::End();
    });
    ui.frame();
    EXPECT_GT(cut.x, firstWord + 10) << "\"Luana Cavalc…\", not \"Luana …\"";
    EXPECT_LE(cut.x, full.x * 0.8f);
    EXPECT_FLOAT_EQ(cut.y, full.y);
}

}  // namespace
}  // namespace inbox::ui::test
