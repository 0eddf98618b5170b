#include "core/inbox_store.h"

#include <algorithm>

#include "core/format.h"
#include "core/json_access.h"
#include "core/panel_layout.h"
#include "core/platform.h"
#include "core/search_fold.h"
#include "core/strings.h"

namespace inbox::core {

namespace {

constexpr const char* kDraftKeyPrefix = "inbox.draft.";
constexpr int64_t kLocalSeq = INT64_MAX / 2;  // unconfirmed sends sort after server messages

// Display order of the chat list: newest activity first, then id desc (as the server pages).
bool chatBefore(const Chat& a, const Chat& b) {
    if (a.lastMessageAt != b.lastMessageAt) return a.lastMessageAt > b.lastMessageAt;
    if (a.id.size() != b.id.size()) return a.id.size() > b.id.size();  // numeric-looking ids
    return a.id > b.id;
}

// Incoming replaces held only when newer; objects without versions fall back to "last wins".
bool isNewer(int64_t incoming, int64_t held) { return incoming > held || (incoming == 0 && held == 0); }

}  // namespace

const char* toString(ConnectionState s) {
    switch (s) {
        case ConnectionState::Connecting: return "connecting";
        case ConnectionState::Connected: return "connected";
        case ConnectionState::Degraded: return "degraded";
        case ConnectionState::Disconnected: return "disconnected";
    }
    return "disconnected";
}

InboxStore::InboxStore(KeyValueStorage* storage) : m_storage(storage) {}

// ---- session ------------------------------------------------------------------------------

void InboxStore::setSignedIn(bool signedIn, const User& user, const std::string& organizationId) {
    m_signedIn = signedIn;
    m_user = user;
    m_organizationId = organizationId;
    touch();
}

void InboxStore::clearData() {
    m_instances.clear();
    m_stages.clear();
    m_members.clear();
    m_templates.clear();
    m_chats.clear();
    m_order.clear();
    m_searchKeys.clear();
    m_chatsCursor.clear();
    m_chatsLoaded = false;
    m_chatsError.clear();
    m_selectedInstanceId.clear();
    m_search.clear();
    m_selectedChatId.clear();
    m_messages.clear();
    m_tickets.clear();
    m_ticketOfChat.clear();
    m_ticketStates.clear();
    m_pendingEdits.clear();
    m_scrolledUp = false;
    m_newBelow = 0;
    touchList();
}

void InboxStore::setConnection(ConnectionState s) {
    if (s == m_connection) return;
    m_connection = s;
    touch();
}

// ---- reference data -------------------------------------------------------------------------

void InboxStore::setInstances(std::vector<Instance> instances) {
    m_instances.clear();
    for (auto& i : instances) {
        if (i.broken) {
            log("instance skipped: broken item");
            continue;
        }
        m_instances.push_back(std::move(i));
    }
    // One number only: select it so the list header shows it rather than "all".
    if (m_instances.size() == 1) m_selectedInstanceId = m_instances.front().id;
    else if (!m_selectedInstanceId.empty() &&
             std::none_of(m_instances.begin(), m_instances.end(),
                          [&](const Instance& i) { return i.id == m_selectedInstanceId; }))
        m_selectedInstanceId.clear();
    touchList();
}

void InboxStore::setStages(std::vector<Stage> stages) {
    std::stable_sort(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) { return a.position < b.position; });
    m_stages = std::move(stages);
    touch();
}

const Stage* InboxStore::stage(const std::string& id) const {
    for (const auto& s : m_stages)
        if (s.id == id) return &s;
    return nullptr;
}

void InboxStore::setMembers(std::vector<Member> members) {
    m_members = std::move(members);
    touch();
}

const Member* InboxStore::member(const std::string& id) const {
    for (const auto& m : m_members)
        if (m.id == id) return &m;
    return nullptr;
}

void InboxStore::setTemplates(std::vector<Template> templates) {
    m_templates = std::move(templates);
    touch();
}

// ---- chats --------------------------------------------------------------------------------

std::string InboxStore::ensureId(std::string id) {
    if (!id.empty()) return id;
    return "invalid-" + std::to_string(++m_invalidCounter);
}

void InboxStore::applyChatPage(const Page<Chat>& page, bool firstPage) {
    for (const Chat& c : page.items) upsertChat(c);
    m_chatsCursor = page.nextCursor;
    m_chatsLoaded = true;
    m_chatsError.clear();
    (void)firstPage;
    touchList();
}

void InboxStore::applyChatPage(Page<Chat>&& page, bool firstPage) {
    for (Chat& c : page.items) upsertChat(std::move(c));
    std::vector<Chat>().swap(page.items);  // the moved-from shells go now, not with the caller's page
    m_chatsCursor = page.nextCursor;
    m_chatsLoaded = true;
    m_chatsError.clear();
    (void)firstPage;
    touchList();
}

