// Accent- and case-insensitive matching for the chat search ("joao" finds "João").
#pragma once

#include <string>
#include <string_view>

namespace inbox::core {

// Lower-case, accents removed (Latin-1 and Latin Extended-A), other code points kept as UTF-8.
std::string foldForSearch(std::string_view text);
// Only the digits (for phone matching: "99999 8888" finds "+55 11 99999-8888").
std::string digitsOnly(std::string_view text);
// True if every whitespace-separated term of the folded query occurs in the folded haystack.
bool foldedContainsAll(std::string_view foldedHaystack, std::string_view foldedQuery);

}  // namespace inbox::core
