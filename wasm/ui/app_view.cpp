#include "ui/app_view.h"

#include <imgui.h>

#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/rich_text.h"
#include "ui/strings.h"
#include "ui/theme.h"
#include "ui/ui_tree.h"

namespace inbox::ui {
namespace {

UiTree g_tree;
char g_search[256] = "";

}  // namespace

UiTree& appUiTree() { return g_tree; }

void setupApp() {
    applyTheme(ThemeMode::Light);
    g_tree.attach(ImGui::GetCurrentContext());
}

void drawApp(double) {
    g_tree.beginFrame();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##inbox", nullptr, flags)) {
        ImGui::PushFont(fonts().title);
        ImGui::TextUnformatted(ICON_WHATSAPP "  WhaTrack Inbox");
        ImGui::PopFont();
        ImGui::TextUnformatted("Conversas · Mensagens · Ticket — “ação”, ç, ã, R$ 1.500,00");
        RichTextStyle rich;
        rich.wrapWidth = 420;
        rich.markup = true;
        rich.links = true;
        rich.bold = fonts().bold;
        rich.italic = fonts().italic;
        richText("Olá! 😀 *Negrito*, _itálico_, ~riscado~ e ```mono```. Família 👨‍👩‍👧, bandeira 🇧🇷, "
                 "pele 👍🏽, tecla 1️⃣ — veja https://example.com/pedido?id=42.", rich);
        ImGui::SetNextItemWidth(320);
        ImGui::InputTextWithHint("##search", str::kSearchHint, g_search, sizeof g_search);
        g_tree.setLastItem("textbox", str::kSearchLabel);
        g_tree.setLastItemValue(g_search);
        if (ImGui::Button(currentTheme() == ThemeMode::Light ? ICON_MOON "  Tema escuro" : ICON_SUN "  Tema claro")) {
            applyTheme(currentTheme() == ThemeMode::Light ? ThemeMode::Dark : ThemeMode::Light);
        }
    }
    ImGui::End();
    g_tree.endFrame();
}

}  // namespace inbox::ui
