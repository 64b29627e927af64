// The life of a background job, shared by the job runners (evidence/export_job.h,
// reports/report_jobs.h) and by what shows their state (the API, the CLI).
#pragma once

#include <string>
#include <string_view>

namespace anninh {

enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };

// "queued", "running", "done", "failed", "cancelled": the API's words.
std::string_view ToString(JobState s);

inline bool IsFinished(JobState s) {
  return s == JobState::kDone || s == JobState::kFailed || s == JobState::kCancelled;
}

// A new job's id: 16 hex digits from the system's random generator, so that an id alone is
// no way to reach somebody else's job.
std::string NewJobId();

}  // namespace anninh
