#include "store/sqlite/sqlite_audit_store.h"

#include "store/sqlite/migrations.h"

namespace anninh::store::sqlite {

namespace {

constexpr std::string_view kColumns =
    "SELECT seq, at_ns, actor, action, camera_id, from_ns, to_ns, detail, remote, prev_hash, hash "
    "FROM audit ";

AuditRow ReadRow(const Statement& st) {
  AuditRow r;
  r.seq = st.Int(0);
  r.at = st.Int(1);
  r.actor = st.Text(2);
  r.action = st.Text(3);
  r.camera_id = st.Text(4);
  r.from = st.Int(5);
  r.to = st.Int(6);
  r.detail = st.Text(7);
  r.remote = st.Text(8);
  r.prev_hash = st.Text(9);
  r.hash = st.Text(10);
  return r;
}

Result<std::vector<AuditRow>> ReadAll(Statement& st) { return ReadRows(st, ReadRow); }

}  // namespace

Result<std::unique_ptr<SqliteAuditStore>> SqliteAuditStore::Open(const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteAuditStore>(new SqliteAuditStore(std::move(*db)));
}

Status SqliteAuditStore::Append(const AuditRow& r) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO audit (seq, at_ns, actor, action, camera_id, from_ns, to_ns, detail, remote, "
      "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, r.seq).Bind(2, r.at).Bind(3, r.actor).Bind(4, r.action).Bind(5, r.camera_id)
      .Bind(6, r.from).Bind(7, r.to).Bind(8, r.detail).Bind(9, r.remote).Bind(10, r.prev_hash)
      .Bind(11, r.hash);
  if (auto s = st->Run(); !s) return Fail(std::move(s).error().Wrap("append audit entry"));
  return {};
}

Result<std::optional<AuditRow>> SqliteAuditStore::Last() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) + "ORDER BY seq DESC LIMIT 1");
  if (!st) return Fail(std::move(st).error());
  auto rows = ReadAll(*st);
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<AuditRow>();
  return std::optional<AuditRow>(std::move(rows->front()));
}

Result<std::vector<AuditRow>> SqliteAuditStore::Query(const AuditQuery& q) const {
  std::lock_guard lock(db_->mutex());
  // One fixed statement; empty filters match everything. The action filter is a prefix,
  // matched with substr rather than LIKE so '%' and '_' in it mean themselves.
  auto st = db_->Prepare(std::string(kColumns) +
                         "WHERE at_ns >= ?1 AND (?2 = 0 OR at_ns < ?2) AND (?3 = '' OR actor = ?3) "
                         "AND (?4 = '' OR substr(action, 1, length(?4)) = ?4) "
                         "AND (?5 = '' OR camera_id = ?5) AND (?6 = 0 OR seq < ?6) "
                         "ORDER BY seq DESC LIMIT ?7");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, q.from).Bind(2, q.to).Bind(3, q.actor).Bind(4, q.action).Bind(5, q.camera_id)
      .Bind(6, q.before_seq).Bind(7, std::int64_t{q.limit});
  return ReadAll(*st);
}

Result<std::vector<AuditRow>> SqliteAuditStore::Scan(std::int64_t after_seq, int limit) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) + "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, after_seq).Bind(2, std::int64_t{limit});
  return ReadAll(*st);
}

}  // namespace anninh::store::sqlite
