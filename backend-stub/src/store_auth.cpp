// Store: organizations, users (PBKDF2 password hashes) and bearer sessions.
#include "store.h"
#include "util.h"

namespace stub {

namespace {
constexpr int kPbkdf2Iterations = 120000;
}

int64_t Store::createOrganization(const std::string& name) {
  m_db.prepare("INSERT INTO organizations(name) VALUES(?)").bind(1, name).run();
  return m_db.lastInsertId();
}

int64_t Store::createUser(int64_t orgId, const std::string& name, const std::string& email, const std::string& role,
                          const std::string& password) {
  const std::string salt = randomHex(16);
  m_db.prepare("INSERT INTO users(org_id,name,email,role,pw_salt,pw_hash,pw_iterations) VALUES(?,?,?,?,?,?,?)")
      .bind(1, orgId)
      .bind(2, name)
      .bind(3, email)
      .bind(4, role)
      .bind(5, salt)
      .bind(6, pbkdf2Hex(password, salt, kPbkdf2Iterations))
      .bind(7, kPbkdf2Iterations)
      .run();
  return m_db.lastInsertId();
}

std::optional<AuthUser> Store::checkPassword(const std::string& email, const std::string& password) {
  auto stmt = m_db.prepare("SELECT id,org_id,name,email,role,pw_salt,pw_hash,pw_iterations FROM users WHERE email=?");
  stmt.bind(1, email);
  if (!stmt.step()) {
    // Same work as a real check so response time does not reveal which emails exist.
    pbkdf2Hex(password, "0000000000000000", kPbkdf2Iterations);
    return std::nullopt;
  }
  AuthUser user{stmt.i64(0), stmt.i64(1), stmt.str(2), stmt.str(3), stmt.str(4)};
  const std::string salt = stmt.str(5), hash = stmt.str(6);
  const int iterations = int(stmt.i64(7));
  stmt.run();
  if (!constantTimeEquals(pbkdf2Hex(password, salt, iterations), hash)) return std::nullopt;
  return user;
}

std::string Store::createSession(int64_t userId, int64_t expiresAtMs) {
  // Expired sessions are pruned here, so the table stays small without a cron job.
  m_db.prepare("DELETE FROM sessions WHERE expires_at<=?").bind(1, nowMs()).run();
  const std::string token = randomHex(32);
  // Only a hash is stored: a leaked database does not hand out live sessions.
  m_db.prepare("INSERT INTO sessions(token_hash,user_id,expires_at) VALUES(?,?,?)")
      .bind(1, sha256Hex(token))
      .bind(2, userId)
      .bind(3, expiresAtMs)
      .run();
  return token;
}

std::optional<AuthUser> Store::userForSession(const std::string& token, int64_t nowMs) {
  auto stmt = m_db.prepare(
      "SELECT u.id,u.org_id,u.name,u.email,u.role,s.expires_at FROM sessions s JOIN users u ON u.id=s.user_id "
      "WHERE s.token_hash=? AND s.expires_at>?");
  stmt.bind(1, sha256Hex(token)).bind(2, nowMs);
  std::optional<AuthUser> user;
  if (stmt.step()) user = AuthUser{stmt.i64(0), stmt.i64(1), stmt.str(2), stmt.str(3), stmt.str(4), stmt.i64(5)};
  stmt.run();
  return user;
}

void Store::deleteSession(const std::string& token) {
  m_db.prepare("DELETE FROM sessions WHERE token_hash=?").bind(1, sha256Hex(token)).run();
}

std::optional<AuthUser> Store::userById(int64_t id) {
  auto stmt = m_db.prepare("SELECT id,org_id,name,email,role FROM users WHERE id=?");
  stmt.bind(1, id);
  std::optional<AuthUser> user;
  if (stmt.step()) user = AuthUser{stmt.i64(0), stmt.i64(1), stmt.str(2), stmt.str(3), stmt.str(4)};
  stmt.run();
  return user;
}

json Store::userJson(const AuthUser& user) {
  return {{"id", std::to_string(user.id)}, {"name", user.name}, {"email", user.email}, {"role", user.role}};
}

json Store::membersJson(int64_t orgId) {
  auto stmt = m_db.prepare("SELECT id,org_id,name,email,role FROM users WHERE org_id=? ORDER BY name, id");
  stmt.bind(1, orgId);
  json out = json::array();
  while (stmt.step()) out.push_back(userJson(AuthUser{stmt.i64(0), stmt.i64(1), stmt.str(2), stmt.str(3), stmt.str(4)}));
  return out;
}

bool Store::isMember(int64_t orgId, int64_t userId) {
  auto stmt = m_db.prepare("SELECT 1 FROM users WHERE org_id=? AND id=?");
  stmt.bind(1, orgId).bind(2, userId);
  const bool found = stmt.step();
  stmt.run();
  return found;
}

}  // namespace stub