void InboxStore::setChatsError(const std::string& error) {
    m_chatsError = error;
    touch();
}

std::string InboxStore::foldedKey(const Chat& c) const {
    std::string key = foldForSearch(c.name);
    key += '\n';
    key += digitsOnly(c.phone);
    key += '\n';
    if (c.lastMessage) key += foldForSearch(messagePreview(*c.lastMessage, 200));
    return key;
}

bool InboxStore::upsertChat(const Chat& incoming) { return upsertChat(Chat(incoming)); }

bool InboxStore::upsertChat(Chat&& incoming) {
    Chat c = std::move(incoming);
    if (c.broken) {
        log("chat placeholder: " + (c.id.empty() ? std::string("missing id") : c.id));
        c.id = ensureId(c.id);
        if (c.name.empty()) c.name = tr("chat.broken");
    }
    auto it = m_chats.find(c.id);
    if (it != m_chats.end()) {
        if (!isNewer(c.version, it->second.version)) return false;
        // A chat update may omit the ticket summary; keep a newer local one.
        if (it->second.currentTicket && c.currentTicket &&
            it->second.currentTicket->id == c.currentTicket->id &&
            it->second.currentTicket->version > c.currentTicket->version)
            c.currentTicket = it->second.currentTicket;
        const bool moves = c.lastMessageAt != it->second.lastMessageAt;
        if (moves) removeFromOrder(&it->second);
        it->second = std::move(c);
        if (moves) insertIntoOrder(&it->second);
        m_searchKeys[it->first] = foldedKey(it->second);
    } else {
        const std::string id = c.id;
        auto [ins, ok] = m_chats.emplace(id, std::move(c));
        (void)ok;
        insertIntoOrder(&ins->second);
        m_searchKeys[id] = foldedKey(ins->second);
    }
    touchList();
    return true;
}

// m_order holds every chat in display order; a change moves one entry (binary search + memmove)
// instead of re-sorting 10,000 chats per push. Pointers into the unordered_map stay valid.
void InboxStore::insertIntoOrder(const Chat* c) {
    auto pos = std::lower_bound(m_order.begin(), m_order.end(), c,
                                [](const Chat* a, const Chat* b) { return chatBefore(*a, *b); });
    m_order.insert(pos, c);
}

void InboxStore::removeFromOrder(const Chat* c) {
    auto pos = std::lower_bound(m_order.begin(), m_order.end(), c,
                                [](const Chat* a, const Chat* b) { return chatBefore(*a, *b); });
    if (pos != m_order.end() && *pos == c) {
        m_order.erase(pos);
        return;
    }
    m_order.erase(std::remove(m_order.begin(), m_order.end(), c), m_order.end());  // never expected
}

const Chat* InboxStore::chat(const std::string& id) const {
    if (id.empty()) return nullptr;
    auto it = m_chats.find(id);
    return it == m_chats.end() ? nullptr : &it->second;
}

int InboxStore::unreadTotal() const {
    if (m_unreadRevision == m_revision) return m_unreadTotal;
    int64_t total = 0;
    for (const auto& [id, c] : m_chats) total += c.unreadCount;
    m_unreadTotal = static_cast<int>(std::min<int64_t>(total, 1000000000));
    m_unreadRevision = m_revision;
    return m_unreadTotal;
}

const std::vector<std::string>& InboxStore::visibleChatIds() const {
    if (m_visibleRevision == m_listRevision) return m_visible;
    ++m_listComputations;
    const std::string folded = foldForSearch(m_search);
    const std::string queryDigits = digitsOnly(m_search);
    // Only digits-and-separators queries are phone searches ("99999-8888", "+55 11").
    bool phoneQuery = !queryDigits.empty();
    for (char ch : m_search)
        if (!((ch >= '0' && ch <= '9') || ch == ' ' || ch == '-' || ch == '+' || ch == '(' || ch == ')')) phoneQuery = false;
    static const std::string kNoKey;
    m_visible.clear();
    m_visible.reserve(m_order.size());
    for (const Chat* c : m_order) {
        if (!m_selectedInstanceId.empty() && c->instanceId != m_selectedInstanceId) continue;
        if (!folded.empty()) {
            auto key = m_searchKeys.find(c->id);
            const std::string& hay = key == m_searchKeys.end() ? kNoKey : key->second;
            const bool textMatch = foldedContainsAll(hay, folded);
            const bool phoneMatch = phoneQuery && digitsOnly(c->phone).find(queryDigits) != std::string::npos;
            if (!textMatch && !phoneMatch) continue;
        }
        m_visible.push_back(c->id);
    }
    m_visibleRevision = m_listRevision;
    return m_visible;
}

