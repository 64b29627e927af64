// The event store against a real SQLite file: filters, pagination, reviewing, pruning, and
// the event retention class it gives the segments an event covers.
#include "store/sqlite/sqlite_event_store.h"

#include <map>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_recording_index.h"
#include "support/temp_dir.h"

namespace anninh::store::sqlite {
namespace {

constexpr WallNs kS = kNsPerSecond;

EventRow Ev(const std::string& cam, const std::string& rule, WallNs start, WallNs end) {
  EventRow r;
  r.camera_id = cam;
  r.rule = rule;
  r.zone = "san";
  r.object_class = "person";
  r.start = start;
  r.end = end;
  r.last = end ? end : start;
  r.peak_confidence = 0.75;
  r.clip_start = start - 5 * kS;
  r.clip_end = end ? end + 10 * kS : 0;
  return r;
}

SegmentRow Seg(const std::string& cam, WallNs start, WallNs end) {
  SegmentRow r;
  r.camera_id = cam;
  r.stream = "main";
  r.path = cam + "/" + std::to_string(start) + ".mp4";
  r.start = start;
  r.end = end;
  r.frames = 25;
  r.bytes = 1000;
  r.sha256 = "ab";
  r.codec = "h264";
  return r;
}

class EventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = SqliteRecordingIndex::Open(dir_ / "index.db").value();
    auto store = SqliteEventStore::Open(dir_ / "index.db");
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
  }
  // The stored class of each of the camera's segments, by start.
  std::map<WallNs, RetentionClass> Classes(const std::string& cam) {
    std::map<WallNs, RetentionClass> out;
    const std::vector<SegmentRow> rows = index_->Segments({cam, "", INT64_MIN, INT64_MAX}).value();
    for (const SegmentRow& s : rows) {
      out[s.start] = s.retention_class;
    }
    return out;
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteRecordingIndex> index_;
  std::unique_ptr<SqliteEventStore> store_;
};

TEST_F(EventStoreTest, InsertGetUpdateRoundTrip) {
  EventRow e = Ev("cong", "vao-san", 100 * kS, 0);
  e.box_x = 0.25;
  e.box_h = 0.5;
  ASSERT_TRUE(store_->Insert(e).has_value());
  EXPECT_GT(e.id, 0);
  auto got = store_->Get(e.id).value();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->camera_id, "cong");
  EXPECT_EQ(got->end, 0);
  EXPECT_EQ(got->clip_end, 0) << "an open event has no clip end yet";
  EXPECT_FLOAT_EQ(static_cast<float>(got->peak_confidence), 0.75f);
  EXPECT_FLOAT_EQ(static_cast<float>(got->box_x), 0.25f);
  EXPECT_EQ(store_->OpenEvents().value().size(), 1u);

  e.end = 130 * kS;
  e.clip_end = 140 * kS;
  e.peak_confidence = 0.9;
  e.snapshot = "cong/2026-11-29/1.jpg";
  e.closed_by = "end";
  ASSERT_TRUE(store_->Update(e).has_value());
  got = store_->Get(e.id).value();
  EXPECT_EQ(got->end, 130 * kS);
  EXPECT_EQ(got->clip_end, 140 * kS);
  EXPECT_EQ(got->snapshot, "cong/2026-11-29/1.jpg");
  EXPECT_EQ(got->closed_by, "end");
  EXPECT_TRUE(store_->OpenEvents().value().empty());
  EXPECT_FALSE(store_->Get(999).value().has_value());
  EventRow ghost = e;
  ghost.id = 999;
  EXPECT_EQ(store_->Update(ghost).error().code(), ErrorCode::kNotFound);
}

TEST_F(EventStoreTest, BadRowsAreRefusedAndNothingIsStored) {
  EventRow no_camera = Ev("", "r", 1, 2);
  EXPECT_EQ(store_->Insert(no_camera).error().code(), ErrorCode::kInvalidArgument);
  EventRow backwards = Ev("cong", "r", 10 * kS, 5 * kS);
  EXPECT_EQ(store_->Insert(backwards).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->Query({}).value().empty());
}

TEST_F(EventStoreTest, QueryFiltersNewestFirstAndPages) {
  std::vector<EventRow> rows;
  for (int i = 0; i < 10; ++i) {
    EventRow e = Ev(i % 2 ? "cong" : "cho", i % 3 ? "vao-san" : "vuot-rao", i * 100 * kS,
                    i * 100 * kS + 20 * kS);
    if (i == 4) e.object_class = "car";
    if (i == 6) e.zone = "cong-sau";
    ASSERT_TRUE(store_->Insert(e).has_value());
    rows.push_back(e);
  }
  ASSERT_TRUE(store_->SetReviewed(rows[3].id, true, "officer", 5).has_value());

  auto all = store_->Query({}).value();
  ASSERT_EQ(all.size(), 10u);
  EXPECT_EQ(all.front().id, rows[9].id) << "newest first";
  EXPECT_EQ(all.back().id, rows[0].id);

  EventQuery q;
  q.cameras = {"cong"};
  EXPECT_EQ(store_->Query(q).value().size(), 5u);
  q.cameras = {"cong", "cho"};
  EXPECT_EQ(store_->Query(q).value().size(), 10u);
  q = {};
  q.object_class = "car";
  ASSERT_EQ(store_->Query(q).value().size(), 1u);
  EXPECT_EQ(store_->Query(q).value()[0].id, rows[4].id);
  q = {};
  q.zone = "cong-sau";
  EXPECT_EQ(store_->Query(q).value().at(0).id, rows[6].id);
  q = {};
  q.rule = "vuot-rao";
  EXPECT_EQ(store_->Query(q).value().size(), 4u);  // 0, 3, 6, 9
  q = {};
  q.reviewed = true;
  ASSERT_EQ(store_->Query(q).value().size(), 1u);
  EXPECT_EQ(store_->Query(q).value()[0].reviewed_by, "officer");
  q.reviewed = false;
  EXPECT_EQ(store_->Query(q).value().size(), 9u);
  // Overlap of [from, to): event 2 is [200 s, 220 s).
  q = {};
  q.from = 210 * kS;
  q.to = 300 * kS;
  ASSERT_EQ(store_->Query(q).value().size(), 1u);
  EXPECT_EQ(store_->Query(q).value()[0].id, rows[2].id);
  // A text filter is a value, never SQL.
  q = {};
  q.rule = "' OR '1'='1";
  EXPECT_TRUE(store_->Query(q).value().empty());

  // Pages of 3 walk every event once, newest first.
  std::vector<std::int64_t> seen;
  EventQuery page;
  page.limit = 3;
  while (true) {
    auto got = store_->Query(page).value();
    for (const EventRow& e : got) seen.push_back(e.id);
    if (got.size() < 3) break;
    page.before = std::pair{got.back().start, got.back().id};
  }
  ASSERT_EQ(seen.size(), 10u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], rows[9 - i].id);
}

