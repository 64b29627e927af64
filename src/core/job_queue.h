// A few worker threads running queued background jobs: submit, read a job's status, cancel,
// wait. What a job does, how long finished jobs are remembered and who hears of changes
// belong to the owner (evidence/export_job.h, reports/report_jobs.h); the queueing, the
// states and the locking are here, once.
//
// `S` is a job's status, copied out under the lock. It has `std::string id`,
// `JobState state` and `WallNs submitted_at, started_at, finished_at`.
//
// Thread-safe. Hooks run on worker threads (and `on_change` on the caller's too); they must
// not call back into the queue, except `run` through Update/Finish and `housekeeping`
// through Forget.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/job_state.h"

namespace anninh {

template <class S>
class JobQueue {
 public:
  struct Job {
    S status;  // guarded by the queue's lock: use Update
    std::atomic<bool> cancel_requested{false};
  };
  using JobPtr = std::shared_ptr<Job>;

  struct Hooks {
    // Does a job the queue has just marked running; ends it with Finish.
    std::function<void(const JobPtr&)> run;
    // A job was queued, started, finished or cancelled (and whatever `run` reports through
    // Update with `tell`). Outside the lock; it must not throw (the export runner catches and
    // logs what its listener throws).
    std::function<void(const S&)> on_change;
    // With the lock held, after a job finished or was cancelled: forget what is too old.
    std::function<void(std::map<std::string, JobPtr>&, std::vector<std::string>&)> trim_locked;
    // Outside the lock, after each job and every `idle_every` with nothing to do.
    std::function<void()> housekeeping;
    std::chrono::milliseconds idle_every{std::chrono::minutes(1)};
  };

