// Store: conversations (one per contact and instance), their list order and unread counts.
#include "store.h"
#include "util.h"

namespace stub {

namespace {

const char* kChatCols = "id, org_id, instance_id, wa_id, last_inbound_at";

ChatRef chatRow(Stmt& s) { return ChatRef{s.i64(0), s.i64(1), s.str(2), s.optStr(3), s.optI64(4)}; }

json optStrJson(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json optIntJson(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

ChatRef Store::findOrCreateChat(const InstanceRow& inst, const std::string& contactKey,
                                const std::optional<std::string>& waId, const std::optional<std::string>& bsuid,
                                const std::string& name, int64_t nowMs, bool* created) {
  // INSERT OR IGNORE on the unique (instance, contact) pair: two first messages of a new
  // contact, however close, end up in exactly one conversation.
  m_db.prepare(
          "INSERT INTO chats(org_id,instance_id,contact_key,wa_id,bsuid,name,created_at) VALUES(?,?,?,?,?,?,?) "
          "ON CONFLICT(instance_id, contact_key) DO NOTHING")
      .bind(1, inst.orgId)
      .bind(2, inst.phoneNumberId)
      .bind(3, contactKey)
      .bind(4, waId)
      .bind(5, bsuid)
      .bind(6, name)
      .bind(7, nowMs)
      .run();
  if (created) *created = m_db.changes() > 0;
  auto stmt = m_db.prepare("SELECT id, org_id, instance_id, wa_id, last_inbound_at FROM chats WHERE instance_id=? AND contact_key=?");
  stmt.bind(1, inst.phoneNumberId).bind(2, contactKey);
  stmt.step();
  ChatRef ref = chatRow(stmt);
  stmt.run();
  return ref;
}

std::optional<ChatRef> Store::chat(int64_t orgId, int64_t chatId) {
  auto stmt = m_db.prepare((std::string("SELECT ") + kChatCols + " FROM chats WHERE id=? AND org_id=?").c_str());
  stmt.bind(1, chatId).bind(2, orgId);
  std::optional<ChatRef> ref;
  if (stmt.step()) ref = chatRow(stmt);
  stmt.run();
  return ref;
}

std::optional<ChatRef> Store::chatById(int64_t chatId) {
  auto stmt = m_db.prepare((std::string("SELECT ") + kChatCols + " FROM chats WHERE id=?").c_str());
  stmt.bind(1, chatId);
  std::optional<ChatRef> ref;
  if (stmt.step()) ref = chatRow(stmt);
  stmt.run();
  return ref;
}

std::optional<ChatRef> Store::chatByWaId(const std::string& instanceId, const std::string& waId) {
  auto stmt = m_db.prepare((std::string("SELECT ") + kChatCols + " FROM chats WHERE instance_id=? AND wa_id=?").c_str());
  stmt.bind(1, instanceId).bind(2, waId);
  std::optional<ChatRef> ref;
  if (stmt.step()) ref = chatRow(stmt);
  stmt.run();
  return ref;
}

json Store::chatJson(int64_t chatId) {
  auto stmt = m_db.prepare(
      "SELECT id, org_id, instance_id, wa_id, name, profile_pic_url, last_message_id, last_message_at, last_inbound_at, "
      "unread_count, version FROM chats WHERE id=?");
  stmt.bind(1, chatId);
  if (!stmt.step()) return nullptr;
  const int64_t orgId = stmt.i64(1);
  const auto waId = stmt.optStr(3);
  const auto lastMessageId = stmt.optStr(6);
  const auto lastInbound = stmt.optI64(8);
  json chat = {{"id", std::to_string(stmt.i64(0))},
               {"name", stmt.str(4)},
               {"phone", waId ? json("+" + *waId) : json(nullptr)},
               {"waId", optStrJson(waId)},
               {"profilePicUrl", optStrJson(stmt.optStr(5))},
               {"lastMessageAt", optIntJson(stmt.optI64(7))},
               {"lastMessage", nullptr},
               {"unreadCount", stmt.i64(9)},
               {"instanceId", stmt.str(2)},
               {"windowExpiresAt", lastInbound ? json(*lastInbound + kWindowMs) : json(nullptr)},
               {"version", stmt.i64(10)},
               {"currentTicket", nullptr}};
  stmt.run();
  if (lastMessageId) {
    auto m = m_db.prepare("SELECT id, direction, type, text, status, timestamp_ms, content_json FROM messages WHERE id=?");
    m.bind(1, *lastMessageId);
    if (m.step()) {
      chat["lastMessage"] = {{"id", m.str(0)},
                             {"direction", m.str(1)},
                             {"type", m.str(2)},
                             {"text", previewFor(m.str(2), m.str(3))},
                             {"status", m.str(4)},
                             {"timestamp", m.i64(5)}};
      // What the list preview needs besides the text: a voice note, a file name, a place, a button.
      const json content = m.isNull(6) ? json() : json::parse(m.str(6), nullptr, false);
      if (content.is_object()) {
        for (const char* key : {"media", "location", "interactive"})
          if (content.contains(key) && content[key].is_object()) chat["lastMessage"][key] = content[key];
        if (content.contains("contacts") && content["contacts"].is_array()) {
          json names = json::array();  // names only: a vCard can be long and the list shows one line
          for (const json& c : content["contacts"])
            if (c.is_object() && c.contains("name")) names.push_back({{"name", c["name"]}});
          chat["lastMessage"]["contacts"] = names;
        }
      }
    }
    m.run();
  }
  if (auto ticketId = currentTicketId(chatId)) {
    auto t = m_db.prepare("SELECT id, status, stage_id, assignee_id, deal_value, version FROM tickets WHERE id=?");
    t.bind(1, *ticketId);
    if (t.step()) {
      const auto assignee = t.optI64(3);
      chat["currentTicket"] = {{"id", std::to_string(t.i64(0))},
                               {"status", t.str(1)},
                               {"stage", stageJson(orgId, t.i64(2)).value_or(json(nullptr))},
                               {"assigneeId", assignee ? json(std::to_string(*assignee)) : json(nullptr)},
                               {"dealValue", optIntJson(t.optI64(4))},
                               {"version", t.i64(5)}};
    }
    t.run();
  }
  return chat;
}

ChatPage Store::listChats(int64_t orgId, const std::optional<std::string>& instanceId, const std::string& query,
                          const std::optional<std::string>& cursor, int limit) {
  // Cursor "<lastMessageAt>:<id>": keyset on (lastMessageAt desc, id desc).
  int64_t cursorAt = INT64_MAX, cursorId = INT64_MAX;
  if (cursor) {
    const size_t colon = cursor->find(':');
    auto at = colon == std::string::npos ? std::nullopt : parseInt(cursor->substr(0, colon));
    auto id = colon == std::string::npos ? std::nullopt : parseInt(cursor->substr(colon + 1));
    if (!at || !id) throw std::invalid_argument("cursor");
    cursorAt = *at;
    cursorId = *id;
  }
  auto stmt = m_db.prepare(
      "SELECT c.id, COALESCE(c.last_message_at, 0) AS at FROM chats c "
      "LEFT JOIN messages m ON m.id = c.last_message_id "
      "WHERE c.org_id=?1 AND (?2 IS NULL OR c.instance_id=?2) "
      "AND (?3 = '' OR chat_matches(?3, c.name, c.wa_id, m.text)) "
      "AND (at < ?4 OR (at = ?4 AND c.id < ?5)) "
      "ORDER BY at DESC, c.id DESC LIMIT ?6");
  stmt.bind(1, orgId).bind(2, instanceId).bind(3, query);
  stmt.bind(4, cursorAt).bind(5, cursorId).bind(6, limit + 1);
  std::vector<std::pair<int64_t, int64_t>> rows;
  while (stmt.step()) rows.emplace_back(stmt.i64(0), stmt.i64(1));
  ChatPage page;
  const bool more = int(rows.size()) > limit;
  if (more) rows.resize(size_t(limit));
  for (auto& [id, at] : rows) page.items.push_back(chatJson(id));
  if (more && !rows.empty()) page.nextCursor = std::to_string(rows.back().second) + ":" + std::to_string(rows.back().first);
  return page;
}

void Store::touchChatForMessage(int64_t chatId, const NewMessage& msg) {
  const bool inbound = msg.direction == "in";
  m_db.prepare(
          "UPDATE chats SET "
          "last_message_id = CASE WHEN last_message_at IS NULL OR ?2 >= last_message_at THEN ?3 ELSE last_message_id END, "
          "last_message_at = CASE WHEN last_message_at IS NULL OR ?2 >= last_message_at THEN ?2 ELSE last_message_at END, "
          "unread_count = unread_count + ?4, "
          "last_inbound_at = CASE WHEN ?5 = 0 THEN last_inbound_at "
          "  WHEN last_inbound_at IS NULL OR ?2 > last_inbound_at THEN ?2 ELSE last_inbound_at END, "
          "version = version + 1 WHERE id=?1")
      .bind(1, chatId)
      .bind(2, msg.timestampMs)
      .bind(3, msg.id)
      .bind(4, inbound ? 1 : 0)
      .bind(5, inbound ? 1 : 0)
      .run();
}

void Store::updateContact(int64_t chatId, const std::optional<std::string>& name, const std::optional<std::string>& waId) {
  m_db.prepare(
          "UPDATE chats SET name = COALESCE(?2, name), wa_id = COALESCE(?3, wa_id), version = version + 1 WHERE id=?1 "
          "AND (COALESCE(?2, name) IS NOT name OR COALESCE(?3, wa_id) IS NOT wa_id)")
      .bind(1, chatId)
      .bind(2, name)
      .bind(3, waId)
      .run();
}

bool Store::markRead(int64_t chatId) {
  m_db.prepare("UPDATE chats SET unread_count=0, version=version+1 WHERE id=? AND unread_count<>0").bind(1, chatId).run();
  const bool changed = m_db.changes() > 0;
  m_db.prepare("UPDATE messages SET status='read' WHERE chat_id=? AND direction='in' AND status<>'read'").bind(1, chatId).run();
  return changed;
}

void Store::bumpChat(int64_t chatId) { m_db.prepare("UPDATE chats SET version=version+1 WHERE id=?").bind(1, chatId).run(); }

std::vector<int64_t> Store::chatIds(int64_t orgId) {
  auto stmt = m_db.prepare("SELECT id FROM chats WHERE org_id=? ORDER BY id");
  stmt.bind(1, orgId);
  std::vector<int64_t> ids;
  while (stmt.step()) ids.push_back(stmt.i64(0));
  return ids;
}

}  // namespace stub
