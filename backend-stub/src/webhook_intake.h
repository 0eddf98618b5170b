// WhatsApp Cloud API webhook intake: verify the signature on the raw bytes, store the raw
// body, apply every entry/change/message/status, and publish once it is committed. Several
// deliveries can share one commit (group commit, see IntakeQueue): one disk sync for many.
#pragma once
#include "publisher.h"
#include "store.h"

#include <optional>
#include <string>
#include <vector>

namespace stub {

struct IntakeResult {
  int httpStatus = 200;
  std::string code;  // error code when httpStatus != 200
  std::string message;
  int64_t eventId = 0;
};

constexpr size_t kWebhookMaxBytes = 3 * 1024 * 1024;

// One delivery as received: the exact bytes, its signature header and when it arrived.
struct ReceivedWebhook {
  std::string body;
  std::optional<std::string> signature;
  int64_t receivedMs = 0;
};

class WebhookIntake {
 public:
  WebhookIntake(Store& store, Events& events, std::string appSecret);
  // Size and signature only (no database): 200 when the delivery may be stored.
  IntakeResult check(const std::string& rawBody, const std::optional<std::string>& signatureHeader) const;
  // Stores and applies checked deliveries in one transaction (one sync), then publishes what they
  // changed. Results are in the same order. A delivery that is bad JSON or the wrong shape is kept
  // in the raw log as rejected (400) without touching the others; if the database fails, nothing of
  // the batch is kept and every delivery is answered 503 (WhatsApp retries).
  std::vector<IntakeResult> processBatch(const std::vector<ReceivedWebhook>& batch, int64_t nowMs);
  // check() and a batch of one: the synchronous path (simulator, tests).
  IntakeResult handle(const std::string& rawBody, const std::optional<std::string>& signatureHeader, int64_t nowMs);
  // The simulator's way in: signs like WhatsApp would when a secret is set, then handle().
  IntakeResult inject(const std::string& rawBody, int64_t nowMs);
  std::string sign(const std::string& rawBody) const;

 private:
  struct Pending {
    enum Kind { MessageCreated, MessageUpdated, ChatUpdated, TicketCreated, TicketUpdated } kind;
    int64_t orgId;
    int64_t objectId;  // chat or ticket id
    std::string messageId;
  };
  IntakeResult processOne(const ReceivedWebhook& delivery, int64_t nowMs, std::vector<Pending>& committed);
  void publish(const std::vector<Pending>& pending);
  void applyChange(const json& value, int64_t eventId, int64_t nowMs);
  void applyMessage(const InstanceRow& inst, const json& value, const json& msg, int64_t nowMs);
  void applyReaction(const InstanceRow& inst, const json& msg, const std::string& sender, int64_t tsMs, int64_t nowMs);
  void applySystem(const InstanceRow& inst, const json& msg, const std::string& contactKey, const std::optional<std::string>& waId,
                   int64_t tsMs, int64_t nowMs);
  void applyStatus(const InstanceRow& inst, const json& status);

  Store& m_store;
  Events& m_events;
  std::string m_appSecret;
  std::vector<Pending> m_pending;
  std::string m_platformErrors;  // value.errors of the delivery being processed
};

}  // namespace stub
