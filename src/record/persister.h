// Makes recordings durable and indexed, off the ingest threads. Once per interval it:
//   1. syncfs()s each recordings filesystem, so every fragment written so far by any
//      camera is on disk (one call covers all open segments: at 32 cameras that is one
//      flush instead of 32 fsyncs);
//   2. for each segment closed since the last round: fsync file, close it, fsync its
//      directory (the new name is durable);
//   3. commits all their index rows and any gaps in one SQLite transaction.
// Step 3 never runs before steps 1-2 for the same segment: an index row always names a
// complete, durable file (docs/design/0001-recording.md, invariant 1).
//
// Thread-safe: Enqueue* from any thread; Start/Stop from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/recording_index.h"

namespace anninh::record {

struct ClosedSegment {
  store::SegmentRow row;
  int fd = -1;  // open, written, not yet fsynced; the persister closes it
  std::filesystem::path dir;
};

class Persister {
 public:
  Persister(store::RecordingIndex& index, std::filesystem::path root,
            std::chrono::milliseconds interval);
  ~Persister();

  void Start();
  // Runs a last round (everything queued is committed) and joins the thread.
  void Stop();

  void Enqueue(ClosedSegment segment);
  void EnqueueGap(store::GapRow gap);
  // A segment whose writing failed (`rel` under the root, its writer closed): the next
  // round cuts it to its last complete fragment and indexes it (record::SalvageSegment).
  void EnqueueSalvage(std::string rel);
  // Runs a round now on the caller's thread (tests, shutdown).
  void Flush();

  std::uint64_t commits() const { return commits_.load(); }
  std::uint64_t segments_committed() const { return segments_committed_.load(); }

 private:
  void Run();
  void Round();

  store::RecordingIndex& index_;
  std::filesystem::path root_;
  std::chrono::milliseconds interval_;
  int root_fd_ = -1;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<ClosedSegment> segments_;  // guarded by mu_
  std::vector<store::GapRow> gaps_;      // guarded by mu_
  std::vector<std::string> salvage_;     // guarded by mu_
  // Rows whose files are durable but whose commit failed; retried next round.
  std::vector<store::SegmentRow> retry_rows_;
  std::vector<store::GapRow> retry_gaps_;
  bool commit_failing_ = false;  // under round_mu_: log a failing commit once
  std::mutex round_mu_;  // one round at a time

  std::thread thread_;
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> segments_committed_{0};
};

}  // namespace anninh::record
