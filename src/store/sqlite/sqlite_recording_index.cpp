#include "store/sqlite/sqlite_recording_index.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>

#include "store/sqlite/migrations.h"

namespace anninh::store::sqlite {

namespace {

constexpr std::string_view kSegmentColumns =
    "SELECT id, camera_id, stream, path, start_ns, end_ns, frames, bytes, sha256, codec, "
    "discontinuities, recovered, retention_class FROM segment ";

// The optional filters are written as "(?N = '' OR column = ?N)" so every query is one
// fixed, parameterised statement. SQLite cannot use an index through such an OR, so when
// the camera (and stream) are given the filter is written with equalities instead: on a
// month of 32 cameras that is the difference between ~300 ms and ~1 ms per query.
std::string WindowWhere(const TimeQuery& q) {
  if (q.camera_id.empty()) {
    return "WHERE (?1 = '' OR camera_id = ?1) AND (?2 = '' OR stream = ?2) "
           "AND end_ns > ?3 AND start_ns < ?4 ";
  }
  if (q.stream.empty()) {
    return "WHERE camera_id = ?1 AND (?2 = '' OR stream = ?2) AND end_ns > ?3 AND start_ns < ?4 ";
  }
  return "WHERE camera_id = ?1 AND stream = ?2 AND end_ns > ?3 AND start_ns < ?4 ";
}
// Segments marked deleting are on their way out: no reader sees them.
constexpr std::string_view kVisible = "AND deleting = 0 ";

// A hold [h.start, h.end) covers a segment [start, end) when they overlap; a segment of
// zero length counts as the instant it starts. Written once, used by every hold-aware query.
constexpr std::string_view kHeld =
    "EXISTS (SELECT 1 FROM hold h WHERE h.camera_id = segment.camera_id "
    "AND h.start_ns < MAX(segment.end_ns, segment.start_ns + 1) AND h.end_ns > segment.start_ns) ";

// A segment that overlaps an event's clip range (an open event's reaches INT64_MAX) is
// kept under the event class; otherwise it gets the class it was given (?12). The index on
// event (camera_id, clip_end_ns) reads only events ending after the segment starts.
constexpr std::string_view kEventClassOrGiven =
    "CASE WHEN EXISTS (SELECT 1 FROM event e WHERE e.camera_id = ?1 AND e.clip_end_ns > ?4 "
    "AND e.clip_start_ns < MAX(?5, ?4 + 1)) THEN 'event' ELSE ?12 END";

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
  r.retention_class = ParseRetentionClass(st.Text(12));
  return r;
}

// --- Spans (docs/design/0003-serving.md, "Spans") ---

// Windows may reach INT64_MIN/MAX (LastSegment asks for everything); widening by the
// tolerance must not wrap.
WallNs SaturatingAdd(WallNs a, WallNs b) {
  WallNs r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<WallNs>::max() : std::numeric_limits<WallNs>::min();
}

// The windows a change touched, per camera stream: [lowest start, highest end].
using Touched = std::map<std::pair<std::string, std::string>, std::pair<WallNs, WallNs>>;

void Touch(Touched& t, const std::string& camera, const std::string& stream, WallNs start,
           WallNs end) {
  auto [it, fresh] = t.try_emplace({camera, stream}, start, end);
  if (!fresh) {
    it->second.first = std::min(it->second.first, start);
    it->second.second = std::max(it->second.second, end);
  }
}

// Makes one stream's spans exact again after its visible segments changed inside
// [from, to]; the caller holds the transaction. Spans are disjoint and more than the
// tolerance apart, so only those within the tolerance of the window can change: they are
// deleted, the window widens to cover them, and the visible segments starting in it are
// coalesced again. Every such segment starts inside the widened window (it belonged to a
// deleted span or is new), so the index range on start_ns finds all of them.
Status RebuildSpans(Database& db, const std::string& camera, const std::string& stream, WallNs from,
                    WallNs to) {
  const WallNs lo = SaturatingAdd(from, -kSpanTolerance), hi = SaturatingAdd(to, kSpanTolerance);
  auto old = db.Prepare(
      "DELETE FROM span WHERE camera_id = ?1 AND stream = ?2 AND start_ns <= ?4 AND end_ns >= ?3 "
      "RETURNING start_ns, end_ns");
  if (!old) return Fail(std::move(old).error());
  old->Bind(1, camera).Bind(2, stream).Bind(3, lo).Bind(4, hi);
  while (true) {
    auto row = old->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    from = std::min(from, old->Int(0));
    to = std::max(to, old->Int(1));
  }
  auto segs = db.Prepare(
      "SELECT start_ns, end_ns FROM segment WHERE camera_id = ?1 AND stream = ?2 "
      "AND start_ns >= ?3 AND start_ns <= ?4 AND deleting = 0 ORDER BY start_ns");
  if (!segs) return Fail(std::move(segs).error());
  segs->Bind(1, camera).Bind(2, stream).Bind(3, from).Bind(4, to);
  auto insert =
      db.Prepare("INSERT INTO span (camera_id, stream, start_ns, end_ns) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return Fail(std::move(insert).error());
  auto emit = [&](WallNs start, WallNs end) {
    return insert->Reset().Bind(1, camera).Bind(2, stream).Bind(3, start).Bind(4, end).Run();
  };
  std::optional<std::pair<WallNs, WallNs>> open;
  while (true) {
    auto row = segs->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    const WallNs start = segs->Int(0), end = segs->Int(1);
    if (open && start <= SaturatingAdd(open->second, kSpanTolerance)) {
      open->second = std::max(open->second, end);
      continue;
    }
    if (open) {
      if (auto s = emit(open->first, open->second); !s) return s;
    }
    open.emplace(start, end);
  }
  if (open) return emit(open->first, open->second);
  return {};
}

Status RebuildTouched(Database& db, const Touched& touched) {
  for (const auto& [key, window] : touched) {
    if (auto s = RebuildSpans(db, key.first, key.second, window.first, window.second); !s) {
      return Fail(std::move(s).error().Wrap("rebuild spans of " + key.first + "/" + key.second));
    }
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<SqliteRecordingIndex>> SqliteRecordingIndex::Open(
    const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteRecordingIndex>(new SqliteRecordingIndex(std::move(*db)));
}

Status SqliteRecordingIndex::Commit(std::span<SegmentRow> segments, std::span<GapRow> gaps) {
  std::lock_guard lock(db_->mutex());
  if (auto s = db_->Exec("BEGIN IMMEDIATE"); !s) return s;
  auto fail = [&](Error e) -> Status {
    (void)db_->Exec("ROLLBACK");
    return Fail(std::move(e).Wrap("commit recording index"));
  };
  auto again = db_->Prepare(
      "INSERT INTO segment (camera_id, stream, path, start_ns, end_ns, frames, bytes, sha256, "
      "codec, discontinuities, recovered, retention_class) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, " +
      std::string(kEventClassOrGiven) + ") RETURNING retention_class");
  if (!again) return fail(std::move(again).error());
  Touched touched;
  for (SegmentRow& r : segments) {
    again->Reset().Bind(1, r.camera_id).Bind(2, r.stream).Bind(3, r.path).Bind(4, r.start).Bind(5, r.end)
        .Bind(6, r.frames).Bind(7, static_cast<std::int64_t>(r.bytes)).Bind(8, r.sha256)
        .Bind(9, r.codec).Bind(10, std::int64_t{r.discontinuities})
        .Bind(11, std::int64_t{r.recovered ? 1 : 0}).Bind(12, ToString(r.retention_class));
    auto inserted = again->Step();
    if (!inserted) return fail(std::move(inserted).error().Wrap("segment " + r.path));
    if (*inserted) r.retention_class = ParseRetentionClass(again->Text(0));
    if (auto s = again->Run(); !s) return fail(std::move(s).error().Wrap("segment " + r.path));
    r.id = db_->LastInsertId();
    Touch(touched, r.camera_id, r.stream, r.start, r.end);
  }
  if (auto s = RebuildTouched(*db_, touched); !s) return fail(std::move(s).error());
  auto st = db_->Prepare(
      "INSERT INTO gap (camera_id, stream, start_ns, end_ns, reason) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return fail(std::move(st).error());
  for (GapRow& g : gaps) {
    st->Reset().Bind(1, g.camera_id).Bind(2, g.stream).Bind(3, g.start).Bind(4, g.end).Bind(5, g.reason);
    if (auto s = st->Run(); !s) return fail(std::move(s).error());
    g.id = db_->LastInsertId();
  }
  if (auto s = db_->Exec("COMMIT"); !s) return fail(std::move(s).error());
  return {};
}

Result<std::vector<SegmentRow>> SqliteRecordingIndex::QuerySegments(
    std::string_view where_sql, const std::function<void(Statement&)>& bind) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kSegmentColumns) + std::string(where_sql));
  if (!st) return Fail(std::move(st).error());
  if (bind) bind(*st);
  std::vector<SegmentRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(ReadSegment(*st));
  }
  return out;
}

namespace {
std::function<void(Statement&)> BindWindow(const TimeQuery& q) {
  return [&q](Statement& st) {
    st.Bind(1, q.camera_id).Bind(2, q.stream).Bind(3, q.from).Bind(4, q.to);
  };
}
}  // namespace

Result<std::vector<SegmentRow>> SqliteRecordingIndex::Segments(const TimeQuery& q) const {
  return QuerySegments(WindowWhere(q) + std::string(kVisible) + "ORDER BY start_ns, stream",
                       BindWindow(q));
}

Result<std::optional<SegmentRow>> SqliteRecordingIndex::SegmentByPath(
    const std::string& path) const {
  auto rows = QuerySegments("WHERE path = ?1 AND deleting = 0",
                            [&path](Statement& st) { st.Bind(1, path); });
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<SegmentRow>();
  return std::optional<SegmentRow>(std::move(rows->front()));
}

Result<std::optional<SegmentRow>> SqliteRecordingIndex::LastSegment(
    const std::string& camera_id, const std::string& stream) const {
  TimeQuery q{camera_id, stream, INT64_MIN, INT64_MAX};
  auto rows = QuerySegments(WindowWhere(q) + std::string(kVisible) + "ORDER BY end_ns DESC LIMIT 1",
                            BindWindow(q));
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<SegmentRow>();
  return std::optional<SegmentRow>(std::move(rows->front()));
}

namespace {
// Rows of a table with (camera_id, stream, start_ns, end_ns) overlapping the window,
// `read` making one row of each result.
template <typename Row, typename Read>
Result<std::vector<Row>> WindowRows(Database& db, std::string_view select_from, const TimeQuery& q,
                                    std::string_view order_by, Read read) {
  auto st = db.Prepare(std::string(select_from) + WindowWhere(q) + std::string(order_by));
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, q.camera_id).Bind(2, q.stream).Bind(3, q.from).Bind(4, q.to);
  std::vector<Row> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(read(*st));
  }
  return out;
}
}  // namespace

