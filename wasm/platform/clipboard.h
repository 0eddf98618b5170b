// The app's clipboard, per BROWSER.md: an internal copy that ImGui reads synchronously, filled from
// the browser's `paste` event; writes go to the system clipboard (shell/clipboard.js).
//   implemented: ImGui getter/setter, paste event → internal text + Ctrl/Cmd+V inside the app,
//                writeText with an execCommand fallback
//   missing:     rich (HTML/image) clipboard; reading the system clipboard without a paste event
#pragma once

#include <string>

namespace inbox::platform {

// Installs io.GetClipboardTextFn / io.SetClipboardTextFn.
void installClipboard();
// Text from the browser's paste event; presses the app's paste shortcut once it is in place.
void pasteFromBrowser(const std::string& text);
const std::string& clipboardText();

}  // namespace inbox::platform