int InboxStore::visibleIndexOf(const std::string& chatId) const {
    const auto& ids = visibleChatIds();
    auto it = std::find(ids.begin(), ids.end(), chatId);
    return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

void InboxStore::selectInstance(const std::string& instanceId) {
    if (instanceId == m_selectedInstanceId) return;
    m_selectedInstanceId = instanceId;
    touchList();
}

void InboxStore::setSearch(const std::string& query) {
    if (query == m_search) return;
    m_search = query;
    touchList();
}

void InboxStore::selectChat(const std::string& chatId) {
    if (chatId == m_selectedChatId) return;
    m_selectedChatId = chatId;
    m_scrolledUp = false;
    m_newBelow = 0;
    touch();
}

// ---- messages ------------------------------------------------------------------------------

bool ChatMessages::editsSince(uint64_t seenVersion, std::vector<MessageEdit>& out) const {
    if (seenVersion < baseVersion) return false;
    for (const MessageEdit& e : edits) {
        if (e.version <= seenVersion) continue;
        if (e.kind == MessageEdit::Kind::Reset) return false;
        out.push_back(e);
    }
    return true;
}

ChatMessages& InboxStore::messagesFor(const std::string& chatId) {
    auto [it, created] = m_messages.try_emplace(chatId);
    if (created) it->second.baseVersion = it->second.version = ++m_editCounter;
    return it->second;
}

void InboxStore::recordEdit(ChatMessages& cm, MessageEdit::Kind kind, size_t at, size_t count) {
    constexpr size_t kMaxEdits = 64;  // a view further behind rebuilds its rows
    cm.version = ++m_editCounter;
    if (kind == MessageEdit::Kind::Reset) {
        cm.edits.clear();
        cm.baseVersion = cm.version;  // views older than this rebuild
        return;
    }
    if (cm.edits.size() >= kMaxEdits) {
        cm.baseVersion = cm.edits.front().version;
        cm.edits.erase(cm.edits.begin());
    }
    cm.edits.push_back({kind, static_cast<uint32_t>(at), static_cast<uint32_t>(count), cm.version});
}

size_t InboxStore::insertSorted(ChatMessages& cm, Message&& m) {
    // Live messages land at the end: no search, no move.
    auto it = cm.items.empty() || !messageLess(m, cm.items.back())
                  ? cm.items.end()
                  : std::upper_bound(cm.items.begin(), cm.items.end(), m, messageLess);
    const size_t pos = static_cast<size_t>(it - cm.items.begin());
    cm.items.insert(it, std::move(m));
    cm.index.add(cm.items[pos]);
    recordEdit(cm, MessageEdit::Kind::Insert, pos, 1);
    return pos;
}

void InboxStore::eraseAt(ChatMessages& cm, size_t pos) {
    cm.index.remove(cm.items[pos]);
    cm.items.erase(cm.items.begin() + static_cast<std::ptrdiff_t>(pos));
    recordEdit(cm, MessageEdit::Kind::Erase, pos, 1);
}

long InboxStore::findHeld(const ChatMessages& cm, const Message& m) const {
    // By id first; the agent's own send (still under its local id) by clientId.
    const long byId = cm.index.findId(cm.items, m.id);
    return byId >= 0 ? byId : cm.index.findClientId(cm.items, m.clientId);
}

void InboxStore::mergeMessage(Message& held, Message&& m) {
    const MessageStatus heldStatus = held.status;
    std::vector<MessageError> heldErrors = std::move(held.errors);
    const bool wasLocal = held.localPending || held.localFailed;
    held = std::move(m);
    held.localPending = false;
    held.localFailed = false;
    held.localError.clear();
    if (!wasLocal && !statusMayAdvance(heldStatus, held.status) && heldStatus != held.status) {
        // A late "delivered" never downgrades "read"; a failed message stays failed.
        held.status = heldStatus;
        if (heldStatus == MessageStatus::Failed) held.errors = std::move(heldErrors);
    }
}

void InboxStore::updateHeld(ChatMessages& cm, size_t pos, Message&& m) {
    Message& held = cm.items[pos];
    cm.index.remove(held);
    mergeMessage(held, std::move(m));
    // Status/reaction updates keep their place: only a changed order moves the message.
    const bool inOrder = (pos == 0 || !messageLess(held, cm.items[pos - 1])) &&
                         (pos + 1 == cm.items.size() || !messageLess(cm.items[pos + 1], held));
    if (inOrder) {
        cm.index.add(held);
        return;
    }
    Message moved = std::move(held);
    cm.items.erase(cm.items.begin() + static_cast<std::ptrdiff_t>(pos));
    recordEdit(cm, MessageEdit::Kind::Erase, pos, 1);
    insertSorted(cm, std::move(moved));
}

bool InboxStore::prepareMessage(Message& m) {
    if (m.broken) {
        log("message placeholder in chat " + m.chatId);
        m.id = ensureId(m.id);
    }
    return !m.chatId.empty();
}

namespace {

// Sorts a page by display order, stably (the later copy of a message merges last), moving each
// message once: a permutation is sorted, then applied in place (no second page in memory).
void sortStably(std::vector<Message>& items) {
    std::vector<uint32_t> order(items.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return messageLess(items[a], items[b]); });
    for (size_t i = 0; i < order.size(); ++i) {
        if (order[i] == i) continue;
        Message held = std::move(items[i]);
        size_t j = i;
        while (order[j] != i) {
            const size_t from = order[j];
            items[j] = std::move(items[from]);
            order[j] = static_cast<uint32_t>(j);
            j = from;
        }
        items[j] = std::move(held);
        order[j] = static_cast<uint32_t>(j);
    }
}

}  // namespace

