#include "intake_queue.h"

#include "util.h"

#include <iterator>
#include <utility>

namespace stub {

IntakeQueue::IntakeQueue(WebhookIntake& intake, Defer defer) : m_intake(intake), m_defer(std::move(defer)) {}

void IntakeQueue::submit(std::string rawBody, std::optional<std::string> signature, int64_t receivedMs, Reply reply) {
  const IntakeResult checked = m_intake.check(rawBody, signature);
  if (checked.httpStatus != 200) return reply(checked);
  m_queue.push_back({ReceivedWebhook{std::move(rawBody), std::move(signature), receivedMs}, std::move(reply)});
  schedule();
}

void IntakeQueue::schedule() {
  if (m_scheduled || m_queue.empty()) return;
  m_scheduled = true;
  m_defer([this] { flush(); });
}

void IntakeQueue::flush() {
  m_scheduled = false;
  if (m_queue.empty()) return;
  size_t count = 0, bytes = 0;
  while (count < m_queue.size() && count < kIntakeBatchMaxDeliveries &&
         (count == 0 || bytes + m_queue[count].delivery.body.size() <= kIntakeBatchMaxBytes))
    bytes += m_queue[count++].delivery.body.size();

  std::vector<Item> batch(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.begin() + long(count)));
  m_queue.erase(m_queue.begin(), m_queue.begin() + long(count));
  std::vector<ReceivedWebhook> deliveries;
  deliveries.reserve(batch.size());
  for (Item& item : batch) deliveries.push_back(std::move(item.delivery));

  const std::vector<IntakeResult> results = m_intake.processBatch(deliveries, nowMs());
  for (size_t i = 0; i < batch.size(); ++i) batch[i].reply(results[i]);
  schedule();
}

}  // namespace stub
