// The event log against a real SQLite store and real files: aggregation, cooldown,
// closing (end, max duration, shutdown, restart after a crash), the bounded queue, bad
// pictures, pruning, and camera health.
#include "events/event_log.h"

#include <fstream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "events/camera_health.h"
#include "media/snapshot.h"
#include "store/sqlite/sqlite_event_store.h"
#include "support/synthetic_video.h"
#include "support/temp_dir.h"

namespace anninh::events {
namespace {

namespace stdfs = std::filesystem;
using namespace std::chrono_literals;

constexpr WallNs kS = kNsPerSecond;

class Recorder final : public EventListener {
 public:
  void OnEvent(const Event& event, Change change) override {
    std::lock_guard lock(mu_);
    seen_.emplace_back(event, change);
  }
  std::vector<std::pair<Event, Change>> Seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<Event, Change>> seen_;
};

std::vector<std::uint8_t> Jpeg() {
  testing::SyntheticVideo video(320, 240, 25, 25);
  const media::Packet& key = video.Next();
  const std::string jpeg = media::KeyframeToJpeg(video.info(), *key.av, {}).value();
  return {jpeg.begin(), jpeg.end()};
}

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::sqlite::SqliteEventStore::Open(dir_ / "index.db").value();
    options_.events_dir = dir_ / "events";
    options_.tick = 10ms;
  }
  std::unique_ptr<EventLog> MakeLog() {
    auto log = std::make_unique<EventLog>(*store_, options_, clock_);
    log->AddListener(&listener_);
    return log;
  }
  Observation Obs(Phase phase, std::int64_t track, WallNs t, float confidence = 0.5f,
                  const std::string& zone = "san") {
    Observation o;
    o.camera_id = "cong";
    o.rule = "vao-san";
    o.zone = zone;
    o.object_class = "person";
    o.track_id = track;
    o.phase = phase;
    o.time_ns = t;
    o.confidence = confidence;
    o.box = {0.1f, 0.2f, 0.3f, 0.4f};
    return o;
  }
  std::vector<store::EventRow> All() { return store_->Query({}).value(); }

  testing::TempDir dir_;
  SimulatedClock clock_;
  std::unique_ptr<store::sqlite::SqliteEventStore> store_;
  EventLogOptions options_;
  Recorder listener_;
  const WallNs t0_ = clock_.Now();
};

TEST_F(EventLogTest, AggregatesATrackIntoOneEventWithPeakSnapshotAndClip) {
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  log->Report(Obs(Phase::kStart, 7, t0_, 0.4f));
  Observation best = Obs(Phase::kUpdate, 7, t0_ + 2 * kS, 0.9f);
  best.box = {0.5f, 0.5f, 0.2f, 0.3f};
  best.snapshot_jpeg = Jpeg();
  log->Report(std::move(best));
  log->Report(Obs(Phase::kUpdate, 7, t0_ + 3 * kS, 0.6f));  // lower: changes nothing shown
  log->Flush();
  auto rows = All();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].end, 0) << "still open";
  EXPECT_EQ(rows[0].clip_start, t0_ - 5 * kS);

  log->Report(Obs(Phase::kEnd, 7, t0_ + 8 * kS, 0.3f));
  log->Flush();
  rows = All();
  ASSERT_EQ(rows.size(), 1u);
  const store::EventRow& e = rows[0];
  EXPECT_EQ(e.start, t0_);
  EXPECT_EQ(e.end, t0_ + 8 * kS);
  EXPECT_EQ(e.clip_start, t0_ - 5 * kS);
  EXPECT_EQ(e.clip_end, t0_ + 18 * kS);
  EXPECT_EQ(e.closed_by, "end");
  EXPECT_FLOAT_EQ(static_cast<float>(e.peak_confidence), 0.9f);
  EXPECT_FLOAT_EQ(static_cast<float>(e.box_x), 0.5f) << "the box at peak confidence";
  EXPECT_EQ(e.track_id, 7);
  ASSERT_FALSE(e.snapshot.empty());
  EXPECT_TRUE(stdfs::exists(dir_ / "events" / e.snapshot));
  EXPECT_TRUE(stdfs::exists(dir_ / "events" / e.thumbnail));
  EXPECT_LT(stdfs::file_size(dir_ / "events" / e.thumbnail), stdfs::file_size(dir_ / "events" / e.snapshot));
  EXPECT_EQ(e.snapshot.rfind("cong/", 0), 0u) << e.snapshot;

  auto seen = listener_.Seen();
  ASSERT_EQ(seen.size(), 3u) << "opened, updated (peak + snapshot), closed";
  EXPECT_EQ(seen[0].second, Change::kOpened);
  EXPECT_EQ(seen[1].second, Change::kUpdated);
  EXPECT_EQ(seen[2].second, Change::kClosed);
  EXPECT_EQ(seen[2].first.id, e.id);
  EXPECT_EQ(seen[2].first.clip_end_ns, t0_ + 18 * kS);
  EXPECT_EQ(log->Stats().opened, 1u);
  EXPECT_EQ(log->Stats().closed, 1u);
}

