// Per-session UI state: what the views remember between frames that is not data (buffers being
// edited, popups, scroll anchors). A plain struct passed explicitly, as in hello_imgui's AppState.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/message_rows.h"
#include "ui/theme.h"

namespace inbox::core {
class Clock;
class Session;
}  // namespace inbox::core

namespace inbox::ui {

// What the views need from the browser (the platform fills it; tests record it).
struct UiServices {
    std::function<void(const std::string& url)> openUrl;          // a new tab (window.open, noopener)
    std::function<void(const std::string& title)> setTitle;       // document.title
    std::function<void(ThemeMode mode)> themeChanged;             // persist / tell the host
};

struct UiState {
    // ---- conversations ----
    std::string search;             // mirrors the store's search while typing
    bool focusSearch = false;       // Ctrl+K
    bool autoInstanceDone = false;  // auto-selected the only instance once
    std::string listAnchorId;       // first visible row, to keep scroll when rows reorder
    int listAnchorIndex = -1;
    bool scrollSelectedIntoView = false;

    // ---- messages ----
    std::string composer;           // the draft being edited (the store keeps drafts per chat)
    std::string composerChatId;
    bool focusComposer = false;
    bool composerWasActive = false;
    std::string messagesChatId;     // chat shown last frame (resets scroll state on change)
    size_t messageCount = 0;
    std::string firstMessageId;
    float contentHeight = 0;
    bool stickToBottom = true;
    int scrollToBottomFrames = 0;
    MessageRows messageRows;        // the open thread's row heights: only bubbles near the view are laid out
    float messageAnchorTop = 0;
    float lastBubbleHeight = 0;     // the newest bubble's height last frame (it grew: follow it down)     // content offset of messageRows.anchor last frame (scroll kept when rows above change)
    bool templatePickerOpen = false;
    int templateIndex = -1;
    std::vector<std::string> templateParams;

    // ---- ticket ----
    std::string dealTicketId;
    std::string dealText;
    bool dealEditing = false;
    std::string dealError;
    std::string confirmOutcome;     // "won" | "lost" while the confirmation is open
    std::string closeReason;

    // ---- sign-in ----
    bool embedded = false;          // inside a host page: it signs the agent in (no form, ever)
    std::string email;
    std::string password;
    bool signingIn = false;
    bool focusPassword = false;  // a failed attempt gives the password box the keyboard back
    float lastCardHeight = 0;

    // ---- panels ----
    std::string lastTitle;
    int lastUnreadTotal = -1;
};

}  // namespace inbox::ui
