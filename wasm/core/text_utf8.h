// UTF-8 helpers that never cut a code point or a user-perceived character (grapheme cluster) in half:
// emoji with skin tones, ZWJ families, flags, keycaps, combining accents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace inbox::core {

// Decodes the code point at `pos`; on invalid input returns U+FFFD and advances by one byte.
char32_t decodeUtf8(std::string_view s, size_t& pos);
void appendUtf8(std::string& out, char32_t cp);
bool isValidUtf8(std::string_view s);
// Replaces invalid sequences with U+FFFD so downstream code (fonts, JSON) always sees valid text.
std::string sanitizeUtf8(std::string_view s);
// Byte offset of the end of the grapheme cluster that starts at `pos`.
size_t nextGraphemeBoundary(std::string_view s, size_t pos);
size_t countGraphemes(std::string_view s);
// Code points (what the API's "characters" limits count); an invalid byte counts as one.
size_t countCodePoints(std::string_view s);
// At most `maxClusters` clusters; appends "…" when it cut. Newlines and tabs become spaces and
// runs of spaces collapse, so a preview is one line.
std::string makePreview(std::string_view s, size_t maxClusters);
// Cuts to at most `maxBytes` bytes on a cluster boundary (for storage limits), no ellipsis.
std::string truncateBytes(std::string_view s, size_t maxBytes);

}  // namespace inbox::core
