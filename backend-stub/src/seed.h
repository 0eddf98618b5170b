// Demo data for a new database: two organizations, agents, instances, stages and ~40
// realistic pt-BR conversations spread over the last three days.
#pragma once
#include "store.h"

namespace stub {

// Seeds only when the database has no organization yet; returns true if it seeded.
bool seedDemo(Store& store, int64_t nowMs);

}  // namespace stub
