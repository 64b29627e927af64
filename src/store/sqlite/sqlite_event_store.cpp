#include "store/sqlite/sqlite_event_store.h"

#include <limits>

#include "store/sqlite/migrations.h"

namespace anninh::store::sqlite {

namespace {

constexpr WallNs kOpenClipEnd = std::numeric_limits<WallNs>::max();
// Segments are at most an hour long (config: segment_seconds <= 3600), so a segment that
// overlaps a clip starting at t starts after t - 1 h: the bound lets the index on
// (camera_id, start_ns) read only the segments near the clip, not the camera's history.
constexpr WallNs kLongestSegment = 3600 * kNsPerSecond;

constexpr std::string_view kColumns =
    "SELECT id, camera_id, rule, zone, object_class, direction, track_id, start_ns, end_ns, "
    "last_ns, peak_confidence, box_x, box_y, box_w, box_h, clip_start_ns, clip_end_ns, snapshot, "
    "thumbnail, closed_by, reviewed, reviewed_by, reviewed_at_ns FROM event ";

EventRow ReadRow(const Statement& st) {
  EventRow r;
  r.id = st.Int(0);
  r.camera_id = st.Text(1);
  r.rule = st.Text(2);
  r.zone = st.Text(3);
  r.object_class = st.Text(4);
  r.direction = st.Text(5);
  r.track_id = st.Int(6);
  r.start = st.Int(7);
  r.end = st.Int(8);
  r.last = st.Int(9);
  r.peak_confidence = st.Double(10);
  r.box_x = st.Double(11);
  r.box_y = st.Double(12);
  r.box_w = st.Double(13);
  r.box_h = st.Double(14);
  r.clip_start = st.Int(15);
  r.clip_end = r.end == 0 ? 0 : st.Int(16);
  r.snapshot = st.Text(17);
  r.thumbnail = st.Text(18);
  r.closed_by = st.Text(19);
  r.reviewed = st.Int(20) != 0;
  r.reviewed_by = st.Text(21);
  r.reviewed_at = st.Int(22);
  return r;
}

Result<std::vector<EventRow>> ReadAll(Statement& st) { return ReadRows(st, ReadRow); }

WallNs StoredClipEnd(const EventRow& r) { return r.end == 0 ? kOpenClipEnd : r.clip_end; }

// Moves the camera's segments that overlap the clip into the event class; the caller holds
// the transaction. Segments marked deleting are left alone: their files are going.
Status MarkEventSegments(Database& db, const EventRow& r) {
  auto st = db.Prepare(
      "UPDATE segment SET retention_class = 'event' WHERE camera_id = ?1 AND start_ns >= ?2 "
      "AND start_ns < ?3 AND MAX(end_ns, start_ns + 1) > ?4 AND deleting = 0 "
      "AND retention_class != 'event'");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, r.camera_id).Bind(2, r.clip_start - kLongestSegment).Bind(3, StoredClipEnd(r))
      .Bind(4, r.clip_start);
  return st->Run();
}

// Runs `body` in a write transaction, rolling back when it fails.
template <typename Body>
Status InTransaction(Database& db, std::string_view what, Body body) {
  if (auto s = db.Exec("BEGIN IMMEDIATE"); !s) return Fail(std::move(s).error().Wrap(what));
  if (auto s = body(); !s) {
    (void)db.Exec("ROLLBACK");
    return Fail(std::move(s).error().Wrap(what));
  }
  if (auto s = db.Exec("COMMIT"); !s) {
    (void)db.Exec("ROLLBACK");
    return Fail(std::move(s).error().Wrap(what));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::Open(const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteEventStore>(new SqliteEventStore(std::move(*db)));
}

Status SqliteEventStore::Insert(EventRow& r) {
  if (r.camera_id.empty() || r.rule.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "an event needs a camera and a rule");
  }
  if (r.end != 0 && r.end < r.start) {
    return Fail(ErrorCode::kInvalidArgument, "an event cannot end before it starts");
  }
  std::lock_guard lock(db_->mutex());
  return InTransaction(*db_, "store event", [&]() -> Status {
    auto st = db_->Prepare(
        "INSERT INTO event (camera_id, rule, zone, object_class, direction, track_id, start_ns, "
        "end_ns, last_ns, peak_confidence, box_x, box_y, box_w, box_h, clip_start_ns, clip_end_ns, "
        "snapshot, thumbnail, closed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?16, ?17, ?18, ?19)");
    if (!st) return Fail(std::move(st).error());
    st->Bind(1, r.camera_id).Bind(2, r.rule).Bind(3, r.zone).Bind(4, r.object_class)
        .Bind(5, r.direction).Bind(6, r.track_id).Bind(7, r.start).Bind(8, r.end).Bind(9, r.last)
        .BindDouble(10, r.peak_confidence).BindDouble(11, r.box_x).BindDouble(12, r.box_y)
        .BindDouble(13, r.box_w).BindDouble(14, r.box_h).Bind(15, r.clip_start)
        .Bind(16, StoredClipEnd(r)).Bind(17, r.snapshot).Bind(18, r.thumbnail).Bind(19, r.closed_by);
    if (auto s = st->Run(); !s) return s;
    r.id = db_->LastInsertId();
    return MarkEventSegments(*db_, r);
  });
}

Status SqliteEventStore::Update(const EventRow& r) {
  if (r.end != 0 && r.end < r.start) {
    return Fail(ErrorCode::kInvalidArgument, "an event cannot end before it starts");
  }
  std::lock_guard lock(db_->mutex());
  return InTransaction(*db_, "update event " + std::to_string(r.id), [&]() -> Status {
    auto st = db_->Prepare(
        "UPDATE event SET start_ns = ?2, end_ns = ?3, last_ns = ?4, peak_confidence = ?5, "
        "box_x = ?6, box_y = ?7, box_w = ?8, box_h = ?9, clip_start_ns = ?10, clip_end_ns = ?11, "
        "snapshot = ?12, thumbnail = ?13, closed_by = ?14, object_class = ?15 WHERE id = ?1 "
        "RETURNING id");
    if (!st) return Fail(std::move(st).error());
    st->Bind(1, r.id).Bind(2, r.start).Bind(3, r.end).Bind(4, r.last)
        .BindDouble(5, r.peak_confidence).BindDouble(6, r.box_x).BindDouble(7, r.box_y)
        .BindDouble(8, r.box_w).BindDouble(9, r.box_h).Bind(10, r.clip_start)
        .Bind(11, StoredClipEnd(r)).Bind(12, r.snapshot).Bind(13, r.thumbnail)
        .Bind(14, r.closed_by).Bind(15, r.object_class);
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return Fail(ErrorCode::kNotFound, "no event " + std::to_string(r.id));
    if (auto s = st->Run(); !s) return s;
    return MarkEventSegments(*db_, r);
  });
}

Result<std::optional<EventRow>> SqliteEventStore::Get(std::int64_t id) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto rows = ReadAll(*st);
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<EventRow>();
  return std::optional<EventRow>(std::move(rows->front()));
}

Result<std::vector<EventRow>> SqliteEventStore::Query(const EventQuery& q) const {
  // One statement per shape of query, every value bound. The camera list becomes as many
  // placeholders as it has ids (?9, ?10, ...); an empty optional filter matches all.
  std::string sql = std::string(kColumns) +
                    "WHERE start_ns < ?1 AND (end_ns = 0 OR MAX(end_ns, start_ns + 1) > ?2) "
                    "AND (?3 = '' OR object_class = ?3) AND (?4 = '' OR zone = ?4) "
                    "AND (?5 = '' OR rule = ?5) AND (?6 < 0 OR reviewed = ?6) "
                    "AND (?7 = 0 OR start_ns < ?8 OR (start_ns = ?8 AND id < ?7)) ";
  if (!q.cameras.empty()) {
    sql += "AND camera_id IN (";
    for (std::size_t i = 0; i < q.cameras.size(); ++i) {
      sql += (i ? ", ?" : "?") + std::to_string(10 + i);
    }
    sql += ") ";
  }
  sql += "ORDER BY start_ns DESC, id DESC LIMIT ?9";
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(sql);
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, q.to).Bind(2, q.from).Bind(3, q.object_class).Bind(4, q.zone).Bind(5, q.rule)
      .Bind(6, std::int64_t{q.reviewed ? (*q.reviewed ? 1 : 0) : -1})
      .Bind(7, q.before ? q.before->second : std::int64_t{0})
      .Bind(8, q.before ? q.before->first : WallNs{0})
      .Bind(9, std::int64_t{q.limit});
  for (std::size_t i = 0; i < q.cameras.size(); ++i) {
    st->Bind(static_cast<int>(10 + i), q.cameras[i]);
  }
  return ReadAll(*st);
}

