// Runs evidence exports in the background, one at a time by default (a commune's PC has
// two cores and the recorder comes first), others queued. The API submits a request and
// polls its status (state, percent, bytes) or cancels it; the CLI submits one and waits.
// No HTTP and no persistence here: jobs live in memory, and a restart forgets them (the
// partial output a crash left is removed when the runner starts).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/job_queue.h"
#include "core/job_state.h"
#include "evidence/package_writer.h"

namespace anninh::evidence {

using anninh::JobState;  // core/job_state.h, with ToString and IsFinished
using anninh::IsFinished;
using anninh::ToString;

// A snapshot of one job, safe to keep and to hand to another thread.
struct JobStatus {
  std::string id;
  JobState state = JobState::kQueued;
  ExportRequest request;
  ExportPhase phase = ExportPhase::kChecking;
  int percent = 0;  // 0..100; 100 only when done
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
  Error error{ErrorCode::kInternal, ""};  // meaningful when state is kFailed
  std::optional<PackageResult> package;   // when state is kDone
  WallNs submitted_at = 0;
  WallNs started_at = 0;   // 0 until it runs
  WallNs finished_at = 0;  // 0 until it finishes
};

// The status as the API shows it: {id, state, phase, percent, bytes_done, bytes_total,
// error: {code, message} | null, request: {camera_id, stream, from_ns, to_ns, exported_by,
// reason, case_ref}, package: {name, archive, archive_bytes, archive_sha256,
// manifest_sha256} | null, submitted_at_ns, started_at_ns, finished_at_ns}. Paths on the
// server are left out: `archive` is the file name, under the exports folder.
nlohmann::json JobStatusToJson(const JobStatus& s);

struct ExportJobsOptions {
  PackageContext context;  // where recordings are, the index, the key, the clock, out_dir
  int workers = 1;         // exports running at once
  std::size_t keep_finished = 200;  // finished jobs remembered for status(), oldest dropped
  // Hears each job's status when it changes state and, while running, at most every
  // `progress_interval`. Runs on a worker thread; must not call back into ExportJobs.
  std::function<void(const JobStatus&)> on_update;
  std::chrono::milliseconds progress_interval{250};
};

// Thread-safe: every method may be called from any thread.
class ExportJobs {
 public:
  // Removes partial packages an earlier process left in out_dir; starts the workers.
  explicit ExportJobs(ExportJobsOptions options);
  // Cancels what is queued or running and waits for the workers.
  ~ExportJobs();
  ExportJobs(const ExportJobs&) = delete;
  ExportJobs& operator=(const ExportJobs&) = delete;

  // Checks the request (kInvalidArgument naming the field) and queues it; returns its id
  // (unguessable: 16 random hex digits, so an id alone is no way to reach another's job).
  Result<std::string> Submit(ExportRequest request);
  // kNotFound for an id never submitted or long forgotten.
  Result<JobStatus> Get(const std::string& id) const { return queue_->Get(id); }
  // All jobs remembered, oldest first.
  std::vector<JobStatus> List() const { return queue_->List(); }
  // A queued job is cancelled at once; a running one stops at its next progress check
  // (well within a second) and its partial package is removed. kNotFound for an unknown id;
  // kFailedPrecondition when the job has already finished.
  Status Cancel(const std::string& id) { return queue_->Cancel(id); }
  // Blocks until the job has finished or `timeout` passes (then kDeadlineExceeded).
  Result<JobStatus> Wait(const std::string& id, std::chrono::milliseconds timeout) const {
    return queue_->Wait(id, timeout);
  }

 private:
  using Queue = JobQueue<JobStatus>;
  void Run(const Queue::JobPtr& job);
  void Notify(const JobStatus& status) const;

  ExportJobsOptions options_;
  std::unique_ptr<Queue> queue_;  // last: its workers stop before the rest goes
};

}  // namespace anninh::evidence
