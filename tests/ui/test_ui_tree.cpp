// inbox.uiTree(): what ImGui's item hooks report, per frame, in CSS pixels.
#include <gtest/gtest.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "ui/icons.h"
#include "ui_harness.h"

namespace inbox::ui::test {
namespace {

struct Widgets {
    char text[64] = "Olá";
    bool check = true;
    int clicks = 0;
    bool disabledButton = true;
    int rows = 0;

    void draw() {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(400, 300));
        ImGui::Begin("##root", nullptr, ImGuiWindowFlags_NoDecoration);
        if (ImGui::Button(ICON_CHECK "  Salvar##save")) ++clicks;
        ImGui::InputText("Nome", text, sizeof text);
        ImGui::Checkbox("Avisar", &check);
        ImGui::BeginDisabled(disabledButton);
        ImGui::Button("Enviar");
        ImGui::EndDisabled();
        ImGui::Button(ICON_TIMES "##close");
        if (UiTree* tree = currentUiTree()) tree->setLastItem("button", "Fechar");
        ImGui::BeginChild("list", ImVec2(0, 80));
        for (int i = 0; i < rows; ++i) ImGui::Selectable(("Linha " + std::to_string(i)).c_str());
        ImGui::EndChild();
        ImGui::End();
    }
};

TEST(UiTree, RecordsRolesLabelsAndValuesOfTheLastFrame) {
    UiHarness ui;
    Widgets w;
    ui.setDraw([&] { w.draw(); });
    ui.frames(2);

    const UiNode* save = ui.tree().find("button", "Salvar");
    ASSERT_NE(save, nullptr) << ui.tree().toJson();
    EXPECT_TRUE(save->enabled);
    EXPECT_GT(save->rect.w, 20);
    EXPECT_GT(save->rect.h, 10);

    const UiNode* name = ui.tree().find("textbox", "Nome");
    ASSERT_NE(name, nullptr);
    const UiNode* check = ui.tree().find("checkbox", "Avisar");
    ASSERT_NE(check, nullptr);
    EXPECT_EQ(check->value, "true");

    const UiNode* send = ui.tree().find("button", "Enviar");
    ASSERT_NE(send, nullptr);
    EXPECT_FALSE(send->enabled);

    EXPECT_NE(ui.tree().find("button", "Fechar"), nullptr) << "icon-only buttons get a readable label";
    for (const UiNode& n : ui.tree().nodes()) {
        EXPECT_EQ(n.label.find("##"), std::string::npos) << n.label;
    }
}

TEST(UiTree, ClickingByRectActsOnTheWidgetAndFocusFollows) {
    UiHarness ui;
    Widgets w;
    ui.setDraw([&] { w.draw(); });
    ui.frames(2);
    ui.clickNode("button", "Salvar");
    EXPECT_EQ(w.clicks, 1);

    ui.clickNode("textbox", "Nome");
    const UiNode* name = ui.tree().find("textbox", "Nome");
    ASSERT_NE(name, nullptr);
    EXPECT_TRUE(name->focused);
    ui.type(" ação 😀");
    EXPECT_STREQ(w.text, "Olá ação 😀");
}

TEST(UiTree, ScrolledOutItemsAreNotReported) {
    UiHarness ui;
    Widgets w;
    w.rows = 50;
    ui.setDraw([&] { w.draw(); });
    ui.frames(2);
    EXPECT_NE(ui.tree().find("button", "Linha 0"), nullptr);
    EXPECT_EQ(ui.tree().find("button", "Linha 40"), nullptr);
    for (const UiNode& n : ui.tree().nodes()) {
        EXPECT_LE(n.rect.y + n.rect.h, 300.5f) << n.label;
    }
}

TEST(UiTree, JsonHasTheDocumentedShape) {
    UiHarness ui;
    Widgets w;
    ui.setDraw([&] {
        w.draw();
        if (UiTree* tree = currentUiTree()) tree->addText("text", "Texto \xff inválido", 10, 10, 50, 16);
    });
    ui.frames(2);
    const auto json = nlohmann::json::parse(ui.tree().toJson());
    ASSERT_TRUE(json.is_array());
    ASSERT_FALSE(json.empty());
    bool sawValue = false;
    for (const auto& node : json) {
        for (const char* key : {"role", "label", "rect", "enabled", "focused"}) EXPECT_TRUE(node.contains(key)) << key;
        for (const char* key : {"x", "y", "w", "h"}) EXPECT_TRUE(node["rect"][key].is_number());
        sawValue = sawValue || node.contains("value");
    }
    EXPECT_TRUE(sawValue);
}

}  // namespace
}  // namespace inbox::ui::test
