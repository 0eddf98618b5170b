#include "platform/embed_host.h"

#include <emscripten.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/build_info.h"

namespace {

EM_JS(char*, inbox_js_frame_info, (), {
  // JSON: what the shell learned about the page before the app started.
  const f = window.inboxFrame;
  const info = f ? f.info() : { framed: false, config: "", parentOrigin: "", selfOrigin: location.origin };
  const s = JSON.stringify(info);
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, inbox_js_frame_post, (const char* message, const char* target), {
  if (window.inboxFrame) window.inboxFrame.post(UTF8ToString(message), UTF8ToString(target));
});
EM_JS(void, inbox_js_frame_attach, (), {
  if (window.inboxFrame) window.inboxFrame.attach();
});

struct FrameInfo {
    bool framed = false;
    std::string config;
    std::string parentOrigin;
    std::string selfOrigin;
};

const FrameInfo& frameInfo() {
    static const FrameInfo info = [] {
        FrameInfo f;
        char* raw = inbox_js_frame_info();
        const inbox::core::Json j = inbox::core::parseJson(raw != nullptr ? raw : "");
        std::free(raw);
        if (j.is_object()) {
            f.framed = inbox::core::jsonBool(j, "framed");
            f.config = inbox::core::jsonString(j, "config");
            f.parentOrigin = inbox::core::jsonString(j, "parentOrigin");
            f.selfOrigin = inbox::core::jsonString(j, "selfOrigin");
        }
        return f;
    }();
    return info;
}

std::unique_ptr<inbox::core::EmbedBridge> g_bridge;
std::function<void()> g_onChange;

}  // namespace

namespace inbox::platform {

core::embed::AppConfig pageConfig() {
    std::vector<std::string> warnings;
    core::embed::AppConfig c = core::embed::decodeAppConfig(frameInfo().config, &warnings);
    for (const std::string& w : warnings) std::fprintf(stderr, "inbox: config.json: %s\n", w.c_str());
    return c;
}

bool pageIsFramed() { return frameInfo().framed; }

core::EmbedBridge* startEmbedBridge(core::Session& session, const core::Clock& clock, std::function<void()> onChange,
                                    std::function<void(bool dark)> setTheme) {
    if (!pageIsFramed() || g_bridge) return g_bridge.get();
    core::EmbedBridge::Options options;
    options.allowedOrigins = pageConfig().embedOrigins;
    options.selfOrigin = frameInfo().selfOrigin;
    options.appVersion = core::appVersion();
    core::EmbedBridge::Actions actions;
    actions.setTheme = std::move(setTheme);
    g_onChange = std::move(onChange);
    g_bridge = std::make_unique<core::EmbedBridge>(
        session, clock, std::move(options),
        [](const std::string& message, const std::string& target) { inbox_js_frame_post(message.c_str(), target.c_str()); },
        std::move(actions));
    g_bridge->start(frameInfo().parentOrigin);
    if (g_bridge->hostOrigin().empty() && !frameInfo().parentOrigin.empty())
        std::fprintf(stderr, "inbox: framed by %s, which is not in embedOrigins: host messages are ignored\n",
                     frameInfo().parentOrigin.c_str());
    inbox_js_frame_attach();  // the shell hands over the messages it queued
    return g_bridge.get();
}

core::EmbedBridge* embedBridge() { return g_bridge.get(); }

}  // namespace inbox::platform

extern "C" {

// shell/embed-frame.js: one `message` event of the page.
EMSCRIPTEN_KEEPALIVE void inbox_embed_message(const char* origin, int fromParent, const char* data) {
    if (!g_bridge || origin == nullptr || data == nullptr) return;
    g_bridge->handleMessage(origin, fromParent != 0, data);
    if (g_onChange) g_onChange();
}

}  // extern "C"
