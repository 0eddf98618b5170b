#include "core/format.h"
#include "core/strings.h"
#include "core/text_utf8.h"

namespace inbox::core {

namespace {

std::string withDetail(const char* key, const std::string& detail) {
    std::string base = tr(key);
    if (detail.empty()) return base;
    // "📷 Foto" + caption → "📷 caption" (icon kept, label replaced by the caption).
    const auto space = base.find(' ');
    const std::string icon = space == std::string::npos ? base : base.substr(0, space);
    if (detail.compare(0, icon.size(), icon) == 0) return detail;  // server text already has the icon
    return icon + " " + detail;
}

}  // namespace

std::string fillTemplate(const std::string& body, const std::vector<std::string>& params) {
    std::string out;
    size_t i = 0;
    while (i < body.size()) {
        if (body.compare(i, 2, "{{") == 0) {
            const size_t close = body.find("}}", i + 2);
            if (close != std::string::npos && close - i - 2 <= 2) {
                const std::string digits = body.substr(i + 2, close - i - 2);
                bool numeric = !digits.empty();
                size_t n = 0;
                for (char c : digits) {
                    numeric = numeric && c >= '0' && c <= '9';
                    n = n * 10 + static_cast<size_t>(c - '0');
                }
                if (numeric) {
                    if (n >= 1 && n <= params.size()) {
                        out += params[n - 1];
                        i = close + 2;
                        continue;
                    }
                }
            }
        }
        out += body[i++];
    }
    return out;
}

std::string messagePreview(const Message& m, size_t maxClusters) {
    std::string out;
    if (m.broken) {
        out = tr("preview.broken");
    } else if (m.deleted) {
        out = tr("preview.deleted");
    } else if (m.type == "text") {
        out = m.text;
    } else if (m.type == "image") {
        out = withDetail("preview.image", m.media ? m.media->caption : m.text);
    } else if (m.type == "video") {
        out = withDetail("preview.video", m.media ? m.media->caption : m.text);
    } else if (m.type == "audio") {
        out = tr(m.media && m.media->voice ? "preview.voice" : "preview.audio");
    } else if (m.type == "document") {
        out = withDetail("preview.document", m.media ? m.media->filename : std::string());
    } else if (m.type == "sticker") {
        out = tr("preview.sticker");
    } else if (m.type == "location") {
        out = withDetail("preview.location", m.location ? m.location->name : std::string());
    } else if (m.type == "contacts") {
        out = withDetail("preview.contacts", m.contacts.empty() ? std::string() : m.contacts.front().name);
    } else if (m.type == "order") {
        out = tr("preview.order");
    } else if (m.type == "template") {
        out = m.text.empty() ? withDetail("preview.template", m.templateName) : m.text;
    } else if (m.type == "interactive" || m.type == "button") {
        out = m.interactive && !m.interactive->title.empty() ? "🔘 " + m.interactive->title : m.text;
    } else if (m.type == "system") {
        out = formatText(tr("preview.system"), {m.text});
    } else {
        // Unknown/unsupported: the server sends a pt-BR placeholder in `text`; fall back to ours.
        out = m.text.empty() ? tr("preview.unsupported") : m.text;
    }
    return makePreview(out, maxClusters);
}

}  // namespace inbox::core
