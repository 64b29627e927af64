#include "evidence/export_job.h"

#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "evidence/test_recording.h"
#include "evidence/verify.h"
#include "support/temp_dir.h"

namespace anninh::evidence {
namespace {

using testing::kSecond;
using testing::kT0;
namespace stdfs = std::filesystem;

class ExportJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rec_ = testing::MakeRecording(dir_ / "recordings", dir_ / "index.db", "cam1", 3, 4);
    options_.context = {rec_.root, rec_.index.get(), &key_, &clock_, dir_ / "exports",
                        "site", "anninh test"};
    options_.progress_interval = std::chrono::milliseconds(0);
  }
  ExportRequest Request() const {
    ExportRequest r;
    r.camera_id = "cam1";
    r.from = kT0;
    r.to = kT0 + 12 * kSecond;
    r.exported_by = "cli";
    r.reason = "test";
    return r;
  }
  std::vector<std::string> OutNames() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : stdfs::directory_iterator(dir_ / "exports", ec)) {
      out.push_back(e.path().filename().string());
    }
    return out;
  }

  anninh::testing::TempDir dir_;
  testing::Recording rec_;
  SiteKey key_ = SiteKey::Generate();
  SimulatedClock clock_{kT0 + 3600 * kSecond};
  ExportJobsOptions options_;
};

TEST_F(ExportJobsTest, AJobRunsToDoneWithProgressAndItsPackageVerifies) {
  std::mutex mu;
  std::vector<JobStatus> updates;
  options_.on_update = [&](const JobStatus& s) {
    std::lock_guard lock(mu);
    updates.push_back(s);
  };
  ExportJobs jobs(options_);
  auto id = jobs.Submit(Request());
  ASSERT_TRUE(id.has_value()) << id.error().ToString();
  EXPECT_EQ(id->size(), 16u);
  auto done = jobs.Wait(*id, std::chrono::seconds(60));
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  ASSERT_EQ(done->state, JobState::kDone) << done->error.ToString();
  EXPECT_EQ(done->percent, 100);
  EXPECT_GT(done->bytes_total, 0u);
  EXPECT_EQ(done->bytes_done, done->bytes_total);
  ASSERT_TRUE(done->package.has_value());
  EXPECT_TRUE(VerifyPackage(done->package->archive).value().ok());
  EXPECT_EQ(jobs.Get(*id).value().state, JobState::kDone);

  const nlohmann::json j = JobStatusToJson(*done);
  EXPECT_EQ(j["id"], *id);
  EXPECT_EQ(j["state"], "done");
  EXPECT_EQ(j["percent"], 100);
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["request"]["camera_id"], "cam1");
  EXPECT_EQ(j["package"]["archive"], done->package->name + ".zip");
  EXPECT_EQ(j["package"]["archive_sha256"], done->package->archive_sha256);
  EXPECT_EQ(j.dump().find(dir_.path().string()), std::string::npos);  // no server paths

  std::lock_guard lock(mu);
  ASSERT_GE(updates.size(), 4u);
  EXPECT_EQ(updates.front().state, JobState::kQueued);
  EXPECT_EQ(updates[1].state, JobState::kRunning);
  EXPECT_EQ(updates.back().state, JobState::kDone);
  int last = 0;
  for (const JobStatus& s : updates) {
    EXPECT_GE(s.percent, last);  // never backwards
    last = s.percent;
    if (s.state == JobState::kRunning) {
      EXPECT_LT(s.percent, 100);
    }
  }
}

