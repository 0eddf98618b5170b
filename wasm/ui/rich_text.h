// Wrapped text with inline colour emoji, WhatsApp markup (*bold* _italic_ ~strike~ ```mono```)
// and links. ImGui's own text functions draw one font and no emoji; message bubbles, previews and
// names go through here instead.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace inbox::ui {

struct RichTextStyle {
    ImFont* font = nullptr;    // regular face (defaults to the current font)
    ImFont* bold = nullptr;    // *bold* (defaults to `font`)
    ImFont* italic = nullptr;  // _italic_ (defaults to `font`)
    ImU32 color = 0;           // 0: ImGuiCol_Text
    ImU32 linkColor = 0;       // 0: the palette's link colour
    float wrapWidth = 0;       // <= 0: no wrapping
    bool markup = false;       // interpret WhatsApp markup
    bool links = false;        // style and open http(s) links
    int maxLines = 0;          // > 0: stop after that many lines, ending with "…"
};

// Style bits of a markup span.
enum : uint8_t { kSpanBold = 1, kSpanItalic = 2, kSpanStrike = 4, kSpanMono = 8, kSpanLink = 16 };

struct TextSpan {
    std::string text;
    uint8_t style = 0;
};

// WhatsApp markup → spans with the delimiters removed; text that is not markup stays as typed.
std::vector<TextSpan> parseMarkup(std::string_view text, bool links);
// The visible text of the markup (delimiters removed): what a reader or the clipboard gets.
std::string markupPlainText(std::string_view text);

// Size the text takes.
ImVec2 measureRichText(std::string_view text, const RichTextStyle& style);
// Draws at `pos` into the current window's draw list; returns the size. When `clickedUrl` is given
// and a link is clicked this frame, it receives the URL.
ImVec2 drawRichText(ImVec2 pos, std::string_view text, const RichTextStyle& style, std::string* clickedUrl = nullptr);
// At the cursor, as an item (advances the layout like ImGui::TextWrapped).
ImVec2 richText(std::string_view text, const RichTextStyle& style, std::string* clickedUrl = nullptr);

}  // namespace inbox::ui
