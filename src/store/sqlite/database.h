// A thin RAII layer over one SQLite connection: prepared statements with bound
// parameters only (never string-built SQL), errors as values, and versioned migrations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace anninh::store::sqlite {

// Converts a SQLite result code into an Error (SQLITE_FULL -> resource exhausted,
// SQLITE_BUSY -> unavailable, SQLITE_CORRUPT -> data loss, ...).
Error SqliteError(int rc, std::string_view what, sqlite3* db = nullptr);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;

  Statement& Bind(int index, std::int64_t v);
  Statement& Bind(int index, std::string_view v);
  Statement& BindNull(int index);
  // Named apart from Bind: an int argument would be ambiguous between int64 and double.
  Statement& BindDouble(int index, double v);

  // Steps once: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Makes the statement ready to run again with new bindings, so a loop prepares once.
  Statement& Reset();

  std::int64_t Int(int col) const;
  std::string Text(int col) const;
  double Double(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Steps `st` to the end, making one row of each result with `read(st)`.
template <typename Read>
auto ReadRows(Statement& st, Read read) -> Result<std::vector<decltype(read(st))>> {
  std::vector<decltype(read(st))> out;
  while (true) {
    auto row = st.Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return out;
    out.push_back(read(st));
  }
}

// One migration: the schema version it produces and the SQL that gets there.
struct Migration {
  int version;
  std::string_view sql;
};

// Thread-compatible; callers that share a Database serialise with mutex().
class Database {
 public:
  // Opens (creating if needed) in WAL mode with a busy timeout, so the CLI can read
  // while the server writes.
  static Result<std::unique_ptr<Database>> Open(const std::filesystem::path& path);
  ~Database();

  Result<Statement> Prepare(std::string_view sql);
  Status Exec(std::string_view sql);  // for fixed SQL without parameters
  // Applies every migration above PRAGMA user_version, each in its own transaction.
  Status Migrate(const std::vector<Migration>& migrations);
  int SchemaVersion();
  std::int64_t LastInsertId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int Changes() const;

  std::mutex& mutex() { return mu_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::mutex mu_;
};

// Runs `body` (returning a Result or Status) in one BEGIN IMMEDIATE transaction: all of a
// change or none of it. The caller holds db.mutex().
template <typename F>
auto RunInTransaction(Database& db, F body) -> decltype(body()) {
  if (auto s = db.Exec("BEGIN IMMEDIATE"); !s) return Fail(std::move(s).error());
  auto r = body();
  if (!r) {
    (void)db.Exec("ROLLBACK");
    return r;
  }
  if (auto s = db.Exec("COMMIT"); !s) {
    (void)db.Exec("ROLLBACK");
    return Fail(std::move(s).error());
  }
  return r;
}

}  // namespace anninh::store::sqlite
