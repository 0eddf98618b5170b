// Dear ImGui configuration for the inbox (IMGUI_USER_CONFIG): configure, never fork.
#pragma once

// Emoji and other characters above U+FFFF need 32-bit ImWchar.
#define IMGUI_USE_WCHAR32
// WebGL has no base-vertex draws: 16-bit indices overflow on big windows.
#define ImDrawIdx unsigned int
#define IMGUI_DISABLE_OBSOLETE_FUNCTIONS
#define IMGUI_DISABLE_OBSOLETE_KEYIO
// Item hooks (MIT, part of ImGui) feed inbox.uiTree(); the hooks are implemented in ui/ui_tree.cpp.
#define IMGUI_ENABLE_TEST_ENGINE