TEST_F(EventLogTest, SeparateTracksAreSeparateEventsWithoutACooldown) {
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  log->Report(Obs(Phase::kStart, 1, t0_));
  log->Report(Obs(Phase::kStart, 2, t0_ + kS));
  log->Report(Obs(Phase::kEnd, 1, t0_ + 2 * kS));
  log->Report(Obs(Phase::kEnd, 2, t0_ + 3 * kS));
  log->Flush();
  EXPECT_EQ(All().size(), 2u);
}

TEST_F(EventLogTest, AStartWithinTheRulesCooldownExtendsThePreviousEvent) {
  options_.cooldowns["vao-san"] = 30 * kS;
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  log->Report(Obs(Phase::kStart, 1, t0_));
  log->Report(Obs(Phase::kEnd, 1, t0_ + 5 * kS));
  // 10 s after the end, another track in the same zone: the same event, open again.
  log->Report(Obs(Phase::kStart, 2, t0_ + 15 * kS, 0.8f));
  log->Flush();
  auto rows = All();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].end, 0) << "reopened";
  // While it is open, a third track joins it too; it closes when the last one ends.
  log->Report(Obs(Phase::kStart, 3, t0_ + 16 * kS));
  log->Report(Obs(Phase::kEnd, 2, t0_ + 20 * kS));
  log->Flush();
  EXPECT_EQ(All()[0].end, 0) << "track 3 is still there";
  log->Report(Obs(Phase::kEnd, 3, t0_ + 25 * kS));
  // Another zone is another event; so is the same zone after the cooldown.
  log->Report(Obs(Phase::kStart, 4, t0_ + 26 * kS, 0.5f, "cong-sau"));
  log->Report(Obs(Phase::kStart, 5, t0_ + 60 * kS));
  log->Flush();
  rows = All();
  ASSERT_EQ(rows.size(), 3u);
  const store::EventRow& first = rows[2];
  EXPECT_EQ(first.start, t0_);
  EXPECT_EQ(first.end, t0_ + 25 * kS);
  EXPECT_EQ(first.clip_end, t0_ + 35 * kS);
  EXPECT_FLOAT_EQ(static_cast<float>(first.peak_confidence), 0.8f);
  EXPECT_EQ(rows[1].zone, "cong-sau");
  EXPECT_EQ(rows[0].start, t0_ + 60 * kS);
  EXPECT_EQ(log->Stats().extended, 2u);
}

TEST_F(EventLogTest, AnEventOpenTooLongIsClosedAndALaterUpdateStartsAnother) {
  options_.max_duration = 60 * kS;
  options_.cooldowns["vao-san"] = 600 * kS;  // the limit wins over the cooldown
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  log->Report(Obs(Phase::kStart, 1, t0_));
  log->Report(Obs(Phase::kUpdate, 1, t0_ + 50 * kS));
  log->Flush();
  clock_.Advance(61s);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (All().at(0).end == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  store::EventRow closed = All().at(0);
  EXPECT_EQ(closed.closed_by, "max_duration");
  EXPECT_EQ(closed.end, t0_ + 50 * kS) << "where it was last seen";
  log->Report(Obs(Phase::kUpdate, 1, t0_ + 62 * kS));
  log->Flush();
  auto rows = All();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].end, 0);
  EXPECT_NE(rows[0].id, closed.id);
}

