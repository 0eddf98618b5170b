#include "ui/fonts.h"

#include <imgui.h>

#include <cstdio>
#include <vector>

#include "ui/icons.h"
#include "ui/text_emoji.h"

namespace inbox::ui {
namespace {

FontSet g_fonts;

// Latin (pt-BR and names in any Latin script), general punctuation (curly quotes, dashes, ellipsis,
// bullet), currency and letterlike symbols (™, №).
const ImWchar kTextRanges[] = {0x0020, 0x007E, 0x00A0, 0x024F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0x2100, 0x215F, 0};
// Secondary faces skip Latin Extended-B and letterlike symbols to keep the atlas small.
const ImWchar kShortRanges[] = {0x0020, 0x007E, 0x00A0, 0x017F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0};

// ImGui glyph ranges for a list of single code points.
template <size_t N>
std::vector<ImWchar> pointRanges(const unsigned (&points)[N]) {
    std::vector<ImWchar> r;
    for (unsigned cp : points) {
        r.push_back(static_cast<ImWchar>(cp));
        r.push_back(static_cast<ImWchar>(cp));
    }
    r.push_back(0);
    return r;
}

const ImWchar* iconRanges() {
    static const std::vector<ImWchar> ranges = pointRanges(kIconCodepoints);
    return ranges.data();
}

const ImWchar* textEmojiRanges() {
    static const std::vector<ImWchar> ranges = pointRanges(kTextEmojiCodepoints);
    return ranges.data();
}

bool fileExists(const std::string& path) {
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
        return true;
    }
    return false;
}

ImFont* addFace(ImFontAtlas& atlas, const std::string& dir, const char* file, float cssSize, float scale,
                const ImWchar* ranges) {
    ImFontConfig config;
    config.SizePixels = cssSize * scale;
    // Rasterized at device pixels already: horizontal oversampling only helps at 1x.
    config.OversampleH = scale >= 1.75f ? 1 : 2;
    config.OversampleV = 1;
    std::snprintf(config.Name, sizeof config.Name, "%s %.1fpx", file, cssSize);
    ImFont* font = atlas.AddFontFromFileTTF((dir + "/" + file).c_str(), cssSize * scale, &config, ranges);
    if (font == nullptr) return nullptr;

    const std::string icons = dir + "/FontAwesome.ttf";
    if (fileExists(icons)) {
        ImFontConfig iconConfig;
        iconConfig.MergeMode = true;
        iconConfig.OversampleH = config.OversampleH;
        iconConfig.OversampleV = 1;
        iconConfig.GlyphMinAdvanceX = cssSize * scale;  // icons line up in columns
        iconConfig.GlyphOffset.y = 0.5f * scale;
        atlas.AddFontFromFileTTF(icons.c_str(), cssSize * 0.92f * scale, &iconConfig, iconRanges());
    }
    return font;
}

}  // namespace

const FontSet& buildFonts(ImFontAtlas& atlas, const std::string& dir, float rasterScale) {
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    g_fonts = FontSet{};
    g_fonts.rasterScale = rasterScale;

    const float s = rasterScale;
    if (fileExists(dir + "/NotoSans-Regular.ttf")) {
        g_fonts.body = addFace(atlas, dir, "NotoSans-Regular.ttf", kBodySize, s, kTextRanges);
        // Text fields type in the body face: common emoji merged in, so they never show as '?'.
        if (g_fonts.body != nullptr && fileExists(dir + "/Symbola-Emoji.ttf")) {
            ImFontConfig emojiConfig;
            emojiConfig.MergeMode = true;
            emojiConfig.OversampleH = s >= 1.75f ? 1 : 2;
            emojiConfig.OversampleV = 1;
            atlas.AddFontFromFileTTF((dir + "/Symbola-Emoji.ttf").c_str(), kBodySize * s, &emojiConfig, textEmojiRanges());
        }
        g_fonts.bold = addFace(atlas, dir, "NotoSans-Bold.ttf", kBodySize, s, kShortRanges);
        g_fonts.italic = addFace(atlas, dir, "NotoSans-Italic.ttf", kBodySize, s, kShortRanges);
        g_fonts.small = addFace(atlas, dir, "NotoSans-Regular.ttf", kSmallSize, s, kShortRanges);
        g_fonts.smallBold = addFace(atlas, dir, "NotoSans-Bold.ttf", kSmallSize, s, kShortRanges);
        g_fonts.title = addFace(atlas, dir, "NotoSans-Bold.ttf", kTitleSize, s, kShortRanges);
    }
    if (g_fonts.body == nullptr) {
        std::fprintf(stderr, "inbox: fonts not found in '%s', using ImGui's built-in font\n", dir.c_str());
        atlas.Clear();
        ImFontConfig config;
        config.SizePixels = 13.0f * s;
        g_fonts.body = atlas.AddFontDefault(&config);
    } else {
        g_fonts.fromFiles = true;
    }
    // Missing secondary faces fall back to the body face: text still draws.
    for (ImFont** slot : {&g_fonts.bold, &g_fonts.italic, &g_fonts.small, &g_fonts.smallBold, &g_fonts.title}) {
        if (*slot == nullptr) *slot = g_fonts.body;
    }
    atlas.Build();
    return g_fonts;
}

const FontSet& fonts() { return g_fonts; }

}  // namespace inbox::ui
