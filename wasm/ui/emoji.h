// Emoji in text: finding the clusters (ZWJ sequences, skin tones, flags, keycaps) so they can be
// drawn as one image each, and the source of those images. The browser rasterizes colour emoji
// (platform/emoji_atlas.cpp); without a source, clusters draw as a neutral placeholder glyph.
#pragma once

#include <imgui.h>

#include <string_view>

namespace inbox::ui {

// Byte length of the emoji cluster starting at `pos` in UTF-8 `text`, 0 when none starts there.
size_t emojiClusterLength(std::string_view text, size_t pos);
bool containsEmoji(std::string_view text);

struct EmojiImage {
    ImTextureID texture = 0;
    ImVec2 uv0, uv1;
};

class EmojiSource {
public:
    virtual ~EmojiSource() = default;
    // An image of `cluster` drawn `cssSize` CSS pixels tall; false when it cannot be drawn.
    virtual bool image(std::string_view cluster, float cssSize, EmojiImage& out) = 0;
};

void setEmojiSource(EmojiSource* source);
EmojiSource* emojiSource();

}  // namespace inbox::ui
