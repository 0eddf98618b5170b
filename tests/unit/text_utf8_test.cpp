#include <gtest/gtest.h>

#include "core/text_utf8.h"

using namespace inbox::core;

TEST(TextUtf8, ValidAndInvalid) {
    EXPECT_TRUE(isValidUtf8("João 😊"));
    EXPECT_FALSE(isValidUtf8("\xC3"));
    EXPECT_FALSE(isValidUtf8("a\xFF" "b"));
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));  // surrogate
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));      // overlong
    EXPECT_EQ(sanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

TEST(TextUtf8, GraphemeClusters) {
    EXPECT_EQ(countGraphemes("abc"), 3u);
    EXPECT_EQ(countGraphemes("👍🏽"), 1u);                 // skin tone
    EXPECT_EQ(countGraphemes("👨‍👩‍👧‍👦"), 1u);               // ZWJ family
    EXPECT_EQ(countGraphemes("🇧🇷🇵🇹"), 2u);               // two flags
    EXPECT_EQ(countGraphemes("e\xCC\x81"), 1u);           // e + combining acute
    EXPECT_EQ(countGraphemes("1️⃣"), 1u);                 // keycap
    EXPECT_EQ(countGraphemes("🏴󠁧󠁢󠁳󠁣󠁴󠁿"), 1u);              // tag sequence flag
    EXPECT_EQ(countGraphemes("❤️x"), 2u);
}

TEST(TextUtf8, PreviewNeverCutsAnEmoji) {
    const std::string family = "👨‍👩‍👧‍👦";
    std::string text;
    for (int i = 0; i < 10; ++i) text += family;
    const std::string p = makePreview(text, 3);
    EXPECT_EQ(p, family + family + family + "…");
    EXPECT_TRUE(isValidUtf8(p));
    EXPECT_EQ(makePreview("Olá\n\n  tudo   bem?", 80), "Olá tudo bem?");
    EXPECT_EQ(makePreview("curto", 80), "curto");
    EXPECT_EQ(makePreview("🇧🇷🇧🇷", 1), "🇧🇷…");
}

TEST(TextUtf8, PreviewOfHugeTextIsBoundedAndValid) {
    std::string huge;
    for (int i = 0; i < 200000; ++i) huge += "ção ";
    const std::string p = makePreview(huge, 50);
    EXPECT_TRUE(isValidUtf8(p));
    EXPECT_EQ(countGraphemes(p), 51u);  // 50 + the ellipsis
}

TEST(TextUtf8, TruncateBytesOnClusterBoundary) {
    const std::string s = "ab👍🏽cd";
    EXPECT_EQ(truncateBytes(s, 3), "ab");
    EXPECT_EQ(truncateBytes(s, 10), "ab👍🏽");
    EXPECT_EQ(truncateBytes(s, 100), s);
}
