// The inbox data model on SQLite: organizations, users, instances, chats, messages,
// reactions, statuses, tickets and the raw webhook log. Every read that takes an org id
// filters by it, so a caller cannot reach another organization's rows.
#pragma once
#include "db.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace stub {

using nlohmann::json;

void migrate(Db& db);

struct AuthUser {
  int64_t id = 0;
  int64_t orgId = 0;
  std::string name;
  std::string email;
  std::string role;
  int64_t sessionExpiresAt = 0;  // ms; set when found through a session token
};

struct InstanceRow {
  std::string phoneNumberId;
  int64_t orgId = 0;
  std::string displayPhone;
};

struct ChatRef {
  int64_t id = 0;
  int64_t orgId = 0;
  std::string instanceId;
  std::optional<std::string> waId;
  std::optional<int64_t> lastInboundAt;
};

struct NewMessage {
  std::string id;
  int64_t chatId = 0;
  int64_t orgId = 0;
  std::string direction;  // in | out | system
  std::string type;
  std::string text;
  int64_t timestampMs = 0;
  std::string status;
  std::optional<std::string> clientId;
  std::optional<int64_t> authorId;
  std::optional<std::string> fromName;
  json content = json::object();  // media/location/contacts/interactive/order/referral/system/template
  std::optional<std::string> replyTo;
  json errors = json::array();
};

struct Tracking {
  std::optional<std::string> sourceType, utmSource, utmMedium, utmCampaign, gclid, fbclid, ctwaclid,
      adHeadline, adSourceUrl, adSourceId;
};

struct ChatPage {
  json items = json::array();
  std::optional<std::string> nextCursor;
};

constexpr int64_t kWindowMs = 24LL * 3600 * 1000;

class Store {
 public:
  explicit Store(Db& db);
  Db& db() { return m_db; }

  // meta / secrets
  std::optional<std::string> getMeta(const std::string& key);
  void setMeta(const std::string& key, const std::string& value);
  // Returns the stored value, creating it with `generated` when absent.
  std::string metaOrCreate(const std::string& key, const std::string& generated);
  bool isEmpty();

  // organizations, users, sessions (store_auth.cpp)
  int64_t createOrganization(const std::string& name);
  int64_t createUser(int64_t orgId, const std::string& name, const std::string& email, const std::string& role,
                     const std::string& password);
  std::optional<AuthUser> checkPassword(const std::string& email, const std::string& password);
  std::string createSession(int64_t userId, int64_t expiresAtMs);
  std::optional<AuthUser> userForSession(const std::string& token, int64_t nowMs);
  void deleteSession(const std::string& token);
  std::optional<AuthUser> userById(int64_t id);
  json userJson(const AuthUser& user);
  json membersJson(int64_t orgId);
  bool isMember(int64_t orgId, int64_t userId);

  // instances and stages (store.cpp)
  void createInstance(int64_t orgId, const std::string& phoneNumberId, const std::string& displayPhone,
                      const std::string& verifiedName, const std::string& wabaId);
  std::optional<InstanceRow> instance(const std::string& phoneNumberId);
  json instancesJson(int64_t orgId);
  int64_t createStage(int64_t orgId, const std::string& name, const std::string& color, int position,
                      const std::string& kind);
  json stagesJson(int64_t orgId);
  std::optional<json> stageJson(int64_t orgId, int64_t stageId);
  int64_t firstStageId(int64_t orgId);
  std::optional<int64_t> stageIdOfKind(int64_t orgId, const std::string& kind);

