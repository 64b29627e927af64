// RecordingIndex on SQLite: the default, embedded, one-file index.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "store/recording_index.h"
#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

// Thread-safe: one connection, serialised by its mutex. Commits are batched by the
// caller (the recorder's persister), so contention is low.
class SqliteRecordingIndex final : public RecordingIndex {
 public:
  static Result<std::unique_ptr<SqliteRecordingIndex>> Open(const std::filesystem::path& path);

  Status Commit(std::span<SegmentRow> segments, std::span<GapRow> gaps) override;
  Result<std::vector<SegmentRow>> Segments(const TimeQuery& q) const override;
  Result<std::vector<GapRow>> Gaps(const TimeQuery& q) const override;
  Result<std::vector<SpanRow>> Spans(const TimeQuery& q) const override;
  Result<std::optional<SegmentRow>> LastSegment(const std::string& camera_id,
                                                const std::string& stream) const override;
  Result<std::optional<SegmentRow>> SegmentByPath(const std::string& path) const override;
  Result<std::vector<StreamTotals>> Totals() const override;
  Status DeleteSegment(std::int64_t id) override;
  Status AddHold(HoldRow& hold) override;
  Status ReleaseHold(std::int64_t id) override;
  Result<std::vector<HoldRow>> Holds(const std::string& camera_id) const override;
  Result<std::vector<SegmentRow>> OldestUnheld(const std::string& camera_id,
                                               int limit) const override;
  Result<std::vector<ClassBytes>> RetainedBytes() const override;
  Result<std::vector<std::pair<std::string, std::uint64_t>>> HeldBytes() const override;
  Result<std::vector<SegmentRow>> MarkDeleting(std::span<const std::int64_t> ids) override;
  Result<std::vector<SegmentRow>> DeletingSegments() const override;
  Status FinishDeleting(std::span<const std::int64_t> ids) override;

 private:
  explicit SqliteRecordingIndex(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  // Runs "SELECT <segment columns> FROM segment <where_sql>" with `bind` setting its
  // parameters.
  Result<std::vector<SegmentRow>> QuerySegments(
      std::string_view where_sql, const std::function<void(Statement&)>& bind) const;
  std::unique_ptr<Database> db_;
};

}  // namespace anninh::store::sqlite
