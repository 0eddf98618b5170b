// The webhook intake takes raw bytes from the internet: any body must be answered 200 (stored and
// applied) or a 4xx (nothing changed) — never a crash, a 5xx or an escaping exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "publisher.h"
#include "seed.h"
#include "util.h"
#include "webhook_intake.h"

namespace {

struct NullPublisher : stub::Publisher {
  void publish(const std::string&, const stub::json&) override {}
};

// One seeded store for the whole run: seeding hashes demo passwords, far too slow per input.
struct Fixture {
  Fixture() : db(path()), store(db), events(store, publisher), intake(store, events, "") {
    stub::seedDemo(store, stub::nowMs());
  }
  static std::string path() {
    const auto p = std::filesystem::temp_directory_path() / ("fuzz-webhook-" + stub::randomHex(6) + ".db");
    return p.string();
  }
  stub::Db db;
  stub::Store store;
  NullPublisher publisher;
  stub::Events events;
  stub::WebhookIntake intake;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();
  const std::string body(reinterpret_cast<const char*>(data), size);
  const stub::IntakeResult result = fixture->intake.handle(body, std::nullopt, stub::nowMs());
  if (result.httpStatus >= 500 || (result.httpStatus != 200 && result.code.empty())) std::abort();
  return 0;
}
