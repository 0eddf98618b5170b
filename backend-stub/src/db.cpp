#include "db.h"

#include "search.h"

#include <utility>

namespace stub {

static void check(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  DbError error(std::string(what) + ": " + sqlite3_errmsg(db));
  error.code = rc;
  throw error;
}

Stmt::Stmt(sqlite3* db, const char* sql) : m_db(db) {
  check(db, sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr), sql);
}

Stmt::~Stmt() { sqlite3_finalize(m_stmt); }

Stmt& Stmt::bind(int index, int64_t value) {
  check(m_db, sqlite3_bind_int64(m_stmt, index, value), "bind");
  return *this;
}

Stmt& Stmt::bind(int index, const std::string& value) {
  check(m_db, sqlite3_bind_text(m_stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}

Stmt& Stmt::bind(int index, const char* value) { return bind(index, std::string(value)); }

Stmt& Stmt::bindNull(int index) {
  check(m_db, sqlite3_bind_null(m_stmt, index), "bind");
  return *this;
}

Stmt& Stmt::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

Stmt& Stmt::bind(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

bool Stmt::step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    sqlite3_reset(m_stmt);
    return false;
  }
  sqlite3_reset(m_stmt);
  check(m_db, rc, "step");
  return false;
}

int64_t Stmt::i64(int col) const { return sqlite3_column_int64(m_stmt, col); }

std::string Stmt::str(int col) const {
  const auto* text = sqlite3_column_text(m_stmt, col);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text), size_t(sqlite3_column_bytes(m_stmt, col)));
}

bool Stmt::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

std::optional<std::string> Stmt::optStr(int col) const {
  if (isNull(col)) return std::nullopt;
  return str(col);
}

std::optional<int64_t> Stmt::optI64(int col) const {
  if (isNull(col)) return std::nullopt;
  return i64(col);
}

Db::Db(const std::string& path) {
  const int rc = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    sqlite3_close(m_db);
    throw DbError("cannot open database " + path + ": " + message);
  }
  sqlite3_busy_timeout(m_db, 5000);
  exec("PRAGMA journal_mode=WAL");
  // FULL: an acknowledged webhook survives a power cut or kill -9, not just a crash.
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
  registerSearchFunctions(m_db);
}

Db::~Db() { sqlite3_close(m_db); }

void Db::exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    DbError e(std::string("exec: ") + (error ? error : "unknown"));
    e.code = rc;
    sqlite3_free(error);
    throw e;
  }
}

Transaction::Transaction(Db& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!m_done) {
    try {
      m_db.exec("ROLLBACK");
    } catch (...) {
    }
  }
}

void Transaction::commit() {
  m_db.exec("COMMIT");
  m_done = true;
}

Savepoint::Savepoint(Db& db, std::string name) : m_db(db), m_name(std::move(name)) { m_db.exec("SAVEPOINT " + m_name); }

Savepoint::~Savepoint() {
  if (m_done || !m_db.inTransaction()) return;
  try {
    m_db.exec("ROLLBACK TO " + m_name);
    m_db.exec("RELEASE " + m_name);
  } catch (...) {
  }
}

void Savepoint::release() {
  m_db.exec("RELEASE " + m_name);
  m_done = true;
}

}  // namespace stub
