// Synthetic inbox data for the scale benchmark (tools/bench scale): many chats, one long thread and
// a stream of realistic publications. Built as the JSON the API sends and read through the same
// decoders and reducers as a real load, so the store ends up as a real one of that size would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/inbox_store.h"

namespace inbox::core {

struct SyntheticInbox {
    int chats = 10000;      // "bench-1" (newest) .. "bench-N"
    int messages = 50000;   // in the thread of "bench-1"
    std::string instanceId; // empty: the store's first instance
    int64_t nowMs = 0;      // wall clock of the newest message
};

// Adds the chats and the thread to a signed-in store and selects "bench-1" (no REST involved).
void fillSyntheticInbox(InboxStore& store, const SyntheticInbox& options);

// `count` publication payloads (compact JSON text, as on the wire): mostly message.created spread
// over the synthetic chats with their chat upsert, some message.updated (status) and ticket.updated.
std::vector<std::string> syntheticPublications(int count, const SyntheticInbox& options);

}  // namespace inbox::core