Result<std::vector<GapRow>> SqliteRecordingIndex::Gaps(const TimeQuery& q) const {
  std::lock_guard lock(db_->mutex());
  return WindowRows<GapRow>(
      *db_, "SELECT id, camera_id, stream, start_ns, end_ns, reason FROM gap ", q,
      "ORDER BY start_ns", [](const Statement& st) {
        return GapRow{st.Int(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4), st.Text(5)};
      });
}

Result<std::vector<SpanRow>> SqliteRecordingIndex::Spans(const TimeQuery& q) const {
  std::lock_guard lock(db_->mutex());
  return WindowRows<SpanRow>(*db_, "SELECT camera_id, stream, start_ns, end_ns FROM span ", q,
                             "ORDER BY camera_id, stream, start_ns", [](const Statement& st) {
                               return SpanRow{st.Text(0), st.Text(1), st.Int(2), st.Int(3)};
                             });
}

Result<std::vector<StreamTotals>> SqliteRecordingIndex::Totals() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "SELECT camera_id, stream, COUNT(*), SUM(bytes), MIN(start_ns), MAX(end_ns), "
      "SUM(end_ns - start_ns) FROM segment WHERE deleting = 0 GROUP BY camera_id, stream "
      "ORDER BY camera_id, stream");
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
  if (auto s = db_->Exec("BEGIN IMMEDIATE"); !s) return s;
  auto fail = [&](Error e) -> Status {
    (void)db_->Exec("ROLLBACK");
    return Fail(std::move(e).Wrap("delete segment " + std::to_string(id)));
  };
  auto st = db_->Prepare("DELETE FROM segment WHERE id = ?1 RETURNING camera_id, stream, start_ns, end_ns");
  if (!st) return fail(std::move(st).error());
  st->Bind(1, id);
  Touched touched;
  auto row = st->Step();
  if (!row) return fail(std::move(row).error());
  if (*row) Touch(touched, st->Text(0), st->Text(1), st->Int(2), st->Int(3));
  if (auto s = st->Run(); !s) return fail(std::move(s).error());
  if (auto s = RebuildTouched(*db_, touched); !s) return fail(std::move(s).error());
  if (auto s = db_->Exec("COMMIT"); !s) return fail(std::move(s).error());
  return {};
}