TEST_F(EventLogTest, ShutdownClosesOpenEvents) {
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  log->Report(Obs(Phase::kStart, 1, t0_));
  log->Report(Obs(Phase::kUpdate, 1, t0_ + 4 * kS));
  log->Stop();
  auto rows = All();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].closed_by, "shutdown");
  EXPECT_EQ(rows[0].end, t0_ + 4 * kS);
  EXPECT_EQ(rows[0].clip_end, t0_ + 14 * kS);
  EXPECT_TRUE(store_->OpenEvents().value().empty());
}

// A crash leaves rows open in the index; the next start closes them where they were last
// seen (the newest observation written), and a new event starts fresh.
TEST_F(EventLogTest, RestartAfterACrashClosesWhatWasLeftOpen) {
  store::EventRow left;
  left.camera_id = "cong";
  left.rule = "vao-san";
  left.start = t0_;
  left.last = t0_ + 7 * kS;
  left.clip_start = t0_ - 5 * kS;
  ASSERT_TRUE(store_->Insert(left).has_value());
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  auto row = store_->Get(left.id).value().value();
  EXPECT_EQ(row.end, t0_ + 7 * kS);
  EXPECT_EQ(row.clip_end, t0_ + 17 * kS);
  EXPECT_EQ(row.closed_by, "restart");
  ASSERT_EQ(listener_.Seen().size(), 1u);
  EXPECT_EQ(listener_.Seen()[0].second, Change::kClosed);
  // The same track after the restart is a new event.
  log->Report(Obs(Phase::kUpdate, 0, t0_ + 100 * kS));
  log->Flush();
  EXPECT_EQ(All().size(), 2u);
  EXPECT_EQ(store_->OpenEvents().value().size(), 1u);
}

// What a real crash leaves: the log's process is gone without Stop, so the last-seen time
// in the index is the newest one written (at most last_write_interval old).
TEST_F(EventLogTest, TheNewestObservationIsWrittenOftenEnoughToCloseAfterACrash) {
  options_.last_write_interval = 5 * kS;
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  log->Report(Obs(Phase::kStart, 1, t0_));
  for (int i = 1; i <= 12; ++i) log->Report(Obs(Phase::kUpdate, 1, t0_ + i * kS));
  log->Flush();
  auto open = store_->OpenEvents().value();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_GE(open[0].last, t0_ + 7 * kS);
  EXPECT_LE(open[0].last, t0_ + 12 * kS);
}

TEST_F(EventLogTest, AFullQueueDropsAndCountsUpdatesFirst) {
  options_.queue_capacity = 4;
  auto log = MakeLog();  // not started: nothing drains the queue
  for (int i = 0; i < 6; ++i) log->Report(Obs(Phase::kUpdate, 1, t0_ + i * kS));
  EXPECT_EQ(log->Stats().dropped, 2u) << "updates beyond the capacity";
  for (int i = 0; i < 6; ++i) log->Report(Obs(Phase::kStart, 10 + i, t0_ + i * kS));
  EXPECT_EQ(log->Stats().dropped, 4u) << "starts and ends get twice the room";
  ASSERT_TRUE(log->Start().has_value());
  log->Flush();
  EXPECT_EQ(log->Stats().reported, 12u);
  EXPECT_EQ(All().size(), 5u);  // track 1 (from its first update) and tracks 10..13
}

TEST_F(EventLogTest, ABadPictureOrObservationLosesNothingElse) {
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  Observation o = Obs(Phase::kStart, 1, t0_, 0.7f);
  o.snapshot_jpeg = {0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02};  // starts like a JPEG, is not one
  log->Report(std::move(o));
  Observation nameless = Obs(Phase::kStart, 2, t0_);
  nameless.camera_id.clear();
  log->Report(std::move(nameless));
  log->Report(Obs(Phase::kEnd, 99, t0_));  // nothing open
  log->Flush();
  auto rows = All();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].snapshot.empty());
  EXPECT_TRUE(rows[0].thumbnail.empty());
  EXPECT_FLOAT_EQ(static_cast<float>(rows[0].peak_confidence), 0.7f);
  EXPECT_EQ(log->Stats().snapshot_errors, 1u);
  EXPECT_EQ(log->Stats().ignored, 2u);
  EXPECT_FALSE(stdfs::exists(dir_ / "events" / "cong")) << "no picture file written";
}

