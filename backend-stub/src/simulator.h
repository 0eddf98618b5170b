// --simulate: a steady trickle of realistic inbound customer traffic, built as WhatsApp
// webhook bodies and fed through the real intake path (signed when a secret is set).
#pragma once
#include "api.h"

#include <string>

namespace stub {

class Simulator {
 public:
  Simulator(App& app, Scheduler scheduler, int intervalMs);
  void start();
  // Builds one inbound webhook body (exposed for tests).
  std::string nextWebhook(int64_t nowMs);

 private:
  void scheduleNext();

  App& m_app;
  Scheduler m_scheduler;
  int m_intervalMs;
  uint64_t m_counter = 0;
};

}  // namespace stub
