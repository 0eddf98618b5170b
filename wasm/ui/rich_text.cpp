#include "ui/rich_text.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "ui/emoji.h"
#include "ui/theme.h"

namespace inbox::ui {
namespace {

constexpr float kEmojiScale = 1.2f;  // emoji look right a little taller than the cap height

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isWordChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (static_cast<unsigned char>(c) >= 0x80);
}

// Marks [open, close] delimiter pairs of `delim` (length 1 or 3) per WhatsApp's rules: the opening
// delimiter starts a word, the closing one ends it, same line, non-empty inside.
void markDelimited(std::string_view text, std::string_view delim, uint8_t bit, std::vector<uint8_t>& style,
                   std::vector<bool>& hidden) {
    const size_t n = text.size(), d = delim.size();
    size_t i = 0;
    while (i + d <= n) {
        if (text.compare(i, d, delim) != 0 || hidden[i] || (i > 0 && isWordChar(text[i - 1]) && d == 1)) {
            ++i;
            continue;
        }
        const size_t contentBegin = i + d;
        if (contentBegin >= n || isSpace(text[contentBegin])) {
            ++i;
            continue;
        }
        size_t close = std::string_view::npos;
        for (size_t j = contentBegin + 1; j + d <= n; ++j) {
            if (d == 1 && text[j] == '\n') break;
            if (text.compare(j, d, delim) == 0 && !isSpace(text[j - 1]) && (j + d >= n || !isWordChar(text[j + d]) || d == 3)) {
                close = j;
                break;
            }
        }
        if (close == std::string_view::npos) {
            ++i;
            continue;
        }
        for (size_t k = i; k < i + d; ++k) hidden[k] = true;
        for (size_t k = close; k < close + d; ++k) hidden[k] = true;
        for (size_t k = contentBegin; k < close; ++k) style[k] |= bit;
        i = close + d;
    }
}

void markLinks(std::string_view text, std::vector<uint8_t>& style) {
    size_t i = 0;
    while ((i = std::min(text.find("http://", i), text.find("https://", i))) != std::string_view::npos) {
        if (i > 0 && !isSpace(text[i - 1]) && text[i - 1] != '(') {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && !isSpace(text[end])) ++end;
        while (end > i && std::strchr(".,;:!?)", text[end - 1]) != nullptr) --end;  // trailing punctuation
        for (size_t k = i; k < end; ++k) style[k] |= kSpanLink;
        i = end;
    }
}

struct Atom {
    enum Kind : uint8_t { Word, Space, Newline, Emoji } kind;
    uint8_t style;
    uint32_t span;  // index into spans
    uint32_t begin, end;  // bytes within the span text
    float width;
};

struct Line {
    size_t firstAtom, lastAtom;  // [first, last)
    float width;
};

struct Fonts {
    ImFont* regular;
    ImFont* bold;
    ImFont* italic;
    float size;
};

Fonts resolveFonts(const RichTextStyle& s) {
    Fonts f;
    f.regular = s.font != nullptr ? s.font : ImGui::GetFont();
    f.bold = s.bold != nullptr ? s.bold : f.regular;
    f.italic = s.italic != nullptr ? s.italic : f.regular;
    f.size = f.regular->FontSize * ImGui::GetIO().FontGlobalScale;
    return f;
}

ImFont* fontFor(const Fonts& f, uint8_t style) {
    if (style & kSpanBold) return f.bold;
    if (style & kSpanItalic) return f.italic;
    return f.regular;
}

float textWidth(const Fonts& f, uint8_t style, const char* b, const char* e) {
    ImFont* font = fontFor(f, style);
    return font->CalcTextSizeA(f.size, FLT_MAX, 0.0f, b, e).x;
}

struct Layout {
    std::vector<TextSpan> spans;
    std::vector<Atom> atoms;
    std::vector<Line> lines;
    float lineHeight = 0;
    ImVec2 size;
    bool truncated = false;
};

void buildAtoms(Layout& L, const Fonts& f) {
    for (uint32_t si = 0; si < L.spans.size(); ++si) {
        const std::string& t = L.spans[si].text;
        const uint8_t style = L.spans[si].style;
        size_t i = 0;
        while (i < t.size()) {
            const char c = t[i];
            if (c == '\n') {
                L.atoms.push_back({Atom::Newline, style, si, uint32_t(i), uint32_t(i + 1), 0});
                ++i;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                size_t j = i;
                while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) ++j;
                const char* space = " ";
                L.atoms.push_back({Atom::Space, style, si, uint32_t(i), uint32_t(j), textWidth(f, style, space, space + 1) * static_cast<float>(j - i)});
                i = j;
            } else if (size_t elen = emojiClusterLength(t, i)) {
                L.atoms.push_back({Atom::Emoji, style, si, uint32_t(i), uint32_t(i + elen), f.size * kEmojiScale});
                i += elen;
            } else {
                size_t j = i;
                while (j < t.size() && !isSpace(t[j]) && emojiClusterLength(t, j) == 0) {
                    const auto b = static_cast<unsigned char>(t[j]);
                    j += b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
                }
                j = std::min(j, t.size());
                L.atoms.push_back({Atom::Word, style, si, uint32_t(i), uint32_t(j), textWidth(f, style, t.data() + i, t.data() + j)});
                i = j;
            }
        }
    }
}

