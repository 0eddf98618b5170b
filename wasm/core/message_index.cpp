#include "core/message_index.h"

#include <algorithm>

namespace inbox::core {

namespace {

uint64_t hashOf(const std::string& s) {  // FNV-1a, 64-bit on every target (size_t is 32-bit in wasm)
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

bool keyLess(const Message& m, int64_t timestamp, int64_t seq) {
    return m.timestamp != timestamp ? m.timestamp < timestamp : m.seq < seq;
}

}  // namespace

bool messageLess(const Message& a, const Message& b) {
    if (a.timestamp != b.timestamp) return a.timestamp < b.timestamp;
    if (a.seq != b.seq) return a.seq < b.seq;
    return a.id < b.id;
}

void MessageIndex::add(const Message& m) {
    const Key key{m.timestamp, m.seq};
    if (!m.id.empty()) m_byId.emplace(hashOf(m.id), key);
    if (!m.clientId.empty()) m_byClientId.emplace(hashOf(m.clientId), key);
}

void MessageIndex::erase(Map& map, uint64_t hash, const Message& m) {
    auto [it, end] = map.equal_range(hash);
    for (; it != end; ++it) {
        if (it->second.timestamp == m.timestamp && it->second.seq == m.seq) {
            map.erase(it);
            return;
        }
    }
}

void MessageIndex::remove(const Message& m) {
    if (!m.id.empty()) erase(m_byId, hashOf(m.id), m);
    if (!m.clientId.empty()) erase(m_byClientId, hashOf(m.clientId), m);
}

void MessageIndex::clear() {
    Map().swap(m_byId);  // give the buckets back, not only the nodes
    Map().swap(m_byClientId);
}

void MessageIndex::rebuild(const std::vector<Message>& items) {
    clear();
    m_byId.reserve(items.size());
    for (const Message& m : items) add(m);
}

long MessageIndex::findId(const Message* items, size_t count, const std::string& id) const {
    if (id.empty()) return -1;
    auto [it, end] = m_byId.equal_range(hashOf(id));
    for (; it != end; ++it) {
        const Key k = it->second;
        const Message* pos = std::lower_bound(items, items + count, k, [&](const Message& m, const Key& key) {
            if (m.timestamp != key.timestamp || m.seq != key.seq) return keyLess(m, key.timestamp, key.seq);
            return m.id < id;
        });
        if (pos != items + count && pos->id == id && pos->timestamp == k.timestamp && pos->seq == k.seq)
            return static_cast<long>(pos - items);
    }
    return -1;
}

long MessageIndex::findClientId(const Message* items, size_t count, const std::string& clientId) const {
    if (clientId.empty()) return -1;
    auto [it, end] = m_byClientId.equal_range(hashOf(clientId));
    for (; it != end; ++it) {
        const Key k = it->second;
        const Message* pos = std::lower_bound(items, items + count, k,
                                              [](const Message& m, const Key& key) { return keyLess(m, key.timestamp, key.seq); });
        // Messages sharing (timestamp, seq) sit together: look through them.
        for (; pos != items + count && pos->timestamp == k.timestamp && pos->seq == k.seq; ++pos)
            if (pos->clientId == clientId) return static_cast<long>(pos - items);
    }
    return -1;
}

}  // namespace inbox::core
