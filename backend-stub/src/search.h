// Chat search for GET /whatsapp/chats?q=: the client's rules (wasm/core/search_fold), so the
// server finds what the app finds: case and accents ignored, every query word must occur.
#pragma once
#include <sqlite3.h>

#include <string_view>

namespace stub {

// True if the chat matches: each word of `query` in the folded name/phone digits/last text, or a
// phone-like query ("+55 11 9999-8888") whose digits occur in the phone's digits.
bool chatMatchesSearch(std::string_view query, std::string_view name, std::string_view phone, std::string_view lastText);
// Registers chat_matches(query, name, phone, lastText) on the connection.
void registerSearchFunctions(sqlite3* db);

}  // namespace stub
