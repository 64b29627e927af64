#include "evidence/export_job.h"

#include <algorithm>
#include <atomic>

#include <spdlog/spdlog.h>


namespace anninh::evidence {

struct ExportJobs::Job {
  JobStatus status;                      // guarded by ExportJobs::mu_
  std::atomic<bool> cancel_requested{false};
};

ExportJobs::ExportJobs(ExportJobsOptions options) : options_(std::move(options)) {
  if (int n = RemovePartialPackages(options_.context.out_dir); n > 0) {
    spdlog::info("evidence: removed {} partial export(s) left by an interrupted run", n);
  }
  const int workers = std::max(1, options_.workers);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { Work(); });
}

ExportJobs::~ExportJobs() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [id, job] : jobs_) job->cancel_requested = true;
  }
  changed_.notify_all();
  for (std::thread& t : workers_) t.join();
}

Result<std::string> ExportJobs::Submit(ExportRequest request) {
  if (auto s = ValidateRequest(request); !s) return Fail(std::move(s).error());
  auto job = std::make_shared<Job>();
  const std::string id = NewJobId();
  job->status.id = id;
  job->status.request = std::move(request);
  job->status.submitted_at = options_.context.clock->Now();
  JobStatus snapshot;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Fail(ErrorCode::kUnavailable, "the export runner is stopping");
    jobs_[id] = job;
    order_.push_back(id);
    snapshot = job->status;
  }
  // The listener hears "queued" before a worker can take the job and report "running".
  Notify(snapshot);
  {
    std::lock_guard lock(mu_);
    if (job->status.state == JobState::kQueued) queue_.push_back(job);  // unless cancelled
  }
  changed_.notify_all();
  return id;
}

Result<JobStatus> ExportJobs::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return Fail(ErrorCode::kNotFound, "no export job '" + id + "'");
  return it->second->status;
}

std::vector<JobStatus> ExportJobs::List() const {
  std::lock_guard lock(mu_);
  std::vector<JobStatus> out;
  for (const std::string& id : order_) out.push_back(jobs_.at(id)->status);
  return out;
}

Status ExportJobs::Cancel(const std::string& id) {
  JobStatus snapshot;
  {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return Fail(ErrorCode::kNotFound, "no export job '" + id + "'");
    Job& job = *it->second;
    if (IsFinished(job.status.state)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "export job '" + id + "' has already " +
                      (job.status.state == JobState::kDone ? "finished" : "ended"));
    }
    job.cancel_requested = true;
    if (job.status.state != JobState::kQueued) return {};  // the worker notices
    queue_.erase(std::remove(queue_.begin(), queue_.end(), it->second), queue_.end());
    job.status.state = JobState::kCancelled;
    job.status.finished_at = options_.context.clock->Now();
    snapshot = job.status;
    Forget();
  }
  changed_.notify_all();
  Notify(snapshot);
  return {};
}

Result<JobStatus> ExportJobs::Wait(const std::string& id, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return Fail(ErrorCode::kNotFound, "no export job '" + id + "'");
  std::shared_ptr<Job> job = it->second;
  if (!changed_.wait_for(lock, timeout, [&] { return IsFinished(job->status.state); })) {
    return Fail(ErrorCode::kDeadlineExceeded, "export job '" + id + "' is still " +
                                                  std::string(ToString(job->status.state)));
  }
  return job->status;
}

void ExportJobs::Notify(const JobStatus& status) const {
  if (!options_.on_update) return;
  try {
    options_.on_update(status);
  } catch (const std::exception& e) {
    spdlog::error("evidence: export status listener threw: {}", e.what());
  }
}

void ExportJobs::Forget() {
  std::size_t finished = 0;
  for (const std::string& id : order_) finished += IsFinished(jobs_.at(id)->status.state);
  for (auto it = order_.begin(); finished > options_.keep_finished && it != order_.end();) {
    if (IsFinished(jobs_.at(*it)->status.state)) {
      jobs_.erase(*it);
      it = order_.erase(it);
      --finished;
    } else {
      ++it;
    }
  }
}

