// The inbox store: normalized state the UI draws, and the reducers that change it. It does no I/O
// (the Session does); every mutation bumps revision() so the UI redraws only when something changed.
//
// Rules (DESIGN.md / docs/API.md):
// - chats and tickets carry `version`; an incoming object replaces the held one only if newer;
// - messages dedupe by id, and the agent's own sends by clientId (the optimistic bubble becomes the
//   server's message); order is (timestamp, seq); delivery statuses only move forward;
// - unread counts come from the server inside chat upserts and are never patched locally;
// - the selection is an id, so it survives reorders, filters and refetches;
// - drafts are per chat and live apart from server data (refetches never touch them).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json_codecs.h"
#include "core/message_index.h"
#include "core/models.h"

namespace inbox::core {

class KeyValueStorage;
class PanelLayout;

enum class ConnectionState { Connecting, Connected, Degraded, Disconnected };
const char* toString(ConnectionState s);

// One structural change of a thread (rows inserted or erased, or everything replaced), so a view
// that keeps a row per message (heights, day separators) follows without walking the thread.
struct MessageEdit {
    enum class Kind : uint8_t { Insert, Erase, Reset };
    Kind kind = Kind::Reset;
    uint32_t at = 0;     // first row (positions after the edits before this one)
    uint32_t count = 0;  // rows inserted or erased
    uint64_t version = 0;
};

// Messages of one chat as loaded so far (newest page first, older pages on scroll-up).
struct ChatMessages {
    std::vector<Message> items;  // display order (messageLess); the store alone changes it
    bool loaded = false;
    bool loading = false;
    std::string olderCursor;  // empty: the beginning of the chat is loaded
    bool loadingOlder = false;
    std::string error;  // last load error, shown in the panel

    // Structural edits, oldest first; `version` is the newest one's (store-wide, never reused).
    // A view that saw version v replays the edits after v; if v < baseVersion some were dropped
    // (or the thread is new) and it rebuilds. In-place changes (status, reactions) are no edit.
    uint64_t version = 0;
    uint64_t baseVersion = 0;
    std::vector<MessageEdit> edits;
    // Appends the edits after `seenVersion` to `out`; false when the view must rebuild instead.
    bool editsSince(uint64_t seenVersion, std::vector<MessageEdit>& out) const;

    MessageIndex index;  // by id and by clientId (the store keeps it in step with items)
};

struct TicketState {
    bool loading = false;
    bool missing = false;  // 404: the chat has no ticket
    std::string error;     // last refused edit or load error (pt-BR)
};

class InboxStore {
public:
    explicit InboxStore(KeyValueStorage* storage = nullptr);

    // ---- change tracking ------------------------------------------------------------------
    uint64_t revision() const { return m_revision; }
    void touch() { ++m_revision; }

    // ---- session -------------------------------------------------------------------------
    void setSignedIn(bool signedIn, const User& user = {}, const std::string& organizationId = {});
    bool signedIn() const { return m_signedIn; }
    const User& currentUser() const { return m_user; }
    const std::string& organizationId() const { return m_organizationId; }
    // Drops all server data (sign-out); drafts stay in storage.
    void clearData();

    void setConnection(ConnectionState s);
    ConnectionState connection() const { return m_connection; }

    // ---- reference data -------------------------------------------------------------------
    void setInstances(std::vector<Instance> instances);
    const std::vector<Instance>& instances() const { return m_instances; }
    void setStages(std::vector<Stage> stages);
    const std::vector<Stage>& stages() const { return m_stages; }
    const Stage* stage(const std::string& id) const;
    void setMembers(std::vector<Member> members);
    const std::vector<Member>& members() const { return m_members; }
    const Member* member(const std::string& id) const;
    void setTemplates(std::vector<Template> templates);
    const std::vector<Template>& templates() const { return m_templates; }

    // ---- chats ---------------------------------------------------------------------------
    // First page replaces the paging cursor; later pages append. Items merge by version.
    void applyChatPage(const Page<Chat>& page, bool firstPage);
    void applyChatPage(Page<Chat>&& page, bool firstPage);  // moves the items
    bool hasMoreChats() const { return !m_chatsCursor.empty(); }
    const std::string& chatsCursor() const { return m_chatsCursor; }
    bool chatsLoaded() const { return m_chatsLoaded; }
    void setChatsError(const std::string& error);
    const std::string& chatsError() const { return m_chatsError; }
    // Returns true if the chat was applied (new or newer version).
    bool upsertChat(const Chat& chat);
    bool upsertChat(Chat&& chat);
    const Chat* chat(const std::string& id) const;
    size_t chatCount() const { return m_chats.size(); }
    int unreadTotal() const;

