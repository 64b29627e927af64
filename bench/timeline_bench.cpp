// The timeline's cost on a full index (issue 5: 30 days x 32 cameras, goal <= 50 ms): builds
// an index of 60 s segments with a few gaps per camera per day through the recorder's own
// Commit (so spans are maintained the way they are in service), then times the timeline
// query warm, at the store (Spans + Gaps per camera, what the handler reads) and through
// Api::Handle (authentication and JSON included). Reading the segments themselves is timed
// too, for comparison. Not a test: run it by hand through bench/timeline (bench/README.md).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "serve/api.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "store/sqlite/sqlite_recording_index.h"

namespace anninh {
namespace {

using Clock = std::chrono::steady_clock;
constexpr WallNs kMinute = 60 * kNsPerSecond;
constexpr WallNs kDay = 24 * 60 * kMinute;
constexpr WallNs kStart = 1'793'491'200'000'000'000;  // 2026-11-01T00:00:00Z

struct Options {
  int cameras = 32;
  int days = 30;
  int runs = 50;
  int gaps_per_day = 3;
};

class NoCameras final : public serve::CameraSource {
 public:
  std::vector<serve::CameraView> Cameras() const override { return cameras; }
  live::LiveStream* Live(const std::string&, const std::string&) const override { return nullptr; }
  std::vector<serve::CameraView> cameras;
};

std::string CameraId(int i) {
  char id[16];
  std::snprintf(id, sizeof id, "cam%02d", i);
  return id;
}

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "timeline_bench: %s: %s\n", what.c_str(), e.ToString().c_str());
  std::exit(1);
}

// One camera's month: 60 s segments back to back (each starts a few ms after the last one
// ended, as a real cut does) except for `gaps_per_day` outages of 1 to 10 minutes a day.
void AddCamera(store::RecordingIndex& index, const std::string& cam, const Options& o,
               std::mt19937& rng) {
  std::vector<store::SegmentRow> segs;
  std::vector<store::GapRow> gaps;
  segs.reserve(static_cast<std::size_t>(o.days) * 1440);
  const std::string sha(64, 'a');
  for (int day = 0; day < o.days; ++day) {
    std::vector<std::pair<int, int>> outages;  // [first minute, minutes)
    for (int g = 0; g < o.gaps_per_day; ++g) outages.emplace_back(rng() % 1430, 1 + rng() % 10);
    for (int m = 0; m < 1440; ++m) {
      const WallNs t = kStart + day * kDay + m * kMinute;
      const auto out = std::find_if(outages.begin(), outages.end(),
                                    [&](auto g) { return m >= g.first && m < g.first + g.second; });
      if (out != outages.end()) {
        if (m == out->first) {
          gaps.push_back({0, cam, "main", t, t + out->second * kMinute, "stalled"});
        }
        continue;
      }
      store::SegmentRow r;
      r.camera_id = cam;
      r.stream = "main";
      r.path = cam + "/main/" + std::to_string(t) + ".mp4";
      r.start = t + static_cast<WallNs>(rng() % 40) * 1'000'000;
      r.end = t + kMinute - 20'000'000;
      r.frames = 1500;
      r.bytes = 11'250'000;
      r.sha256 = sha;
      r.codec = "h264";
      segs.push_back(std::move(r));
    }
  }
  if (auto s = index.Commit(segs, gaps); !s) Die("commit " + cam, s.error());
}

struct Figures {
  double median_ms, p95_ms;
};

Figures Time(int runs, const std::function<void()>& fn) {
  for (int i = 0; i < 3; ++i) fn();  // warm: pages cached, statements' plans made
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, (ms.size() * 95 + 99) / 100 - 1)]};
}

