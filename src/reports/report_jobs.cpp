#include "reports/report_jobs.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <fstream>

#include "core/sha256.h"
#include "movement/dates.h"
#include "reports/dossier_data.h"
#include "reports/dossier_fodt.h"
#include "reports/dossier_xlsx.h"
#include "reports/fodt_report.h"
#include "reports/report_data.h"
#include "reports/xlsx_report.h"

namespace anninh::reports {

namespace fs = std::filesystem;

// What a kind of document gives the common part of a job: the file's stem (made of codes
// and dates only) and either a workbook writer or a Flat ODT to convert.
struct ReportJobs::Drafted {
  std::string stem;
  std::function<Status(const fs::path&)> write_xlsx;
  std::string fodt;
};

namespace {

Result<std::pair<std::uint64_t, std::string>> HashFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInternal, fmt::format("cannot read '{}'", path.string()));
  Sha256 sha;
  std::vector<std::uint8_t> buf(64 * 1024);
  std::uint64_t bytes = 0;
  while (in) {
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    sha.Update({buf.data(), n});
    bytes += n;
  }
  return std::pair{bytes, sha.FinishHex()};
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Fail(ErrorCode::kResourceExhausted, fmt::format("cannot write '{}'", path.string()));
  return {};
}

}  // namespace

nlohmann::json ReportStatusToJson(const ReportStatus& s) {
  using nlohmann::json;
  const ReportRequest& r = s.request;
  json out = {
      {"id", s.id},
      {"state", ToString(s.state)},
      {"percent", s.percent},
      {"error", s.state == JobState::kFailed ? json{{"code", ToString(s.error.code())}, {"message", s.error.message()}}
                                             : json(nullptr)},
      {"request",
       {{"kind", ToString(r.kind)}, {"unit", r.unit}, {"format", ToString(r.format)}, {"period", r.period},
        {"as_of", r.as_of}, {"from", r.from}, {"to", r.to}, {"requested_by", r.requested_by}}},
      {"file", nullptr},
      {"submitted_at_ns", s.submitted_at},
      {"started_at_ns", s.started_at},
      {"finished_at_ns", s.finished_at},
  };
  if (r.kind != DocumentKind::kReport) out["request"]["award_ids"] = r.dossier.award_ids;
  if (s.file) {
    out["file"] = {{"name", s.file->name},
                   {"bytes", s.file->bytes},
                   {"sha256", s.file->sha256},
                   {"content_type", ContentType(r.format)}};
  }
  return out;
}

ReportJobs::ReportJobs(ReportJobsOptions options) : options_(std::move(options)) {
  std::error_code ec;
  for (const char* sub : {"files", "work"}) {
    fs::remove_all(options_.dir / sub, ec);
    fs::create_directories(options_.dir / sub, ec);
    if (ec) spdlog::error("reports: cannot create '{}': {}", (options_.dir / sub).string(), ec.message());
  }
  Queue::Hooks hooks;
  hooks.run = [this](const Queue::JobPtr& job) { Run(job); };
  hooks.housekeeping = [this] { Expire(); };
  queue_ = std::make_unique<Queue>(*options_.clock, "report", options_.workers, std::move(hooks));
}

ReportJobs::~ReportJobs() = default;

Result<std::string> ReportJobs::Submit(ReportRequest request) {
  if (auto s = Complete(request, options_.clock->Now()); !s) return Fail(std::move(s).error());
  ReportStatus status;
  status.request = std::move(request);
  return queue_->Submit(std::move(status));
}

void ReportJobs::Expire() {
  const WallNs cutoff = options_.clock->Now() - std::chrono::duration_cast<std::chrono::nanoseconds>(options_.retention).count();
  const std::vector<std::string> gone = queue_->Forget([&](const ReportStatus& s) { return s.finished_at <= cutoff; });
  std::error_code ec;
  for (const std::string& id : gone) fs::remove_all(options_.dir / "files" / id, ec);
}

void ReportJobs::SetPercent(const Queue::JobPtr& job, int percent) {
  queue_->Update(job, [&](ReportStatus& s) { s.percent = std::max(s.percent, std::min(99, percent)); });
}