Status SqliteRecordingIndex::AddHold(HoldRow& hold) {
  if (hold.camera_id.empty()) return Fail(ErrorCode::kInvalidArgument, "a hold needs a camera");
  if (hold.start >= hold.end) {
    return Fail(ErrorCode::kInvalidArgument, "a hold's start must be before its end");
  }
  if (hold.reason.empty()) return Fail(ErrorCode::kInvalidArgument, "a hold needs a reason");
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO hold (camera_id, start_ns, end_ns, reason, created_by, created_at_ns, case_ref) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, hold.camera_id).Bind(2, hold.start).Bind(3, hold.end).Bind(4, hold.reason)
      .Bind(5, hold.created_by).Bind(6, hold.created_at).Bind(7, hold.case_ref);
  if (auto s = st->Run(); !s) return Fail(std::move(s).error().Wrap("add hold"));
  hold.id = db_->LastInsertId();
  return {};
}

Status SqliteRecordingIndex::ReleaseHold(std::int64_t id) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("DELETE FROM hold WHERE id = ?1 RETURNING id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error().Wrap("release hold"));
  if (!*row) return Fail(ErrorCode::kNotFound, "no hold with id " + std::to_string(id));
  return st->Run();  // step to the end so the statement completes
}

Result<std::vector<HoldRow>> SqliteRecordingIndex::Holds(const std::string& camera_id) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "SELECT id, camera_id, start_ns, end_ns, reason, created_by, created_at_ns, case_ref FROM hold "
      "WHERE (?1 = '' OR camera_id = ?1) ORDER BY camera_id, start_ns, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, camera_id);
  std::vector<HoldRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(HoldRow{st->Int(0), st->Text(1), st->Int(2), st->Int(3), st->Text(4),
                          st->Text(5), st->Int(6), st->Text(7)});
  }
  return out;
}

