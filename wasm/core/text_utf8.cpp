#include "core/text_utf8.h"

#include <algorithm>

namespace inbox::core {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Code points that attach to the previous one inside a cluster.
bool isExtender(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) ||   // combining diacritics
           (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) ||   // combining marks for symbols (keycap 20E3)
           (cp >= 0xFE00 && cp <= 0xFE0F) ||   // variation selectors
           (cp >= 0xFE20 && cp <= 0xFE2F) ||
           (cp >= 0x1F3FB && cp <= 0x1F3FF) ||  // skin tone modifiers
           (cp >= 0xE0020 && cp <= 0xE007F) ||  // tag sequences (subdivision flags)
           (cp >= 0xE0100 && cp <= 0xE01EF) ||
           cp == 0x200C;                        // ZWNJ
}

bool isRegionalIndicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

}  // namespace

char32_t decodeUtf8(std::string_view s, size_t& pos) {
    if (pos >= s.size()) return 0;
    const auto c0 = static_cast<unsigned char>(s[pos]);
    if (c0 < 0x80) {
        ++pos;
        return c0;
    }
    int len = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if ((c0 & 0xE0) == 0xC0) {
        len = 2;
        cp = c0 & 0x1F;
        minimum = 0x80;
    } else if ((c0 & 0xF0) == 0xE0) {
        len = 3;
        cp = c0 & 0x0F;
        minimum = 0x800;
    } else if ((c0 & 0xF8) == 0xF0) {
        len = 4;
        cp = c0 & 0x07;
        minimum = 0x10000;
    } else {
        ++pos;
        return kReplacement;
    }
    if (pos + static_cast<size_t>(len) > s.size()) {
        ++pos;
        return kReplacement;
    }
    for (int i = 1; i < len; ++i) {
        const auto c = static_cast<unsigned char>(s[pos + static_cast<size_t>(i)]);
        if (!isContinuation(c)) {
            ++pos;
            return kReplacement;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return kReplacement;
    }
    pos += static_cast<size_t>(len);
    return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isValidUtf8(std::string_view s) {
    size_t pos = 0;
    while (pos < s.size()) {
        const size_t before = pos;
        const char32_t cp = decodeUtf8(s, pos);
        // A genuine U+FFFD is 3 bytes; a replacement for bad input advances one byte.
        if (cp == kReplacement && pos - before == 1) return false;
    }
    return true;
}

std::string sanitizeUtf8(std::string_view s) {
    if (isValidUtf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size());
    size_t pos = 0;
    while (pos < s.size()) appendUtf8(out, decodeUtf8(s, pos));
    return out;
}

size_t nextGraphemeBoundary(std::string_view s, size_t pos) {
    if (pos >= s.size()) return s.size();
    char32_t cp = decodeUtf8(s, pos);
    if (cp == '\r' && pos < s.size() && s[pos] == '\n') return pos + 1;
    if (isRegionalIndicator(cp)) {
        // Flags are pairs of regional indicators.
        size_t next = pos;
        if (next < s.size() && isRegionalIndicator(decodeUtf8(s, next))) pos = next;
    }
    while (pos < s.size()) {
        size_t next = pos;
        const char32_t c = decodeUtf8(s, next);
        if (isExtender(c)) {
            pos = next;
        } else if (c == 0x200D) {  // ZWJ joins the following code point into this cluster
            pos = next;
            if (pos < s.size()) {
                size_t after = pos;
                decodeUtf8(s, after);
                pos = after;
            }
        } else {
            break;
        }
    }
    return pos;
}

size_t countCodePoints(std::string_view s) {
    size_t n = 0;
    for (size_t pos = 0; pos < s.size();) {
        decodeUtf8(s, pos);
        ++n;
    }
    return n;
}

size_t countGraphemes(std::string_view s) {
    size_t n = 0;
    for (size_t pos = 0; pos < s.size(); pos = nextGraphemeBoundary(s, pos)) ++n;
    return n;
}

std::string makePreview(std::string_view raw, size_t maxClusters) {
    // Flatten whitespace first (on a bounded prefix: previews of 4 MB texts must stay cheap).
    size_t scanLimit = std::min(raw.size(), maxClusters * 64 + 64);
    // Never stop the scan inside a multi-byte sequence.
    while (scanLimit < raw.size() && scanLimit > 0 && isContinuation(static_cast<unsigned char>(raw[scanLimit])))
        --scanLimit;
    std::string flat;
    flat.reserve(scanLimit);
    bool lastSpace = true;  // also trims leading space
    for (size_t i = 0; i < raw.size() && i < scanLimit; ++i) {
        char c = raw[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ') {
            if (lastSpace) continue;
            lastSpace = true;
        } else {
            lastSpace = false;
        }
        flat += c;
    }
    const bool scanCut = raw.size() > scanLimit;
    std::string text = sanitizeUtf8(flat);
    size_t pos = 0;
    size_t clusters = 0;
    while (pos < text.size() && clusters < maxClusters) {
        pos = nextGraphemeBoundary(text, pos);
        ++clusters;
    }
    const bool cut = pos < text.size() || scanCut;
    std::string out = text.substr(0, pos);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (cut) out += "\xE2\x80\xA6";  // …
    return out;
}

std::string truncateBytes(std::string_view s, size_t maxBytes) {
    if (s.size() <= maxBytes) return std::string(s);
    size_t pos = 0;
    while (pos < s.size()) {
        const size_t next = nextGraphemeBoundary(s, pos);
        if (next > maxBytes) break;
        pos = next;
    }
    return std::string(s.substr(0, pos));
}

}  // namespace inbox::core
