// AuditStore on SQLite (the same database file as the recording index).
#pragma once

#include <filesystem>
#include <memory>

#include "store/audit_store.h"
#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

// Thread-safe: one connection, serialised by its mutex.
class SqliteAuditStore final : public AuditStore {
 public:
  static Result<std::unique_ptr<SqliteAuditStore>> Open(const std::filesystem::path& path);

  Status Append(const AuditRow& row) override;
  Result<std::optional<AuditRow>> Last() const override;
  Result<std::vector<AuditRow>> Query(const AuditQuery& q) const override;
  Result<std::vector<AuditRow>> Scan(std::int64_t after_seq, int limit) const override;

 private:
  explicit SqliteAuditStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::unique_ptr<Database> db_;
};

}  // namespace anninh::store::sqlite