    // Display order after the instance filter and the search, recomputed only after changes.
    const std::vector<std::string>& visibleChatIds() const;
    // How many times the list was recomputed (performance diagnostics, tests).
    uint64_t listComputations() const { return m_listComputations; }
    // Row of a chat in visibleChatIds() (-1 if filtered out): the UI re-finds its scroll anchor
    // (the top visible row's id) after a reorder.
    int visibleIndexOf(const std::string& chatId) const;
    void selectInstance(const std::string& instanceId);  // "" = all instances
    const std::string& selectedInstanceId() const { return m_selectedInstanceId; }
    void setSearch(const std::string& query);
    const std::string& search() const { return m_search; }
    void selectChat(const std::string& chatId);
    const std::string& selectedChatId() const { return m_selectedChatId; }
    const Chat* selectedChat() const { return chat(m_selectedChatId); }

    // ---- messages ------------------------------------------------------------------------
    // A page from GET /messages: the newest page (older=false) or an older one (older=true).
    void applyMessagePage(const std::string& chatId, const Page<Message>& page, bool older);
    void applyMessagePage(const std::string& chatId, Page<Message>&& page, bool older);  // moves the items
    void setMessagesLoading(const std::string& chatId, bool older, bool loading);
    void setMessagesError(const std::string& chatId, const std::string& error);
    // Inserts or merges (dedupe by id, then by clientId). Returns true if anything changed.
    bool upsertMessage(const Message& message);
    const ChatMessages* messages(const std::string& chatId) const;
    const Message* findMessage(const std::string& chatId, const std::string& messageId) const;
    // Index of a message in messages(chatId)->items (-1 if absent): keeps the message anchor when
    // older pages are prepended.
    int indexOfMessage(const std::string& chatId, const std::string& messageId) const;
    // Forgets loaded messages (except unconfirmed own sends) so chats reload when opened, e.g.
    // after a recovery gap. `keepChatId` (the open chat) stays as is and is refreshed in place.
    void invalidateMessages(const std::string& keepChatId = {});

    // ---- own sends -----------------------------------------------------------------------
    const Message& addOptimisticSend(const std::string& chatId, const std::string& text, const std::string& clientId,
                                     int64_t serverNowMs);
    void markSendFailed(const std::string& chatId, const std::string& clientId, const std::string& error);
    void markSendRetrying(const std::string& chatId, const std::string& clientId);
    void discardSend(const std::string& chatId, const std::string& clientId);
    const Message* findByClientId(const std::string& chatId, const std::string& clientId) const;

    // ---- "N new messages" below the viewport ------------------------------------------------
    // The UI reports whether the agent scrolled up in the open chat; while so, new incoming
    // messages are counted for the pill. Scrolling back to the bottom (false) clears it.
    void setScrolledUp(bool scrolledUp);
    bool scrolledUp() const { return m_scrolledUp; }
    int newMessagesBelow() const { return m_newBelow; }

    // ---- tickets -------------------------------------------------------------------------
    bool upsertTicket(const Ticket& ticket);
    const TicketState* ticketState(const std::string& chatId) const;
    const Ticket* ticketForChat(const std::string& chatId) const;
    const Ticket* ticketById(const std::string& ticketId) const;
    void setTicketLoading(const std::string& chatId, bool loading);
    void setTicketMissing(const std::string& chatId);
    void setTicketError(const std::string& chatId, const std::string& error);

    // Optimistic edits: apply `mutate` now, remember the previous state; confirm with the
    // server's ticket or roll back with an error text the panel shows.
    uint64_t beginTicketEdit(const std::string& ticketId, const std::function<void(Ticket&)>& mutate);
    void confirmTicketEdit(uint64_t editId, const std::optional<Ticket>& serverTicket);
    void rollbackTicketEdit(uint64_t editId, const std::string& error);
    bool hasPendingTicketEdit(const std::string& ticketId) const;

    // ---- publications --------------------------------------------------------------------
    void applyPublication(const Publication& publication);

