// Store: meta, instances, stages and the raw webhook log.
#include "store.h"

namespace stub {

Store::Store(Db& db) : m_db(db) { migrate(m_db); }

std::optional<std::string> Store::getMeta(const std::string& key) {
  auto stmt = m_db.prepare("SELECT value FROM meta WHERE key=?");
  stmt.bind(1, key);
  std::optional<std::string> value;
  if (stmt.step()) value = stmt.str(0);
  stmt.run();
  return value;
}

void Store::setMeta(const std::string& key, const std::string& value) {
  m_db.prepare("INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

std::string Store::metaOrCreate(const std::string& key, const std::string& generated) {
  if (auto existing = getMeta(key)) return *existing;
  setMeta(key, generated);
  return generated;
}

bool Store::isEmpty() { return count("organizations") == 0; }

int64_t Store::count(const char* table) {
  // Table names come from code, never from input.
  auto stmt = m_db.prepare((std::string("SELECT COUNT(*) FROM ") + table).c_str());
  stmt.step();
  int64_t n = stmt.i64(0);
  stmt.run();
  return n;
}

void Store::createInstance(int64_t orgId, const std::string& phoneNumberId, const std::string& displayPhone,
                           const std::string& verifiedName, const std::string& wabaId) {
  m_db.prepare("INSERT INTO instances(phone_number_id,org_id,display_phone,verified_name,waba_id) VALUES(?,?,?,?,?)")
      .bind(1, phoneNumberId)
      .bind(2, orgId)
      .bind(3, displayPhone)
      .bind(4, verifiedName)
      .bind(5, wabaId)
      .run();
}

std::optional<InstanceRow> Store::instance(const std::string& phoneNumberId) {
  auto stmt = m_db.prepare("SELECT phone_number_id, org_id, display_phone FROM instances WHERE phone_number_id=?");
  stmt.bind(1, phoneNumberId);
  std::optional<InstanceRow> row;
  if (stmt.step()) row = InstanceRow{stmt.str(0), stmt.i64(1), stmt.str(2)};
  stmt.run();
  return row;
}

json Store::instancesJson(int64_t orgId) {
  auto stmt = m_db.prepare(
      "SELECT phone_number_id, display_phone, verified_name, status, waba_id FROM instances WHERE org_id=? ORDER BY "
      "phone_number_id");
  stmt.bind(1, orgId);
  json out = json::array();
  while (stmt.step()) {
    out.push_back({{"id", stmt.str(0)},
                   {"displayPhone", stmt.str(1)},
                   {"verifiedName", stmt.str(2)},
                   {"status", stmt.str(3)},
                   {"wabaId", stmt.str(4)},
                   {"phoneNumberId", stmt.str(0)}});
  }
  return out;
}

int64_t Store::createStage(int64_t orgId, const std::string& name, const std::string& color, int position,
                           const std::string& kind) {
  m_db.prepare("INSERT INTO stages(org_id,name,color,position,kind) VALUES(?,?,?,?,?)")
      .bind(1, orgId)
      .bind(2, name)
      .bind(3, color)
      .bind(4, position)
      .bind(5, kind)
      .run();
  return m_db.lastInsertId();
}

static json stageRow(Stmt& s, int base) {
  return {{"id", std::to_string(s.i64(base))},
          {"name", s.str(base + 1)},
          {"color", s.str(base + 2)},
          {"position", s.i64(base + 3)},
          {"kind", s.str(base + 4)}};
}

json Store::stagesJson(int64_t orgId) {
  auto stmt = m_db.prepare("SELECT id,name,color,position,kind FROM stages WHERE org_id=? ORDER BY position, id");
  stmt.bind(1, orgId);
  json out = json::array();
  while (stmt.step()) out.push_back(stageRow(stmt, 0));
  return out;
}

std::optional<json> Store::stageJson(int64_t orgId, int64_t stageId) {
  auto stmt = m_db.prepare("SELECT id,name,color,position,kind FROM stages WHERE org_id=? AND id=?");
  stmt.bind(1, orgId).bind(2, stageId);
  std::optional<json> out;
  if (stmt.step()) out = stageRow(stmt, 0);
  stmt.run();
  return out;
}

int64_t Store::firstStageId(int64_t orgId) {
  auto stmt = m_db.prepare("SELECT id FROM stages WHERE org_id=? ORDER BY position, id LIMIT 1");
  stmt.bind(1, orgId);
  int64_t id = 0;
  if (stmt.step()) id = stmt.i64(0);
  stmt.run();
  return id;
}

std::optional<int64_t> Store::stageIdOfKind(int64_t orgId, const std::string& kind) {
  auto stmt = m_db.prepare("SELECT id FROM stages WHERE org_id=? AND kind=? ORDER BY position, id LIMIT 1");
  stmt.bind(1, orgId).bind(2, kind);
  std::optional<int64_t> id;
  if (stmt.step()) id = stmt.i64(0);
  stmt.run();
  return id;
}

int64_t Store::logWebhook(const std::string& body, const std::optional<std::string>& signature, int64_t nowMs) {
  auto stmt = m_db.prepare("INSERT INTO webhook_events(received_at,signature,body) VALUES(?,?,?)");
  stmt.bind(1, nowMs).bind(2, signature);
  // Bound with its length: the exact received bytes are kept, embedded NULs included.
  stmt.bind(3, body);
  stmt.run();
  return m_db.lastInsertId();
}

void Store::setWebhookState(int64_t eventId, const std::string& state, const std::optional<std::string>& error) {
  m_db.prepare("UPDATE webhook_events SET state=?, error=? WHERE id=?").bind(1, state).bind(2, error).bind(3, eventId).run();
}

void Store::logUnrouted(int64_t eventId, const std::optional<std::string>& phoneNumberId, const std::string& valueJson,
                        int64_t nowMs) {
  m_db.prepare("INSERT INTO unrouted_changes(event_id,phone_number_id,value_json,received_at) VALUES(?,?,?,?)")
      .bind(1, eventId)
      .bind(2, phoneNumberId)
      .bind(3, valueJson)
      .bind(4, nowMs)
      .run();
}

int statusRank(const std::string& status) {
  if (status == "pending") return 0;
  if (status == "sent") return 1;
  if (status == "delivered") return 2;
  if (status == "read") return 3;
  if (status == "failed") return 4;
  return -1;
}

std::string previewFor(const std::string& type, const std::string& text) {
  if (!text.empty()) return text;
  if (type == "image") return "📷 Foto";
  if (type == "audio") return "🎤 Áudio";
  if (type == "video") return "🎥 Vídeo";
  if (type == "document") return "📄 Documento";
  if (type == "sticker") return "Figurinha";
  if (type == "location") return "📍 Localização";
  if (type == "contacts") return "👤 Contato";
  if (type == "order") return "🛒 Pedido";
  if (type == "template") return "Modelo de mensagem";
  return "[Mensagem]";
}

}  // namespace stub