void InboxStore::applyMessagePage(const std::string& chatId, const Page<Message>& page, bool older) {
    applyMessageItems(chatId, std::vector<Message>(page.items), page.nextCursor, older);
}

void InboxStore::applyMessagePage(const std::string& chatId, Page<Message>&& page, bool older) {
    applyMessageItems(chatId, std::move(page.items), page.nextCursor, older);
    page.items.clear();
}

void InboxStore::applyMessageItems(const std::string& chatId, std::vector<Message>&& incoming,
                                   const std::string& nextCursor, bool older) {
    ChatMessages& cm = messagesFor(chatId);
    const bool wasLoaded = cm.loaded;
    cm.loaded = true;
    // Pages are history, not live activity: they never count as "new messages below". Known
    // messages merge in place; new ones are sorted apart and merged into the thread in one pass
    // (an older page of a 50,000-message thread moves it once, not once per message).
    size_t kept = 0;
    for (Message& m : incoming) {
        if (m.chatId.empty()) m.chatId = chatId;
        if (m.chatId != chatId) {
            log("message " + m.id + " of chat " + m.chatId + " in page of chat " + chatId + ": skipped");
            continue;
        }
        if (!prepareMessage(m)) continue;
        if (kept != static_cast<size_t>(&m - incoming.data())) incoming[kept] = std::move(m);
        ++kept;
    }
    incoming.resize(kept);
    sortStably(incoming);
    // Known messages merge into the thread; new ones are compacted at the front of `incoming`
    // (still sorted), indexed apart so a message twice in one page merges as it would one by one.
    MessageIndex freshIndex;
    size_t fresh = 0;
    for (size_t i = 0; i < incoming.size(); ++i) {
        Message& m = incoming[i];
        const long held = findHeld(cm, m);
        if (held >= 0) {
            updateHeld(cm, static_cast<size_t>(held), std::move(m));
            continue;
        }
        long dup = freshIndex.findId(incoming.data(), fresh, m.id);
        if (dup < 0) dup = freshIndex.findClientId(incoming.data(), fresh, m.clientId);
        if (dup >= 0) {
            Message& earlier = incoming[static_cast<size_t>(dup)];
            freshIndex.remove(earlier);
            mergeMessage(earlier, std::move(m));
            freshIndex.add(earlier);
            const size_t d = static_cast<size_t>(dup);
            const bool inOrder = (d == 0 || !messageLess(earlier, incoming[d - 1])) &&
                                 (d + 1 == fresh || !messageLess(incoming[d + 1], earlier));
            // Its order changed (rare): sort the new ones again so the lookups above stay valid.
            if (!inOrder) std::sort(incoming.begin(), incoming.begin() + static_cast<std::ptrdiff_t>(fresh), messageLess);
            continue;
        }
        if (fresh != i) incoming[fresh] = std::move(m);
        freshIndex.add(incoming[fresh]);
        ++fresh;
    }
    incoming.resize(fresh);
    if (!incoming.empty()) {
        if (cm.items.empty()) {
            // The first page: it becomes the thread as is (no copy of a 50,000-message page).
            cm.items = std::move(incoming);
            cm.index = std::move(freshIndex);
            recordEdit(cm, MessageEdit::Kind::Reset, 0, 0);
        } else {
            // Final rows of the new messages, coalesced into runs for the views.
            std::vector<std::pair<size_t, size_t>> runs;
            for (size_t j = 0; j < incoming.size(); ++j) {
                const size_t at = static_cast<size_t>(std::upper_bound(cm.items.begin(), cm.items.end(), incoming[j], messageLess) -
                                                      cm.items.begin()) + j;
                if (!runs.empty() && runs.back().first + runs.back().second == at) ++runs.back().second;
                else runs.emplace_back(at, 1);
            }
            freshIndex.clear();
            const size_t oldSize = cm.items.size();
            // Grow by half at least: older pages keep coming, and each reallocation of a long thread
            // holds two copies of it for a moment (the wasm heap keeps that peak for good).
            if (cm.items.capacity() < oldSize + incoming.size())
                cm.items.reserve(std::max(oldSize + incoming.size(), oldSize + oldSize / 2));
            for (Message& m : incoming) {
                cm.index.add(m);
                cm.items.push_back(std::move(m));
            }
            std::vector<Message>().swap(incoming);
            std::inplace_merge(cm.items.begin(), cm.items.begin() + static_cast<std::ptrdiff_t>(oldSize), cm.items.end(), messageLess);
            if (runs.size() > 16) recordEdit(cm, MessageEdit::Kind::Reset, 0, 0);
            else
                for (const auto& [at, count] : runs) recordEdit(cm, MessageEdit::Kind::Insert, at, count);
        }
    }
    // A refresh of the newest page (polling, refetch) must not forget how far back we paged.
    if (older || !wasLoaded) cm.olderCursor = nextCursor;
    cm.error.clear();
    if (older) cm.loadingOlder = false;
    else cm.loading = false;
    touch();
}

