// A chat's messages by id and by clientId without scanning the thread. The index maps a hash of the
// id to the message's sort key (timestamp, seq); the position follows by binary search over the
// thread, so inserts and removals elsewhere never invalidate it (positions shift, keys do not).
// Hashes may collide: every candidate is checked against the message itself.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/models.h"

namespace inbox::core {

// Display order of a thread: (timestamp, seq), then id so the order is total.
bool messageLess(const Message& a, const Message& b);

class MessageIndex {
public:
    // The entries of `m` (its id and its clientId, when set). A message's id, clientId, timestamp
    // or seq must not change while it is indexed: remove, change, add.
    void add(const Message& m);
    void remove(const Message& m);
    void clear();
    void rebuild(const std::vector<Message>& items);

    // Position in `items` (sorted by messageLess) of the message with this id / clientId, or -1.
    long findId(const std::vector<Message>& items, const std::string& id) const { return findId(items.data(), items.size(), id); }
    long findClientId(const std::vector<Message>& items, const std::string& clientId) const {
        return findClientId(items.data(), items.size(), clientId);
    }
    long findId(const Message* items, size_t count, const std::string& id) const;
    long findClientId(const Message* items, size_t count, const std::string& clientId) const;

    size_t idEntries() const { return m_byId.size(); }
    size_t clientIdEntries() const { return m_byClientId.size(); }

private:
    struct Key {
        int64_t timestamp;
        int64_t seq;
    };
    struct Identity {
        size_t operator()(uint64_t h) const { return static_cast<size_t>(h ^ (h >> 32)); }
    };
    using Map = std::unordered_multimap<uint64_t, Key, Identity>;
    static void erase(Map& map, uint64_t hash, const Message& m);

    Map m_byId;
    Map m_byClientId;
};

}  // namespace inbox::core
