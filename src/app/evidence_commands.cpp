// `anninh export` and `anninh verify`: the evidence package commands (docs/ref/cli.md).
#include <signal.h>
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/commands_access.h"
#include "app/config.h"
#include "core/log.h"
#include "core/time_format.h"
#include "evidence/export_job.h"
#include "evidence/verify.h"
#include "store/sqlite/sqlite_recording_index.h"

namespace anninh::app {

namespace {

std::string Megabytes(std::uint64_t b) {
  return fmt::format("{:.1f} MB", static_cast<double>(b) / 1e6);
}

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "anninh";
  return name;
}

// The camera's name from the config (its id when it has none); empty when the camera is
// not configured (it may have been removed and still have recordings).
std::string CameraName(const Config& config, const std::string& id) {
  for (const CameraConfig& c : config.cameras) {
    if (c.id == id) return c.name.empty() ? c.id : c.name;
  }
  return {};
}

void PrintProgress(const evidence::JobStatus& s, bool tty) {
  static std::string last_phase;
  if (s.state != evidence::JobState::kRunning) return;
  const std::string phase(evidence::ToString(s.phase));
  if (tty) {
    std::cerr << fmt::format("\r  {:3}%  {:<20} {} of {}   ", s.percent, phase,
                             Megabytes(s.bytes_done), Megabytes(s.bytes_total))
              << std::flush;
  } else if (phase != last_phase) {
    std::cerr << fmt::format("  {:3}%  {}\n", s.percent, phase);
  }
  last_phase = phase;
}

}  // namespace

