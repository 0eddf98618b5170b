// Colour emoji as images: the browser rasterizes each cluster once (shell/emoji-raster.js) into a
// cell of a WebGL texture; ui/rich_text.cpp draws the cell inline with the text.
//   implemented: any cluster the system emoji font draws (ZWJ, flags, skin tones, keycaps), at the
//                devicePixelRatio, shelf-packed into a 1024x1024 texture, cleared when full
//   missing:     eviction by use (a full atlas is simply emptied and refilled)
#pragma once

#include "ui/emoji.h"

namespace inbox::platform {

// Installs the browser's emoji rasterizer as the ui::EmojiSource (after the GL context exists).
void installEmojiAtlas();
// The devicePixelRatio emoji are rasterized at (a change empties the atlas).
void setEmojiPixelRatio(float ratio);

}  // namespace inbox::platform
