#include "store/sqlite/sqlite_camera_store.h"

#include "store/sqlite/migrations.h"

namespace anninh::store::sqlite {

namespace {

constexpr std::string_view kColumns = "SELECT id, document, created_ns, updated_ns FROM camera ";

CameraRow ReadRow(const Statement& st) { return {st.Text(0), st.Text(1), st.Int(2), st.Int(3)}; }

}  // namespace

Result<std::unique_ptr<SqliteCameraStore>> SqliteCameraStore::Open(const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteCameraStore>(new SqliteCameraStore(std::move(*db)));
}

Result<std::vector<CameraRow>> SqliteCameraStore::List() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) + "ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  return ReadRows(*st, ReadRow);
}

Result<std::optional<CameraRow>> SqliteCameraStore::Get(const std::string& id) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto rows = ReadRows(*st, ReadRow);
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<CameraRow>();
  return std::optional<CameraRow>(std::move(rows->front()));
}

Status SqliteCameraStore::Put(const std::string& id, const std::string& document, WallNs now) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO camera (id, document, created_ns, updated_ns) VALUES (?1, ?2, ?3, ?3) "
      "ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_ns = excluded.updated_ns");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, document).Bind(3, now);
  if (auto s = st->Run(); !s) return Fail(std::move(s).error().Wrap("save camera " + id));
  return {};
}

Status SqliteCameraStore::Delete(const std::string& id) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("DELETE FROM camera WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  if (auto s = st->Run(); !s) return Fail(std::move(s).error().Wrap("delete camera " + id));
  if (db_->Changes() == 0) return Fail(ErrorCode::kNotFound, "no camera " + id);
  return {};
}

}  // namespace anninh::store::sqlite