Result<std::vector<EventRow>> SqliteEventStore::OpenEvents() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) + "WHERE end_ns = 0 ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  return ReadAll(*st);
}

Status SqliteEventStore::SetReviewed(std::int64_t id, bool reviewed, const std::string& by, WallNs at) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "UPDATE event SET reviewed = ?2, reviewed_by = ?3, reviewed_at_ns = ?4 WHERE id = ?1 "
      "RETURNING id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, std::int64_t{reviewed ? 1 : 0}).Bind(3, reviewed ? by : std::string())
      .Bind(4, reviewed ? at : WallNs{0});
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error().Wrap("review event"));
  if (!*row) return Fail(ErrorCode::kNotFound, "no event " + std::to_string(id));
  return st->Run();
}

Result<std::vector<EventRow>> SqliteEventStore::EndedBefore(const std::string& camera_id,
                                                            WallNs before, int limit) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kColumns) +
                         "WHERE camera_id = ?1 AND end_ns != 0 AND end_ns < ?2 "
                         "ORDER BY end_ns, id LIMIT ?3");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, camera_id).Bind(2, before).Bind(3, std::int64_t{limit});
  return ReadAll(*st);
}

Status SqliteEventStore::Delete(std::span<const std::int64_t> ids) {
  std::lock_guard lock(db_->mutex());
  return InTransaction(*db_, "delete events", [&]() -> Status {
    auto st = db_->Prepare("DELETE FROM event WHERE id = ?1");
    if (!st) return Fail(std::move(st).error());
    for (std::int64_t id : ids) {
      if (auto s = st->Reset().Bind(1, id).Run(); !s) return s;
    }
    return {};
  });
}

}  // namespace anninh::store::sqlite
