// Spans (migration v6): the coalesced runs of segments the timeline reads. They must stay
// exactly the coalescing of the visible segments through every kind of change: commits in
// any order, recovery filling a hole, deletion anywhere, and a v5 database upgraded.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support/temp_dir.h"

namespace anninh::store::sqlite {
namespace {

constexpr WallNs kS = kNsPerSecond;

SegmentRow Seg(const std::string& cam, WallNs start_s, WallNs end_s, std::string stream = "main") {
  SegmentRow r;
  r.camera_id = cam;
  r.stream = std::move(stream);
  r.path =
      cam + "/" + r.stream + "/" + std::to_string(start_s) + "-" + std::to_string(end_s) + ".mp4";
  r.start = start_s * kS;
  r.end = end_s * kS;
  r.frames = 25;
  r.bytes = 1000;
  r.sha256 = "ab";
  r.codec = "h264";
  return r;
}

// Spans as [start s, end s] pairs, for readable expectations.
using Pairs = std::vector<std::pair<WallNs, WallNs>>;
Pairs AsPairs(const std::vector<SpanRow>& spans) {
  Pairs out;
  for (const SpanRow& s : spans) out.emplace_back(s.start / kS, s.end / kS);
  return out;
}

class SpansTest : public ::testing::Test {
 protected:
  void SetUp() override { index_ = SqliteRecordingIndex::Open(dir_ / "index.db").value(); }
  Pairs Spans(const std::string& cam = "c1", const std::string& stream = "main") {
    auto spans = index_->Spans({cam, stream, INT64_MIN, INT64_MAX});
    EXPECT_TRUE(spans.has_value()) << spans.error().ToString();
    return spans ? AsPairs(*spans) : Pairs{};
  }
  void Commit(std::vector<SegmentRow>& segs) { ASSERT_TRUE(index_->Commit(segs, {}).has_value()); }
  testing::TempDir dir_;
  std::unique_ptr<SqliteRecordingIndex> index_;
};

TEST_F(SpansTest, SegmentsWithinTheToleranceCoalescePerCameraStream) {
  // b starts 1 s after a ends (one span); c starts 3 s after b (a new span).
  std::vector<SegmentRow> segs = {Seg("c1", 0, 60), Seg("c1", 61, 120), Seg("c1", 123, 180),
                                  Seg("c1", 0, 60, "sub"), Seg("c2", 30, 90)};
  Commit(segs);
  EXPECT_EQ(Spans(), (Pairs{{0, 120}, {123, 180}}));
  EXPECT_EQ(Spans("c1", "sub"), (Pairs{{0, 60}}));
  EXPECT_EQ(Spans("c2"), (Pairs{{30, 90}}));
  // Exactly the tolerance still joins.
  std::vector<SegmentRow> d = {Seg("c1", 182, 240)};
  Commit(d);
  EXPECT_EQ(Spans(), (Pairs{{0, 120}, {123, 240}}));
  // The window selects overlapping spans, unclipped; empty camera and stream mean all.
  EXPECT_EQ(AsPairs(index_->Spans({"c1", "main", 100 * kS, 121 * kS}).value()), (Pairs{{0, 120}}));
  EXPECT_TRUE(index_->Spans({"c1", "main", 120 * kS, 123 * kS}).value().empty());  // half-open
  EXPECT_EQ(index_->Spans({}).value().size(), 4u);
  EXPECT_EQ(index_->Spans({"c1", "", 0, 1000 * kS}).value().size(), 3u);
}

TEST_F(SpansTest, ARecoveredSegmentFillingAHoleJoinsTheSpansAround) {
  std::vector<SegmentRow> segs = {Seg("c1", 0, 60), Seg("c1", 120, 180)};
  Commit(segs);
  EXPECT_EQ(Spans(), (Pairs{{0, 60}, {120, 180}}));
  std::vector<SegmentRow> recovered = {Seg("c1", 60, 119)};
  recovered[0].recovered = true;
  Commit(recovered);
  EXPECT_EQ(Spans(), (Pairs{{0, 180}}));
  // An overlapping segment (a crash's partial file indexed beside its rewrite) changes nothing.
  std::vector<SegmentRow> overlap = {Seg("c1", 10, 20)};
  Commit(overlap);
  EXPECT_EQ(Spans(), (Pairs{{0, 180}}));
}

TEST_F(SpansTest, DeletingInTheMiddleSplitsAndAtTheStartShrinks) {
  std::vector<SegmentRow> segs = {Seg("c1", 0, 60), Seg("c1", 60, 120), Seg("c1", 120, 180),
                                  Seg("c1", 180, 240)};
  Commit(segs);
  EXPECT_EQ(Spans(), (Pairs{{0, 240}}));
  ASSERT_TRUE(index_->DeleteSegment(segs[2].id).has_value());  // reconciliation: file gone
  EXPECT_EQ(Spans(), (Pairs{{0, 120}, {180, 240}}));
  // Retention: the oldest goes first; its span shrinks as soon as it is marked.
  std::vector<std::int64_t> oldest{segs[0].id};
  ASSERT_EQ(index_->MarkDeleting(oldest).value().size(), 1u);
  EXPECT_EQ(Spans(), (Pairs{{60, 120}, {180, 240}}));
  ASSERT_TRUE(index_->FinishDeleting(oldest).has_value());
  EXPECT_EQ(Spans(), (Pairs{{60, 120}, {180, 240}}));
  ASSERT_TRUE(index_->DeleteSegment(segs[1].id).has_value());
  EXPECT_EQ(Spans(), (Pairs{{180, 240}}));
  ASSERT_TRUE(index_->DeleteSegment(12345).has_value());  // unknown: nothing changes
  EXPECT_EQ(Spans(), (Pairs{{180, 240}}));
}

TEST_F(SpansTest, RetentionAroundAHoldLeavesTheHeldPartAsItsOwnSpan) {
  std::vector<SegmentRow> segs = {Seg("c1", 0, 60), Seg("c1", 60, 120), Seg("c1", 120, 180)};
  Commit(segs);
  HoldRow hold{0, "c1", 70 * kS, 80 * kS, "case", "cli", 0, ""};
  ASSERT_TRUE(index_->AddHold(hold).has_value());
  std::vector<std::int64_t> all{segs[0].id, segs[1].id, segs[2].id};
  ASSERT_EQ(index_->MarkDeleting(all).value().size(), 2u);
  EXPECT_EQ(Spans(), (Pairs{{60, 120}}));
}

// The reference: coalesce sorted segments with the running furthest end.
Pairs Coalesce(std::vector<std::pair<WallNs, WallNs>> segs) {
  std::sort(segs.begin(), segs.end());
  Pairs out;
  for (auto [s, e] : segs) {
    if (!out.empty() && s * kS <= out.back().second * kS + kSpanTolerance) {
      out.back().second = std::max(out.back().second, e);
    } else {
      out.emplace_back(s, e);
    }
  }
  return out;
}

TEST_F(SpansTest, RandomCommitsAndDeletionsMatchAFreshCoalescing) {
  std::mt19937 rng(20261129);
  std::vector<SegmentRow> live;
  for (int round = 0; round < 60; ++round) {
    std::vector<SegmentRow> batch;
    for (int i = 0, n = static_cast<int>(rng() % 6); i < n; ++i) {
      const WallNs start = rng() % 2000, len = rng() % 70;
      SegmentRow s = Seg("c1", start, start + len);
      s.path += "." + std::to_string(round) + "." + std::to_string(i);
      batch.push_back(s);
    }
    Commit(batch);
    live.insert(live.end(), batch.begin(), batch.end());
    for (int i = 0, n = static_cast<int>(rng() % 3); i < n && !live.empty(); ++i) {
      const std::size_t k = rng() % live.size();
      std::vector<std::int64_t> ids{live[k].id};
      if (rng() % 2) {
        ASSERT_TRUE(index_->DeleteSegment(live[k].id).has_value());
      } else {
        ASSERT_EQ(index_->MarkDeleting(ids).value().size(), 1u);
      }
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(k));
    }
    std::vector<std::pair<WallNs, WallNs>> ref;
    for (const SegmentRow& s : live) ref.emplace_back(s.start / kS, s.end / kS);
    ASSERT_EQ(Spans(), Coalesce(ref)) << "round " << round;
  }
}

TEST(SpansMigrationTest, AVersionFiveIndexIsBackfilled) {
  testing::TempDir dir;
  {
    auto db = Database::Open(dir / "index.db").value();
    std::vector<Migration> v5(Migrations().begin(), Migrations().begin() + 5);
    ASSERT_TRUE(db->Migrate(v5).has_value());
    ASSERT_EQ(db->SchemaVersion(), 5);
    auto st = db->Prepare(
        "INSERT INTO segment (camera_id, stream, path, start_ns, end_ns, frames, bytes, sha256, "
        "codec, deleting) VALUES (?1, ?2, ?3, ?4, ?5, 1, 10, 'ab', 'h264', ?6)");
    ASSERT_TRUE(st.has_value());
    // c1/main: [0,120] (1 s apart, out of insertion order), then [123,180] with a segment
    // inside it; a row marked deleting at [200,260] is not a span; c1/sub and c2 on their own.
    const std::vector<std::tuple<std::string, std::string, WallNs, WallNs, int>> rows = {
        {"c1", "main", 61, 120, 0},  {"c1", "main", 0, 60, 0},    {"c1", "main", 123, 180, 0},
        {"c1", "main", 130, 140, 0}, {"c1", "main", 200, 260, 1}, {"c1", "sub", 0, 60, 0},
        {"c2", "main", 30, 90, 0}};
    int n = 0;
    for (const auto& [cam, stream, s, e, deleting] : rows) {
      st->Reset()
          .Bind(1, cam)
          .Bind(2, stream)
          .Bind(3, "p" + std::to_string(n++))
          .Bind(4, s * kS)
          .Bind(5, e * kS)
          .Bind(6, std::int64_t{deleting});
      ASSERT_TRUE(st->Run().has_value());
    }
  }
  auto index = SqliteRecordingIndex::Open(dir / "index.db").value();
  EXPECT_EQ(AsPairs(index->Spans({"c1", "main", INT64_MIN, INT64_MAX}).value()),
            (Pairs{{0, 120}, {123, 180}}));
  EXPECT_EQ(AsPairs(index->Spans({"c1", "sub", INT64_MIN, INT64_MAX}).value()), (Pairs{{0, 60}}));
  EXPECT_EQ(AsPairs(index->Spans({"c2", "main", INT64_MIN, INT64_MAX}).value()), (Pairs{{30, 90}}));
  // Backfilled spans are kept exact from then on like any others.
  std::vector<SegmentRow> join = {Seg("c1", 121, 122)};
  ASSERT_TRUE(index->Commit(join, {}).has_value());
  EXPECT_EQ(AsPairs(index->Spans({"c1", "main", INT64_MIN, INT64_MAX}).value()), (Pairs{{0, 180}}));
}

}  // namespace
}  // namespace anninh::store::sqlite
