#include "app/commands.h"

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "app/config.h"
#include "app/server.h"
#include "core/log.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_recording_index.h"

namespace anninh::app {

namespace {

Result<Config> LoadOrReport(const std::string& path) {
  auto config = LoadConfig(path);
  if (!config) std::cerr << config.error().message() << "\n";
  return config;
}

std::string HumanBytes(std::uint64_t b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, units[u]);
}

}  // namespace

int RunServe(const std::string& config_path) {
  auto config = LoadOrReport(config_path);
  if (!config) return 2;
  log::Init(config->log_level);
  spdlog::info("anninh {} starting; data in {}", ANNINH_VERSION, config->data_dir.string());

  // Block the shutdown signals before any thread starts, so only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = Server::Create(*config, SystemClock::Get());
  if (!server) {
    spdlog::error("cannot start: {}", server.error().ToString());
    return 1;
  }
  (*server)->Start();
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: stopping", sig);
  (*server)->Stop();
  return 0;
}

int RunCheckConfig(const std::string& config_path) {
  auto config = LoadOrReport(config_path);
  if (!config) return 1;
  int streams = 0;
  for (const auto& c : config->cameras) streams += (c.main ? 1 : 0) + (c.sub ? 1 : 0);
  std::cout << config_path << ": OK (" << config->cameras.size() << " camera(s), " << streams
            << " stream(s); data in " << config->data_dir.string() << ")\n";
  return 0;
}

int RunRecordings(const RecordingsOptions& o) {
  auto config = LoadOrReport(o.config_path);
  if (!config) return 2;
  log::Init("warn");
  auto index = store::sqlite::SqliteRecordingIndex::Open(config->index_path());
  if (!index) {
    std::cerr << index.error().ToString() << "\n";
    return 1;
  }
  store::TimeQuery q;
  q.camera_id = o.camera;
  if (!o.from.empty()) {
    auto t = ParseTime(o.from);
    if (!t) return std::cerr << "--from: " << t.error().message() << "\n", 2;
    q.from = *t;
  }
  if (!o.to.empty()) {
    auto t = ParseTime(o.to);
    if (!t) return std::cerr << "--to: " << t.error().message() << "\n", 2;
    q.to = *t;
  }
  auto segments = (*index)->Segments(q);
  auto gaps = (*index)->Gaps(q);
  if (!segments || !gaps) {
    std::cerr << (segments ? gaps.error() : segments.error()).ToString() << "\n";
    return 1;
  }

  // Totals per stream over the window.
  struct Total {
    std::int64_t count = 0;
    std::uint64_t bytes = 0;
    WallNs first = 0, last = 0, recorded = 0;
  };
  std::map<std::pair<std::string, std::string>, Total> totals;
  for (const auto& s : *segments) {
    Total& t = totals[{s.camera_id, s.stream}];
    if (t.count == 0 || s.start < t.first) t.first = s.start;
    t.last = std::max(t.last, s.end);
    ++t.count;
    t.bytes += s.bytes;
    t.recorded += s.end - s.start;
  }

  if (o.json) {
    nlohmann::json out = {{"streams", nlohmann::json::array()},
                          {"segments", nlohmann::json::array()},
                          {"gaps", nlohmann::json::array()}};
    for (const auto& [key, t] : totals) {
      out["streams"].push_back({{"camera_id", key.first}, {"stream", key.second},
                                {"segments", t.count}, {"bytes", t.bytes},
                                {"start_ns", t.first}, {"end_ns", t.last},
                                {"recorded_ns", t.recorded}});
    }
    for (const auto& s : *segments) {
      out["segments"].push_back({{"id", s.id}, {"camera_id", s.camera_id}, {"stream", s.stream},
                                 {"path", s.path}, {"start_ns", s.start}, {"end_ns", s.end},
                                 {"frames", s.frames}, {"bytes", s.bytes}, {"sha256", s.sha256},
                                 {"codec", s.codec}, {"discontinuities", s.discontinuities},
                                 {"recovered", s.recovered}});
    }
    for (const auto& g : *gaps) {
      out["gaps"].push_back({{"camera_id", g.camera_id}, {"stream", g.stream},
                             {"start_ns", g.start}, {"end_ns", g.end}, {"reason", g.reason}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  if (totals.empty()) std::cout << "No recordings" << (o.camera.empty() ? "" : " for " + o.camera) << ".\n";
  for (const auto& [key, t] : totals) {
    std::cout << fmt::format("{:<20} {:<5} {:>5} segments  {:>10}  {} → {}  ({:.1f} min recorded)\n",
                             key.first, key.second, t.count, HumanBytes(t.bytes),
                             FormatIso8601(t.first), FormatIso8601(t.last),
                             static_cast<double>(t.recorded) / 60e9);
  }
  if (o.segments) {
    for (const auto& s : *segments) {
      std::cout << fmt::format("  {} {} {} → {} {:>6.1f} s {:>6} frames {:>10}{} {}\n",
                               s.camera_id, s.stream, FormatIso8601(s.start), FormatIso8601(s.end),
                               static_cast<double>(s.end - s.start) / 1e9, s.frames,
                               HumanBytes(s.bytes), s.recovered ? " (recovered)" : "",
                               (config->recordings_dir() / s.path).string());
    }
    for (const auto& g : *gaps) {
      std::cout << fmt::format("  gap {} {} {} → {} {:>6.1f} s: {}\n", g.camera_id, g.stream,
                               FormatIso8601(g.start), FormatIso8601(g.end),
                               static_cast<double>(g.end - g.start) / 1e9, g.reason);
    }
  }
  return 0;
}

int RunFsck(const std::string& config_path, bool repair, bool verify_hashes) {
  auto config = LoadOrReport(config_path);
  if (!config) return 2;
  log::Init("error");
  auto lock = DataDirLock::Acquire(config->data_dir);
  if (!lock) {
    std::cerr << "fsck: " << lock.error().message() << "\n";
    return 2;
  }
  auto index = store::sqlite::SqliteRecordingIndex::Open(config->index_path());
  if (!index) {
    std::cerr << "fsck: " << index.error().ToString() << "\n";
    return 1;
  }
  auto report = record::Reconcile(**index, config->recordings_dir(),
                                  {.repair = repair, .verify_hashes = verify_hashes});
  if (!report) {
    std::cerr << "fsck: " << report.error().ToString() << "\n";
    return 1;
  }
  for (const auto& p : report->problems) std::cout << "problem: " << p << "\n";
  for (const auto& a : report->actions) std::cout << "repaired: " << a << "\n";
  std::cout << fmt::format("fsck: {} file(s), {} index row(s) checked{}: {}\n",
                           report->files_checked, report->rows_checked,
                           verify_hashes ? ", hashes verified" : "",
                           report->clean() ? "clean" : fmt::format("{} problem(s)", report->problems.size()));
  if (report->clean()) return 0;
  if (!repair) return 1;
  // After repairing, the result must be clean; anything left needs a person.
  auto again = record::Reconcile(**index, config->recordings_dir(),
                                 {.repair = false, .verify_hashes = verify_hashes});
  return again && again->clean() ? 0 : 1;
}

int RunVersion() {
  std::cout << "anninh " << ANNINH_VERSION << "\n"
            << "libavformat " << LIBAVFORMAT_IDENT << "\n"
            << "SQLite " << sqlite3_libversion() << "\n";
  return 0;
}

}  // namespace anninh::app