void ReportJobs::Run(const Queue::JobPtr& job) {
  const ReportStatus started = queue_->Update(job, [](ReportStatus&) {});
  const std::string& id = started.id;
  const ReportRequest& request = started.request;
  spdlog::info("reports: {} on {} ({}) started by {}", id, request.unit, ToString(request.format),
               request.requested_by);
  Result<ReportFile> file = Make(job, request);
  std::error_code ec;
  fs::remove_all(options_.dir / "work" / id, ec);
  const ReportStatus done = queue_->Finish(job, [&](ReportStatus& st) {
    if (job->cancel_requested) {
      fs::remove_all(options_.dir / "files" / id, ec);
      st.state = JobState::kCancelled;
    } else if (file) {
      st.state = JobState::kDone;
      st.percent = 100;
      st.file = std::move(*file);
    } else {
      fs::remove_all(options_.dir / "files" / id, ec);
      st.state = JobState::kFailed;
      st.error = file.error();
    }
  });
  if (done.state == JobState::kFailed) {
    spdlog::warn("reports: {} failed: {}", id, done.error.ToString());
  } else {
    spdlog::info("reports: {} {}", id, ToString(done.state));
  }
}

Result<ReportJobs::Drafted> ReportJobs::Draft(const ReportRequest& request, const std::function<bool(int)>& progress) {
  Drafted out;
  if (request.kind == DocumentKind::kReport) {
    auto data = Gather(*options_.registry, *options_.index, request, options_.clock->Now(), progress);
    if (!data) return Fail(std::move(data).error());
    // The name is made of the code and the period or date only: nothing a user typed.
    out.stem = fmt::format("bao-cao-{}-{}", request.unit, request.period.empty() ? request.as_of : request.period);
    if (request.format == Format::kXlsx) {
      out.write_xlsx = [d = std::move(*data)](const fs::path& path) { return WriteXlsx(d, path); };
    } else {
      out.fodt = FodtDocument(*data);
    }
    return out;
  }
  if (options_.book == nullptr) {
    return Fail(ErrorCode::kUnavailable, "award dossiers are not enabled on this server");
  }
  auto data = GatherDossier(*options_.book, *options_.registry, request);
  if (!data) return Fail(std::move(data).error());
  if (!progress(60)) return Fail(ErrorCode::kFailedPrecondition, "cancelled");
  out.stem = fmt::format("{}-{}-{}", ToString(request.kind), request.unit, request.as_of);
  if (request.format == Format::kXlsx) {
    out.write_xlsx = [d = std::move(*data)](const fs::path& path) { return WriteDossierXlsx(d, path); };
  } else {
    out.fodt = request.kind == DocumentKind::kToTrinh ? ToTrinhDocument(*data) : TrichNgangDocument(*data);
  }
  return out;
}

Result<ReportFile> ReportJobs::Make(const Queue::JobPtr& job, const ReportRequest& request) {
  const std::string& id = job->status.id;  // fixed once submitted
  auto progress = [&](int pct) {
    SetPercent(job, pct);
    return !job->cancel_requested.load();
  };
  if (!progress(5)) return Fail(ErrorCode::kFailedPrecondition, "cancelled");
  auto drafted = Draft(request, progress);
  if (!drafted) return Fail(std::move(drafted).error());

  const fs::path work = options_.dir / "work" / id;
  const fs::path files = options_.dir / "files" / id;
  std::error_code ec;
  fs::create_directories(work, ec);
  fs::create_directories(files, ec);
  if (ec) return Fail(ErrorCode::kResourceExhausted, fmt::format("cannot create '{}': {}", files.string(), ec.message()));
  const std::string& stem = drafted->stem;
  ReportFile out;
  out.name = stem + "." + std::string(ToString(request.format));
  out.path = files / out.name;
  if (drafted->write_xlsx) {
    if (auto s = drafted->write_xlsx(out.path); !s) return Fail(std::move(s).error());
  } else {
    const fs::path fodt = work / (stem + ".fodt");
    if (auto s = WriteText(fodt, drafted->fodt); !s) return Fail(std::move(s).error());
    if (!progress(80)) return Fail(ErrorCode::kFailedPrecondition, "cancelled");
    const fs::path converted_dir = work / "out";
    fs::create_directories(converted_dir, ec);
    const std::string target =
        request.format == Format::kDocx ? "docx:MS Word 2007 XML" : "pdf:writer_pdf_Export";
    auto converted = Convert(options_.convert, fodt, target, converted_dir, work,
                             [&] { return !job->cancel_requested.load(); });
    if (!converted) return Fail(std::move(converted).error());
    fs::rename(*converted, out.path, ec);
    if (ec) return Fail(ErrorCode::kInternal, fmt::format("cannot move the report into place: {}", ec.message()));
  }
  auto hashed = HashFile(out.path);
  if (!hashed) return Fail(std::move(hashed).error());
  out.bytes = hashed->first;
  out.sha256 = hashed->second;
  return out;
}

}  // namespace anninh::reports
