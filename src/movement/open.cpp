#include "movement/open.h"

#include "store/sqlite/migrations.h"

namespace anninh::movement {

Result<std::unique_ptr<store::sqlite::Database>> OpenDatabase(const std::filesystem::path& path) {
  auto db = store::sqlite::Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(store::sqlite::Migrations()); !s) return Fail(std::move(s).error());
  // Movement tables link by id (model_status -> model, position -> person); SQLite checks
  // those references only when asked, per connection.
  if (auto s = (*db)->Exec("PRAGMA foreign_keys = ON"); !s) return Fail(std::move(s).error());
  return db;
}

}  // namespace anninh::movement
