#include "evidence/export_job.h"

#include <algorithm>
#include <atomic>

#include <spdlog/spdlog.h>


namespace anninh::evidence {

ExportJobs::ExportJobs(ExportJobsOptions options) : options_(std::move(options)) {
  if (int n = RemovePartialPackages(options_.context.out_dir); n > 0) {
    spdlog::info("evidence: removed {} partial export(s) left by an interrupted run", n);
  }
  Queue::Hooks hooks;
  hooks.run = [this](const Queue::JobPtr& job) { Run(job); };
  hooks.on_change = [this](const JobStatus& s) { Notify(s); };
  // Finished jobs beyond keep_finished are forgotten, oldest first.
  hooks.trim_locked = [keep = options_.keep_finished](std::map<std::string, Queue::JobPtr>& jobs,
                                                      std::vector<std::string>& order) {
    std::size_t finished = 0;
    for (const std::string& id : order) finished += IsFinished(jobs.at(id)->status.state);
    for (auto it = order.begin(); finished > keep && it != order.end();) {
      if (IsFinished(jobs.at(*it)->status.state)) {
        jobs.erase(*it);
        it = order.erase(it);
        --finished;
      } else {
        ++it;
      }
    }
  };
  queue_ = std::make_unique<Queue>(*options_.context.clock, "export job", options_.workers, std::move(hooks));
}

ExportJobs::~ExportJobs() = default;

Result<std::string> ExportJobs::Submit(ExportRequest request) {
  if (auto s = ValidateRequest(request); !s) return Fail(std::move(s).error());
  JobStatus status;
  status.request = std::move(request);
  return queue_->Submit(std::move(status));
}

void ExportJobs::Notify(const JobStatus& status) const {
  if (!options_.on_update) return;
  try {
    options_.on_update(status);
  } catch (const std::exception& e) {
    spdlog::error("evidence: export status listener threw: {}", e.what());
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

void ExportJobs::Run(const Queue::JobPtr& job) {
  const Clock& clock = *options_.context.clock;
  const JobStatus started = queue_->Update(job, [](JobStatus&) {});
  const ExportRequest& request = started.request;
  spdlog::info("evidence: export {} of {} ({}) started by {}", started.id, request.camera_id,
               request.stream, request.exported_by);

  auto last_notice = clock.Monotonic();
  auto progress = [&](const ExportProgress& p) {
    if (job->cancel_requested) return false;
    const auto now = clock.Monotonic();
    const bool tell = now - last_notice >= options_.progress_interval;
    if (tell) last_notice = now;
    queue_->Update(
        job,
        [&](JobStatus& st) {
          st.phase = p.phase;
          st.bytes_done = p.bytes_done;
          st.bytes_total = p.bytes_total;
          // Never backwards, never 100 before the package is complete.
          const int pct = p.bytes_total ? static_cast<int>(p.bytes_done * 100 / p.bytes_total) : 0;
          st.percent = std::max(st.percent, std::min(99, pct));
        },
        tell);
    return !job->cancel_requested;
  };
  Result<PackageResult> result = WritePackage(options_.context, request, progress);

  const JobStatus done = queue_->Finish(job, [&](JobStatus& st) {
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
  });
  if (done.state == JobState::kFailed) {
    spdlog::warn("evidence: export {} failed: {}", done.id, done.error.ToString());
  } else {
    spdlog::info("evidence: export {} {}", done.id, ToString(done.state));
  }
}

}  // namespace anninh::evidence
