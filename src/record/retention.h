// Retention: the only code that deletes recorded media (docs/design/0002-retention.md).
//
// Each round reads the index and the disk, asks PlanRetention (retention_policy.h) what to
// delete, and deletes it with the ordered delete:
//   1. mark the rows `deleting` in one committed transaction (re-checking holds there);
//   2. unlink each file;
//   3. fsync each directory touched, so the unlinks are durable;
//   4. delete the rows.
// A crash anywhere leaves rows marked deleting; FinishDeletions (run by start-up recovery)
// completes them. A marked row is never shown, served, re-indexed or reported missing.
//
// Rounds run every `interval`, and at once when a recorder reports the disk full
// (RequestRun), so a full disk is freed before the next keyframe needs room.
//
// Thread-safe: RequestRun and Status from any thread; Start/Stop from the owner; RunOnce
// from one thread at a time (serialised inside).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "record/retention_policy.h"
#include "store/recording_index.h"

namespace anninh::record {

struct CameraRetention {
  std::string camera_id;
  std::array<RetentionLimits, store::kRetentionClassCount> limits{};
};

struct RetentionConfig {
  std::vector<CameraRetention> cameras;  // from the config; others get only the floor
  FloorConfig floor;
  std::chrono::milliseconds interval{10'000};
  // A file of `reserve_bytes` kept on the index's disk and given up when the disk is so
  // full that the index cannot even record a deletion (step 1 needs to write). Empty: none.
  std::filesystem::path reserve_file;
  std::uint64_t reserve_bytes = 1 << 20;
};

struct RetentionRun {
  int deleted = 0;
  std::uint64_t freed_bytes = 0;
  std::uint64_t floor_shortfall = 0;  // still missing under the floor: all else is held
  std::vector<std::string> errors;    // files that could not be removed (rows stay marked)
};

struct RetentionStatus {
  std::uint64_t runs = 0;
  std::uint64_t segments_deleted = 0;
  std::uint64_t bytes_freed = 0;
  // Why the floor cannot be met, or the last failure; empty when all is well.
  std::string problem;
};

// Finishes the ordered delete of rows already marked deleting: unlink (a missing file is
// fine), fsync the directories, delete the rows. `actions` gets one line per file.
// Used by every round and by start-up recovery.
Status FinishDeletions(store::RecordingIndex& index, const std::filesystem::path& root,
                       const std::vector<store::SegmentRow>& marked,
                       std::vector<std::string>* actions, RetentionRun* run = nullptr);

class Retention {
 public:
  Retention(store::RecordingIndex& index, std::filesystem::path root, RetentionConfig config,
            const Clock& clock);
  ~Retention();
  Retention(const Retention&) = delete;
  Retention& operator=(const Retention&) = delete;

  // Starts the thread; its first round runs at once.
  void Start();
  void Stop();
  // Asks for a round now (a recorder hit ENOSPC). Cheap; safe from any thread.
  void RequestRun();
  // One complete pass on the caller's thread: plans and deletes until the limits and the
  // floor hold or nothing more may be deleted.
  Result<RetentionRun> RunOnce();

  RetentionStatus Status() const;
  // Replaces the per-camera limits (a camera added, edited or removed at run time); the
  // next round uses them. Safe from any thread.
  void SetCameras(std::vector<CameraRetention> cameras);

 private:
  void Loop();
  Result<RetentionInput> Gather(WallNs now);
  Result<std::vector<store::SegmentRow>> Mark(std::span<const std::int64_t> ids);
  void KeepReserve(const RetentionInput& input);

  store::RecordingIndex& index_;
  const std::filesystem::path root_;
  const RetentionConfig config_;  // its `cameras` are unused: see cameras_
  mutable std::mutex cameras_mu_;
  std::vector<CameraRetention> cameras_;  // guarded by cameras_mu_
  const Clock& clock_;

  std::mutex run_mu_;  // one RunOnce at a time

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;   // guarded by mu_
  bool requested_ = false;  // guarded by mu_
  std::thread thread_;

  mutable std::mutex status_mu_;
  RetentionStatus status_;  // guarded by status_mu_
};

}  // namespace anninh::record
