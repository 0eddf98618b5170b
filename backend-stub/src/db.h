// Thin RAII wrapper over the SQLite C API. All statements are prepared and bound:
// no value is ever spliced into SQL text.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace stub {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
  int code = 0;
};

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int index, int64_t value);
  Stmt& bind(int index, int value) { return bind(index, int64_t(value)); }
  Stmt& bind(int index, const std::string& value);
  Stmt& bind(int index, const char* value);
  Stmt& bindNull(int index);
  Stmt& bind(int index, const std::optional<std::string>& value);
  Stmt& bind(int index, const std::optional<int64_t>& value);

  // true while a row is available; throws DbError on failure.
  bool step();
  void run() { while (step()) {} }

  int64_t i64(int col) const;
  std::string str(int col) const;
  bool isNull(int col) const;
  std::optional<std::string> optStr(int col) const;
  std::optional<int64_t> optI64(int col) const;

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
};

class Db {
 public:
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql);
  Stmt prepare(const char* sql) { return Stmt(m_db, sql); }
  int64_t lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
  int changes() const { return sqlite3_changes(m_db); }
  // false once SQLite has rolled a transaction back on its own (I/O error, disk full).
  bool inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }
  sqlite3* handle() { return m_db; }

 private:
  sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() is called (exceptions included).
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  void commit();

 private:
  Db& m_db;
  bool m_done = false;
};

// A named savepoint inside an open transaction: release() keeps its work in the transaction,
// otherwise (exceptions included) only its own work is undone.
class Savepoint {
 public:
  Savepoint(Db& db, std::string name);
  ~Savepoint();
  void release();

 private:
  Db& m_db;
  std::string m_name;
  bool m_done = false;
};

}  // namespace stub
