// WhatsApp markup and UTF-8 helpers must take any bytes a customer can send without crashing and
// without producing runs that are not the input's text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/whatsapp_markup.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t total = 0;
  for (const auto& run : inbox::core::parseWhatsAppMarkup(text)) total += run.text.size();
  // Markers are dropped, never invented: the runs hold at most the input's bytes.
  if (total > size) std::abort();
  return 0;
}