// Splits a word atom wider than `width` into pieces that fit (long URLs, pasted hashes).
void splitLongWords(Layout& L, const Fonts& f, float width) {
    if (width <= 0) return;
    std::vector<Atom> out;
    out.reserve(L.atoms.size());
    for (const Atom& a : L.atoms) {
        if (a.kind != Atom::Word || a.width <= width) {
            out.push_back(a);
            continue;
        }
        const std::string& t = L.spans[a.span].text;
        uint32_t start = a.begin;
        while (start < a.end) {
            uint32_t end = start;
            float w = 0;
            while (end < a.end) {
                const auto b = static_cast<unsigned char>(t[end]);
                const uint32_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
                const float cw = textWidth(f, a.style, t.data() + end, t.data() + std::min(end + n, a.end));
                if (w + cw > width && end > start) break;
                w += cw;
                end = std::min(end + n, a.end);
            }
            out.push_back({Atom::Word, a.style, a.span, start, end, w});
            start = end;
        }
    }
    L.atoms.swap(out);
}

void layoutLines(Layout& L, float wrap, int maxLines) {
    size_t lineStart = 0;
    float x = 0, maxWidth = 0;
    auto endLine = [&](size_t end, float width) {
        // Trailing spaces do not count for the line's width.
        L.lines.push_back({lineStart, end, width});
        maxWidth = std::max(maxWidth, width);
    };
    float contentWidth = 0;  // width without trailing spaces
    for (size_t i = 0; i < L.atoms.size(); ++i) {
        const Atom& a = L.atoms[i];
        if (a.kind == Atom::Newline) {
            endLine(i + 1, contentWidth);
            lineStart = i + 1;
            x = contentWidth = 0;
            continue;
        }
        if (a.kind == Atom::Space) {
            if (x == 0 && i > lineStart) continue;  // no leading spaces on wrapped lines
            x += a.width;
            continue;
        }
        if (wrap > 0 && x + a.width > wrap && i > lineStart) {
            endLine(i, contentWidth);
            lineStart = i;
            x = contentWidth = 0;
        }
        x += a.width;
        contentWidth = x;
    }
    if (lineStart < L.atoms.size() || L.lines.empty()) endLine(L.atoms.size(), contentWidth);
    if (maxLines > 0 && static_cast<int>(L.lines.size()) > maxLines) {
        L.lines.resize(static_cast<size_t>(maxLines));
        L.truncated = true;
        maxWidth = 0;
        for (const Line& l : L.lines) maxWidth = std::max(maxWidth, l.width);
    }
    L.size = ImVec2(maxWidth, L.lineHeight * static_cast<float>(L.lines.size()));
}

// A truncated last line ends with as much of the next word as fits before the ellipsis
// ("Luana Cavalc…" rather than "Luana …").
void fillTruncatedLine(Layout& L, const Fonts& f, float wrap) {
    if (!L.truncated || L.lines.empty() || wrap <= 0) return;
    Line& line = L.lines.back();
    size_t next = line.lastAtom;
    float x = line.width;
    while (next < L.atoms.size() && L.atoms[next].kind == Atom::Space) x += L.atoms[next++].width;
    if (next >= L.atoms.size() || L.atoms[next].kind != Atom::Word) return;
    const Atom word = L.atoms[next];
    const std::string& t = L.spans[word.span].text;
    const char* ellipsis = "…";
    const float room = wrap - x - textWidth(f, 0, ellipsis, ellipsis + std::strlen(ellipsis));
    uint32_t end = word.begin;
    float w = 0;
    while (end < word.end) {
        const auto b = static_cast<unsigned char>(t[end]);
        const uint32_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
        const float cw = textWidth(f, word.style, t.data() + end, t.data() + std::min(end + n, word.end));
        if (w + cw > room) break;
        w += cw;
        end = std::min(end + n, word.end);
    }
    if (end == word.begin) return;
    L.atoms.resize(next);  // later atoms belong to dropped lines
    L.atoms.push_back({Atom::Word, word.style, word.span, word.begin, end, w});
    line.lastAtom = L.atoms.size();
    line.width = x + w;
    L.size.x = std::max(L.size.x, line.width);
}

Layout layout(std::string_view text, const RichTextStyle& s, const Fonts& f) {
    Layout L;
    if (s.markup || s.links) {
        L.spans = parseMarkup(text, s.links);
    } else {
        L.spans.push_back({std::string(text), 0});
    }
    L.lineHeight = std::max(f.size, f.size * kEmojiScale) + 2.0f;
    buildAtoms(L, f);
    splitLongWords(L, f, s.wrapWidth);
    layoutLines(L, s.wrapWidth, s.maxLines);
    fillTruncatedLine(L, f, s.wrapWidth);
    return L;
}

}  // namespace

