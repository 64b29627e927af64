#include "app/commands.h"
#include "app/commands_access.h"

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

extern "C" {
#include <libavformat/avformat.h>
}

#include "app/config.h"
#include "app/server.h"
#include "core/fs.h"
#include "core/log.h"
#include "core/time_format.h"
#include "record/retention_policy.h"
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

Result<std::unique_ptr<store::sqlite::SqliteRecordingIndex>> OpenIndexOrReport(
    const Config& config) {
  std::error_code ec;
  if (!std::filesystem::exists(config.index_path(), ec)) {
    std::cerr << "no recording index at " << config.index_path().string()
              << " (has `anninh serve` run with this config?)\n";
    return Fail(ErrorCode::kNotFound, "no index");
  }
  auto index = store::sqlite::SqliteRecordingIndex::Open(config.index_path());
  if (!index) std::cerr << index.error().ToString() << "\n";
  return index;
}

// Per camera: what is kept, how far back, and how long until space runs out.
struct CameraStorage {
  std::string camera_id;
  std::uint64_t retained = 0;
  std::uint64_t held = 0;
  double days_covered = 0;
  double bytes_per_day = 0;
  std::optional<double> days_left;
  record::RetentionLimits limits{0, 0};
};
struct Storage {
  fs::SpaceInfo space;
  std::uint64_t floor = 0;
  std::vector<CameraStorage> cameras;
};

Result<Storage> ComputeStorage(const Config& config, store::RecordingIndex& index, WallNs now) {
  Storage out;
  std::error_code ec;
  auto space = fs::Space(std::filesystem::exists(config.recordings_dir(), ec)
                             ? config.recordings_dir() : config.data_dir);
  if (!space) return Fail(std::move(space).error());
  out.space = *space;
  out.floor = record::FloorBytes({config.min_free_percent, config.min_free_bytes},
                                 space->total_bytes);
  auto retained = index.RetainedBytes();
  auto held = index.HeldBytes();
  auto totals = index.Totals();
  if (!retained || !held || !totals) return Fail(ErrorCode::kInternal, "cannot read the index");
  std::map<std::string, CameraStorage> cams;
  for (const auto& r : *retained) cams[r.camera_id].retained += r.bytes;
  for (const auto& [id, bytes] : *held) cams[id].held = bytes;
  std::map<std::string, std::pair<WallNs, WallNs>> span;
  for (const auto& t : *totals) {
    auto [it, fresh] = span.try_emplace(t.camera_id, t.first_start, t.last_end);
    if (!fresh) {
      it->second.first = std::min(it->second.first, t.first_start);
      it->second.second = std::max(it->second.second, t.last_end);
    }
  }
  // The recent write rate: the last day's segments (or since recording began).
  constexpr WallNs kWindow = record::kNsPerDay;
  double site_rate = 0;
  for (auto& [id, c] : cams) {
    c.camera_id = id;
    for (const CameraConfig& cc : config.cameras) {
      if (cc.id == id) c.limits = cc.retention;
    }
    auto [first, last] = span.count(id) ? span[id] : std::pair<WallNs, WallNs>{now, now};
    c.days_covered = static_cast<double>(last - first) / static_cast<double>(kWindow);
    auto recent = index.Segments({id, "", now - kWindow, INT64_MAX});
    if (!recent) return Fail(std::move(recent).error());
    std::uint64_t bytes = 0;
    for (const auto& seg : *recent) bytes += seg.bytes;
    const WallNs since = std::max(now - kWindow, first);
    if (now > since) {
      c.bytes_per_day = static_cast<double>(bytes) * static_cast<double>(kWindow) /
                        static_cast<double>(now - since);
    }
    site_rate += c.bytes_per_day;
  }
  const std::uint64_t above_floor =
      space->free_bytes > out.floor ? space->free_bytes - out.floor : 0;
  for (auto& [id, c] : cams) {
    const double age_days = span.count(id)
        ? static_cast<double>(now - span[id].first) / static_cast<double>(kWindow) : 0;
    c.days_left = record::DaysLeft({c.limits, c.retained, age_days, c.bytes_per_day, site_rate,
                                    above_floor});
    out.cameras.push_back(c);
  }
  return out;
}