int RunExport(const ExportCommandOptions& o) {
  auto config = LoadConfig(o.config_path);
  if (!config) {
    std::cerr << config.error().message() << "\n";
    return 2;
  }
  log::Init("warn");
  auto from = ParseTime(o.from);
  auto to = ParseTime(o.to);
  if (!from || !to) {
    std::cerr << "export: " << (from ? "--to: " + to.error().message()
                                     : "--from: " + from.error().message()) << "\n";
    return 2;
  }
  if (!std::filesystem::exists(config->index_path())) {
    std::cerr << "export: no recording index at " << config->index_path().string()
              << " (has `anninh serve` run with this config?)\n";
    return 1;
  }
  auto index = store::sqlite::SqliteRecordingIndex::Open(config->index_path());
  if (!index) {
    std::cerr << "export: " << index.error().ToString() << "\n";
    return 1;
  }
  // A camera in the config, or one gone from it that still has recordings.
  bool known = !CameraName(*config, o.camera).empty();
  if (auto totals = (*index)->Totals(); !known && totals) {
    for (const store::StreamTotals& t : *totals) known = known || t.camera_id == o.camera;
  }
  if (!known) {
    std::cerr << "export: unknown camera '" << o.camera << "' (not in " << o.config_path
              << " and no recordings)\n";
    return 2;
  }
  auto key = evidence::SiteKey::LoadOrCreate(evidence::SiteKeyPath(config->data_dir));
  if (!key) {
    std::cerr << "export: " << key.error().message() << "\n";
    return 1;
  }

  evidence::ExportRequest request;
  request.camera_id = o.camera;
  request.camera_name = CameraName(*config, o.camera);
  request.stream = o.stream;
  request.from = *from;
  request.to = *to;
  request.exported_by = o.by.empty() ? CliActor() : o.by;
  request.reason = o.reason;
  if (!o.case_ref.empty()) request.case_ref = o.case_ref;

  // Ctrl-C cancels the export (and so removes its partial package) rather than killing
  // the process mid-write. Blocked before the worker starts, so only sigtimedwait sees it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const bool tty = ::isatty(STDERR_FILENO) != 0;
  evidence::ExportJobsOptions options;
  options.context = {config->recordings_dir(), index->get(), &*key, &SystemClock::Get(),
                     o.out.empty() ? evidence::DefaultExportDir(config->data_dir)
                                 : std::filesystem::path(o.out),
                     config->site_name == "anninh" ? HostName() : config->site_name,
                     std::string("anninh ") + ANNINH_VERSION};
  options.on_update = [tty](const evidence::JobStatus& s) { PrintProgress(s, tty); };
  evidence::ExportJobs jobs(options);
  auto id = jobs.Submit(request);
  if (!id) {
    std::cerr << "export: " << id.error().message() << "\n";
    return 2;
  }
  Result<evidence::JobStatus> status = Fail(ErrorCode::kInternal, "not started");
  for (;;) {
    status = jobs.Wait(*id, std::chrono::milliseconds(200));
    if (status) break;
    struct timespec poll {};
    if (int sig = sigtimedwait(&signals, nullptr, &poll); sig > 0) {
      std::cerr << "\nexport: signal " << sig << ": cancelling\n";
      (void)jobs.Cancel(*id);
    }
  }
  if (tty) std::cerr << "\n";
  switch (status->state) {
    case evidence::JobState::kDone: break;
    case evidence::JobState::kCancelled:
      std::cerr << "export: cancelled; nothing was kept\n";
      return 1;
    default:
      std::cerr << "export: " << status->error.message() << "\n";
      return status->error.code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  const evidence::PackageResult& p = *status->package;
  AuditFromCli(*config, "export", o.camera, *from, *to,
               fmt::format("{} sha256 {} manifest {}: {}", p.archive.filename().string(), p.archive_sha256,
                           p.manifest_sha256, o.reason));
  std::cout << fmt::format(
      "exported {} {} {} → {}\n"
      "  folder:          {}\n"
      "  archive:         {} ({})\n"
      "  archive SHA-256: {}\n"
      "  manifest SHA-256: {}\n"
      "  signed by:       {} (public key {})\n",
      p.manifest.camera_id, p.manifest.stream, FormatIso8601(p.manifest.video_start),
      FormatIso8601(p.manifest.video_end), p.directory.string(), p.archive.string(),
      Megabytes(p.archive_bytes), p.archive_sha256, p.manifest_sha256, key->Fingerprint(),
      key->PublicKeyHex());
  return 0;
}

int RunVerify(const VerifyCommandOptions& o) {
  evidence::VerifyOptions options;
  if (!o.key_hex.empty() && !o.key_file.empty()) {
    std::cerr << "verify: give --key or --key-file, not both\n";
    return 2;
  }
  if (!o.key_hex.empty() || !o.key_file.empty()) {
    auto key = o.key_hex.empty() ? evidence::ReadPublicKeyFile(o.key_file)
                                 : evidence::ParsePublicKeyHex(o.key_hex);
    if (!key) {
      std::cerr << "verify: " << (o.key_hex.empty() ? "--key-file: " : "--key: ")
                << key.error().message() << "\n";
      return 2;
    }
    options.expected_key = *key;
  }
  auto report = evidence::VerifyPackage(o.package, options);
  if (!report) {
    std::cerr << "verify: " << report.error().message() << "\n";
    return 2;
  }
  const int failed = report->io_error() ? 2 : 1;
  if (o.json) {
    std::cout << evidence::ReportToJson(*report).dump(2) << "\n";
    return report->ok() ? 0 : failed;
  }
  if (report->io_error()) {
    std::cout << o.package << ": NOT CHECKED — some files could not be read here:\n";
    for (const evidence::Finding& f : report->findings) std::cout << "  " << f.message << "\n";
    return 2;
  }
  if (!report->ok()) {
    std::cout << fmt::format("{}: ALTERED — {} problem(s):\n", o.package,
                             report->findings.size());
    for (const evidence::Finding& f : report->findings) std::cout << "  " << f.message << "\n";
    return 1;
  }
  const evidence::Manifest& m = *report->manifest;
  std::cout << fmt::format(
      "{}: OK — intact, {} file(s) as signed\n"
      "  camera:     {} ({}), stream {}\n"
      "  range:      {} → {}\n"
      "  exported:   {} by {}: {}{}\n"
      "  signed by:  site \"{}\", key {}\n",
      o.package, report->files_checked, m.camera_name, m.camera_id, m.stream,
      evidence::FormatIso8601Offset(m.requested_from),
      evidence::FormatIso8601Offset(m.requested_to),
      evidence::FormatIso8601Offset(m.created_at), m.exported_by, m.reason,
      m.case_ref ? " (case " + *m.case_ref + ")" : "", m.site_name, report->fingerprint);
  if (!options.expected_key) {
    std::cout << "  The signature proves the package is unchanged since the holder of this key\n"
                 "  signed it. Compare the fingerprint with the one the site gave you, or run\n"
                 "  again with --key " << report->public_key_hex << "\n";
  }
  return 0;
}

}  // namespace anninh::app
