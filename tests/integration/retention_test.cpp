// Retention against the real test camera, a real (small) filesystem and the real binary:
// the acceptance tests of docs/design/0002-retention.md.
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "app/config.h"
#include "app/server.h"
#include "core/fs.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/testcam.h"

namespace anninh {
namespace {

namespace stdfs = std::filesystem;
using namespace std::chrono_literals;
using testing::TestCam;

constexpr std::uint64_t kMb = 1'000'000;

// Writes anninh.toml into `dir` for the cameras (id, url, extra camera keys) and loads it.
app::Config WriteConfig(const testing::TempDir& dir,
                        const std::vector<std::tuple<std::string, std::string, std::string>>& cams,
                        const std::string& retention) {
  std::ofstream f(dir / "anninh.toml");
  f << "[server]\ndata_dir = \"data\"\nlog_level = \"info\"\n"
    << "[recording]\nsegment_seconds = 2\n"
    << "[ingest]\nconnect_timeout_s = 3\nstall_timeout_s = 3\n"
    << "backoff_initial_s = 0.5\nbackoff_max_s = 2\n"
    << "[retention]\n" << retention << "\n";
  for (const auto& [id, url, extra] : cams) {
    f << "[[cameras]]\nid = \"" << id << "\"\n" << extra << "\n[cameras.main]\nurl = \"" << url
      << "\"\n";
  }
  f.close();
  auto config = app::LoadConfig(dir / "anninh.toml");
  if (!config) throw std::runtime_error(config.error().message());
  return *config;
}

testing::CommandResult Anninh(const std::string& args) {
  return testing::RunCommand(std::string(ANNINH_BINARY) + " " + args);
}

std::unique_ptr<store::sqlite::SqliteRecordingIndex> OpenIndex(const app::Config& c) {
  return store::sqlite::SqliteRecordingIndex::Open(c.index_path()).value();
}

std::uint64_t FreeBytes(const stdfs::path& p) { return fs::Space(p).value().free_bytes; }

// Writes `bytes` (or until the disk is full, when bytes is 0) into a new file.
std::uint64_t Fill(const stdfs::path& file, std::uint64_t bytes) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return 0;
  std::string block(64 * 1024, 'f');
  std::uint64_t done = 0;
  while (bytes == 0 || done < bytes) {
    std::size_t n = bytes == 0 ? block.size() : std::min<std::uint64_t>(block.size(), bytes - done);
    ssize_t w = ::write(fd, block.data(), n);
    if (w <= 0) break;
    done += static_cast<std::uint64_t>(w);
  }
  ::close(fd);
  return done;
}

// A tmpfs mounted for the test's lifetime; skips the test where mounting is not allowed.
class SmallDisk {
 public:
  SmallDisk(const stdfs::path& at, const std::string& size) : at_(at) {
    stdfs::create_directories(at);
    if (::mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0) {
      error_ = std::strerror(errno);
    } else {
      mounted_ = true;
    }
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  stdfs::path at_;
  bool mounted_ = false;
  std::string error_;
};

bool AnyRow(store::RecordingIndex& index, std::int64_t id) {
  auto rows = index.Segments({}).value();
  for (const auto& r : rows) {
    if (r.id == id) return true;
  }
  return false;
}

TEST(RetentionIntegrationTest, FullDiskIsFreedRecordingContinuesAndHeldFootageSurvives) {
  TestCam cam;
  testing::TempDir dir;
  SmallDisk disk(dir / "data", "32m");
  if (!disk.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs (" << disk.error()
                 << "); this test needs root or CAP_SYS_ADMIN";
  }
  const std::uint64_t floor = 3 * kMb;
  app::Config config = WriteConfig(
      dir, {{"gate", cam.Url("/clock/main"), ""}, {"market", cam.Url("/people/main"), ""}},
      "min_free_percent = 0\nmin_free_gb = 0.003\ninterval_s = 1");
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  // Something else has taken most of the disk: what is left is the floor and 8 MB, about
  // 20 s of the two cameras.
  const auto data = config.data_dir;
  ASSERT_GT(Fill(data / "other-files", FreeBytes(data) - floor - 8 * kMb), 0u);
  server->Start();
  store::RecordingIndex& index = server->index();

  // Hold the first segment of "gate" as evidence.
  ASSERT_TRUE(testing::WaitUntil(
      [&] { return !index.Segments({"gate", "", 0, INT64_MAX}).value().empty(); }, 20s));
  auto first = index.Segments({"gate", "", 0, INT64_MAX}).value().front();
  store::HoldRow hold{0, "gate", first.start, first.start + 1, "vụ việc 7/2026", "test", 0, ""};
  ASSERT_TRUE(index.AddHold(hold).has_value());

  // Recording fills the disk: retention must start deleting, oldest first.
  ASSERT_TRUE(testing::WaitUntil([&] {
    auto segs = index.Segments({"market", "", 0, INT64_MAX}).value();
    return !segs.empty() && segs.front().start > first.end + 4 * kNsPerSecond;
  }, 90s)) << "retention never deleted anything; free " << FreeBytes(data);
  // From then on, free space stays about the floor (it may dip by what is written between
  // two rounds) and recording goes on.
  std::uint64_t lowest = UINT64_MAX;
  WallNs before = SystemClock::Get().Now();
  for (int i = 0; i < 40; ++i) {
    lowest = std::min(lowest, FreeBytes(data));
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_GE(lowest, floor - 2 * kMb) << "free space fell far below the floor";
  for (const std::string id : {"gate", "market"}) {
    auto last = index.LastSegment(id, "main").value();
    ASSERT_TRUE(last.has_value()) << id;
    EXPECT_GT(last->start, before) << id << ": no new segment while retention ran";
  }

  // Now the disk fills up completely, from outside: writes fail with ENOSPC, retention is
  // woken at once, frees space, and recording continues.
  Fill(data / "more-files", 0);
  WallNs full_at = SystemClock::Get().Now();
  ASSERT_TRUE(testing::WaitUntil([&] { return FreeBytes(data) >= floor - 2 * kMb; }, 10s))
      << "retention did not free space on a full disk; free " << FreeBytes(data);
  ASSERT_TRUE(testing::WaitUntil([&] {
    for (const std::string id : {"gate", "market"}) {
      auto last = index.LastSegment(id, "main").value();
      if (!last || last->start < full_at + 2 * kNsPerSecond) return false;
    }
    return true;
  }, 20s)) << "recording did not continue after the disk filled";
  ASSERT_TRUE(testing::WaitUntil([&] {
    for (const auto& r : server->Status()) {
      if (!r.recorder.last_error.empty()) return false;
    }
    return true;
  }, 10s)) << "a camera still reports an error";
  server->Stop();

  // The held segment survived all of it; the next one did not.
  auto index2 = OpenIndex(config);
  EXPECT_TRUE(AnyRow(*index2, first.id));
  EXPECT_TRUE(stdfs::exists(config.recordings_dir() / first.path));
  EXPECT_TRUE(index2->DeletingSegments().value().empty());
  auto gate = index2->Segments({"gate", "", 0, INT64_MAX}).value();
  ASSERT_GE(gate.size(), 2u);
  EXPECT_GT(gate[1].start, first.end + 2 * kNsPerSecond);
  server.reset();  // releases the data folder for fsck
  auto fsck = testing::RunCommand(std::string(ANNINH_BINARY) + " fsck --verify-hashes --config " +
                                  (dir / "anninh.toml").string());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.output;
}

TEST(RetentionIntegrationTest, DeletionInterruptedByKillDashNineIsFinishedAtStartUp) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = WriteConfig(dir, {{"gate", cam.Url("/clock/main"), ""}}, "");
  const std::string cfg = (dir / "anninh.toml").string();
  {
    testing::Process serve({ANNINH_BINARY, "serve", "--config", cfg});
    std::this_thread::sleep_for(8s);
    serve.Signal(SIGTERM);
    ASSERT_EQ(serve.Wait(10s), 0);
  }
  // The state a kill -9 leaves in the middle of the ordered delete: two rows marked, one
  // file already unlinked, the other not yet.
  store::SegmentRow gone, marked;
  {
    auto index = OpenIndex(config);
    auto segs = index->Segments({"gate", "main", 0, INT64_MAX}).value();
    ASSERT_GE(segs.size(), 3u);
    gone = segs[0];
    marked = segs[1];
    std::vector<std::int64_t> ids{gone.id, marked.id};
    ASSERT_EQ(index->MarkDeleting(ids).value().size(), 2u);
    ASSERT_TRUE(stdfs::remove(config.recordings_dir() / gone.path));
  }
  // The hold commands refuse bad input clearly.
  auto unknown = Anninh("hold add --config " + cfg + " --camera nope --from 2026-11-29T01:00:00Z "
                        "--to 2026-11-29T02:00:00Z --reason x");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("unknown camera 'nope'"), std::string::npos) << unknown.output;
  auto no_id = Anninh("hold release --config " + cfg + " 4242");
  EXPECT_EQ(no_id.exit_code, 2) << no_id.output;
  EXPECT_NE(no_id.output.find("no hold with id 4242"), std::string::npos) << no_id.output;

  auto check = Anninh("fsck --config " + cfg);
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("deletion interrupted"), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("missing"), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("not in the index"), std::string::npos) << check.output;

