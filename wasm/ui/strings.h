// User-visible text (pt-BR), in one place until it moves into core's strings table.
#pragma once

namespace inbox::ui::str {

inline constexpr const char* kAppName = "WhaTrack Inbox";
inline constexpr const char* kSearchHint = "Buscar conversas…";
inline constexpr const char* kSearchLabel = "Buscar conversas";
inline constexpr const char* kThemeDark = "Tema escuro";
inline constexpr const char* kThemeLight = "Tema claro";

}  // namespace inbox::ui::str