Result<std::vector<SegmentRow>> SqliteRecordingIndex::OldestUnheld(const std::string& camera_id,
                                                                  int limit) const {
  return QuerySegments(
      "WHERE camera_id = ?1 AND deleting = 0 AND NOT " + std::string(kHeld) +
          "ORDER BY start_ns, id LIMIT ?2",
      [&](Statement& st) { st.Bind(1, camera_id).Bind(2, std::int64_t{limit}); });
}

Result<std::vector<RecordingIndex::ClassBytes>> SqliteRecordingIndex::RetainedBytes() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "SELECT camera_id, retention_class, SUM(bytes) FROM segment WHERE deleting = 0 "
      "GROUP BY camera_id, retention_class ORDER BY camera_id, retention_class");
  if (!st) return Fail(std::move(st).error());
  std::vector<ClassBytes> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(ClassBytes{st->Text(0), ParseRetentionClass(st->Text(1)),
                             static_cast<std::uint64_t>(st->Int(2))});
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::uint64_t>>> SqliteRecordingIndex::HeldBytes()
    const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("SELECT camera_id, SUM(bytes) FROM segment WHERE deleting = 0 AND " +
                         std::string(kHeld) + "GROUP BY camera_id ORDER BY camera_id");
  if (!st) return Fail(std::move(st).error());
  std::vector<std::pair<std::string, std::uint64_t>> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.emplace_back(st->Text(0), static_cast<std::uint64_t>(st->Int(1)));
  }
  return out;
}