nlohmann::json JobStatusToJson(const JobStatus& s) {
  using nlohmann::json;
  const ExportRequest& r = s.request;
  json out = {
      {"id", s.id},
      {"state", ToString(s.state)},
      {"phase", ToString(s.phase)},
      {"percent", s.percent},
      {"bytes_done", s.bytes_done},
      {"bytes_total", s.bytes_total},
      {"error", s.state == JobState::kFailed
                    ? json{{"code", ToString(s.error.code())}, {"message", s.error.message()}}
                    : json(nullptr)},
      {"request",
       {{"camera_id", r.camera_id}, {"stream", r.stream}, {"from_ns", r.from}, {"to_ns", r.to},
        {"exported_by", r.exported_by}, {"reason", r.reason},
        {"case_ref", r.case_ref ? json(*r.case_ref) : json(nullptr)}}},
      {"package", nullptr},
      {"submitted_at_ns", s.submitted_at},
      {"started_at_ns", s.started_at},
      {"finished_at_ns", s.finished_at},
  };
  if (s.package) {
    out["package"] = {{"name", s.package->name},
                      {"archive", s.package->archive.filename().string()},
                      {"archive_bytes", s.package->archive_bytes},
                      {"archive_sha256", s.package->archive_sha256},
                      {"manifest_sha256", s.package->manifest_sha256}};
  }
  return out;
}

void ExportJobs::Work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        // Queued jobs end cancelled, so a waiter is not left waiting.
        for (auto& q : queue_) {
          q->status.state = JobState::kCancelled;
          q->status.finished_at = options_.context.clock->Now();
        }
        queue_.clear();
        changed_.notify_all();
        return;
      }
      // Running from the moment it leaves the queue, in the same critical section: a
      // Cancel in between would otherwise see a queued job that is in no queue.
      job = queue_.front();
      queue_.pop_front();
      job->status.state = JobState::kRunning;
      job->status.started_at = options_.context.clock->Now();
    }
    Run(job);
  }
}

void ExportJobs::Run(const std::shared_ptr<Job>& job) {
  const Clock& clock = *options_.context.clock;
  JobStatus snapshot;
  ExportRequest request;
  {
    std::lock_guard lock(mu_);
    snapshot = job->status;
    request = job->status.request;
  }
  changed_.notify_all();
  Notify(snapshot);
  spdlog::info("evidence: export {} of {} ({}) started by {}", snapshot.id, request.camera_id,
               request.stream, request.exported_by);

  auto last_notice = clock.Monotonic();
  auto progress = [&](const ExportProgress& p) {
    if (job->cancel_requested) return false;
    JobStatus s;
    bool tell = false;
    {
      std::lock_guard lock(mu_);
      JobStatus& st = job->status;
      st.phase = p.phase;
      st.bytes_done = p.bytes_done;
      st.bytes_total = p.bytes_total;
      // Never backwards, never 100 before the package is complete.
      int pct = p.bytes_total ? static_cast<int>(p.bytes_done * 100 / p.bytes_total) : 0;
      st.percent = std::max(st.percent, std::min(99, pct));
      const auto now = clock.Monotonic();
      if (now - last_notice >= options_.progress_interval) {
        last_notice = now;
        tell = true;
        s = st;
      }
    }
    if (tell) Notify(s);
    return !job->cancel_requested;
  };
  Result<PackageResult> result = WritePackage(options_.context, request, progress);

  {
    std::lock_guard lock(mu_);
    JobStatus& st = job->status;
    st.finished_at = clock.Now();
    if (job->cancel_requested) {
      // Cancelled, even if the package was completed before the worker noticed: whoever
      // cancelled it does not expect it to exist.
      if (result) {
        std::error_code ec;
        std::filesystem::remove_all(result->directory, ec);
        std::filesystem::remove(result->archive, ec);
      }
      st.state = JobState::kCancelled;
    } else if (result) {
      st.state = JobState::kDone;
      st.percent = 100;
      st.bytes_done = st.bytes_total;
      st.package = std::move(*result);
    } else {
      st.state = JobState::kFailed;
      st.error = result.error();
    }
    snapshot = st;
    Forget();
  }
  changed_.notify_all();
  Notify(snapshot);
  if (snapshot.state == JobState::kFailed) {
    spdlog::warn("evidence: export {} failed: {}", snapshot.id, snapshot.error.ToString());
  } else {
    spdlog::info("evidence: export {} {}", snapshot.id, ToString(snapshot.state));
  }
}

}  // namespace anninh::evidence