std::vector<TextSpan> parseMarkup(std::string_view text, bool links) {
    std::vector<uint8_t> style(text.size(), 0);
    std::vector<bool> hidden(text.size(), false);
    markDelimited(text, "```", kSpanMono, style, hidden);
    // Inside ```mono``` nothing else is markup: mark those bytes hidden-for-parsing via a copy.
    std::vector<bool> blocked = hidden;
    for (size_t i = 0; i < text.size(); ++i) blocked[i] = blocked[i] || (style[i] & kSpanMono);
    std::vector<bool> inner = blocked;
    markDelimited(text, "*", kSpanBold, style, inner);
    markDelimited(text, "_", kSpanItalic, style, inner);
    markDelimited(text, "~", kSpanStrike, style, inner);
    for (size_t i = 0; i < text.size(); ++i) {
        if (inner[i] && !blocked[i]) hidden[i] = true;
    }
    if (links) markLinks(text, style);

    std::vector<TextSpan> spans;
    for (size_t i = 0; i < text.size(); ++i) {
        if (hidden[i]) continue;
        if (spans.empty() || spans.back().style != style[i]) spans.push_back({std::string(), style[i]});
        spans.back().text.push_back(text[i]);
    }
    return spans;
}

std::string markupPlainText(std::string_view text) {
    std::string out;
    for (const TextSpan& s : parseMarkup(text, false)) out += s.text;
    return out;
}

ImVec2 measureRichText(std::string_view text, const RichTextStyle& style) {
    const Fonts f = resolveFonts(style);
    return layout(text, style, f).size;
}

ImVec2 drawRichText(ImVec2 pos, std::string_view text, const RichTextStyle& s, std::string* clickedUrl) {
    const Fonts f = resolveFonts(s);
    const Layout L = layout(text, s, f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 color = s.color != 0 ? s.color : ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 linkColor = s.linkColor != 0 ? s.linkColor : palette().link;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    EmojiSource* emoji = emojiSource();

    float y = pos.y;
    for (size_t li = 0; li < L.lines.size(); ++li) {
        const Line& line = L.lines[li];
        float x = pos.x;
        const float textY = y + (L.lineHeight - f.size) * 0.5f;
        for (size_t i = line.firstAtom; i < line.lastAtom; ++i) {
            const Atom& a = L.atoms[i];
            if (a.kind == Atom::Newline) continue;
            if (a.kind == Atom::Space) {
                if (x > pos.x) x += a.width;
                continue;
            }
            const std::string& t = L.spans[a.span].text;
            const char* b = t.data() + a.begin;
            const char* e = t.data() + a.end;
            const ImU32 col = (a.style & kSpanLink) ? linkColor : color;
            if (a.kind == Atom::Emoji) {
                const float size = f.size * kEmojiScale;
                const ImVec2 p0(x, y + (L.lineHeight - size) * 0.5f);
                EmojiImage img;
                if (emoji != nullptr && emoji->image(std::string_view(b, static_cast<size_t>(e - b)), size, img)) {
                    dl->AddImage(img.texture, p0, ImVec2(p0.x + size, p0.y + size), img.uv0, img.uv1);
                } else {
                    // No rasterizer (headless tests): a quiet circle, never a '?' or a box.
                    dl->AddCircle(ImVec2(p0.x + size * 0.5f, p0.y + size * 0.5f), size * 0.38f, withAlpha(color, 140), 0, 1.2f);
                }
            } else {
                if (a.style & kSpanMono) {
                    dl->AddRectFilled(ImVec2(x - 1, textY - 1), ImVec2(x + a.width + 1, textY + f.size + 1), palette().codeBackground, 3.0f);
                }
                dl->AddText(fontFor(f, a.style), f.size, ImVec2(x, textY), col, b, e);
                if (a.style & kSpanStrike) {
                    const float my = ImFloor(textY + f.size * 0.55f) + 0.5f;
                    dl->AddLine(ImVec2(x, my), ImVec2(x + a.width, my), col, 1.0f);
                }
                if (a.style & kSpanLink) {
                    const ImRect r(x, textY, x + a.width, textY + f.size + 2);
                    const float uy = ImFloor(textY + f.size) + 0.5f;
                    dl->AddLine(ImVec2(x, uy), ImVec2(x + a.width, uy), withAlpha(col, 150), 1.0f);
                    if (r.Contains(mouse) && ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) {
                        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                        if (clickedUrl != nullptr && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
                            // The whole link, even when it wrapped over several atoms.
                            size_t lb = a.begin, le = a.end;
                            while (lb > 0 && !isSpace(t[lb - 1])) --lb;
                            while (le < t.size() && !isSpace(t[le])) ++le;
                            *clickedUrl = t.substr(lb, le - lb);
                        }
                    }
                }
            }
            x += a.width;
        }
        if (L.truncated && li + 1 == L.lines.size()) {
            dl->AddText(f.regular, f.size, ImVec2(x, textY), color, "…");
        }
        y += L.lineHeight;
    }
    return L.size;
}

ImVec2 richText(std::string_view text, const RichTextStyle& style, std::string* clickedUrl) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size = drawRichText(pos, text, style, clickedUrl);
    ImGui::Dummy(ImVec2(size.x, std::max(size.y, 1.0f)));
    return size;
}

}  // namespace inbox::ui
