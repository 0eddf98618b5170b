#include "platform/browser_app.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>

namespace inbox::platform {
namespace {

GLFWwindow* g_window = nullptr;
DrawFunction g_draw = nullptr;
int g_pendingFrames = 3;
FrameCounters g_counters;

// Our callbacks go in before ImGui's backend, which chains to them: every input wakes the loop.
void onCursor(GLFWwindow*, double, double) { requestFrames(); }
void onButton(GLFWwindow*, int, int, int) { requestFrames(); }
void onScroll(GLFWwindow*, double, double) { requestFrames(); }
void onKey(GLFWwindow*, int, int, int, int) { requestFrames(); }
void onChar(GLFWwindow*, unsigned int) { requestFrames(); }
void onFocus(GLFWwindow*, int) { requestFrames(); }

void loadFonts() {
  ImGuiIO& io = ImGui::GetIO();
  // The shell writes the subset fonts into the virtual file system before main() runs.
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0};
  ImFont* font = io.Fonts->AddFontFromFileTTF("/fonts/NotoSans-Regular.ttf", 16.0f, nullptr, ranges);
  if (font == nullptr) {
    std::fprintf(stderr, "inbox: font not found, using ImGui's default\n");
    io.Fonts->AddFontDefault();
  }
}

void syncCanvasSize() {
  double cssWidth = 0, cssHeight = 0;
  emscripten_get_element_css_size("#canvas", &cssWidth, &cssHeight);
  int width = 0, height = 0;
  emscripten_get_canvas_element_size("#canvas", &width, &height);
  int windowWidth = 0, windowHeight = 0;
  glfwGetWindowSize(g_window, &windowWidth, &windowHeight);
  if (windowWidth != width || windowHeight != height) {
    glfwSetWindowSize(g_window, width, height);
  }
}

void frame() {
  if (g_pendingFrames <= 0) {
    ++g_counters.skipped;
    return;
  }
  --g_pendingFrames;
  ++g_counters.rendered;

  syncCanvasSize();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  g_draw();
  ImGui::Render();

  int width = 0, height = 0;
  glfwGetFramebufferSize(g_window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.96f, 0.97f, 0.98f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

EM_BOOL onResize(int, const EmscriptenUiEvent*, void*) {
  requestFrames();
  return EM_FALSE;
}

}  // namespace

void requestFrames(int frames) { g_pendingFrames = std::max(g_pendingFrames, frames); }

const FrameCounters& frameCounters() { return g_counters; }

void runApp(DrawFunction draw) {
  g_draw = draw;
  if (!glfwInit()) {
    std::fprintf(stderr, "inbox: glfwInit failed\n");
    return;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  int width = 0, height = 0;
  emscripten_get_canvas_element_size("#canvas", &width, &height);
  g_window = glfwCreateWindow(std::max(width, 1), std::max(height, 1), "WhaTrack Inbox", nullptr, nullptr);
  if (g_window == nullptr) {
    std::fprintf(stderr, "inbox: WebGL2 is not available\n");
    return;
  }
  glfwMakeContextCurrent(g_window);
  glfwSetCursorPosCallback(g_window, onCursor);
  glfwSetMouseButtonCallback(g_window, onButton);
  glfwSetScrollCallback(g_window, onScroll);
  glfwSetKeyCallback(g_window, onKey);
  glfwSetCharCallback(g_window, onChar);
  glfwSetWindowFocusCallback(g_window, onFocus);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // layout lives in localStorage, not in MEMFS
  ImGui::StyleColorsLight();
  loadFonts();
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, onResize);

  emscripten_set_main_loop(frame, 0, false);
}

}  // namespace inbox::platform
