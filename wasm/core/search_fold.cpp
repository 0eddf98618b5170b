#include "core/search_fold.h"

#include "core/text_utf8.h"

namespace inbox::core {

namespace {

// Base letter for U+00C0..U+017F (0 = keep the code point).
char32_t foldLatin(char32_t cp) {
    static const char kLatin1[] =  // U+00C0..U+00FF
        "aaaaaaaceeeeiiii"  // C0-CF
        "dnooooo\0ouuuuyts"  // D0-DF (D7 ×, DE þ→t, DF ß→s)
        "aaaaaaaceeeeiiii"  // E0-EF
        "dnooooo\0ouuuuyty";  // F0-FF (F7 ÷)
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char c = kLatin1[cp - 0xC0];
        return c ? static_cast<char32_t>(c) : cp;
    }
    static const char kExtA[] =  // U+0100..U+017F, two per base letter mostly
        "aaaaaaccccccccdd"  // 100-10F
        "ddeeeeeeeeeegggg"  // 110-11F
        "gggghhhhiiiiiiii"  // 120-12F
        "iijjjjkkklllllll"  // 130-13F
        "lllnnnnnnnnnoooo"  // 140-14F
        "oooorrrrrrssssss"  // 150-15F
        "ssttttttuuuuuuuu"  // 160-16F
        "uuuuwwyyyzzzzzzs";  // 170-17F
    if (cp >= 0x100 && cp <= 0x17F) return static_cast<char32_t>(kExtA[cp - 0x100]);
    return cp;
}

}  // namespace

std::string foldForSearch(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp = decodeUtf8(text, pos);
        if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
        else if (cp >= 0xC0 && cp <= 0x17F) cp = foldLatin(cp);
        else if (cp >= 0x0300 && cp <= 0x036F) continue;  // combining accents (decomposed input)
        appendUtf8(out, cp);
    }
    return out;
}

std::string digitsOnly(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

bool foldedContainsAll(std::string_view hay, std::string_view query) {
    size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && query[i] == ' ') ++i;
        size_t j = i;
        while (j < query.size() && query[j] != ' ') ++j;
        if (j > i && hay.find(query.substr(i, j - i)) == std::string_view::npos) return false;
        i = j;
    }
    return true;
}

}  // namespace inbox::core
