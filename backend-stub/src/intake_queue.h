// Group commit for webhook deliveries. Deliveries that arrive while the server is busy (most of
// all while it waits for the disk) are stored and applied together in one transaction, and each
// is answered only once that transaction is committed: one disk sync serves a whole batch, and
// "200" still means "on disk".
#pragma once
#include "webhook_intake.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stub {

// A batch is cut here so other requests and hub pings get the loop between batches.
constexpr size_t kIntakeBatchMaxDeliveries = 256;
constexpr size_t kIntakeBatchMaxBytes = 16 * 1024 * 1024;

class IntakeQueue {
 public:
  using Reply = std::function<void(const IntakeResult&)>;
  // `defer` runs a function on the server's loop after what is ready now (a 0 ms timer).
  using Defer = std::function<void(std::function<void()>)>;

  IntakeQueue(WebhookIntake& intake, Defer defer);
  // A refused delivery (size, signature) is answered at once; an accepted one after its commit.
  void submit(std::string rawBody, std::optional<std::string> signature, int64_t receivedMs, Reply reply);
  // Commits one batch of what is queued and answers it; schedules itself again if more is left.
  void flush();
  size_t queued() const { return m_queue.size(); }

 private:
  struct Item {
    ReceivedWebhook delivery;
    Reply reply;
  };
  void schedule();

  WebhookIntake& m_intake;
  Defer m_defer;
  std::vector<Item> m_queue;
  bool m_scheduled = false;
};

}  // namespace stub