TEST_F(EventLogTest, PruningRemovesOldEventsAndTheirPictures) {
  options_.keep["cong"] = 24 * 3600 * kS;
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  Observation old = Obs(Phase::kStart, 1, t0_ - 3 * 24 * 3600 * kS);
  old.snapshot_jpeg = Jpeg();
  log->Report(std::move(old));
  log->Report(Obs(Phase::kEnd, 1, t0_ - 3 * 24 * 3600 * kS + 10 * kS));
  log->Report(Obs(Phase::kStart, 2, t0_ - 3600 * kS));
  log->Report(Obs(Phase::kEnd, 2, t0_ - 3500 * kS));
  Observation other = Obs(Phase::kStart, 3, t0_ - 3 * 24 * 3600 * kS);
  other.camera_id = "cho";  // no keep time: its events stay
  log->Report(std::move(other));
  log->Report(Obs(Phase::kEnd, 3, t0_ - 3 * 24 * 3600 * kS + kS));
  log->Flush();
  auto before = All();
  ASSERT_EQ(before.size(), 3u);
  const store::EventRow& doomed = before[2].camera_id == "cong" ? before[2] : before[1];
  ASSERT_FALSE(doomed.snapshot.empty());
  const stdfs::path picture = dir_ / "events" / doomed.snapshot;
  ASSERT_TRUE(stdfs::exists(picture));
  ASSERT_TRUE(log->PruneOnce(clock_.Now()).has_value());
  auto after = All();
  ASSERT_EQ(after.size(), 2u);
  for (const auto& e : after) EXPECT_NE(e.id, doomed.id);
  EXPECT_FALSE(stdfs::exists(picture));
  EXPECT_EQ(log->Stats().pruned, 1u);
}

class Sink final : public ObservationSink {
 public:
  void Report(Observation o) override { seen.push_back(std::move(o)); }
  std::vector<Observation> seen;
};

TEST(CameraHealth, OfflinePastTheThresholdRaisesAndRecoveryEnds) {
  Sink sink;
  CameraHealth health(sink, {30 * kS, {{"cho", 5 * kS}}});
  const WallNs t = 1'800'000'000 * kS;
  health.Check({{"cong", false, t}, {"cho", true, t}}, t + 10 * kS);
  EXPECT_TRUE(sink.seen.empty()) << "10 s offline is under 30 s";
  health.Check({{"cong", false, t}, {"cho", false, t + 10 * kS}}, t + 31 * kS);
  ASSERT_EQ(sink.seen.size(), 2u) << "cong after 31 s; cho after 21 s with its own 5 s";
  EXPECT_EQ(sink.seen[0].camera_id, "cong");
  EXPECT_EQ(sink.seen[0].rule, "camera_offline");
  EXPECT_EQ(sink.seen[0].phase, Phase::kStart);
  EXPECT_EQ(sink.seen[0].time_ns, t) << "the event starts when it went offline";
  health.Check({{"cong", false, t}, {"cho", false, t + 10 * kS}}, t + 40 * kS);
  EXPECT_EQ(sink.seen.size(), 2u) << "raised once";
  health.Check({{"cong", true, t + 50 * kS}}, t + 51 * kS);
  ASSERT_EQ(sink.seen.size(), 3u);
  EXPECT_EQ(sink.seen[2].phase, Phase::kEnd);
  EXPECT_EQ(sink.seen[2].time_ns, t + 50 * kS);
}

// Camera health through the log: one event per outage, exempt from the max duration.
TEST_F(EventLogTest, CameraOfflineIsOneEventPerOutage) {
  options_.max_duration = 10 * kS;
  auto log = MakeLog();
  ASSERT_TRUE(log->Start().has_value());
  CameraHealth health(*log, {});
  health.Check({{"cong", false, t0_}}, t0_ + 31 * kS);
  log->Flush();
  clock_.Advance(120s);
  std::this_thread::sleep_for(50ms);  // several ticks: the max duration must not apply
  health.Check({{"cong", true, t0_ + 100 * kS}}, t0_ + 120 * kS);
  log->Flush();
  auto rows = All();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rule, "camera_offline");
  EXPECT_EQ(rows[0].start, t0_);
  EXPECT_EQ(rows[0].end, t0_ + 100 * kS);
  EXPECT_EQ(rows[0].closed_by, "end");
}

}  // namespace
}  // namespace anninh::events