void InboxStore::setMessagesLoading(const std::string& chatId, bool older, bool loading) {
    ChatMessages& cm = messagesFor(chatId);
    if (older) cm.loadingOlder = loading;
    else cm.loading = loading;
    touch();
}

void InboxStore::setMessagesError(const std::string& chatId, const std::string& error) {
    ChatMessages& cm = messagesFor(chatId);
    cm.error = error;
    cm.loading = false;
    cm.loadingOlder = false;
    touch();
}

bool InboxStore::upsertMessage(const Message& incoming) {
    Message m = incoming;
    if (!prepareMessage(m)) return false;
    auto cmIt = m_messages.find(m.chatId);
    if (cmIt == m_messages.end()) return false;
    ChatMessages& cm = cmIt->second;

    const long held = findHeld(cm, m);
    if (held >= 0) {
        updateHeld(cm, static_cast<size_t>(held), std::move(m));
        touch();
        return true;
    }
    // Chats whose history is not loaded get it on open; a lone message would fake a history.
    if (!cm.loaded) return false;
    const bool atEnd = cm.items.empty() || !messageLess(m, cm.items.back());
    const bool countsAsNew = m.chatId == m_selectedChatId && m_scrolledUp && atEnd && m.direction != Direction::Out;
    insertSorted(cm, std::move(m));
    if (countsAsNew) ++m_newBelow;
    touch();
    return true;
}

const ChatMessages* InboxStore::messages(const std::string& chatId) const {
    auto it = m_messages.find(chatId);
    return it == m_messages.end() ? nullptr : &it->second;
}

const Message* InboxStore::findMessage(const std::string& chatId, const std::string& messageId) const {
    const ChatMessages* cm = messages(chatId);
    if (!cm) return nullptr;
    const long pos = cm->index.findId(cm->items, messageId);
    return pos < 0 ? nullptr : &cm->items[static_cast<size_t>(pos)];
}

int InboxStore::indexOfMessage(const std::string& chatId, const std::string& messageId) const {
    const ChatMessages* cm = messages(chatId);
    if (!cm) return -1;
    return static_cast<int>(cm->index.findId(cm->items, messageId));
}

void InboxStore::invalidateMessages(const std::string& keepChatId) {
    for (auto& [chatId, cm] : m_messages) {
        if (chatId == keepChatId) continue;
        std::vector<Message> keep;
        for (auto& m : cm.items)
            if (m.localPending || m.localFailed) keep.push_back(std::move(m));
        cm.items = std::move(keep);
        cm.index.rebuild(cm.items);
        recordEdit(cm, MessageEdit::Kind::Reset, 0, 0);
        cm.loaded = false;
        cm.olderCursor.clear();
    }
    touch();
}

// ---- own sends --------------------------------------------------------------------------

const Message& InboxStore::addOptimisticSend(const std::string& chatId, const std::string& text,
                                             const std::string& clientId, int64_t serverNowMs) {
    ChatMessages& cm = messagesFor(chatId);
    Message m;
    m.id = "local:" + clientId;
    m.chatId = chatId;
    m.clientId = clientId;
    m.direction = Direction::Out;
    m.type = "text";
    m.text = text;
    m.timestamp = serverNowMs;
    m.seq = kLocalSeq;
    m.status = MessageStatus::Pending;
    m.authorId = m_user.id;
    m.localPending = true;
    const size_t pos = insertSorted(cm, std::move(m));
    touch();
    return cm.items[pos];
}

const Message* InboxStore::findByClientId(const std::string& chatId, const std::string& clientId) const {
    const ChatMessages* cm = messages(chatId);
    if (!cm) return nullptr;
    const long pos = cm->index.findClientId(cm->items, clientId);
    return pos < 0 ? nullptr : &cm->items[static_cast<size_t>(pos)];
}

