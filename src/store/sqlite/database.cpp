#include "store/sqlite/database.h"

#include <sqlite3.h>

#include <string>

namespace anninh::store::sqlite {

Error SqliteError(int rc, std::string_view what, sqlite3* db) {
  ErrorCode code = ErrorCode::kInternal;
  switch (rc & 0xff) {
    case SQLITE_FULL: code = ErrorCode::kResourceExhausted; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = ErrorCode::kUnavailable; break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: code = ErrorCode::kDataLoss; break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY: code = ErrorCode::kPermissionDenied; break;
    case SQLITE_CONSTRAINT: code = ErrorCode::kAlreadyExists; break;
    default: break;
  }
  std::string msg = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_errcode(db) == rc) msg += std::string(" (") + sqlite3_errmsg(db) + ")";
  return Error(code, msg);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::BindDouble(int index, double v) {
  sqlite3_bind_double(stmt_, index, v);
  return *this;
}

double Statement::Double(int col) const { return sqlite3_column_double(stmt_, col); }

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(rc, "step", db_));
}

Status Statement::Run() {
  while (true) {
    auto more = Step();
    if (!more) return Fail(std::move(more).error());
    if (!*more) return {};
  }
}

Statement& Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return *this;
}

std::int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
}

Result<std::unique_ptr<Database>> Database::Open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(rc, "open database " + path.string(), db);
    sqlite3_close(db);
    return Fail(std::move(e));
  }
  std::unique_ptr<Database> out(new Database(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL lets readers (the CLI, the API) run while the recorder commits. synchronous=FULL
  // makes each commit durable before the recorder considers the segment indexed.
  if (auto s = out->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                         "PRAGMA foreign_keys=ON;");
      !s) {
    return Fail(std::move(s).error().Wrap("open database " + path.string()));
  }
  return out;
}

Database::~Database() { sqlite3_close_v2(db_); }

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Fail(SqliteError(rc, "prepare", db_));
  return Statement(db_, stmt);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "";
    sqlite3_free(err);
    return Fail(SqliteError(rc, "exec", nullptr).Wrap(msg));
  }
  return {};
}

int Database::SchemaVersion() {
  auto st = Prepare("PRAGMA user_version");
  if (!st || !st->Step().value_or(false)) return -1;
  return static_cast<int>(st->Int(0));
}

Status Database::Migrate(const std::vector<Migration>& migrations) {
  int current = SchemaVersion();
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    std::string sql = "BEGIN IMMEDIATE;\n" + std::string(m.sql) +
                      "\nPRAGMA user_version = " + std::to_string(m.version) + ";\nCOMMIT;";
    if (auto s = Exec(sql); !s) {
      (void)Exec("ROLLBACK;");  // best effort: the failed transaction may already be gone
      return Fail(std::move(s).error().Wrap("migrate to schema " + std::to_string(m.version)));
    }
    current = m.version;
  }
  return {};
}

std::int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }

}  // namespace anninh::store::sqlite
