// Store: tickets (one open per conversation), their pipeline stage, deal and tracking.
#include "store.h"

namespace stub {

namespace {
json optStr(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
}  // namespace

std::optional<int64_t> Store::currentTicketId(int64_t chatId) {
  // The open ticket if any, else the newest closed one.
  auto stmt = m_db.prepare("SELECT id FROM tickets WHERE chat_id=? ORDER BY (status='open') DESC, id DESC LIMIT 1");
  stmt.bind(1, chatId);
  std::optional<int64_t> id;
  if (stmt.step()) id = stmt.i64(0);
  stmt.run();
  return id;
}

std::optional<int64_t> Store::openTicketId(int64_t chatId) {
  auto stmt = m_db.prepare("SELECT id FROM tickets WHERE chat_id=? AND status='open' ORDER BY id DESC LIMIT 1");
  stmt.bind(1, chatId);
  std::optional<int64_t> id;
  if (stmt.step()) id = stmt.i64(0);
  stmt.run();
  return id;
}

int64_t Store::openTicket(int64_t orgId, int64_t chatId, int64_t nowMs) {
  m_db.prepare("INSERT INTO tickets(org_id,chat_id,stage_id,opened_at) VALUES(?,?,?,?)")
      .bind(1, orgId)
      .bind(2, chatId)
      .bind(3, firstStageId(orgId))
      .bind(4, nowMs)
      .run();
  return m_db.lastInsertId();
}

std::optional<int64_t> Store::ticketChatId(int64_t orgId, int64_t ticketId) {
  auto stmt = m_db.prepare("SELECT chat_id FROM tickets WHERE id=? AND org_id=?");
  stmt.bind(1, ticketId).bind(2, orgId);
  std::optional<int64_t> id;
  if (stmt.step()) id = stmt.i64(0);
  stmt.run();
  return id;
}

std::optional<json> Store::ticketJson(int64_t orgId, int64_t ticketId) {
  auto stmt = m_db.prepare(
      "SELECT t.id, t.chat_id, c.instance_id, t.status, t.stage_id, t.assignee_id, t.deal_value, t.currency, "
      "c.last_inbound_at, t.opened_at, t.closed_at, t.close_reason, t.version, t.source_type, t.utm_source, "
      "t.utm_medium, t.utm_campaign, t.gclid, t.fbclid, t.ctwaclid, t.ad_headline, t.ad_source_url, t.ad_source_id "
      "FROM tickets t JOIN chats c ON c.id=t.chat_id WHERE t.id=? AND t.org_id=?");
  stmt.bind(1, ticketId).bind(2, orgId);
  if (!stmt.step()) return std::nullopt;
  const auto assigneeId = stmt.optI64(5);
  const auto dealValue = stmt.optI64(6);
  const auto lastInbound = stmt.optI64(8);
  const auto closedAt = stmt.optI64(10);
  const int64_t stageId = stmt.i64(4);
  json t = {{"id", std::to_string(stmt.i64(0))},
            {"chatId", std::to_string(stmt.i64(1))},
            {"instanceId", stmt.str(2)},
            {"status", stmt.str(3)},
            {"stage", nullptr},
            {"assignee", nullptr},
            {"dealValue", dealValue ? json(*dealValue) : json(nullptr)},
            {"currency", stmt.str(7)},
            {"windowExpiresAt", lastInbound ? json(*lastInbound + kWindowMs) : json(nullptr)},
            {"openedAt", stmt.i64(9)},
            {"closedAt", closedAt ? json(*closedAt) : json(nullptr)},
            {"closeReason", optStr(stmt.optStr(11))},
            {"version", stmt.i64(12)},
            {"tracking",
             {{"sourceType", optStr(stmt.optStr(13))},
              {"utmSource", optStr(stmt.optStr(14))},
              {"utmMedium", optStr(stmt.optStr(15))},
              {"utmCampaign", optStr(stmt.optStr(16))},
              {"gclid", optStr(stmt.optStr(17))},
              {"fbclid", optStr(stmt.optStr(18))},
              {"ctwaclid", optStr(stmt.optStr(19))},
              {"adHeadline", optStr(stmt.optStr(20))},
              {"adSourceUrl", optStr(stmt.optStr(21))},
              {"adSourceId", optStr(stmt.optStr(22))}}}};
  stmt.run();
  t["stage"] = stageJson(orgId, stageId).value_or(json(nullptr));
  if (assigneeId)
    if (auto user = userById(*assigneeId)) t["assignee"] = userJson(*user);
  return t;
}

void Store::setTracking(int64_t ticketId, const Tracking& tr) {
  // Only fills what is known: a later organic message does not erase the ad attribution.
  m_db.prepare(
          "UPDATE tickets SET source_type=COALESCE(?2,source_type), utm_source=COALESCE(?3,utm_source), "
          "utm_medium=COALESCE(?4,utm_medium), utm_campaign=COALESCE(?5,utm_campaign), gclid=COALESCE(?6,gclid), "
          "fbclid=COALESCE(?7,fbclid), ctwaclid=COALESCE(?8,ctwaclid), ad_headline=COALESCE(?9,ad_headline), "
          "ad_source_url=COALESCE(?10,ad_source_url), ad_source_id=COALESCE(?11,ad_source_id), version=version+1 WHERE id=?1")
      .bind(1, ticketId)
      .bind(2, tr.sourceType)
      .bind(3, tr.utmSource)
      .bind(4, tr.utmMedium)
      .bind(5, tr.utmCampaign)
      .bind(6, tr.gclid)
      .bind(7, tr.fbclid)
      .bind(8, tr.ctwaclid)
      .bind(9, tr.adHeadline)
      .bind(10, tr.adSourceUrl)
      .bind(11, tr.adSourceId)
      .run();
}

void Store::updateTicket(int64_t ticketId, const std::optional<int64_t>& stageId,
                         const std::optional<std::optional<int64_t>>& assignee,
                         const std::optional<std::optional<int64_t>>& dealValue) {
  if (stageId) m_db.prepare("UPDATE tickets SET stage_id=? WHERE id=?").bind(1, *stageId).bind(2, ticketId).run();
  if (assignee) m_db.prepare("UPDATE tickets SET assignee_id=? WHERE id=?").bind(1, *assignee).bind(2, ticketId).run();
  if (dealValue) m_db.prepare("UPDATE tickets SET deal_value=? WHERE id=?").bind(1, *dealValue).bind(2, ticketId).run();
  bumpTicket(ticketId);
}

void Store::closeTicket(int64_t ticketId, const std::string& outcome, const std::optional<std::string>& reason, int64_t nowMs) {
  auto orgStmt = m_db.prepare("SELECT org_id FROM tickets WHERE id=?");
  orgStmt.bind(1, ticketId);
  int64_t orgId = 0;
  if (orgStmt.step()) orgId = orgStmt.i64(0);
  orgStmt.run();
  const auto stage = stageIdOfKind(orgId, outcome);
  m_db.prepare(
          "UPDATE tickets SET status=?2, closed_at=?3, close_reason=?4, stage_id=COALESCE(?5, stage_id), version=version+1 "
          "WHERE id=?1")
      .bind(1, ticketId)
      .bind(2, outcome)
      .bind(3, nowMs)
      .bind(4, reason)
      .bind(5, stage)
      .run();
}

std::optional<std::string> Store::ticketStatus(int64_t ticketId) {
  auto stmt = m_db.prepare("SELECT status FROM tickets WHERE id=?");
  stmt.bind(1, ticketId);
  std::optional<std::string> s;
  if (stmt.step()) s = stmt.str(0);
  stmt.run();
  return s;
}

void Store::bumpTicket(int64_t ticketId) {
  m_db.prepare("UPDATE tickets SET version=version+1 WHERE id=?").bind(1, ticketId).run();
}

void Store::seedTicketFields(int64_t ticketId, int64_t stageId, std::optional<int64_t> assignee,
                             std::optional<int64_t> dealValue, const std::string& status, std::optional<int64_t> closedAt) {
  m_db.prepare("UPDATE tickets SET stage_id=?, assignee_id=?, deal_value=?, status=?, closed_at=? WHERE id=?")
      .bind(1, stageId)
      .bind(2, assignee)
      .bind(3, dealValue)
      .bind(4, status)
      .bind(5, closedAt)
      .bind(6, ticketId)
      .run();
}

}  // namespace stub
