// Browser keys → ImGui: text from KeyboardEvent.key, browser shortcuts left alone.
#include <gtest/gtest.h>

#include "ui/web_keys.h"

namespace inbox::ui::test {
namespace {

WebKeyEvent key(const char* k, const char* code, bool ctrl = false, bool shift = false, bool alt = false, bool meta = false) {
    WebKeyEvent e;
    e.key = k;
    e.code = code;
    e.ctrl = ctrl;
    e.shift = shift;
    e.alt = alt;
    e.meta = meta;
    return e;
}

TEST(WebKeys, LettersTypeAndPreventTheTextareaFromTypingTwice) {
    const KeyDecision d = decideKeyDown(key("a", "KeyA"), false);
    EXPECT_EQ(d.key, ImGuiKey_A);
    EXPECT_EQ(d.text, "a");
    EXPECT_TRUE(d.preventDefault);
}

TEST(WebKeys, DeadKeyTypesNothingAndTheNextKeyCarriesTheAccent) {
    const KeyDecision dead = decideKeyDown(key("Dead", "BracketLeft"), false);
    EXPECT_EQ(dead.key, ImGuiKey_None);
    EXPECT_TRUE(dead.text.empty());
    EXPECT_FALSE(dead.preventDefault) << "the browser must compose";
    const KeyDecision composed = decideKeyDown(key("ã", "KeyA"), false);
    EXPECT_EQ(composed.text, "ã");
    EXPECT_EQ(composed.key, ImGuiKey_A);
    EXPECT_EQ(decideKeyDown(key("Ç", "Semicolon", false, true), false).text, "Ç");
}

TEST(WebKeys, NonBmpAndClustersAreOneCharacter) {
    EXPECT_EQ(decideKeyDown(key("😀", ""), false).text, "😀");
    EXPECT_TRUE(isPrintableKey("👍🏽"));
    EXPECT_FALSE(isPrintableKey("Enter"));
    EXPECT_FALSE(isPrintableKey("Unidentified"));
    EXPECT_TRUE(isPrintableKey(" "));
}

TEST(WebKeys, ImeAndProcessKeysAreLeftToComposition) {
    WebKeyEvent e = key("Process", "KeyA");
    e.keyCode = 229;
    const KeyDecision d = decideKeyDown(e, false);
    EXPECT_EQ(d.key, ImGuiKey_None);
    EXPECT_TRUE(d.text.empty());
    EXPECT_FALSE(d.preventDefault);
}

TEST(WebKeys, BrowserShortcutsStayWithTheBrowser) {
    for (const char* k : {"r", "l", "t", "w", "n"}) {
        const std::string code = std::string("Key") + static_cast<char>(k[0] - 32);
        const KeyDecision d = decideKeyDown(key(k, code.c_str(), true), false);
        EXPECT_EQ(d.key, ImGuiKey_None) << k;
        EXPECT_FALSE(d.preventDefault) << k;
        EXPECT_TRUE(d.text.empty()) << k;
    }
    EXPECT_FALSE(decideKeyDown(key("F5", "F5"), false).preventDefault);
    EXPECT_EQ(decideKeyDown(key("F12", "F12"), false).key, ImGuiKey_None);
    EXPECT_EQ(decideKeyDown(key("ArrowLeft", "ArrowLeft", false, false, true), false).key, ImGuiKey_None);
}

TEST(WebKeys, EditingShortcutsAreTheApps) {
    const KeyDecision copy = decideKeyDown(key("c", "KeyC", true), false);
    EXPECT_EQ(copy.key, ImGuiKey_C);
    EXPECT_TRUE(copy.text.empty());
    EXPECT_TRUE(copy.preventDefault);
    EXPECT_EQ(decideKeyDown(key("k", "KeyK", true), false).key, ImGuiKey_K);
    // Paste: not forwarded (the paste event presses it once the clipboard text is in), not prevented.
    const KeyDecision paste = decideKeyDown(key("v", "KeyV", true), false);
    EXPECT_EQ(paste.key, ImGuiKey_None);
    EXPECT_FALSE(paste.preventDefault);
    // On a Mac the shortcut key is Cmd.
    EXPECT_EQ(decideKeyDown(key("c", "KeyC", false, false, false, true), true).key, ImGuiKey_C);
    EXPECT_EQ(decideKeyDown(key("r", "KeyR", false, false, false, true), true).key, ImGuiKey_None);
}

TEST(WebKeys, AltGrTypesCharacters) {
    const KeyDecision d = decideKeyDown(key("@", "Digit2", true, false, true), false);
    EXPECT_EQ(d.text, "@");
}

TEST(WebKeys, NavigationKeysArePreventedModifiersAreNot) {
    EXPECT_TRUE(decideKeyDown(key("Tab", "Tab"), false).preventDefault);
    EXPECT_TRUE(decideKeyDown(key("Backspace", "Backspace"), false).preventDefault);
    EXPECT_EQ(decideKeyDown(key("Enter", "NumpadEnter"), false).key, ImGuiKey_KeypadEnter);
    const KeyDecision shift = decideKeyDown(key("Shift", "ShiftLeft", false, true), false);
    EXPECT_EQ(shift.key, ImGuiKey_LeftShift);
    EXPECT_FALSE(shift.preventDefault);
    EXPECT_EQ(mapWebKey("й", "KeyQ", 0), ImGuiKey_Q) << "non-Latin layouts map by physical key";
}

}  // namespace
}  // namespace inbox::ui::test