    // ---- drafts --------------------------------------------------------------------------
    void setDraft(const std::string& chatId, const std::string& text);
    const std::string& draft(const std::string& chatId) const;

    // ---- log -----------------------------------------------------------------------------
    void log(const std::string& line);
    void logAll(const Warnings& lines);
    const std::vector<std::string>& logLines() const { return m_log; }

    // ---- snapshot for inbox.state() --------------------------------------------------------
    Json snapshot(const PanelLayout* layout) const;
    // The same, as JSON text, written without building the whole tree: with 10,000 chats and a
    // 50,000-message thread the tree alone took tens of MB of the wasm heap (which never shrinks).
    std::string snapshotText(const PanelLayout* layout) const;

private:
    // The agent's own message `clientId` in `chatId`, to change its local send state; null if gone.
    Message* ownSend(const std::string& chatId, const std::string& clientId);
    Json snapshotHead(const PanelLayout* layout) const;  // everything but the chats and messages
    void applyMessageItems(const std::string& chatId, std::vector<Message>&& items, const std::string& nextCursor, bool older);
    // Validates an incoming message (placeholder id, chat); false when it cannot be stored.
    bool prepareMessage(Message& m);
    long findHeld(const ChatMessages& cm, const Message& m) const;
    void mergeMessage(Message& held, Message&& m);
    // Merges `m` into the held message at `pos` (status rules), moving it if its order changed.
    void updateHeld(ChatMessages& cm, size_t pos, Message&& m);
    size_t insertSorted(ChatMessages& cm, Message&& m);
    void eraseAt(ChatMessages& cm, size_t pos);
    void recordEdit(ChatMessages& cm, MessageEdit::Kind kind, size_t at, size_t count);
    std::string foldedKey(const Chat& c) const;
    void syncTicketSummary(const Ticket& t);
    ChatMessages& messagesFor(const std::string& chatId);
    std::string ensureId(std::string id);

    KeyValueStorage* m_storage;
    uint64_t m_revision = 1;
    mutable uint64_t m_unreadRevision = 0;  // unreadTotal() is read every frame: summed once per change
    mutable int m_unreadTotal = 0;
    bool m_signedIn = false;
    User m_user;
    std::string m_organizationId;
    ConnectionState m_connection = ConnectionState::Disconnected;

    std::vector<Instance> m_instances;
    std::vector<Stage> m_stages;
    std::vector<Member> m_members;
    std::vector<Template> m_templates;

    void insertIntoOrder(const Chat* c);
    void removeFromOrder(const Chat* c);

    std::unordered_map<std::string, Chat> m_chats;
    std::vector<const Chat*> m_order;  // every chat, display order
    std::unordered_map<std::string, std::string> m_searchKeys;  // chat id → folded name/phone/preview
    std::string m_chatsCursor;
    bool m_chatsLoaded = false;
    std::string m_chatsError;

    std::string m_selectedInstanceId;
    std::string m_search;
    std::string m_selectedChatId;
    // The chat list is recomputed only when chats or filters change (not on drafts, messages…):
    // with 10,000 chats a keystroke must not re-sort the list.
    void touchList() {
        ++m_listRevision;
        touch();
    }
    uint64_t m_listRevision = 1;
    mutable std::vector<std::string> m_visible;
    mutable uint64_t m_visibleRevision = 0;
    mutable uint64_t m_listComputations = 0;

    std::unordered_map<std::string, ChatMessages> m_messages;
    uint64_t m_editCounter = 0;  // MessageEdit versions, store-wide so a re-created thread never repeats one
    bool m_scrolledUp = false;
    int m_newBelow = 0;

    std::unordered_map<std::string, Ticket> m_tickets;            // by ticket id
    std::unordered_map<std::string, std::string> m_ticketOfChat;  // chat id → ticket id
    std::unordered_map<std::string, TicketState> m_ticketStates;  // by chat id (view state)
    struct PendingEdit {
        std::string ticketId;
        Ticket before;
    };
    std::map<uint64_t, PendingEdit> m_pendingEdits;
    uint64_t m_nextEditId = 1;

    mutable std::unordered_map<std::string, std::string> m_drafts;
    uint64_t m_invalidCounter = 0;
    std::vector<std::string> m_log;
};

}  // namespace inbox::core
