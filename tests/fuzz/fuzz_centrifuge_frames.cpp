// Frames come from the WebSocket: any bytes must decode to lines (Invalid at worst), never crash,
// and a decoded reply or push must survive being read back field by field.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/centrifuge_frames.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string frame(reinterpret_cast<const char*>(data), size);
  const auto lines = inbox::core::decodeFrame(frame);
  // One line per non-blank '\n'-separated piece at most.
  size_t pieces = 1;
  for (char c : frame) pieces += c == '\n';
  if (lines.size() > pieces) std::abort();
  for (const auto& line : lines) {
    if (line.kind == inbox::core::InboundLine::Kind::Reply) {
      if (line.reply.id == 0) std::abort();
      (void)line.reply.result.dump();
    } else if (line.kind == inbox::core::InboundLine::Kind::Push) {
      (void)line.push.body.dump();
    }
  }
  // Encoders must take any text (channel names and tokens come from the server) and stay one line.
  const std::string encoded = inbox::core::encodeSubscribe(1, {frame, frame, true, size, frame});
  if (encoded.find('\n') != std::string::npos) std::abort();
  return 0;
}
