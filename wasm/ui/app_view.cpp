#include "ui/app_view.h"

#include <imgui.h>

namespace inbox::ui {

void drawApp() {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("WhaTrack Inbox", nullptr, flags)) {
    ImGui::TextUnformatted("WhaTrack Inbox");
    ImGui::TextUnformatted("Conversas · Mensagens · Ticket — carregando…");
  }
  ImGui::End();
}

}  // namespace inbox::ui