int Run(const Options& o) {
  char tmpl[] = "/tmp/anninh-timeline-bench-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::filesystem::path dir = tmpl;
  SystemClock clock;
  auto index = store::sqlite::SqliteRecordingIndex::Open(dir / "index.db");
  if (!index) Die("open index", index.error());

  std::mt19937 rng(20261129);
  NoCameras cameras;
  const auto t0 = Clock::now();
  for (int i = 0; i < o.cameras; ++i) {
    AddCamera(**index, CameraId(i), o, rng);
    serve::CameraView v;
    v.id = CameraId(i);
    v.name = v.id;
    v.streams.push_back(serve::StreamView{});
    v.streams.back().name = "main";
    cameras.cameras.push_back(std::move(v));
  }
  const double build_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::int64_t segments = 0;
  const std::vector<store::StreamTotals> totals = (*index)->Totals().value();
  for (const store::StreamTotals& t : totals) segments += t.segments;
  const auto spans = (*index)->Spans({}).value().size();
  const auto gaps = (*index)->Gaps({}).value().size();
  std::printf(
      "index: %d cameras x %d days: %lld segments, %zu gaps, %zu spans; built in %.1f s "
      "(Commit per camera, spans maintained), %.0f MB\n",
      o.cameras, o.days, static_cast<long long>(segments), gaps, spans, build_s,
      static_cast<double>(std::filesystem::file_size(dir / "index.db")) / 1e6);

  // The API as served: a real officer's token, real access control.
  auto access_store = store::sqlite::SqliteAccessStore::Open(dir / "index.db");
  auto audit_store = store::sqlite::SqliteAuditStore::Open(dir / "index.db");
  if (!access_store || !audit_store)
    Die("open stores", access_store ? audit_store.error() : access_store.error());
  auto audit = access::AuditLog::Open(**audit_store, dir / "audit.head", clock);
  if (!audit) Die("audit log", audit.error());
  access::AccessOptions ao;
  ao.password_cost = access::PasswordCost::Minimum();
  access::AccessControl access(**access_store, **audit, clock, ao);
  auto account = access.CreateAccount(
      {"bench", ""}, {"officer", "", "bench password long enough", "officer", {}, {}});
  if (!account) Die("account", account.error());
  auto token = access.CreateToken({"bench", ""}, account->id, "bench", std::chrono::seconds(0));
  if (!token) Die("token", token.error());
  auto cache = serve::VideoCache::Open({dir / "cache"});
  if (!cache) Die("cache", cache.error());
  serve::ApiOptions options;
  options.recordings_dir = dir / "recordings";
  serve::Api api(options, {cameras, **index, **cache, access, **audit, **audit_store, clock});

  const WallNs end = kStart + o.days * kDay;
  for (auto [label, from] :
       {std::pair{std::to_string(o.days) + " days", end - o.days * kDay},
        std::pair{std::string("1 day"), end - kDay}}) {
    std::size_t rows = 0, body = 0;
    const Figures store = Time(o.runs, [&, from = from] {
      rows = 0;
      for (const serve::CameraView& c : cameras.cameras) {
        const store::TimeQuery q{c.id, "main", from, end};
        rows += (*index)->Spans(q).value().size() + (*index)->Gaps(q).value().size();
      }
    });
    serve::Request request{serve::Method::kGet, "/api/v1/timeline?from=" + std::to_string(from) +
                                                    "&to=" + std::to_string(end)};
    request.authorization = "Bearer " + token->token;
    const Figures http = Time(o.runs, [&] {
      serve::Response r = api.Handle(request);
      if (r.status != 200) {
        std::fprintf(stderr, "timeline_bench: %d %s\n", r.status, r.body.c_str());
        std::exit(1);
      }
      body = r.body.size();
    });
    std::printf(
        "%-8s x %d cameras: store median %.2f ms, p95 %.2f ms (%zu spans+gaps); "
        "Api::Handle median %.2f ms, p95 %.2f ms (%zu KB JSON); %d runs\n",
        label.c_str(), o.cameras, store.median_ms, store.p95_ms, rows, http.median_ms, http.p95_ms,
        body / 1024, o.runs);
    std::size_t seg_rows = 0;
    const Figures naive = Time(3, [&, from = from] {
      seg_rows = 0;
      for (const serve::CameraView& c : cameras.cameras) {
        seg_rows += (*index)->Segments({c.id, "main", from, end}).value().size();
      }
    });
    std::printf(
        "%-8s x %d cameras: reading the segments instead: median %.1f ms (%zu rows; 3 runs)\n",
        label.c_str(), o.cameras, naive.median_ms, seg_rows);
  }
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace anninh

int main(int argc, char** argv) {
  anninh::Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--cameras")
      o.cameras = value;
    else if (flag == "--days")
      o.days = value;
    else if (flag == "--runs")
      o.runs = value;
    else if (flag == "--gaps-per-day")
      o.gaps_per_day = value;
    else {
      std::fprintf(
          stderr,
          "usage: timeline_bench [--cameras 32] [--days 30] [--runs 50] [--gaps-per-day 3]\n");
      return 2;
    }
  }
  if (o.cameras < 1 || o.days < 1 || o.runs < 1 || o.gaps_per_day < 0) {
    std::fprintf(stderr, "timeline_bench: counts must be positive\n");
    return 2;
  }
  return anninh::Run(o);
}
