// The sign-in form: after a refused attempt the keyboard stays in the password box.
#include <gtest/gtest.h>
#include <imgui.h>

#include "core/strings.h"
#include "inbox_fixture.h"
#include "ui/strings.h"

namespace inbox::ui::test {
namespace {

TEST(SignIn, WrongPasswordKeepsFocusInThePasswordBox) {
    InboxFixture f;  // not filled: signed out, the form shows
    f.ui.frames(3);
    f.ui.clickNode("textbox", str::kEmail);
    f.ui.type("ana@demo.test");
    f.ui.clickNode("textbox", str::kPassword);
    f.ui.type("errada");
    f.ui.press(ImGuiKey_Enter);
    f.ui.frames(2);
    ASSERT_TRUE(f.http.answer("POST", "/auth/login", 401, R"({"error":{"code":"invalid_credentials","message":"e-mail ou senha incorretos"}})"));
    f.ui.frames(3);
    EXPECT_EQ(f.session->authError(), core::tr("error.invalid_credentials"));
    // Typing goes to the password box without clicking it (the refused password comes back
    // selected, so it is typed over), and Enter tries again.
    f.ui.type("certa");
    EXPECT_EQ(f.view->state().password, "certa");
    f.ui.press(ImGuiKey_Enter);
    f.ui.frames(2);
    int logins = 0;
    for (const auto& r : f.http.requests) logins += r.url.find("/auth/login") != std::string::npos;
    EXPECT_EQ(logins, 2);
}

}  // namespace
}  // namespace inbox::ui::test