Message* InboxStore::ownSend(const std::string& chatId, const std::string& clientId) {
    auto it = m_messages.find(chatId);
    if (it == m_messages.end()) return nullptr;
    const long pos = it->second.index.findClientId(it->second.items, clientId);
    return pos < 0 ? nullptr : &it->second.items[static_cast<size_t>(pos)];
}

void InboxStore::markSendFailed(const std::string& chatId, const std::string& clientId, const std::string& error) {
    Message* found = ownSend(chatId, clientId);
    if (!found || !found->localPending) return;
    Message& m = *found;
    m.localPending = false;
    m.localFailed = true;
    m.localError = error;
    m.status = MessageStatus::Failed;
    touch();
}

void InboxStore::markSendRetrying(const std::string& chatId, const std::string& clientId) {
    Message* found = ownSend(chatId, clientId);
    if (!found || !found->localFailed) return;
    Message& m = *found;
    m.localFailed = false;
    m.localPending = true;
    m.localError.clear();
    m.status = MessageStatus::Pending;
    touch();
}

void InboxStore::discardSend(const std::string& chatId, const std::string& clientId) {
    auto it = m_messages.find(chatId);
    if (it == m_messages.end()) return;
    const long pos = it->second.index.findClientId(it->second.items, clientId);
    if (pos < 0 || !it->second.items[static_cast<size_t>(pos)].localFailed) return;
    eraseAt(it->second, static_cast<size_t>(pos));
    touch();
}

void InboxStore::setScrolledUp(bool scrolledUp) {
    if (scrolledUp == m_scrolledUp && (scrolledUp || m_newBelow == 0)) return;
    m_scrolledUp = scrolledUp;
    if (!scrolledUp) m_newBelow = 0;
    touch();
}

// ---- tickets ------------------------------------------------------------------------------

void InboxStore::syncTicketSummary(const Ticket& t) {
    auto it = m_chats.find(t.chatId);
    if (it == m_chats.end()) return;
    Chat& c = it->second;
    if (c.currentTicket && c.currentTicket->id != t.id) {
        // Only a newer ticket (higher id order is not known) replaces the summary: trust opens.
        if (t.status != "open") return;
    }
    if (c.currentTicket && c.currentTicket->id == t.id && c.currentTicket->version > t.version) return;
    TicketSummary s;
    s.id = t.id;
    s.status = t.status;
    s.stage = t.stage;
    s.assigneeId = t.assignee ? t.assignee->id : std::string();
    s.dealValue = t.dealValue;
    s.version = t.version;
    c.currentTicket = s;
}

bool InboxStore::upsertTicket(const Ticket& incoming) {
    if (incoming.broken || incoming.id.empty()) {
        log("ticket skipped: broken item");
        return false;
    }
    auto it = m_tickets.find(incoming.id);
    if (it != m_tickets.end()) {
        if (!isNewer(incoming.version, it->second.version)) return false;
        it->second = incoming;
    } else {
        m_tickets.emplace(incoming.id, incoming);
    }
    if (!incoming.chatId.empty()) {
        auto cur = m_ticketOfChat.find(incoming.chatId);
        // The chat's current ticket is the open one, or the newest we saw.
        if (cur == m_ticketOfChat.end() || incoming.status == "open" || cur->second == incoming.id) {
            m_ticketOfChat[incoming.chatId] = incoming.id;
        }
        auto& st = m_ticketStates[incoming.chatId];
        st.loading = false;
        st.missing = false;
        syncTicketSummary(incoming);
    }
    touch();
    return true;
}

const TicketState* InboxStore::ticketState(const std::string& chatId) const {
    auto it = m_ticketStates.find(chatId);
    return it == m_ticketStates.end() ? nullptr : &it->second;
}

const Ticket* InboxStore::ticketForChat(const std::string& chatId) const {
    auto it = m_ticketOfChat.find(chatId);
    if (it == m_ticketOfChat.end()) return nullptr;
    return ticketById(it->second);
}

const Ticket* InboxStore::ticketById(const std::string& ticketId) const {
    auto it = m_tickets.find(ticketId);
    return it == m_tickets.end() ? nullptr : &it->second;
}

void InboxStore::setTicketLoading(const std::string& chatId, bool loading) {
    m_ticketStates[chatId].loading = loading;
    touch();
}

void InboxStore::setTicketMissing(const std::string& chatId) {
    auto& st = m_ticketStates[chatId];
    st.loading = false;
    st.missing = true;
    st.error.clear();  // the server answered: an earlier load error is stale
    touch();
}

void InboxStore::setTicketError(const std::string& chatId, const std::string& error) {
    auto& st = m_ticketStates[chatId];
    st.loading = false;
    st.error = error;
    touch();
}