Result<WallNs> ParseTimeArg(const std::string& name, const std::string& text) {
  auto t = ParseTime(text);
  if (!t) return Fail(ErrorCode::kInvalidArgument, name + ": " + t.error().message());
  return t;
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

  auto storage = ComputeStorage(*config, **index, SystemClock::Get().Now());
  if (!storage) {
    std::cerr << storage.error().ToString() << "\n";
    return 1;
  }

  if (o.json) {
    nlohmann::json out = {{"streams", nlohmann::json::array()},
                          {"cameras", nlohmann::json::array()},
                          {"disk", {{"free_bytes", storage->space.free_bytes},
                                    {"total_bytes", storage->space.total_bytes},
                                    {"floor_bytes", storage->floor}}},
                          {"segments", nlohmann::json::array()},
                          {"gaps", nlohmann::json::array()}};
    for (const auto& [key, t] : totals) {
      out["streams"].push_back({{"camera_id", key.first}, {"stream", key.second},
                                {"segments", t.count}, {"bytes", t.bytes},
                                {"start_ns", t.first}, {"end_ns", t.last},
                                {"recorded_ns", t.recorded}});
    }
    for (const auto& c : storage->cameras) {
      if (!o.camera.empty() && c.camera_id != o.camera) continue;
      out["cameras"].push_back({{"camera_id", c.camera_id}, {"retained_bytes", c.retained},
                                {"held_bytes", c.held}, {"days_covered", c.days_covered},
                                {"bytes_per_day", c.bytes_per_day},
                                {"days_left", c.days_left ? nlohmann::json(*c.days_left)
                                                          : nlohmann::json(nullptr)}});
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
  std::cout << fmt::format("\nDisk: {} free of {} (retention keeps at least {} free){}\n",
                           HumanBytes(storage->space.free_bytes),
                           HumanBytes(storage->space.total_bytes), HumanBytes(storage->floor),
                           storage->space.free_bytes < storage->floor ? "  BELOW THE FLOOR" : "");
  std::cout << fmt::format("{:<20} {:>10} {:>10} {:>12} {:>10}\n", "camera", "retained",
                           "covered", "days left", "held");
  for (const auto& c : storage->cameras) {
    if (!o.camera.empty() && c.camera_id != o.camera) continue;
    std::string left = c.days_left ? fmt::format("{:.1f} d", *c.days_left)
                       : c.bytes_per_day > 0 ? fmt::format("steady ({:g} d)", c.limits.days)
                                             : "-";
    std::cout << fmt::format("{:<20} {:>10} {:>8.1f} d {:>12} {:>10}\n", c.camera_id,
                             HumanBytes(c.retained), c.days_covered, left,
                             c.held ? HumanBytes(c.held) : "-");
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

int RunHoldAdd(const HoldOptions& o) {
  auto config = LoadOrReport(o.config_path);
  if (!config) return 2;
  log::Init("warn");
  auto from = ParseTimeArg("--from", o.from);
  auto to = ParseTimeArg("--to", o.to);
  if (!from || !to) {
    std::cerr << "hold add: " << (from ? to.error() : from.error()).message() << "\n";
    return 2;
  }
  if (*from >= *to) {
    std::cerr << "hold add: --from must be before --to\n";
    return 2;
  }
  // No data-folder lock: the index is SQLite in WAL mode, so this works beside a running
  // server, whose retention re-checks holds in the same transaction that marks deletions.
  auto index = OpenIndexOrReport(*config);
  if (!index) return 1;
  // A camera in the config, or one that is gone from it but still has recordings.
  bool known = false;
  for (const auto& c : config->cameras) known = known || c.id == o.camera;
  if (!known) {
    auto totals = (*index)->Totals();
    for (const auto& t : totals ? *totals : std::vector<store::StreamTotals>{}) {
      known = known || t.camera_id == o.camera;
    }
  }
  if (!known) {
    std::cerr << "hold add: unknown camera '" << o.camera << "' (not in " << o.config_path
              << " and no recordings)\n";
    return 2;
  }
  store::HoldRow hold{0, o.camera, *from, *to, o.reason, CliActor(), SystemClock::Get().Now(), ""};
  if (auto s = (*index)->AddHold(hold); !s) {
    std::cerr << "hold add: " << s.error().message() << "\n";
    return s.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  AuditFromCli(*config, "hold.add", hold.camera_id, hold.start, hold.end, "hold " + std::to_string(hold.id) + ": " + hold.reason);
  std::cout << fmt::format("hold {} added: {} {} → {}: {}\n", hold.id, hold.camera_id,
                           FormatIso8601(hold.start), FormatIso8601(hold.end), hold.reason);
  return 0;
}

int RunHoldRelease(const HoldOptions& o) {
  auto config = LoadOrReport(o.config_path);
  if (!config) return 2;
  log::Init("warn");
  auto index = OpenIndexOrReport(*config);
  if (!index) return 1;
  if (auto s = (*index)->ReleaseHold(o.id); !s) {
    std::cerr << "hold release: " << s.error().message() << "\n";
    return s.error().code() == ErrorCode::kNotFound ? 2 : 1;
  }
  AuditFromCli(*config, "hold.release", "", 0, 0, "hold " + std::to_string(o.id));
  std::cout << "hold " << o.id << " released\n";
  return 0;
}

int RunHoldList(const HoldOptions& o) {
  auto config = LoadOrReport(o.config_path);
  if (!config) return 2;
  log::Init("warn");
  auto index = OpenIndexOrReport(*config);
  if (!index) return 1;
  auto holds = (*index)->Holds(o.camera);
  if (!holds) {
    std::cerr << "hold list: " << holds.error().ToString() << "\n";
    return 1;
  }
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : *holds) {
      out.push_back({{"id", h.id}, {"camera_id", h.camera_id}, {"start_ns", h.start},
                     {"end_ns", h.end}, {"reason", h.reason}, {"created_by", h.created_by},
                     {"created_at_ns", h.created_at}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (holds->empty()) std::cout << "No holds.\n";
  for (const auto& h : *holds) {
    std::cout << fmt::format("{:>5}  {:<16} {} → {}  {}  (by {}, {})\n", h.id, h.camera_id,
                             FormatIso8601(h.start), FormatIso8601(h.end), h.reason,
                             h.created_by, FormatIso8601(h.created_at));
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
