#include "record/persister.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "record/recovery.h"

namespace anninh::record {

Persister::Persister(store::RecordingIndex& index, std::filesystem::path root,
                     std::chrono::milliseconds interval)
    : index_(index), root_(std::move(root)), interval_(interval) {
  root_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0) spdlog::error("open recordings root {}: {}", root_.string(), errno);
}

Persister::~Persister() {
  Stop();
  if (root_fd_ >= 0) ::close(root_fd_);
}

void Persister::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void Persister::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  Round();  // whatever was enqueued during the last round
}

void Persister::Enqueue(ClosedSegment segment) {
  std::lock_guard lock(mu_);
  segments_.push_back(std::move(segment));
}

void Persister::EnqueueSalvage(std::string rel) {
  std::lock_guard lock(mu_);
  salvage_.push_back(std::move(rel));
}

void Persister::EnqueueGap(store::GapRow gap) {
  std::lock_guard lock(mu_);
  gaps_.push_back(std::move(gap));
}

void Persister::Flush() { Round(); }

void Persister::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
    lock.unlock();
    Round();
    lock.lock();
  }
}

void Persister::Round() {
  std::lock_guard round(round_mu_);
  std::vector<ClosedSegment> segments;
  std::vector<store::GapRow> gaps;
  std::vector<std::string> salvage;
  {
    std::lock_guard lock(mu_);
    segments.swap(segments_);
    gaps.swap(gaps_);
    salvage.swap(salvage_);
  }

  // 1. Every fragment written so far, by every camera, reaches the disk.
  if (root_fd_ >= 0 && ::syncfs(root_fd_) != 0) {
    spdlog::error("syncfs {}: {}", root_.string(), std::strerror(errno));
  }

  // 2. Closed segments: file, then directory.
  std::set<std::filesystem::path> dirs;
  std::vector<store::SegmentRow> rows = std::move(retry_rows_);
  retry_rows_.clear();
  for (ClosedSegment& s : segments) {
    if (auto st = fs::FsyncFd(s.fd, s.row.path); !st) {
      // The kernel could not write the file: do not index it as complete; recovery or
      // fsck will find and judge it.
      spdlog::error("segment not indexed: {}", st.error().ToString());
      ::close(s.fd);
      continue;
    }
    ::close(s.fd);
    dirs.insert(s.dir);
    rows.push_back(std::move(s.row));
  }
  for (const auto& dir : dirs) {
    if (auto st = fs::FsyncDir(dir); !st) spdlog::error("{}", st.error().ToString());
  }
  // Segments whose writing failed (disk full): keep every complete fragment, indexed now
  // rather than at the next start-up, so retention and the API see them.
  for (const std::string& rel : salvage) {
    std::vector<std::string> actions;
    auto row = SalvageSegment(root_, rel, actions);
    // Removing an empty retry file is routine while the disk is full: debug, not info,
    // so a full disk does not log a line a second.
    for (const auto& a : actions) {
      if (a.starts_with("removed")) {
        spdlog::debug("after a write failure: {}", a);
      } else {
        spdlog::info("after a write failure: {}", a);
      }
    }
    if (!row) {
      spdlog::warn("after a write failure: {} left for start-up recovery: {}", rel,
                   row.error().ToString());
    } else if (row->has_value()) {
      rows.push_back(std::move(**row));
    }
  }

  // 3. One transaction for the whole batch.
  for (auto& g : retry_gaps_) gaps.push_back(std::move(g));
  retry_gaps_.clear();
  if (rows.empty() && gaps.empty()) return;
  if (auto st = index_.Commit(rows, gaps); !st) {
    // Once per outage (a full disk fails every round until retention frees space).
    if (retry_rows_.empty() && retry_gaps_.empty() && !commit_failing_) {
      spdlog::error("index commit failed, will retry: {}", st.error().ToString());
    }
    commit_failing_ = true;
    retry_rows_ = std::move(rows);
    retry_gaps_ = std::move(gaps);
    return;
  }
  if (commit_failing_) spdlog::info("index commits work again");
  commit_failing_ = false;
  commits_.fetch_add(1);
  segments_committed_.fetch_add(rows.size());
}

}  // namespace anninh::record
