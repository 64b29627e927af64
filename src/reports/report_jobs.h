// Runs reports, and the documents of award dossiers, in the background on a small pool (one worker by default: a commune's PC has
// two cores and the recorder comes first; LibreOffice alone takes one), the way evidence
// exports run (evidence/export_job.h): submit, poll state and percent, cancel. Jobs live in
// memory; their files live under <data>/reports/files/<id>/ until `retention` after the job
// finished, then both are forgotten. A restart forgets the jobs, so it removes every file
// the last process left (nobody can name them any more).
#pragma once

#include <chrono>
#include <filesystem>
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
#include "reports/office_convert.h"
#include "reports/report_request.h"

namespace anninh::movement {
class Registry;
}
namespace anninh::awards {
class Book;
}
namespace anninh::store {
class RecordingIndex;
}

namespace anninh::reports {

using anninh::JobState;  // core/job_state.h, with ToString and IsFinished
using anninh::IsFinished;
using anninh::ToString;

struct ReportFile {
  std::string name;  // "bao-cao-12970-2025-H1.docx": what the download is called
  std::filesystem::path path;
  std::uint64_t bytes = 0;
  std::string sha256;
};

// A snapshot of one job, safe to keep and to hand to another thread.
struct ReportStatus {
  std::string id;
  JobState state = JobState::kQueued;
  ReportRequest request;
  int percent = 0;  // 0..100; 100 only when done
  Error error{ErrorCode::kInternal, ""};  // meaningful when state is kFailed
  std::optional<ReportFile> file;        // when state is kDone
  WallNs submitted_at = 0;
  WallNs started_at = 0;
  WallNs finished_at = 0;
};

// As docs/ref/openapi.yaml's ReportJob: the server's paths are left out.
nlohmann::json ReportStatusToJson(const ReportStatus& s);

struct ReportJobsOptions {
  movement::Registry* registry = nullptr;
  awards::Book* book = nullptr;  // the award dossiers' records; null: dossier jobs fail (kUnavailable)
  const store::RecordingIndex* index = nullptr;
  const Clock* clock = nullptr;
  std::filesystem::path dir;  // <data>/reports
  ConvertOptions convert;
  int workers = 1;
  std::chrono::seconds retention{std::chrono::hours(24)};  // a finished job's file is kept this long
};

// Thread-safe: every method may be called from any thread.
class ReportJobs {
 public:
  // Empties `dir` of what an earlier process left; starts the workers.
  explicit ReportJobs(ReportJobsOptions options);
  // Cancels what is queued or running and waits for the workers.
  ~ReportJobs();
  ReportJobs(const ReportJobs&) = delete;
  ReportJobs& operator=(const ReportJobs&) = delete;

  // Completes and checks the request (kInvalidArgument naming the field), queues it and
  // returns its id: 16 random hex digits. Scope is the caller's check, before this.
  Result<std::string> Submit(ReportRequest request);
  Result<ReportStatus> Get(const std::string& id) const { return queue_->Get(id); }  // kNotFound
  std::vector<ReportStatus> List() const { return queue_->List(); }                 // oldest first
  // kNotFound; kFailedPrecondition once finished. A running job stops within a second and
  // its partial files are removed.
  Status Cancel(const std::string& id) { return queue_->Cancel(id); }
  // Blocks until the job finished or `timeout` passed (kDeadlineExceeded).
  Result<ReportStatus> Wait(const std::string& id, std::chrono::milliseconds timeout) const {
    return queue_->Wait(id, timeout);
  }
  // Forgets jobs finished more than `retention` ago and deletes their files; the workers
  // call it after every job and once a minute.
  void Expire();

 private:
  using Queue = JobQueue<ReportStatus>;
  void Run(const Queue::JobPtr& job);
  Result<ReportFile> Make(const Queue::JobPtr& job, const ReportRequest& request);
  // The document's text or workbook, by kind: what Make writes, converts and hashes.
  struct Drafted;
  Result<Drafted> Draft(const ReportRequest& request, const std::function<bool(int)>& progress);
  void SetPercent(const Queue::JobPtr& job, int percent);

  ReportJobsOptions options_;
  std::unique_ptr<Queue> queue_;  // last: its workers stop before the rest goes
};

}  // namespace anninh::reports