  {
    testing::Process serve({ANNINH_BINARY, "serve", "--config", cfg});
    std::this_thread::sleep_for(4s);
    serve.Signal(SIGKILL);
    ASSERT_EQ(serve.Wait(5s), 128 + SIGKILL);
  }
  auto index = OpenIndex(config);
  EXPECT_TRUE(index->DeletingSegments().value().empty());
  EXPECT_FALSE(stdfs::exists(config.recordings_dir() / marked.path));
  EXPECT_FALSE(index->SegmentByPath(marked.path).value().has_value()) << "re-indexed";
  EXPECT_FALSE(index->SegmentByPath(gone.path).value().has_value());
  auto gaps = index->Gaps({}).value();
  for (const auto& g : gaps) {
    EXPECT_EQ(g.reason.find("lost"), std::string::npos) << "a deletion is not a lost recording";
  }
  index.reset();
  auto fsck = Anninh("fsck --verify-hashes --repair --config " + cfg);
  EXPECT_EQ(fsck.exit_code, 0) << fsck.output;
  auto clean = Anninh("fsck --verify-hashes --config " + cfg);
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_NE(clean.output.find("clean"), std::string::npos) << clean.output;
}

TEST(RetentionIntegrationTest, KillDashNineWhileRetentionDeletesLeavesNothingFsckCannotFix) {
  TestCam cam;
  testing::TempDir dir;
  // About two 2 s segments per camera, and a round every 0.1 s: retention deletes all the time.
  app::Config config = WriteConfig(
      dir, {{"gate", cam.Url("/clock/main"), "retain_gb = 0.0008"},
            {"market", cam.Url("/people/main"), "retain_gb = 0.0008"}},
      "interval_s = 0.1");
  const std::string cfg = (dir / "anninh.toml").string();
  for (auto run : {5500ms, 6300ms, 7100ms}) {
    testing::Process serve({ANNINH_BINARY, "serve", "--config", cfg});
    std::this_thread::sleep_for(run);
    serve.Signal(SIGKILL);
    ASSERT_EQ(serve.Wait(5s), 128 + SIGKILL);
  }
  {
    testing::Process serve({ANNINH_BINARY, "serve", "--config", cfg});
    std::this_thread::sleep_for(5s);
    serve.Signal(SIGTERM);
    ASSERT_EQ(serve.Wait(10s), 0);
  }
  auto index = OpenIndex(config);
  EXPECT_TRUE(index->DeletingSegments().value().empty());
  for (const std::string id : {"gate", "market"}) {
    auto segs = index->Segments({id, "", 0, INT64_MAX}).value();
    ASSERT_FALSE(segs.empty()) << id;
    std::uint64_t bytes = 0;
    for (const auto& s : segs) bytes += s.bytes;
    // Within the limit, give or take the segment written since the last round.
    EXPECT_LE(bytes, 800'000u + 2 * segs.back().bytes) << id;
  }
  index.reset();
  auto fsck = Anninh("fsck --verify-hashes --config " + cfg);
  EXPECT_EQ(fsck.exit_code, 0) << fsck.output;
  EXPECT_NE(fsck.output.find("clean"), std::string::npos) << fsck.output;
}

}  // namespace
}  // namespace anninh
