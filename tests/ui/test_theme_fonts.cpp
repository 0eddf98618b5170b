// Theme switch and the glyphs pt-BR text needs.
#include <gtest/gtest.h>
#include <imgui.h>

#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui_harness.h"

namespace inbox::ui::test {
namespace {

TEST(Theme, LightAndDarkDifferAndStayCalm) {
    UiHarness ui;
    applyTheme(ThemeMode::Light);
    const ImVec4 lightBg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    EXPECT_EQ(currentTheme(), ThemeMode::Light);
    applyTheme(ThemeMode::Dark);
    const ImVec4 darkBg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    EXPECT_EQ(currentTheme(), ThemeMode::Dark);
    EXPECT_GT(lightBg.x + lightBg.y + lightBg.z, 2.5f);
    EXPECT_LT(darkBg.x + darkBg.y + darkBg.z, 0.6f);
    EXPECT_GT(ImGui::GetStyle().FrameRounding, 4.0f) << "rounded, not the debug look";
    EXPECT_NE(palette().bubbleIn, palette().bubbleOut);
    applyTheme(ThemeMode::Light);
}

TEST(Theme, ColorFromHex) {
    EXPECT_EQ(colorFromHex("#FF0000", 0), IM_COL32(255, 0, 0, 255));
    EXPECT_EQ(colorFromHex("00ff00", 0), IM_COL32(0, 255, 0, 255));
    EXPECT_EQ(colorFromHex("#12", 7u), 7u);
    EXPECT_EQ(colorFromHex("#GG0000", 7u), 7u);
    EXPECT_EQ(colorFromHex(nullptr, 7u), 7u);
}

TEST(Fonts, PortugueseTextIconsAndPunctuationHaveGlyphs) {
    UiHarness ui;
    if (!ui.realFonts()) GTEST_SKIP() << "fonts not built (python3-fonttools missing)";
    const FontSet& f = fonts();
    for (ImFont* font : {f.body, f.bold, f.italic, f.small, f.title}) {
        for (ImWchar c : {u'ã', u'ç', u'é', u'Á', u'õ', u'ú', u'\u201C', u'\u201D', u'\u2014', u'\u2013', u'\u2026', u'$'}) {
            const ImFontGlyph* g = font->FindGlyphNoFallback(c);
            EXPECT_NE(g, nullptr) << "U+" << std::hex << static_cast<unsigned>(c) << " in " << font->GetDebugName();
        }
        for (unsigned icon : kIconCodepoints) {
            EXPECT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(icon)), nullptr) << std::hex << icon;
        }
    }
    EXPECT_NE(f.body->FindGlyphNoFallback(0x20AC), nullptr) << "€";
    // Text fields draw font glyphs only: the emoji agents type most must be in the body face.
    for (unsigned cp : {0x1F60A, 0x1F602, 0x1F44D, 0x1F64F, 0x2764, 0x1F525, 0x2705, 0x1F4E6}) {
        EXPECT_NE(f.body->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr) << "U+" << std::hex << cp;
    }
}

TEST(Fonts, AtlasStaysSmallAtHighDpi) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const FontSet& set = buildFonts(*io.Fonts, INBOX_UI_TEST_FONTS, 2.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    EXPECT_EQ(set.rasterScale, 2.0f);
    EXPECT_LE(w * h, 4096 * 4096);
    if (set.fromFiles) {
        EXPECT_NEAR(set.body->FontSize, kBodySize * 2.0f, 0.01f);
    }
    ImGui::DestroyContext(ctx);
}

}  // namespace
}  // namespace inbox::ui::test
