// Light and dark looks: ImGui's style (rounded cards, generous spacing, no title bars) plus the
// palette the views draw with (bubbles, badges, stage colours).
#pragma once

#include <cstdint>

namespace inbox::ui {

enum class ThemeMode { Light, Dark };

// Colours as ImU32 (0xAABBGGRR, ImGui's packing).
struct Palette {
    uint32_t background;    // behind the panels
    uint32_t panel;         // panel surface
    uint32_t panelAlt;      // header strips, hovered rows
    uint32_t border;
    uint32_t text;
    uint32_t textMuted;
    uint32_t accent;        // primary actions, focus
    uint32_t accentText;    // text on accent
    uint32_t accentSoft;    // selected row
    uint32_t bubbleIn;
    uint32_t bubbleOut;
    uint32_t chatBackground;
    uint32_t link;
    uint32_t tickRead;      // blue ✓✓
    uint32_t success;       // won, connected
    uint32_t warning;       // open ticket, degraded link
    uint32_t danger;        // lost, failed, errors
    uint32_t badge;         // unread badge
    uint32_t badgeText;
    uint32_t codeBackground;
};

void applyTheme(ThemeMode mode);
ThemeMode currentTheme();
const Palette& palette();

// "#RRGGBB" (or "RRGGBB") to ImU32; `fallback` when malformed.
uint32_t colorFromHex(const char* hex, uint32_t fallback);
// Same hue with another alpha (0-255).
uint32_t withAlpha(uint32_t color, uint8_t alpha);

}  // namespace inbox::ui