TEST_F(ExportJobsTest, CancelStopsARunningJobWithinASecondAndRemovesItsOutput) {
  std::promise<std::string> running;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> first{true};
  options_.on_update = [&](const JobStatus& s) {
    if (s.state == JobState::kRunning && s.bytes_done > 0 && first.exchange(false)) {
      running.set_value(s.id);
      released.wait();  // hold the job mid-way until the test has cancelled it
    }
  };
  ExportJobs jobs(options_);
  auto id = jobs.Submit(Request()).value();
  auto fut = running.get_future();
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(fut.get(), id);
  EXPECT_FALSE(OutNames().empty());  // the partial package exists at this point
  ASSERT_TRUE(jobs.Cancel(id).has_value());
  const auto t0 = std::chrono::steady_clock::now();
  release.set_value();
  auto done = jobs.Wait(id, std::chrono::seconds(5));
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  EXPECT_EQ(done->state, JobState::kCancelled);
  EXPECT_FALSE(done->package.has_value());
  EXPECT_TRUE(OutNames().empty());
  // Finished jobs cannot be cancelled again; unknown ids are not found.
  EXPECT_EQ(jobs.Cancel(id).error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(jobs.Cancel("0123456789abcdef").error().code(), ErrorCode::kNotFound);
}

TEST_F(ExportJobsTest, OneAtATimeOthersQueuedAndAQueuedJobCancelsAtOnce) {
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> first{true};
  options_.on_update = [&](const JobStatus& s) {
    if (s.state == JobState::kRunning && first.exchange(false)) {
      started.set_value();
      released.wait();
    }
  };
  ExportJobs jobs(options_);
  auto a = jobs.Submit(Request()).value();
  auto b = jobs.Submit(Request()).value();
  auto c = jobs.Submit(Request()).value();
  started.get_future().wait();
  EXPECT_EQ(jobs.Get(a).value().state, JobState::kRunning);
  EXPECT_EQ(jobs.Get(b).value().state, JobState::kQueued);
  EXPECT_EQ(jobs.Get(c).value().state, JobState::kQueued);
  ASSERT_TRUE(jobs.Cancel(b).has_value());
  EXPECT_EQ(jobs.Get(b).value().state, JobState::kCancelled);
  release.set_value();
  EXPECT_EQ(jobs.Wait(a, std::chrono::seconds(60)).value().state, JobState::kDone);
  EXPECT_EQ(jobs.Wait(c, std::chrono::seconds(60)).value().state, JobState::kDone);
  auto list = jobs.List();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].id, a);
  EXPECT_EQ(list[1].state, JobState::kCancelled);
  // Two packages of the same range, under different names.
  EXPECT_NE(list[0].package->name, list[2].package->name);
}

TEST_F(ExportJobsTest, AFailedJobSaysWhy) {
  testing::FlipByte(rec_.root / rec_.rows[0].path, 3000);
  ExportJobs jobs(options_);
  auto id = jobs.Submit(Request()).value();
  auto done = jobs.Wait(id, std::chrono::seconds(60)).value();
  EXPECT_EQ(done.state, JobState::kFailed);
  EXPECT_EQ(done.error.code(), ErrorCode::kDataLoss);
  EXPECT_NE(done.error.message().find(rec_.rows[0].path), std::string::npos);
  const nlohmann::json j = JobStatusToJson(done);
  EXPECT_EQ(j["state"], "failed");
  EXPECT_EQ(j["error"]["code"], ToString(ErrorCode::kDataLoss));
  EXPECT_TRUE(j["package"].is_null());
  EXPECT_TRUE(OutNames().empty());
}

TEST_F(ExportJobsTest, BadRequestsAreRefusedAtSubmit) {
  ExportJobs jobs(options_);
  ExportRequest r = Request();
  r.stream = "main/../../x";
  auto id = jobs.Submit(r);
  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(jobs.List().empty());
}

TEST_F(ExportJobsTest, StartingRemovesWhatAnInterruptedExportLeft) {
  stdfs::create_directories(dir_ / "exports/.cam1-main-x-y.partial/video");
  std::ofstream(dir_ / "exports/.cam1-main-x-y.zip.partial") << "half";
  std::ofstream(dir_ / "exports/keep.zip") << "someone's file";
  ExportJobs jobs(options_);
  EXPECT_EQ(OutNames(), std::vector<std::string>{"keep.zip"});
}

TEST_F(ExportJobsTest, DestroyingTheRunnerCancelsWhatIsLeft) {
  std::promise<void> started;
  std::atomic<bool> first{true};
  options_.on_update = [&](const JobStatus& s) {
    if (s.state == JobState::kRunning && first.exchange(false)) started.set_value();
  };
  {
    ExportJobs jobs(options_);
    jobs.Submit(Request()).value();
    jobs.Submit(Request()).value();
    started.get_future().wait();
  }
  // Whatever was running was cancelled or finished whole; nothing partial remains.
  for (const std::string& name : OutNames()) EXPECT_FALSE(name.starts_with(".")) << name;
}

}  // namespace
}  // namespace anninh::evidence
