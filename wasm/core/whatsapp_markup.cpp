#include "core/whatsapp_markup.h"

namespace inbox::core {

namespace {

struct Style {
    bool bold = false, italic = false, strike = false, mono = false;
};

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
// ASCII letters/digits glue a marker to a word; any other byte (punctuation, UTF-8) does not.
bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void emit(std::vector<StyledRun>& out, std::string_view text, const Style& st) {
    if (text.empty()) return;
    if (!out.empty()) {
        StyledRun& last = out.back();
        if (last.bold == st.bold && last.italic == st.italic && last.strike == st.strike && last.mono == st.mono) {
            last.text.append(text);
            return;
        }
    }
    out.push_back({std::string(text), st.bold, st.italic, st.strike, st.mono});
}

bool* flagFor(Style& st, char marker) {
    switch (marker) {
        case '*': return &st.bold;
        case '_': return &st.italic;
        case '~': return &st.strike;
        default: return nullptr;
    }
}

// Finds the closing marker for an opener at `open`: same line, not preceded by a space, not
// followed by a word character.
size_t findClose(std::string_view s, size_t open, char marker) {
    for (size_t i = open + 2; i < s.size(); ++i) {
        if (s[i] == '\n') return std::string_view::npos;
        if (s[i] != marker) continue;
        if (isSpace(s[i - 1])) continue;
        if (i + 1 < s.size() && isWordChar(s[i + 1])) continue;
        return i;
    }
    return std::string_view::npos;
}

void parse(std::string_view s, Style st, std::vector<StyledRun>& out, int depth) {
    size_t plainStart = 0;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const bool atBoundary = i == 0 || !isWordChar(s[i - 1]);
        // ```mono``` blocks: everything inside is literal, may span lines.
        if (c == '`' && s.compare(i, 3, "```") == 0 && !st.mono) {
            const size_t close = s.find("```", i + 3);
            if (close != std::string_view::npos && close > i + 3) {
                emit(out, s.substr(plainStart, i - plainStart), st);
                Style inner = st;
                inner.mono = true;
                emit(out, s.substr(i + 3, close - i - 3), inner);
                i = close + 3;
                plainStart = i;
                continue;
            }
        }
        if (c == '`' && !st.mono && atBoundary && i + 1 < s.size() && s[i + 1] != '`' && !isSpace(s[i + 1])) {
            const size_t close = findClose(s, i, '`');
            if (close != std::string_view::npos) {
                emit(out, s.substr(plainStart, i - plainStart), st);
                Style inner = st;
                inner.mono = true;
                emit(out, s.substr(i + 1, close - i - 1), inner);
                i = close + 1;
                plainStart = i;
                continue;
            }
        }
        Style probe = st;
        bool* flag = flagFor(probe, c);
        if (flag && !*flag && depth < 8 && atBoundary && i + 1 < s.size() && !isSpace(s[i + 1]) && s[i + 1] != c) {
            const size_t close = findClose(s, i, c);
            if (close != std::string_view::npos) {
                emit(out, s.substr(plainStart, i - plainStart), st);
                *flag = true;
                parse(s.substr(i + 1, close - i - 1), probe, out, depth + 1);
                i = close + 1;
                plainStart = i;
                continue;
            }
        }
        ++i;
    }
    emit(out, s.substr(plainStart), st);
}

}  // namespace

std::vector<StyledRun> parseWhatsAppMarkup(std::string_view text) {
    std::vector<StyledRun> out;
    parse(text, Style{}, out, 0);
    return out;
}

}  // namespace inbox::core