TEST_F(EventStoreTest, ReviewingAnUnknownEventIsNotFound) {
  EXPECT_EQ(store_->SetReviewed(42, true, "x", 1).error().code(), ErrorCode::kNotFound);
}

TEST_F(EventStoreTest, EndedBeforeAndDeletePrune) {
  EventRow old = Ev("cong", "r", 100 * kS, 110 * kS);
  EventRow young = Ev("cong", "r", 1000 * kS, 1010 * kS);
  EventRow open = Ev("cong", "r", 50 * kS, 0);
  EventRow other = Ev("cho", "r", 100 * kS, 110 * kS);
  for (EventRow* e : {&old, &young, &open, &other}) ASSERT_TRUE(store_->Insert(*e).has_value());
  auto expired = store_->EndedBefore("cong", 500 * kS, 10).value();
  ASSERT_EQ(expired.size(), 1u) << "open events and other cameras are never pruned";
  EXPECT_EQ(expired[0].id, old.id);
  std::vector<std::int64_t> ids{old.id};
  ASSERT_TRUE(store_->Delete(ids).has_value());
  EXPECT_FALSE(store_->Get(old.id).value().has_value());
  EXPECT_TRUE(store_->Get(young.id).value().has_value());
}

// The retention class: segments overlapping an event's clip range are "event", whether they
// were committed before the event was stored, while it was open, or after it closed.
TEST_F(EventStoreTest, SegmentsOverlappingTheClipMoveToTheEventClass) {
  std::vector<SegmentRow> before = {Seg("cong", 0, 60 * kS), Seg("cong", 60 * kS, 120 * kS),
                                    Seg("cong", 120 * kS, 180 * kS), Seg("cho", 60 * kS, 120 * kS)};
  ASSERT_TRUE(index_->Commit(before, {}).has_value());
  // Opens at 130 s: clip from 125 s, open-ended.
  EventRow e = Ev("cong", "vao-san", 130 * kS, 0);
  ASSERT_TRUE(store_->Insert(e).has_value());
  auto classes = Classes("cong");
  EXPECT_EQ(classes[0], RetentionClass::kContinuous);
  EXPECT_EQ(classes[60 * kS], RetentionClass::kContinuous);
  EXPECT_EQ(classes[120 * kS], RetentionClass::kEvent);
  EXPECT_EQ(Classes("cho")[60 * kS], RetentionClass::kContinuous) << "another camera";

  // Committed while the event is open: event class at once.
  std::vector<SegmentRow> during = {Seg("cong", 180 * kS, 240 * kS)};
  ASSERT_TRUE(index_->Commit(during, {}).has_value());
  EXPECT_EQ(during[0].retention_class, RetentionClass::kEvent);

  // Closed at 250 s: the clip ends at 260 s, so the segment from 240 s (being recorded now)
  // is event footage when it is committed; the one from 300 s is not.
  e.end = 250 * kS;
  e.clip_end = 260 * kS;
  ASSERT_TRUE(store_->Update(e).has_value());
  std::vector<SegmentRow> after = {Seg("cong", 240 * kS, 300 * kS), Seg("cong", 300 * kS, 360 * kS)};
  ASSERT_TRUE(index_->Commit(after, {}).has_value());
  EXPECT_EQ(after[0].retention_class, RetentionClass::kEvent);
  EXPECT_EQ(after[1].retention_class, RetentionClass::kContinuous);
  EXPECT_EQ(Classes("cong")[300 * kS], RetentionClass::kContinuous);

  // A pre-roll that reaches into an earlier segment moves it too.
  EventRow early = Ev("cong", "vao-san", 62 * kS, 70 * kS);
  ASSERT_TRUE(store_->Insert(early).has_value());
  classes = Classes("cong");
  EXPECT_EQ(classes[0], RetentionClass::kEvent) << "pre-roll from 57 s";
  EXPECT_EQ(classes[60 * kS], RetentionClass::kEvent);

  auto bytes = index_->RetainedBytes().value();
  std::uint64_t event_bytes = 0;
  for (const auto& b : bytes) {
    if (b.camera_id == "cong" && b.retention_class == RetentionClass::kEvent) event_bytes = b.bytes;
  }
  EXPECT_EQ(event_bytes, 5000u);
}

}  // namespace
}  // namespace anninh::store::sqlite