uint64_t InboxStore::beginTicketEdit(const std::string& ticketId, const std::function<void(Ticket&)>& mutate) {
    auto it = m_tickets.find(ticketId);
    if (it == m_tickets.end()) return 0;
    const uint64_t id = m_nextEditId++;
    m_pendingEdits[id] = {ticketId, it->second};
    mutate(it->second);
    m_ticketStates[it->second.chatId].error.clear();
    // Keep the list's badge in step with the panel while the request is in flight.
    auto chatIt = m_chats.find(it->second.chatId);
    if (chatIt != m_chats.end() && chatIt->second.currentTicket && chatIt->second.currentTicket->id == ticketId) {
        auto& s = *chatIt->second.currentTicket;
        s.status = it->second.status;
        s.stage = it->second.stage;
        s.assigneeId = it->second.assignee ? it->second.assignee->id : std::string();
        s.dealValue = it->second.dealValue;
    }
    touch();
    return id;
}

void InboxStore::confirmTicketEdit(uint64_t editId, const std::optional<Ticket>& serverTicket) {
    auto it = m_pendingEdits.find(editId);
    if (it == m_pendingEdits.end()) return;
    m_pendingEdits.erase(it);
    if (serverTicket) upsertTicket(*serverTicket);
    touch();
}

void InboxStore::rollbackTicketEdit(uint64_t editId, const std::string& error) {
    auto it = m_pendingEdits.find(editId);
    if (it == m_pendingEdits.end()) return;
    PendingEdit edit = std::move(it->second);
    m_pendingEdits.erase(it);
    auto t = m_tickets.find(edit.ticketId);
    if (t != m_tickets.end()) {
        // Restore only if the server has not sent anything newer meanwhile (then that is the truth),
        // and no later edit of the same ticket is still in flight (it captured our state as its own
        // "before", and will restore it if it fails too).
        const bool laterEdit = std::any_of(m_pendingEdits.begin(), m_pendingEdits.end(),
                                           [&](const auto& e) { return e.second.ticketId == edit.ticketId && e.first > editId; });
        if (t->second.version == edit.before.version && !laterEdit) {
            t->second = edit.before;
            auto chatIt = m_chats.find(edit.before.chatId);
            if (chatIt != m_chats.end() && chatIt->second.currentTicket && chatIt->second.currentTicket->id == edit.ticketId) {
                auto& s = *chatIt->second.currentTicket;
                s.status = edit.before.status;
                s.stage = edit.before.stage;
                s.assigneeId = edit.before.assignee ? edit.before.assignee->id : std::string();
                s.dealValue = edit.before.dealValue;
            }
        }
        m_ticketStates[edit.before.chatId].error = error;
    }
    touch();
}

bool InboxStore::hasPendingTicketEdit(const std::string& ticketId) const {
    return std::any_of(m_pendingEdits.begin(), m_pendingEdits.end(),
                       [&](const auto& e) { return e.second.ticketId == ticketId; });
}

// ---- publications -----------------------------------------------------------------------

void InboxStore::applyPublication(const Publication& p) {
    switch (p.kind) {
        case PublicationKind::MessageCreated:
            if (p.chat) upsertChat(*p.chat);
            if (p.message) upsertMessage(*p.message);
            break;
        case PublicationKind::MessageUpdated:
            if (p.message) upsertMessage(*p.message);
            if (p.chat) upsertChat(*p.chat);
            break;
        case PublicationKind::ChatUpdated:
            if (p.chat) upsertChat(*p.chat);
            break;
        case PublicationKind::TicketCreated:
        case PublicationKind::TicketUpdated:
            if (p.ticket) upsertTicket(*p.ticket);
            break;
        case PublicationKind::Unknown:
            break;  // newer server, other event types: ignored on purpose
    }
}

// ---- drafts -----------------------------------------------------------------------------

void InboxStore::setDraft(const std::string& chatId, const std::string& text) {
    if (chatId.empty()) return;
    auto it = m_drafts.find(chatId);
    if (it != m_drafts.end() && it->second == text) return;
    m_drafts[chatId] = text;
    if (m_storage) {
        if (text.empty()) m_storage->remove(kDraftKeyPrefix + chatId);
        else m_storage->set(kDraftKeyPrefix + chatId, text);
    }
    touch();
}

const std::string& InboxStore::draft(const std::string& chatId) const {
    auto it = m_drafts.find(chatId);
    if (it != m_drafts.end()) return it->second;
    std::string value;
    if (m_storage && !chatId.empty()) value = m_storage->get(kDraftKeyPrefix + chatId).value_or("");
    return m_drafts.emplace(chatId, std::move(value)).first->second;
}

// ---- log ---------------------------------------------------------------------------------

void InboxStore::log(const std::string& line) {
    if (m_log.size() >= 200) m_log.erase(m_log.begin(), m_log.begin() + 100);
    m_log.push_back(line);
}

void InboxStore::logAll(const Warnings& lines) {
    for (const auto& l : lines) log(l);
}

// ---- snapshot ----------------------------------------------------------------------------