  // chats (store_chats.cpp)
  // Finds the conversation of a contact on an instance or creates it; `created` tells which.
  ChatRef findOrCreateChat(const InstanceRow& inst, const std::string& contactKey, const std::optional<std::string>& waId,
                           const std::optional<std::string>& bsuid, const std::string& name, int64_t nowMs,
                           bool* created);
  std::optional<ChatRef> chat(int64_t orgId, int64_t chatId);  // nullopt across orgs
  std::optional<ChatRef> chatById(int64_t chatId);
  std::optional<ChatRef> chatByWaId(const std::string& instanceId, const std::string& waId);
  json chatJson(int64_t chatId);
  ChatPage listChats(int64_t orgId, const std::optional<std::string>& instanceId, const std::string& query,
                     const std::optional<std::string>& cursor, int limit);
  // Applies a new message to the chat row (last message, unread, window) and bumps its version.
  void touchChatForMessage(int64_t chatId, const NewMessage& msg);
  void updateContact(int64_t chatId, const std::optional<std::string>& name, const std::optional<std::string>& waId);
  bool markRead(int64_t chatId);  // true when something changed
  void bumpChat(int64_t chatId);
  std::vector<int64_t> chatIds(int64_t orgId);

  // messages (store_messages.cpp)
  bool messageExists(const std::string& id);
  bool isLastMessage(int64_t chatId, const std::string& messageId);
  // false when a message with that id already exists (idempotency).
  bool insertMessage(const NewMessage& msg);
  std::optional<json> messageJson(const std::string& id);
  std::optional<std::string> messageIdByClientId(int64_t chatId, const std::string& clientId);
  std::optional<int64_t> messageChatId(const std::string& id);
  json listMessages(int64_t chatId, const std::optional<std::string>& before, int limit,
                    std::optional<std::string>* nextCursor);
  // Inbound id log for events that are not messages themselves (reactions): true if new.
  bool rememberInbound(const std::string& id, int64_t nowMs);
  // Records a status (dedup on (id,status)); returns true if it is new.
  bool recordStatus(const std::string& messageId, const std::string& status, int64_t tsMs, const json& errors);
  // Applies every recorded, not yet applied status of a message monotonically; true if it changed.
  bool applyPendingStatuses(const std::string& messageId);
  // Sets a reaction (empty emoji removes it); returns true if it changed.
  bool setReaction(const std::string& targetId, const std::string& sender, const std::string& emoji, int64_t tsMs);
  void setMessageStatus(const std::string& id, const std::string& status);
  std::vector<std::string> outgoingAwaiting(const std::string& status, int limit);

  // tickets (store_tickets.cpp)
  std::optional<int64_t> currentTicketId(int64_t chatId);
  std::optional<int64_t> openTicketId(int64_t chatId);
  int64_t openTicket(int64_t orgId, int64_t chatId, int64_t nowMs);
  std::optional<json> ticketJson(int64_t orgId, int64_t ticketId);
  std::optional<int64_t> ticketChatId(int64_t orgId, int64_t ticketId);
  void setTracking(int64_t ticketId, const Tracking& tracking);
  void updateTicket(int64_t ticketId, const std::optional<int64_t>& stageId, const std::optional<std::optional<int64_t>>& assignee,
                    const std::optional<std::optional<int64_t>>& dealValue);
  void closeTicket(int64_t ticketId, const std::string& outcome, const std::optional<std::string>& reason, int64_t nowMs);
  std::optional<std::string> ticketStatus(int64_t ticketId);
  void bumpTicket(int64_t ticketId);
  void seedTicketFields(int64_t ticketId, int64_t stageId, std::optional<int64_t> assignee, std::optional<int64_t> dealValue,
                        const std::string& status, std::optional<int64_t> closedAt);

  // webhook log
  int64_t logWebhook(const std::string& body, const std::optional<std::string>& signature, int64_t nowMs);
  void setWebhookState(int64_t eventId, const std::string& state, const std::optional<std::string>& error);
  void logUnrouted(int64_t eventId, const std::optional<std::string>& phoneNumberId, const std::string& valueJson, int64_t nowMs);
  int64_t count(const char* table);

 private:
  Db& m_db;
};

// pt-BR preview text for a message type without text ("📍 Localização").
std::string previewFor(const std::string& type, const std::string& text);
int statusRank(const std::string& status);

}  // namespace stub