Result<std::vector<SegmentRow>> SqliteRecordingIndex::MarkDeleting(
    std::span<const std::int64_t> ids) {
  std::lock_guard lock(db_->mutex());
  if (auto s = db_->Exec("BEGIN IMMEDIATE"); !s) return Fail(std::move(s).error());
  auto fail = [&](Error e) -> Result<std::vector<SegmentRow>> {
    (void)db_->Exec("ROLLBACK");
    return Fail(std::move(e).Wrap("mark segments deleting"));
  };
  // The hold check sits in the same transaction as the mark, so a hold committed by
  // another process (the CLI) before this one is always honoured.
  std::vector<SegmentRow> marked;
  for (std::int64_t id : ids) {
    auto st = db_->Prepare(
        "UPDATE segment SET deleting = 1 WHERE id = ?1 AND deleting = 0 AND NOT " +
        std::string(kHeld) +
        "RETURNING id, camera_id, stream, path, start_ns, end_ns, frames, bytes, "
        "sha256, codec, discontinuities, recovered, retention_class");
    if (!st) return fail(std::move(st).error());
    st->Bind(1, id);
    auto row = st->Step();
    if (!row) return fail(std::move(row).error());
    if (*row) marked.push_back(ReadSegment(*st));
    if (auto s = st->Run(); !s) return fail(std::move(s).error());
  }
  // Marked rows vanish from every reader now, so the spans lose them now too, not when the
  // rows are finally deleted (FinishDeleting removes only rows the spans already lack).
  Touched touched;
  for (const SegmentRow& r : marked) Touch(touched, r.camera_id, r.stream, r.start, r.end);
  if (auto s = RebuildTouched(*db_, touched); !s) return fail(std::move(s).error());
  if (auto s = db_->Exec("COMMIT"); !s) return fail(std::move(s).error());
  return marked;
}

Result<std::vector<SegmentRow>> SqliteRecordingIndex::DeletingSegments() const {
  return QuerySegments("WHERE deleting = 1 ORDER BY start_ns, id", nullptr);
}

Status SqliteRecordingIndex::FinishDeleting(std::span<const std::int64_t> ids) {
  std::lock_guard lock(db_->mutex());
  if (auto s = db_->Exec("BEGIN IMMEDIATE"); !s) return s;
  for (std::int64_t id : ids) {
    auto st = db_->Prepare("DELETE FROM segment WHERE id = ?1 AND deleting = 1");
    if (!st) {
      (void)db_->Exec("ROLLBACK");
      return Fail(std::move(st).error());
    }
    st->Bind(1, id);
    if (auto s = st->Run(); !s) {
      (void)db_->Exec("ROLLBACK");
      return Fail(std::move(s).error().Wrap("delete segment rows"));
    }
  }
  if (auto s = db_->Exec("COMMIT"); !s) {
    (void)db_->Exec("ROLLBACK");
    return s;
  }
  return {};
}

}  // namespace anninh::store::sqlite
