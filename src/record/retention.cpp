#include "record/retention.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "core/time_format.h"

namespace anninh::record {

namespace stdfs = std::filesystem;

namespace {

// How many of a camera's oldest segments one planning pass looks at. At 60 s segments
// that is over four hours per camera; a pass that needs more asks for another.
constexpr int kBatch = 256;
// Bounds one RunOnce, so a round that cannot make progress still ends.
constexpr int kMaxPasses = 64;

std::string Mb(std::uint64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

Status FinishDeletions(store::RecordingIndex& index, const stdfs::path& root,
                       const std::vector<store::SegmentRow>& marked,
                       std::vector<std::string>* actions, RetentionRun* run) {
  std::vector<std::int64_t> done;
  std::set<stdfs::path> dirs;
  std::string first_error;
  for (const store::SegmentRow& row : marked) {
    // Index rows are outside input as far as the filesystem is concerned.
    auto path = fs::ConfinedPath(root, row.path);
    if (!path) {
      std::string e = fmt::format("row {}: refusing to delete {}: {}", row.id, row.path,
                                  path.error().message());
      if (run) run->errors.push_back(e);
      if (first_error.empty()) first_error = e;
      continue;
    }
    if (::unlink(path->c_str()) != 0 && errno != ENOENT) {
      Error e = ErrnoError(errno, "unlink " + path->string());
      if (run) run->errors.push_back(e.ToString());
      if (first_error.empty()) first_error = e.ToString();
      continue;  // the row stays marked; the next round or start-up tries again
    }
    dirs.insert(path->parent_path());
    done.push_back(row.id);
    if (actions) actions->push_back("deleted " + row.path);
    if (run) {
      ++run->deleted;
      run->freed_bytes += row.bytes;
    }
  }
  // Step 3: the unlinks are durable before the rows go, so a row never disappears while
  // its file could come back after a power cut.
  for (const stdfs::path& dir : dirs) {
    if (auto s = fs::FsyncDir(dir); !s) return Fail(std::move(s).error().Wrap("retention"));
  }
  if (!done.empty()) {
    if (auto s = index.FinishDeleting(done); !s) return s;
  }
  if (!first_error.empty()) return Fail(ErrorCode::kInternal, first_error);
  return {};
}

Retention::Retention(store::RecordingIndex& index, stdfs::path root, RetentionConfig config,
                     const Clock& clock)
    : index_(index), root_(std::move(root)), config_(std::move(config)), cameras_(config_.cameras),
      clock_(clock) {}

Retention::~Retention() { Stop(); }

void Retention::SetCameras(std::vector<CameraRetention> cameras) {
  std::lock_guard lock(cameras_mu_);
  cameras_ = std::move(cameras);
}

void Retention::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Retention::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Retention::RequestRun() {
  {
    std::lock_guard lock(mu_);
    requested_ = true;
  }
  cv_.notify_all();
}

void Retention::Loop() {
  while (true) {
    (void)RunOnce();  // its status keeps (and logs once) what went wrong
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, config_.interval, [&] { return stopping_ || requested_; });
    if (stopping_) return;
    requested_ = false;
  }
}

Result<RetentionInput> Retention::Gather(WallNs now) {
  RetentionInput in;
  in.now = now;
  in.floor = config_.floor;
  auto space = fs::Space(root_);
  if (!space) return Fail(std::move(space).error());
  in.free_bytes = space->free_bytes;
  in.total_bytes = space->total_bytes;
  auto holds = index_.Holds("");
  if (!holds) return Fail(std::move(holds).error());
  in.holds = std::move(*holds);
  auto retained = index_.RetainedBytes();
  if (!retained) return Fail(std::move(retained).error());

  // Every camera with recordings, with its configured limits when it has some; one that
  // is not configured (any more) has none, so only the floor removes its footage.
  CameraUsage unlimited;
  unlimited.limits.fill(RetentionLimits{0, 0});
  std::map<std::string, CameraUsage> cams;
  {
    std::lock_guard lock(cameras_mu_);
    for (const CameraRetention& c : cameras_) cams[c.camera_id].limits = c.limits;
  }
  for (const auto& r : *retained) {
    auto it = cams.try_emplace(r.camera_id, unlimited).first;
    it->second.retained_bytes[static_cast<std::size_t>(r.retention_class)] += r.bytes;
  }
  for (auto& [id, cam] : cams) {
    cam.camera_id = id;
    auto oldest = index_.OldestUnheld(id, kBatch);
    if (!oldest) return Fail(std::move(oldest).error());
    cam.complete = oldest->size() < static_cast<std::size_t>(kBatch);
    cam.oldest = std::move(*oldest);
    in.cameras.push_back(std::move(cam));
  }
  return in;
}

void Retention::KeepReserve(const RetentionInput& in) {
  if (config_.reserve_file.empty()) return;
  std::error_code ec;
  if (stdfs::exists(config_.reserve_file, ec)) return;
  // Only with room to spare: the reserve must never be what pushes the disk under its floor.
  if (in.free_bytes < FloorBytes(in.floor, in.total_bytes) + 2 * config_.reserve_bytes) return;
  int fd = ::open(config_.reserve_file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const bool ok = ::posix_fallocate(fd, 0, static_cast<off_t>(config_.reserve_bytes)) == 0 &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) ::unlink(config_.reserve_file.c_str());
}

Result<std::vector<store::SegmentRow>> Retention::Mark(std::span<const std::int64_t> ids) {
  auto marked = index_.MarkDeleting(ids);
  if (marked || marked.error().code() != ErrorCode::kResourceExhausted ||
      config_.reserve_file.empty() || ::unlink(config_.reserve_file.c_str()) != 0) {
    return marked;
  }
  // The disk is so full the index cannot record the deletion that would free it: give up
  // the reserve (not media) so it can, and take it back once there is room again.
  spdlog::warn("retention: disk full; using the reserve {} to record deletions",
               config_.reserve_file.string());
  return index_.MarkDeleting(ids);
}

Result<RetentionRun> Retention::RunOnce() {
  std::lock_guard run_lock(run_mu_);
  RetentionRun run;
  anninh::Status result;
  std::map<DeleteReason, int> why;

  // Rows a previous round marked but could not finish (an unlink that failed).
  if (auto left = index_.DeletingSegments(); left && !left->empty()) {
    result = FinishDeletions(index_, root_, *left, nullptr, &run);
  }

  for (int pass = 0; pass < kMaxPasses && result; ++pass) {
    const WallNs now = clock_.Now();
    auto input = Gather(now);
    if (!input) {
      result = Fail(std::move(input).error());
      break;
    }
    KeepReserve(*input);
    RetentionPlan plan = PlanRetention(*input);
    run.floor_shortfall = plan.floor_shortfall;
    if (plan.deletions.empty()) break;
    std::vector<std::int64_t> ids;
    ids.reserve(plan.deletions.size());
    for (const Deletion& d : plan.deletions) {
      ids.push_back(d.segment.id);
      ++why[d.reason];
    }
    auto marked = Mark(ids);
    if (!marked) {
      result = Fail(std::move(marked).error());
      break;
    }
    const int before = run.deleted;
    result = FinishDeletions(index_, root_, *marked, nullptr, &run);
    // Day directories emptied by age go too; today's and yesterday's stay, since a
    // recorder may be about to create a segment in them.
    const std::string keep_from = LocalDay(now - kNsPerDay);
    for (const store::SegmentRow& s : *marked) {
      auto path = fs::ConfinedPath(root_, s.path);
      if (!path) continue;
      const stdfs::path day = path->parent_path();
      if (day.filename().string() < keep_from && ::rmdir(day.c_str()) == 0) {
        (void)fs::FsyncDir(day.parent_path());
      }
    }
    if (run.deleted == before || !plan.more) break;
  }

  if (run.deleted > 0) {
    spdlog::info("retention: deleted {} segment(s), {} (age {}, size {}, free space {})",
                 run.deleted, Mb(run.freed_bytes), why[DeleteReason::kAge],
                 why[DeleteReason::kSize], why[DeleteReason::kFreeSpace]);
  }

  std::string problem;
  if (!result) {
    problem = "retention failed: " + result.error().ToString();
  } else if (run.floor_shortfall > 0) {
    std::uint64_t held = 0;
    if (auto h = index_.HeldBytes(); h) {
      for (const auto& [cam, bytes] : *h) held += bytes;
    }
    problem = fmt::format(
        "recordings disk is {} short of its free-space floor and nothing more may be deleted "
        "({} of recordings are under evidence holds)",
        Mb(run.floor_shortfall), Mb(held));
  }
  {
    std::lock_guard lock(status_mu_);
    ++status_.runs;
    status_.segments_deleted += static_cast<std::uint64_t>(run.deleted);
    status_.bytes_freed += run.freed_bytes;
    // Logged when the problem starts or changes kind, not every round.
    if (!problem.empty() && status_.problem.empty()) {
      spdlog::error("{}", problem);
    } else if (problem.empty() && !status_.problem.empty()) {
      spdlog::info("retention: resolved: {}", status_.problem);
    }
    status_.problem = problem;
  }
  if (!result) return Fail(std::move(result).error());
  return run;
}

RetentionStatus Retention::Status() const {
  std::lock_guard lock(status_mu_);
  return status_;
}

}  // namespace anninh::record
