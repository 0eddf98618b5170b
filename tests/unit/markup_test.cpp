#include <gtest/gtest.h>

#include "core/whatsapp_markup.h"

using namespace inbox::core;

namespace {
StyledRun plain(const std::string& t) { return {t}; }
StyledRun bold(const std::string& t) { return {t, true}; }
StyledRun italic(const std::string& t) { return {t, false, true}; }
StyledRun strike(const std::string& t) { return {t, false, false, true}; }
StyledRun mono(const std::string& t) { return {t, false, false, false, true}; }
}  // namespace

TEST(Markup, BasicStyles) {
    EXPECT_EQ(parseWhatsAppMarkup("Olá *mundo*!"), (std::vector<StyledRun>{plain("Olá "), bold("mundo"), plain("!")}));
    EXPECT_EQ(parseWhatsAppMarkup("_itálico_"), (std::vector<StyledRun>{italic("itálico")}));
    EXPECT_EQ(parseWhatsAppMarkup("~riscado~ ok"), (std::vector<StyledRun>{strike("riscado"), plain(" ok")}));
    EXPECT_EQ(parseWhatsAppMarkup("```code *x*```"), (std::vector<StyledRun>{mono("code *x*")}));
    EXPECT_EQ(parseWhatsAppMarkup("use `npm i`"), (std::vector<StyledRun>{plain("use "), mono("npm i")}));
}

TEST(Markup, Nested) {
    const auto runs = parseWhatsAppMarkup("*negrito _e itálico_*");
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0], bold("negrito "));
    EXPECT_EQ(runs[1], (StyledRun{"e itálico", true, true}));
}

TEST(Markup, NotMarkup) {
    EXPECT_EQ(parseWhatsAppMarkup("2*3*4"), (std::vector<StyledRun>{plain("2*3*4")}));
    EXPECT_EQ(parseWhatsAppMarkup("* not bold *"), (std::vector<StyledRun>{plain("* not bold *")}));
    EXPECT_EQ(parseWhatsAppMarkup("snake_case_name"), (std::vector<StyledRun>{plain("snake_case_name")}));
    EXPECT_EQ(parseWhatsAppMarkup("*unclosed"), (std::vector<StyledRun>{plain("*unclosed")}));
    EXPECT_EQ(parseWhatsAppMarkup("*a\nb*"), (std::vector<StyledRun>{plain("*a\nb*")}));
    EXPECT_EQ(parseWhatsAppMarkup("<script>alert(1)</script>"), (std::vector<StyledRun>{plain("<script>alert(1)</script>")}));
    EXPECT_EQ(parseWhatsAppMarkup("**"), (std::vector<StyledRun>{plain("**")}));
    EXPECT_TRUE(parseWhatsAppMarkup("").empty());
}

TEST(Markup, TextIsPreservedExactly) {
    const std::string inputs[] = {"*a* _b_ ~c~ ```d```", "😊 *ok* 👍🏽", "a_b_c *x _y* z_", "``````", "*_~`x`~_*"};
    for (const auto& in : inputs) {
        std::string joined;
        for (const auto& r : parseWhatsAppMarkup(in)) joined += r.text;
        // Only markers are dropped: the visible text is a subsequence of the input.
        size_t pos = 0;
        for (char c : joined) {
            pos = in.find(c, pos);
            ASSERT_NE(pos, std::string::npos) << in;
            ++pos;
        }
    }
}

TEST(Markup, DeepNestingIsBounded) {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "*_~";
    s += "x";
    for (int i = 0; i < 5000; ++i) s += "~_*";
    const auto runs = parseWhatsAppMarkup(s);
    EXPECT_FALSE(runs.empty());
}
