// WhatsApp text formatting → styled runs the UI draws: *bold*, _italic_, ~strike~, ```mono```
// (and `inline code`). Markers only count at word boundaries, as in WhatsApp ("2*3*4" stays text).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace inbox::core {

struct StyledRun {
    std::string text;
    bool bold = false;
    bool italic = false;
    bool strike = false;
    bool mono = false;
    bool operator==(const StyledRun& o) const {
        return text == o.text && bold == o.bold && italic == o.italic && strike == o.strike && mono == o.mono;
    }
};

std::vector<StyledRun> parseWhatsAppMarkup(std::string_view text);

}  // namespace inbox::core
