#include "store/sqlite/sqlite_recording_index.h"

#include "store/sqlite/recording_migrations.h"

namespace anninh::store::sqlite {

namespace {

constexpr std::string_view kSegmentColumns =
    "SELECT id, camera_id, stream, path, start_ns, end_ns, frames, bytes, sha256, codec, "
    "discontinuities, recovered FROM segment ";

// The optional filters are written as "(?N = '' OR column = ?N)" so every query is one
// fixed, parameterised statement.
constexpr std::string_view kWindowFilter =
    "WHERE (?1 = '' OR camera_id = ?1) AND (?2 = '' OR stream = ?2) "
    "AND end_ns > ?3 AND start_ns < ?4 ";

SegmentRow ReadSegment(const Statement& st) {
  SegmentRow r;
  r.id = st.Int(0);
  r.camera_id = st.Text(1);
  r.stream = st.Text(2);
  r.path = st.Text(3);
  r.start = st.Int(4);
  r.end = st.Int(5);
  r.frames = st.Int(6);
  r.bytes = static_cast<std::uint64_t>(st.Int(7));
  r.sha256 = st.Text(8);
  r.codec = st.Text(9);
  r.discontinuities = static_cast<int>(st.Int(10));
  r.recovered = st.Int(11) != 0;
  return r;
}

}  // namespace

Result<std::unique_ptr<SqliteRecordingIndex>> SqliteRecordingIndex::Open(
    const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(RecordingMigrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteRecordingIndex>(new SqliteRecordingIndex(std::move(*db)));
}

Status SqliteRecordingIndex::Commit(std::span<SegmentRow> segments, std::span<GapRow> gaps) {
  std::lock_guard lock(db_->mutex());
  if (auto s = db_->Exec("BEGIN IMMEDIATE"); !s) return s;
  auto fail = [&](Error e) -> Status {
    (void)db_->Exec("ROLLBACK");
    return Fail(std::move(e).Wrap("commit recording index"));
  };
  for (SegmentRow& r : segments) {
    auto again = db_->Prepare(
        "INSERT INTO segment (camera_id, stream, path, start_ns, end_ns, frames, bytes, sha256, "
        "codec, discontinuities, recovered) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!again) return fail(std::move(again).error());
    again->Bind(1, r.camera_id).Bind(2, r.stream).Bind(3, r.path).Bind(4, r.start).Bind(5, r.end)
        .Bind(6, r.frames).Bind(7, static_cast<std::int64_t>(r.bytes)).Bind(8, r.sha256)
        .Bind(9, r.codec).Bind(10, std::int64_t{r.discontinuities})
        .Bind(11, std::int64_t{r.recovered ? 1 : 0});
    if (auto s = again->Run(); !s) return fail(std::move(s).error().Wrap("segment " + r.path));
    r.id = db_->LastInsertId();
  }
  for (GapRow& g : gaps) {
    auto st = db_->Prepare(
        "INSERT INTO gap (camera_id, stream, start_ns, end_ns, reason) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st) return fail(std::move(st).error());
    st->Bind(1, g.camera_id).Bind(2, g.stream).Bind(3, g.start).Bind(4, g.end).Bind(5, g.reason);
    if (auto s = st->Run(); !s) return fail(std::move(s).error());
    g.id = db_->LastInsertId();
  }
  if (auto s = db_->Exec("COMMIT"); !s) return fail(std::move(s).error());
  return {};
}

Result<std::vector<SegmentRow>> SqliteRecordingIndex::QuerySegments(std::string_view where_sql,
                                                                   const TimeQuery* q,
                                                                   const std::string* path) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kSegmentColumns) + std::string(where_sql));
  if (!st) return Fail(std::move(st).error());
  if (q) st->Bind(1, q->camera_id).Bind(2, q->stream).Bind(3, q->from).Bind(4, q->to);
  if (path) st->Bind(1, *path);
  std::vector<SegmentRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(ReadSegment(*st));
  }
  return out;
}

Result<std::vector<SegmentRow>> SqliteRecordingIndex::Segments(const TimeQuery& q) const {
  return QuerySegments(std::string(kWindowFilter) + "ORDER BY start_ns, stream", &q, nullptr);
}

Result<std::optional<SegmentRow>> SqliteRecordingIndex::SegmentByPath(
    const std::string& path) const {
  auto rows = QuerySegments("WHERE path = ?1", nullptr, &path);
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<SegmentRow>();
  return std::optional<SegmentRow>(std::move(rows->front()));
}

Result<std::optional<SegmentRow>> SqliteRecordingIndex::LastSegment(
    const std::string& camera_id, const std::string& stream) const {
  TimeQuery q{camera_id, stream, INT64_MIN, INT64_MAX};
  auto rows = QuerySegments(std::string(kWindowFilter) + "ORDER BY end_ns DESC LIMIT 1", &q,
                            nullptr);
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<SegmentRow>();
  return std::optional<SegmentRow>(std::move(rows->front()));
}

Result<std::vector<GapRow>> SqliteRecordingIndex::Gaps(const TimeQuery& q) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("SELECT id, camera_id, stream, start_ns, end_ns, reason FROM gap " +
                         std::string(kWindowFilter) + "ORDER BY start_ns");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, q.camera_id).Bind(2, q.stream).Bind(3, q.from).Bind(4, q.to);
  std::vector<GapRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(GapRow{st->Int(0), st->Text(1), st->Text(2), st->Int(3), st->Int(4), st->Text(5)});
  }
  return out;
}

Result<std::vector<StreamTotals>> SqliteRecordingIndex::Totals() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "SELECT camera_id, stream, COUNT(*), SUM(bytes), MIN(start_ns), MAX(end_ns), "
      "SUM(end_ns - start_ns) FROM segment GROUP BY camera_id, stream ORDER BY camera_id, stream");
  if (!st) return Fail(std::move(st).error());
  std::vector<StreamTotals> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(StreamTotals{st->Text(0), st->Text(1), st->Int(2),
                               static_cast<std::uint64_t>(st->Int(3)), st->Int(4), st->Int(5),
                               st->Int(6)});
  }
  return out;
}

Status SqliteRecordingIndex::DeleteSegment(std::int64_t id) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("DELETE FROM segment WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return st->Run();
}

// TODO(issue 3, retention helper): holds table (migration 2) and these three.
Status SqliteRecordingIndex::AddHold(HoldRow&) {
  return Fail(ErrorCode::kUnimplemented, "holds are not implemented yet");
}
Status SqliteRecordingIndex::ReleaseHold(std::int64_t) {
  return Fail(ErrorCode::kUnimplemented, "holds are not implemented yet");
}
Result<std::vector<HoldRow>> SqliteRecordingIndex::Holds(const std::string&) const {
  return Fail(ErrorCode::kUnimplemented, "holds are not implemented yet");
}

}  // namespace anninh::store::sqlite
