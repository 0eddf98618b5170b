// User-visible text, one table per language: pt-BR first, English second. Keys are stable ASCII
// ids; the UI and core both look text up here so nothing user-facing is hard-coded elsewhere.
#pragma once

#include <string>
#include <vector>

namespace inbox::core {

enum class Language { PtBr, En };

void setLanguage(Language lang);
// The language a tag asks for ("en", "en-US" → English); pt-BR for anything else, the product's own.
Language languageFromTag(const std::string& tag);
Language language();
// Text for `key` in the current language; the key itself when unknown (and never crashes).
const char* tr(const char* key);
const char* tr(const char* key, Language lang);
bool hasString(const char* key);
// Every key of the table, for the "no missing translation" test and tooling.
std::vector<std::string> allStringKeys();
// Replaces {0}, {1}… with the arguments.
std::string formatText(const char* pattern, const std::vector<std::string>& args);

}  // namespace inbox::core
