#include "ui/emoji.h"

namespace inbox::ui {
namespace {

EmojiSource* g_source = nullptr;

char32_t decode(std::string_view s, size_t pos, size_t& len) {
    const auto c = static_cast<unsigned char>(s[pos]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || pos + n > s.size()) {
        len = 1;
        return 0xFFFD;
    }
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t i = 1; i < n; ++i) {
        const auto cc = static_cast<unsigned char>(s[pos + i]);
        if ((cc & 0xC0) != 0x80) {
            len = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    len = n;
    return cp;
}

bool isRegionalIndicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }
bool isSkinTone(char32_t cp) { return cp >= 0x1F3FB && cp <= 0x1F3FF; }
bool isTag(char32_t cp) { return cp >= 0xE0020 && cp <= 0xE007F; }

// Code points drawn as emoji by default (emoji presentation), by block.
bool isEmojiPresentation(char32_t cp) {
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return true;
    if (cp >= 0x2600 && cp <= 0x27BF) return true;  // miscellaneous symbols, dingbats (✅ ❤ ☀)
    switch (cp) {
        case 0x231A: case 0x231B: case 0x2328: case 0x23CF: case 0x23E9: case 0x23EA: case 0x23EB:
        case 0x23EC: case 0x23ED: case 0x23EE: case 0x23EF: case 0x23F0: case 0x23F1: case 0x23F2:
        case 0x23F3: case 0x23F8: case 0x23F9: case 0x23FA: case 0x2B05: case 0x2B06: case 0x2B07:
        case 0x2B1B: case 0x2B1C: case 0x2B50: case 0x2B55: case 0x3030: case 0x303D: case 0x3297:
        case 0x3299: case 0x2934: case 0x2935: case 0x25AA: case 0x25AB: case 0x25B6: case 0x25C0:
        case 0x25FB: case 0x25FC: case 0x25FD: case 0x25FE: case 0x24C2:
            return true;
        default:
            return false;
    }
}

// Text by default, emoji when followed by U+FE0F (©️ ®️ ‼️ ™️ ↔️ and keycap bases).
bool isEmojiWithSelector(char32_t cp) {
    return cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139 ||
           (cp >= 0x2194 && cp <= 0x21AA);
}

bool isKeycapBase(char32_t cp) { return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*'; }

}  // namespace

size_t emojiClusterLength(std::string_view text, size_t pos) {
    if (pos >= text.size()) return 0;
    size_t len = 0;
    const char32_t first = decode(text, pos, len);
    size_t end = pos + len;

    auto peek = [&](size_t at, size_t& l) -> char32_t { return at < text.size() ? decode(text, at, l) : 0; };

    if (isKeycapBase(first)) {  // 1️⃣: base, optional FE0F, U+20E3
        size_t l1 = 0, l2 = 0;
        char32_t next = peek(end, l1);
        size_t at = end;
        if (next == 0xFE0F) {
            at += l1;
            next = peek(at, l2);
            l1 = l2;
        }
        return next == 0x20E3 ? at + l1 - pos : 0;
    }
    if (isRegionalIndicator(first)) {  // flags are pairs
        size_t l = 0;
        return isRegionalIndicator(peek(end, l)) ? end + l - pos : 0;
    }
    size_t l = 0;
    if (isEmojiWithSelector(first)) {
        if (peek(end, l) != 0xFE0F) return 0;
    } else if (!isEmojiPresentation(first)) {
        return 0;
    }
    if (peek(end, l) == 0xFE0E) return 0;  // text presentation asked for

    // Modifiers, selectors, tag sequences and ZWJ-joined emoji belong to the same cluster.
    while (end < text.size()) {
        const char32_t cp = peek(end, l);
        if (cp == 0xFE0F || isSkinTone(cp) || isTag(cp) || cp == 0x20E3) {
            end += l;
        } else if (cp == 0x200D) {
            size_t l2 = 0;
            const char32_t joined = peek(end + l, l2);
            if (!isEmojiPresentation(joined) && !isEmojiWithSelector(joined)) break;
            end += l + l2;
        } else {
            break;
        }
    }
    return end - pos;
}

bool containsEmoji(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= 0xE2 || c == 0xC2 || isKeycapBase(c)) && emojiClusterLength(text, i) > 0) return true;
    }
    return false;
}

void setEmojiSource(EmojiSource* source) { g_source = source; }
EmojiSource* emojiSource() { return g_source; }

}  // namespace inbox::ui
