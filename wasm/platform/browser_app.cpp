#include "platform/browser_app.h"

#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/browser_input.h"
#include "platform/clipboard.h"
#include "platform/emoji_atlas.h"
#include "ui/fonts.h"
#include "ui/frame_pacer.h"
#include "ui/metrics.h"
#include "ui/theme.h"

namespace inbox::platform {
namespace {

AppHooks g_hooks;
EMSCRIPTEN_WEBGL_CONTEXT_HANDLE g_gl = 0;
double g_cssWidth = 1, g_cssHeight = 1, g_pixelRatio = 1;
float g_fontScale = 0;  // devicePixelRatio the atlas was built for (0: not built)
double g_lastFrameMs = 0;

void rebuildFontsIfNeeded() {
    // Quantize so a 1.0000001 ratio does not rebuild; atlases above 3x grow large for no gain.
    const float wanted = std::clamp(std::round(static_cast<float>(g_pixelRatio) * 4.0f) / 4.0f, 1.0f, 3.0f);
    if (wanted == g_fontScale) return;
    ImGuiIO& io = ImGui::GetIO();
    if (g_fontScale != 0) ImGui_ImplOpenGL3_DestroyFontsTexture();
    ui::buildFonts(*io.Fonts, g_hooks.fontDir, wanted);
    io.FontGlobalScale = 1.0f / wanted;
    if (g_fontScale != 0) ImGui_ImplOpenGL3_CreateFontsTexture();
    g_fontScale = wanted;
    setEmojiPixelRatio(wanted);
}

void drawFrame(double nowMs) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(g_cssWidth), static_cast<float>(g_cssHeight));
    int fbWidth = 1, fbHeight = 1;
    emscripten_get_canvas_element_size("#canvas", &fbWidth, &fbHeight);
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(fbWidth / g_cssWidth), static_cast<float>(fbHeight / g_cssHeight));
    // Idle gaps are real time (double-click and hover timers read it); ImGui needs it positive.
    io.DeltaTime = static_cast<float>(std::max(1e-4, (nowMs - g_lastFrameMs) / 1000.0));
    g_lastFrameMs = nowMs;

    rebuildFontsIfNeeded();
    ImGui_ImplOpenGL3_NewFrame();
    const double buildStart = emscripten_performance_now();
    ImGui::NewFrame();
    g_hooks.draw(nowMs);
    ImGui::Render();
    const double glStart = emscripten_performance_now();

    glViewport(0, 0, fbWidth, fbHeight);
    const ImVec4 clear = ImGui::ColorConvertU32ToFloat4(ui::palette().background);
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ui::metrics().recordFrame(glStart - buildStart, emscripten_performance_now() - glStart);
    updateCursor();

    // Input events trickle one per frame (a press and its release in separate frames): keep going
    // until ImGui has consumed the queue.
    if (ImGui::GetCurrentContext()->InputEventsQueue.Size > 0) ui::framePacer().requestFrames(1);
}

EM_BOOL tick(double nowMs, void*) {
    ui::FramePacer& pacer = ui::framePacer();
    const bool rendered = pacer.beginTick(nowMs);
    if (rendered) drawFrame(nowMs);
    if (g_hooks.ticked != nullptr) g_hooks.ticked(rendered);
    ui::Metrics& m = ui::metrics();
    m.framesRendered = pacer.framesRendered();
    m.framesSkipped = pacer.framesSkipped();
    return EM_TRUE;
}

EM_BOOL onVisibility(int, const EmscriptenVisibilityChangeEvent* e, void*) {
    ui::framePacer().requestFrames();
    if (g_hooks.visibilityChanged != nullptr) g_hooks.visibilityChanged(!e->hidden);
    return EM_FALSE;
}

bool createContext() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.antialias = EM_FALSE;  // ImGui anti-aliases its own shapes
    attrs.premultipliedAlpha = EM_FALSE;
    g_gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (g_gl <= 0) return false;
    emscripten_webgl_make_context_current(g_gl);
    return true;
}

}  // namespace

bool flushInput() {
    // Mobile browsers open the on-screen keyboard only for a focus() inside the touch gesture:
    // run the frames that process the queued tap now, so the shell can focus its textarea in time.
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (ctx == nullptr) return false;
    for (int i = 0; i < 4 && ctx->InputEventsQueue.Size > 0; ++i) {
        const double now = emscripten_performance_now();
        ui::framePacer().requestFrames(1);
        if (ui::framePacer().beginTick(now)) drawFrame(now);
    }
    return ImGui::GetIO().WantTextInput;
}

void resizeCanvas(double cssWidth, double cssHeight, double pixelRatio, double left, double top) {
    g_cssWidth = std::max(1.0, cssWidth);
    g_cssHeight = std::max(1.0, cssHeight);
    g_pixelRatio = pixelRatio > 0 ? pixelRatio : 1.0;
    setCanvasOrigin(left, top);
    ui::framePacer().requestFrames();
}

void runApp(const AppHooks& hooks) {
    g_hooks = hooks;
    if (!createContext()) {
        std::fprintf(stderr, "inbox: WebGL2 is not available\n");
        return;
    }
    double cssWidth = 0, cssHeight = 0;
    emscripten_get_element_css_size("#canvas", &cssWidth, &cssHeight);
    int fbWidth = 1, fbHeight = 1;
    emscripten_get_canvas_element_size("#canvas", &fbWidth, &fbHeight);
    resizeCanvas(cssWidth, cssHeight, cssWidth > 0 ? fbWidth / cssWidth : emscripten_get_device_pixel_ratio(), 0, 0);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout lives in localStorage, not in MEMFS
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would mean frames forever
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    installInput();
    installClipboard();
    if (g_hooks.setup != nullptr) g_hooks.setup();
    rebuildFontsIfNeeded();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    installEmojiAtlas();

    emscripten_set_visibilitychange_callback(nullptr, EM_FALSE, onVisibility);
    g_lastFrameMs = emscripten_performance_now();
    emscripten_request_animation_frame_loop(tick, nullptr);
    // The shell reports the real size and origin once the runtime is up.
    EM_ASM({ if (window.inboxCanvasSize) window.inboxCanvasSize.report(); });
}

}  // namespace inbox::platform
