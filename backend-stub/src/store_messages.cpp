// Store: messages, their monotonic statuses (recorded first, applied when the message is
// known) and reactions (kept by target id, so one that arrives early shows up later).
#include "store.h"
#include "util.h"

#include <algorithm>

namespace stub {

namespace {

const char* kMessageCols =
    "id, chat_id, direction, type, text, timestamp_ms, seq, status, client_id, author_id, from_name, content_json, "
    "reply_to, errors_json, edited, deleted";

json parseOr(const std::string& text, json fallback) {
  auto v = json::parse(text, nullptr, false);
  return v.is_discarded() ? fallback : v;
}

}  // namespace

bool Store::messageExists(const std::string& id) { return messageChatId(id).has_value(); }

bool Store::isLastMessage(int64_t chatId, const std::string& messageId) {
  auto stmt = m_db.prepare("SELECT 1 FROM chats WHERE id=? AND last_message_id=?");
  stmt.bind(1, chatId).bind(2, messageId);
  const bool last = stmt.step();
  stmt.run();
  return last;
}

std::optional<int64_t> Store::messageChatId(const std::string& id) {
  auto stmt = m_db.prepare("SELECT chat_id FROM messages WHERE id=?");
  stmt.bind(1, id);
  std::optional<int64_t> chatId;
  if (stmt.step()) chatId = stmt.i64(0);
  stmt.run();
  return chatId;
}

bool Store::insertMessage(const NewMessage& msg) {
  m_db.prepare(
          "INSERT INTO messages(id,chat_id,org_id,direction,type,text,timestamp_ms,status,client_id,author_id,from_name,"
          "content_json,reply_to,errors_json,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING")
      .bind(1, msg.id)
      .bind(2, msg.chatId)
      .bind(3, msg.orgId)
      .bind(4, msg.direction)
      .bind(5, msg.type)
      .bind(6, msg.text)
      .bind(7, msg.timestampMs)
      .bind(8, msg.status)
      .bind(9, msg.clientId)
      .bind(10, msg.authorId)
      .bind(11, msg.fromName)
      .bind(12, msg.content.dump())
      .bind(13, msg.replyTo)
      .bind(14, msg.errors.dump())
      .bind(15, nowMs())
      .run();
  return m_db.changes() > 0;
}

std::optional<json> Store::messageJson(const std::string& id) {
  auto stmt = m_db.prepare((std::string("SELECT ") + kMessageCols + " FROM messages WHERE id=?").c_str());
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  const auto authorId = stmt.optI64(9);
  const auto replyTo = stmt.optStr(12);
  json m = {{"id", stmt.str(0)},
            {"chatId", std::to_string(stmt.i64(1))},
            {"direction", stmt.str(2)},
            {"type", stmt.str(3)},
            {"text", stmt.str(4)},
            {"timestamp", stmt.i64(5)},
            {"seq", stmt.i64(6)},
            {"status", stmt.str(7)},
            {"clientId", stmt.isNull(8) ? json(nullptr) : json(stmt.str(8))},
            {"authorId", authorId ? json(std::to_string(*authorId)) : json(nullptr)},
            {"fromName", stmt.isNull(10) ? json(nullptr) : json(stmt.str(10))},
            {"media", nullptr},
            {"location", nullptr},
            {"contacts", nullptr},
            {"interactive", nullptr},
            {"order", nullptr},
            {"referral", nullptr},
            {"system", nullptr},
            {"replyTo", replyTo ? json{{"id", *replyTo}} : json(nullptr)},
            {"reactions", json::array()},
            {"errors", parseOr(stmt.str(13), json::array())},
            {"edited", stmt.i64(14) != 0},
            {"deleted", stmt.i64(15) != 0}};
  const json content = parseOr(stmt.str(11), json::object());
  stmt.run();
  if (content.is_object())
    for (auto& [key, value] : content.items()) m[key] = value;

  auto r = m_db.prepare("SELECT emoji, sender, timestamp_ms FROM reactions WHERE target_id=? ORDER BY timestamp_ms, sender");
  r.bind(1, id);
  while (r.step()) m["reactions"].push_back({{"emoji", r.str(0)}, {"from", r.str(1)}, {"timestamp", r.i64(2)}});
  return m;
}

std::optional<std::string> Store::messageIdByClientId(int64_t chatId, const std::string& clientId) {
  auto stmt = m_db.prepare("SELECT id FROM messages WHERE chat_id=? AND client_id=?");
  stmt.bind(1, chatId).bind(2, clientId);
  std::optional<std::string> id;
  if (stmt.step()) id = stmt.str(0);
  stmt.run();
  return id;
}

json Store::listMessages(int64_t chatId, const std::optional<std::string>& before, int limit,
                         std::optional<std::string>* nextCursor) {
  // Cursor "<timestamp>:<seq>" of the oldest message already shown.
  int64_t beforeTs = INT64_MAX, beforeSeq = INT64_MAX;
  if (before) {
    const size_t colon = before->find(':');
    auto ts = colon == std::string::npos ? std::nullopt : parseInt(before->substr(0, colon));
    auto seq = colon == std::string::npos ? std::nullopt : parseInt(before->substr(colon + 1));
    if (!ts || !seq) throw std::invalid_argument("before");
    beforeTs = *ts;
    beforeSeq = *seq;
  }
  auto stmt = m_db.prepare(
      "SELECT id, timestamp_ms, seq FROM messages WHERE chat_id=?1 AND (timestamp_ms < ?2 OR (timestamp_ms = ?2 AND seq < ?3)) "
      "ORDER BY timestamp_ms DESC, seq DESC LIMIT ?4");
  stmt.bind(1, chatId).bind(2, beforeTs).bind(3, beforeSeq).bind(4, limit + 1);
  struct Row {
    std::string id;
    int64_t ts, seq;
  };
  std::vector<Row> rows;
  while (stmt.step()) rows.push_back({stmt.str(0), stmt.i64(1), stmt.i64(2)});
  const bool more = int(rows.size()) > limit;
  if (more) rows.resize(size_t(limit));
  std::reverse(rows.begin(), rows.end());
  json items = json::array();
  for (auto& row : rows)
    if (auto m = messageJson(row.id)) items.push_back(*m);
  if (nextCursor) {
    *nextCursor = std::nullopt;
    if (more && !rows.empty()) *nextCursor = std::to_string(rows.front().ts) + ":" + std::to_string(rows.front().seq);
  }
  return items;
}

bool Store::rememberInbound(const std::string& id, int64_t nowMs) {
  m_db.prepare("INSERT INTO inbound_ids(id,received_at) VALUES(?,?) ON CONFLICT(id) DO NOTHING").bind(1, id).bind(2, nowMs).run();
  return m_db.changes() > 0;
}

bool Store::recordStatus(const std::string& messageId, const std::string& status, int64_t tsMs, const json& errors) {
  m_db.prepare(
          "INSERT INTO status_events(message_id,status,timestamp_ms,errors_json) VALUES(?,?,?,?) "
          "ON CONFLICT(message_id,status) DO NOTHING")
      .bind(1, messageId)
      .bind(2, status)
      .bind(3, tsMs)
      .bind(4, errors.dump())
      .run();
  return m_db.changes() > 0;
}

bool Store::applyPendingStatuses(const std::string& messageId) {
  auto cur = m_db.prepare("SELECT status, errors_json FROM messages WHERE id=?");
  cur.bind(1, messageId);
  if (!cur.step()) return false;  // stays buffered until the message exists
  std::string status = cur.str(0);
  json errors = parseOr(cur.str(1), json::array());
  cur.run();

  const std::string before = status;
  auto events = m_db.prepare("SELECT status, errors_json FROM status_events WHERE message_id=? AND applied=0");
  events.bind(1, messageId);
  bool errorsChanged = false;
  while (events.step()) {
    const std::string next = events.str(0);
    // Forward only: a late "delivered" never downgrades "read"; "failed" is terminal.
    if (status != "failed" && statusRank(next) > statusRank(status)) status = next;
    if (next == "failed") {
      json e = parseOr(events.str(1), json::array());
      if (e.is_array() && !e.empty()) {
        for (auto& item : e) errors.push_back(item);
        errorsChanged = true;
      }
    }
  }
  m_db.prepare("UPDATE status_events SET applied=1 WHERE message_id=?").bind(1, messageId).run();
  if (status == before && !errorsChanged) return false;
  m_db.prepare("UPDATE messages SET status=?, errors_json=? WHERE id=?").bind(1, status).bind(2, errors.dump()).bind(3, messageId).run();
  return true;
}

bool Store::setReaction(const std::string& targetId, const std::string& sender, const std::string& emoji, int64_t tsMs) {
  auto cur = m_db.prepare("SELECT emoji, timestamp_ms FROM reactions WHERE target_id=? AND sender=?");
  cur.bind(1, targetId).bind(2, sender);
  std::optional<std::pair<std::string, int64_t>> existing;
  if (cur.step()) existing = std::make_pair(cur.str(0), cur.i64(1));
  cur.run();
  if (existing && existing->second > tsMs) return false;  // an older reaction arriving late
  if (emoji.empty()) {
    m_db.prepare("DELETE FROM reactions WHERE target_id=? AND sender=?").bind(1, targetId).bind(2, sender).run();
    return m_db.changes() > 0;
  }
  if (existing && existing->first == emoji) return false;
  m_db.prepare(
          "INSERT INTO reactions(target_id,sender,emoji,timestamp_ms) VALUES(?,?,?,?) "
          "ON CONFLICT(target_id,sender) DO UPDATE SET emoji=excluded.emoji, timestamp_ms=excluded.timestamp_ms")
      .bind(1, targetId)
      .bind(2, sender)
      .bind(3, emoji)
      .bind(4, tsMs)
      .run();
  return true;
}

void Store::setMessageStatus(const std::string& id, const std::string& status) {
  m_db.prepare("UPDATE messages SET status=? WHERE id=?").bind(1, status).bind(2, id).run();
}

std::vector<std::string> Store::outgoingAwaiting(const std::string& status, int limit) {
  auto stmt = m_db.prepare("SELECT id FROM messages WHERE direction='out' AND status=? ORDER BY seq LIMIT ?");
  stmt.bind(1, status).bind(2, limit);
  std::vector<std::string> ids;
  while (stmt.step()) ids.push_back(stmt.str(0));
  return ids;
}

}  // namespace stub
