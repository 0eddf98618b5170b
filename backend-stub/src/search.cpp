#include "search.h"

#include "core/search_fold.h"

#include <string>

namespace stub {

using inbox::core::digitsOnly;
using inbox::core::foldForSearch;

bool chatMatchesSearch(std::string_view query, std::string_view name, std::string_view phone, std::string_view lastText) {
  const std::string folded = foldForSearch(query);
  std::string key = foldForSearch(name);
  key += '\n';
  key += digitsOnly(phone);
  key += '\n';
  key += foldForSearch(lastText);
  if (inbox::core::foldedContainsAll(key, folded)) return true;
  const std::string queryDigits = digitsOnly(query);
  if (queryDigits.empty()) return false;
  for (char ch : query)
    if (!((ch >= '0' && ch <= '9') || ch == ' ' || ch == '-' || ch == '+' || ch == '(' || ch == ')')) return false;
  return digitsOnly(phone).find(queryDigits) != std::string::npos;
}

namespace {
std::string_view textArg(sqlite3_value* v) {
  const auto* text = sqlite3_value_text(v);  // NULL for SQL NULL
  return text ? std::string_view(reinterpret_cast<const char*>(text), size_t(sqlite3_value_bytes(v))) : std::string_view();
}

void chatMatches(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 4) return sqlite3_result_error(ctx, "chat_matches takes 4 arguments", -1);
  sqlite3_result_int(ctx, chatMatchesSearch(textArg(argv[0]), textArg(argv[1]), textArg(argv[2]), textArg(argv[3])) ? 1 : 0);
}
}  // namespace

void registerSearchFunctions(sqlite3* db) {
  sqlite3_create_function_v2(db, "chat_matches", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, chatMatches, nullptr,
                             nullptr, nullptr);
}

}  // namespace stub
