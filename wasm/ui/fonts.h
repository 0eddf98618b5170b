// The app's typefaces: Noto Sans regular/bold/italic at a few sizes, FontAwesome icons merged into
// each. Sizes are in CSS pixels; glyphs are rasterized at `rasterScale` (the devicePixelRatio) and
// drawn with io.FontGlobalScale = 1 / rasterScale, so text is crisp on high-DPI screens.
#pragma once

#include <string>

struct ImFont;
struct ImFontAtlas;

namespace inbox::ui {

struct FontSet {
    ImFont* body = nullptr;       // 15 px: messages, rows, inputs
    ImFont* bold = nullptr;       // 15 px bold: names, section titles
    ImFont* italic = nullptr;     // 15 px italic: WhatsApp _italic_
    ImFont* small = nullptr;      // 12.5 px: times, phones, captions
    ImFont* smallBold = nullptr;  // 12.5 px bold: badges
    ImFont* title = nullptr;      // 18 px bold: panel headers
    float rasterScale = 1.0f;
    bool fromFiles = false;       // false: ImGui's built-in font (files missing)
};

inline constexpr float kBodySize = 15.0f;
inline constexpr float kSmallSize = 12.5f;
inline constexpr float kTitleSize = 18.0f;

// Clears `atlas` and loads the fonts from `dir` (NotoSans-*.ttf, FontAwesome.ttf) at `rasterScale`.
// Falls back to ImGui's default font (all slots) when the files are missing. The caller uploads the
// atlas texture and sets io.FontGlobalScale = 1 / rasterScale.
const FontSet& buildFonts(ImFontAtlas& atlas, const std::string& dir, float rasterScale);
const FontSet& fonts();

}  // namespace inbox::ui