namespace {

Json chatEntry(const Chat& c) {
    Json jc = {{"id", c.id}, {"name", c.name}, {"phone", c.phone}, {"unreadCount", c.unreadCount}};
    jc["lastMessage"] = c.lastMessage ? Json(messagePreview(*c.lastMessage)) : Json(nullptr);
    if (c.currentTicket) {
        jc["ticket"] = {{"id", c.currentTicket->id}, {"status", c.currentTicket->status}, {"stage", c.currentTicket->stage.name}};
    } else {
        jc["ticket"] = nullptr;
    }
    return jc;
}

Json messageEntry(const Message& m) {
    return {{"id", m.id}, {"direction", toString(m.direction)}, {"type", m.type}, {"text", m.text}, {"status", toString(m.status)}};
}

// Replaces `"key":[]` in `text` (a dump of the snapshot) by the array of `count` entries, each
// dumped on its own: the big arrays never exist as one JSON tree.
template <typename Entry>
void spliceArray(std::string& text, const char* key, size_t count, Entry entry) {
    const std::string placeholder = std::string("\"") + key + "\":[]";
    const size_t at = text.find(placeholder);
    if (at == std::string::npos) return;
    std::string tail = text.substr(at + placeholder.size() - 1);  // "]..."
    text.resize(at + placeholder.size() - 1);
    for (size_t i = 0; i < count; ++i) {
        if (i > 0) text += ',';
        text += dumpJson(entry(i));
    }
    text += tail;
}

}  // namespace

Json InboxStore::snapshot(const PanelLayout* layout) const {
    Json j = snapshotHead(layout);
    Json chats = Json::array();
    for (const auto& id : visibleChatIds())
        if (const Chat* c = chat(id)) chats.push_back(chatEntry(*c));
    j["chats"] = std::move(chats);
    Json msgs = Json::array();
    if (const ChatMessages* cm = messages(m_selectedChatId))
        for (const auto& m : cm->items) msgs.push_back(messageEntry(m));
    j["messages"] = std::move(msgs);
    return j;
}

std::string InboxStore::snapshotText(const PanelLayout* layout) const {
    std::string text = dumpJson(snapshotHead(layout));
    std::vector<const Chat*> chats;
    chats.reserve(visibleChatIds().size());
    for (const auto& id : visibleChatIds())
        if (const Chat* c = chat(id)) chats.push_back(c);
    const ChatMessages* cm = messages(m_selectedChatId);
    const size_t messageCount = cm ? cm->items.size() : 0;
    // Roughly the final size, so the text does not double (and leave the heap doubled) as it grows.
    text.reserve(text.size() + chats.size() * 200 + messageCount * 160);
    spliceArray(text, "chats", chats.size(), [&](size_t i) { return chatEntry(*chats[i]); });
    spliceArray(text, "messages", messageCount, [&](size_t i) { return messageEntry(cm->items[i]); });
    return text;
}

Json InboxStore::snapshotHead(const PanelLayout* layout) const {
    Json j = Json::object();
    j["signedIn"] = m_signedIn;
    j["connection"] = toString(m_connection);
    Json instances = Json::array();
    for (const auto& i : m_instances)
        instances.push_back({{"id", i.id}, {"displayPhone", i.displayPhone}, {"verifiedName", i.verifiedName}, {"status", i.status}});
    j["instances"] = std::move(instances);
    j["selectedInstanceId"] = m_selectedInstanceId.empty() ? Json("all") : Json(m_selectedInstanceId);
    j["search"] = m_search;
    j["chats"] = Json::array();  // filled by snapshot() / snapshotText()
    j["unreadTotal"] = unreadTotal();
    j["selectedChatId"] = m_selectedChatId.empty() ? Json(nullptr) : Json(m_selectedChatId);
    j["messages"] = Json::array();
    if (const Ticket* t = ticketForChat(m_selectedChatId)) {
        Json jt = {{"id", t->id}, {"status", t->status}, {"stageId", t->stage.id}, {"stage", t->stage.name}};
        jt["assigneeId"] = t->assignee ? Json(t->assignee->id) : Json(nullptr);
        jt["dealValue"] = t->dealValue ? Json(*t->dealValue) : Json(nullptr);
        jt["windowExpiresAt"] = t->windowExpiresAt ? Json(*t->windowExpiresAt) : Json(nullptr);
        const TicketState* st = ticketState(m_selectedChatId);
        jt["error"] = st ? st->error : std::string();
        j["ticket"] = std::move(jt);
    } else {
        j["ticket"] = nullptr;
    }
    if (layout) {
        j["panels"] = {{"left", layout->left()},
                       {"middle", layout->middle()},
                       {"right", layout->visibleRight()},
                       {"rightCollapsed", layout->rightCollapsed()}};
    }
    return j;
}

}  // namespace inbox::core
