#include "platform/emoji_atlas.h"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/frame_pacer.h"

// clang-format off
EM_JS(int, inbox_js_emoji_rasterize, (const char* text, int px, uint8_t* out), {
  if (!window.inboxEmoji) return 0;
  const data = window.inboxEmoji.rasterize(UTF8ToString(text), px);
  if (!data) return 0;
  HEAPU8.set(data, out);
  return 1;
});
// clang-format on

namespace inbox::platform {
namespace {

constexpr int kAtlasSize = 1024;

class EmojiAtlas final : public ui::EmojiSource {
public:
    bool image(std::string_view cluster, float cssSize, ui::EmojiImage& out) override {
        const int px = static_cast<int>(std::ceil(cssSize * m_ratio));
        if (px <= 0 || px > 256) return false;
        std::string key(cluster);
        key += '@';
        key += std::to_string(px);
        if (auto it = m_cells.find(key); it != m_cells.end()) {
            if (!it->second.ok) return false;
            out = it->second.image;
            return true;
        }
        Cell cell;
        cell.ok = rasterize(key.substr(0, cluster.size()), px, cell.image);
        m_cells.emplace(std::move(key), cell);
        out = cell.image;
        return cell.ok;
    }

    void setRatio(float ratio) {
        if (ratio == m_ratio) return;
        m_ratio = ratio;
        clear();
    }

private:
    struct Cell {
        ui::EmojiImage image;
        bool ok = false;
    };

    void ensureTexture() {
        if (m_texture != 0) return;
        glGenTextures(1, &m_texture);
        glBindTexture(GL_TEXTURE_2D, m_texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        std::vector<uint8_t> zero(static_cast<size_t>(kAtlasSize) * kAtlasSize * 4, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, kAtlasSize, kAtlasSize, 0, GL_RGBA, GL_UNSIGNED_BYTE, zero.data());
    }

    void clear() {
        m_cells.clear();
        m_x = m_y = m_rowHeight = 0;
        ui::framePacer().requestFrames();
    }

    bool rasterize(const std::string& cluster, int px, ui::EmojiImage& out) {
        ensureTexture();
        const int cell = px + 2;  // a transparent gutter: linear filtering never bleeds neighbours in
        if (m_x + cell > kAtlasSize) {
            m_x = 0;
            m_y += m_rowHeight;
            m_rowHeight = 0;
        }
        if (m_y + cell > kAtlasSize) {
            clear();  // full: start over; what is on screen is rasterized again this frame
            ensureTexture();
        }
        m_pixels.resize(static_cast<size_t>(px) * px * 4);
        if (inbox_js_emoji_rasterize(cluster.c_str(), px, m_pixels.data()) == 0) return false;
        glBindTexture(GL_TEXTURE_2D, m_texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexSubImage2D(GL_TEXTURE_2D, 0, m_x + 1, m_y + 1, px, px, GL_RGBA, GL_UNSIGNED_BYTE, m_pixels.data());
        const float s = 1.0f / kAtlasSize;
        out.texture = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_texture));
        out.uv0 = ImVec2(static_cast<float>(m_x + 1) * s, static_cast<float>(m_y + 1) * s);
        out.uv1 = ImVec2(static_cast<float>(m_x + 1 + px) * s, static_cast<float>(m_y + 1 + px) * s);
        m_x += cell;
        m_rowHeight = std::max(m_rowHeight, cell);
        return true;
    }

    GLuint m_texture = 0;
    float m_ratio = 1.0f;
    int m_x = 0, m_y = 0, m_rowHeight = 0;
    std::unordered_map<std::string, Cell> m_cells;
    std::vector<uint8_t> m_pixels;
};

EmojiAtlas g_atlas;

}  // namespace

void installEmojiAtlas() { ui::setEmojiSource(&g_atlas); }

void setEmojiPixelRatio(float ratio) { g_atlas.setRatio(ratio); }

}  // namespace inbox::platform