  // `noun` names a job in errors: "export job", "report".
  JobQueue(const Clock& clock, std::string noun, int workers, Hooks hooks)
      : clock_(clock), noun_(std::move(noun)), hooks_(std::move(hooks)) {
    for (int i = 0; i < std::max(1, workers); ++i) workers_.emplace_back([this] { Work(); });
  }
  // Cancels what is queued or running and waits for the workers.
  ~JobQueue() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      for (auto& [id, job] : jobs_) job->cancel_requested = true;
    }
    changed_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queues a job with this status (its id and submission time are set here) and returns
  // its id. `on_change` hears "queued" before a worker can take it and report "running".
  Result<std::string> Submit(S status) {
    auto job = std::make_shared<Job>();
    status.id = NewJobId();
    status.state = JobState::kQueued;
    status.submitted_at = clock_.Now();
    job->status = std::move(status);
    const std::string id = job->status.id;
    S snapshot;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return Fail(ErrorCode::kUnavailable, "the " + noun_ + " runner is stopping");
      jobs_[id] = job;
      order_.push_back(id);
      snapshot = job->status;
    }
    Tell(snapshot);
    {
      std::lock_guard lock(mu_);
      if (job->status.state == JobState::kQueued) queue_.push_back(job);  // unless cancelled meanwhile
    }
    changed_.notify_all();
    return id;
  }

  Result<S> Get(const std::string& id) const {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return NotFound(id);
    return it->second->status;
  }

  // Oldest first.
  std::vector<S> List() const {
    std::lock_guard lock(mu_);
    std::vector<S> out;
    out.reserve(order_.size());
    for (const std::string& id : order_) out.push_back(jobs_.at(id)->status);
    return out;
  }

  // A queued job is cancelled at once; a running one when `run` next looks at
  // `cancel_requested`. kNotFound; kFailedPrecondition once finished.
  Status Cancel(const std::string& id) {
    S snapshot;
    {
      std::lock_guard lock(mu_);
      auto it = jobs_.find(id);
      if (it == jobs_.end()) return NotFound(id);
      Job& job = *it->second;
      if (IsFinished(job.status.state)) {
        return Fail(ErrorCode::kFailedPrecondition, noun_ + " '" + id + "' has already " +
                                                        (job.status.state == JobState::kDone ? "finished" : "ended"));
      }
      job.cancel_requested = true;
      if (job.status.state != JobState::kQueued) return {};  // the worker notices
      queue_.erase(std::remove(queue_.begin(), queue_.end(), it->second), queue_.end());
      job.status.state = JobState::kCancelled;
      job.status.finished_at = clock_.Now();
      snapshot = job.status;
      Trim();
    }
    changed_.notify_all();
    Tell(snapshot);
    return {};
  }

  // Blocks until the job has finished or `timeout` passed (kDeadlineExceeded).
  Result<S> Wait(const std::string& id, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return NotFound(id);
    JobPtr job = it->second;
    if (!changed_.wait_for(lock, timeout, [&] { return IsFinished(job->status.state); })) {
      return Fail(ErrorCode::kDeadlineExceeded,
                  noun_ + " '" + id + "' is still " + std::string(ToString(job->status.state)));
    }
    return job->status;
  }

  // For `run`: changes the job's status under the lock and returns a copy; with `tell`,
  // `on_change` hears it.
  template <class F>
  S Update(const JobPtr& job, F&& change, bool tell = false) {
    S snapshot;
    {
      std::lock_guard lock(mu_);
      change(job->status);
      snapshot = job->status;
    }
    if (tell) Tell(snapshot);
    return snapshot;
  }

  // For `run`: ends the job. `outcome` sets its state (kDone, kFailed or kCancelled) and
  // result under the lock; the finishing time is set here, waiters are woken and
  // `on_change` hears it. Returns what was stored.
  template <class F>
  S Finish(const JobPtr& job, F&& outcome) {
    S snapshot;
    {
      std::lock_guard lock(mu_);
      job->status.finished_at = clock_.Now();
      outcome(job->status);
      snapshot = job->status;
      Trim();
    }
    changed_.notify_all();
    Tell(snapshot);
    return snapshot;
  }

  // For `housekeeping`: forgets the finished jobs `old` says yes to (it runs under the
  // lock) and returns their ids, so their files can go outside it.
  template <class Pred>
  std::vector<std::string> Forget(Pred&& old) {
    std::vector<std::string> gone;
    std::lock_guard lock(mu_);
    for (auto it = order_.begin(); it != order_.end();) {
      const S& s = jobs_.at(*it)->status;
      if (IsFinished(s.state) && old(s)) {
        gone.push_back(*it);
        jobs_.erase(*it);
        it = order_.erase(it);
      } else {
        ++it;
      }
    }
    return gone;
  }

 private:
  tl::unexpected<Error> NotFound(const std::string& id) const {
    return Fail(ErrorCode::kNotFound, "no " + noun_ + " '" + id + "'");
  }

  void Tell(const S& s) const {
    if (hooks_.on_change) hooks_.on_change(s);
  }

  void Trim() {  // mu_ held
    if (hooks_.trim_locked) hooks_.trim_locked(jobs_, order_);
  }

  void Work() {
    for (;;) {
      JobPtr job;
      S snapshot;
      {
        std::unique_lock lock(mu_);
        changed_.wait_for(lock, hooks_.idle_every, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) {
          // Queued jobs end cancelled, so a waiter is not left waiting.
          for (auto& q : queue_) {
            q->status.state = JobState::kCancelled;
            q->status.finished_at = clock_.Now();
          }
          queue_.clear();
          changed_.notify_all();
          return;
        }
        if (!queue_.empty()) {
          // Running from the moment it leaves the queue, in the same critical section: a
          // Cancel in between would otherwise see a queued job that is in no queue.
          job = queue_.front();
          queue_.pop_front();
          job->status.state = JobState::kRunning;
          job->status.started_at = clock_.Now();
          snapshot = job->status;
        }
      }
      if (job) {
        changed_.notify_all();
        Tell(snapshot);
        hooks_.run(job);
      }
      if (hooks_.housekeeping) hooks_.housekeeping();
    }
  }

  const Clock& clock_;
  const std::string noun_;
  const Hooks hooks_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::map<std::string, JobPtr> jobs_;
  std::vector<std::string> order_;  // submission order
  std::deque<JobPtr> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;  // last: started once the rest is built
};

}  // namespace anninh
