// The REST and publication decoders take whatever the network hands them: any bytes must decode to
// values or placeholders, never crash (the page must keep loading).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json_codecs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto json = inbox::core::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;
  inbox::core::Warnings warnings;
  inbox::core::decodeChatPage(json, &warnings);
  inbox::core::decodeMessagePage(json, &warnings);
  inbox::core::decodePublication(json, &warnings);
  inbox::core::decodeTicket(json, &warnings);
  inbox::core::decodeInstances(json, &warnings);
  inbox::core::decodeLogin(json);
  inbox::core::decodeApiError(json);
  if (json.is_string()) inbox::core::decodeJwtClaims(json.get<std::string>());
  return 0;
}
