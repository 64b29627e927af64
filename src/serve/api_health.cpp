// Camera health for the console (docs/design/0012-web-console.md, "Health"): per camera, the
// share of each day of the last 7 or 30 that was recorded (record::Uptime, the one
// definition of "working"), whether it is offline now and why, how much it stores and how
// many days of footage its retention limits and the disk will hold at its current rate.
// Days are the site's (fixed UTC offset, [site] utc_offset_hours), so the bars match the
// dates the console prints.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "core/fs.h"
#include "record/uptime.h"
#include "serve/api.h"
#include "serve/api_util.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

constexpr WallNs kDay = 86'400 * kNsPerSecond;

// The site-local midnights starting each of the `days` days that end with today, then now:
// the last day is measured only up to now, so a morning does not read as a bad day.
std::vector<std::int64_t> DayEdges(WallNs now, int utc_offset_minutes, int days) {
  const WallNs offset = WallNs{utc_offset_minutes} * 60 * kNsPerSecond;
  const WallNs local = now + offset;
  const WallNs today = (local >= 0 ? local / kDay : (local - kDay + 1) / kDay) * kDay - offset;
  std::vector<std::int64_t> edges;
  edges.reserve(static_cast<std::size_t>(days) + 1);
  for (int i = days - 1; i >= 0; --i) edges.push_back(today - WallNs{i} * kDay);
  edges.push_back(now);
  return edges;
}

bool Working(const StreamView& s) {
  return s.running && (s.ingest.state == ingest::StreamState::kStreaming ||
                       s.ingest.state == ingest::StreamState::kConnecting);
}

}  // namespace

Response Api::Health(const Call& c) const {
  if (auto s = CheckParams(c.target, {"days"}); !s) return ErrorResponse(s.error());
  int days = 7;
  if (auto it = c.target.query.find("days"); it != c.target.query.end()) {
    auto d = ParseId(it->second, "'days'");
    if (!d || *d > 90) return ErrorResponse(FieldError("days", "must be 1 to 90"));
    days = static_cast<int>(*d);
  }
  const WallNs now = deps_.clock.Now();
  std::vector<CameraView> cameras = deps_.cameras.Cameras();
  std::erase_if(cameras, [&](const CameraView& cam) { return !c.who.SeesCamera(cam.area); });
  std::vector<std::string> ids;
  ids.reserve(cameras.size());
  for (const CameraView& cam : cameras) ids.push_back(cam.id);
  const std::vector<std::int64_t> edges = DayEdges(now, options_.utc_offset_minutes, days);
  auto uptime = record::Uptime(deps_.index, ids, edges);
  if (!uptime) return ErrorResponse(uptime.error());
  auto totals = deps_.index.Totals();
  if (!totals) return ErrorResponse(totals.error());

  // Stored bytes and growth per camera (every stream), and the site's total growth.
  struct Usage {
    std::uint64_t bytes = 0;
    WallNs first = 0;
    WallNs last = 0;
  };
  std::map<std::string, Usage> usage;
  for (const store::StreamTotals& t : *totals) {
    Usage& u = usage[t.camera_id];
    u.bytes += t.bytes;
    if (t.segments > 0) {
      u.first = u.first == 0 ? t.first_start : std::min(u.first, t.first_start);
      u.last = std::max(u.last, t.last_end);
    }
  }
  // Bytes a day: what the camera stored over the time its footage spans. Under an hour of
  // history says too little to project from.
  auto per_day = [](const Usage& u) -> double {
    const WallNs span = u.last - u.first;
    if (span < 3600 * kNsPerSecond) return 0;
    return static_cast<double>(u.bytes) * static_cast<double>(kDay) / static_cast<double>(span);
  };
  double site_per_day = 0;
  std::uint64_t site_bytes = 0;
  for (const auto& [id, u] : usage) {
    site_per_day += per_day(u);
    site_bytes += u.bytes;
  }
  json disk = nullptr;
  double disk_days = std::numeric_limits<double>::infinity();
  if (auto space = fs::Space(options_.recordings_dir)) {
    disk = {{"free_bytes", space->free_bytes}, {"total_bytes", space->total_bytes}, {"full_in_days", nullptr}};
    if (site_per_day > 0) {
      disk["full_in_days"] = static_cast<double>(space->free_bytes) / site_per_day;
      // Everything stored plus what is free, shared at the cameras' rates.
      disk_days = static_cast<double>(space->free_bytes + site_bytes) / site_per_day;
    }
  }

  // The days are judged from when this site began recording (its oldest footage), not
  // before: a server installed this morning has no "0 % last week", and a camera dead
  // since the install still shows 0 % from then on.
  WallNs site_first = 0;
  for (const auto& [id, u] : usage) {
    if (u.first != 0) site_first = site_first == 0 ? u.first : std::min(site_first, u.first);
  }
  const WallNs watched_from = site_first == 0 ? now : std::max(edges.front(), site_first);

  json day_list = json::array();
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    json d = json::object();
    PutTime(d, "start", edges[i]);
    day_list.push_back(std::move(d));
  }
  json cams = json::array();
  json offline = json::array();
  for (std::size_t i = 0; i < cameras.size(); ++i) {
    const CameraView& cam = cameras[i];
    const record::CameraUptime& up = (*uptime)[i];
    json shares = json::array();
    for (std::size_t d = 0; d + 1 < edges.size(); ++d) {
      const WallNs from = std::max(edges[d], watched_from);
      if (from >= edges[d + 1]) {
        shares.push_back(nullptr);  // before the site recorded anything: no data
        continue;
      }
      shares.push_back(static_cast<double>(up.covered_ns[d]) / static_cast<double>(edges[d + 1] - from));
    }
    const json total = watched_from >= now ? json(nullptr)
                                           : json(static_cast<double>(up.total_covered_ns) /
                                                  static_cast<double>(now - watched_from));
    const Usage u = usage.count(cam.id) ? usage[cam.id] : Usage{};
    const double rate = per_day(u);
    json storage = {{"bytes", u.bytes},
                    {"bytes_per_day", rate},
                    {"retained_days", u.first == 0 ? 0.0 : static_cast<double>(now - u.first) / kDay},
                    {"retention_days", cam.retention.days},
                    {"retention_bytes", cam.retention.bytes},
                    {"capacity_days", nullptr}};
    PutOptionalTime(storage, "oldest", u.first);
    if (rate > 0) {
      double capacity = std::min(disk_days, cam.retention.days > 0 ? cam.retention.days
                                                                    : std::numeric_limits<double>::infinity());
      if (cam.retention.bytes > 0) capacity = std::min(capacity, static_cast<double>(cam.retention.bytes) / rate);
      if (std::isfinite(capacity)) storage["capacity_days"] = capacity;
    }
    // The camera's state is its main stream's (the one recorded in full); any stream not
    // working is listed with its reason.
    std::string state = cam.enabled ? "online" : "disabled";
    for (const StreamView& s : cam.streams) {
      if (!cam.enabled || Working(s)) continue;
      const std::string st = s.running ? std::string(ingest::ToString(s.ingest.state)) : "disabled";
      if (s.name == "main" || state == "online") state = st;
      json o = {{"camera_id", cam.id}, {"name", cam.name}, {"stream", s.name}, {"state", st},
                {"reason", s.ingest.reason}, {"detail", s.ingest.detail}};
      PutOptionalTime(o, "since", s.ingest.since);
      offline.push_back(std::move(o));
    }
    cams.push_back({{"id", cam.id},
                    {"name", cam.name},
                    {"area", cam.area},
                    {"state", state},
                    {"uptime", std::move(shares)},
                    {"uptime_total", total},
                    {"storage", std::move(storage)}});
  }
  json out = {{"days", std::move(day_list)}, {"cameras", std::move(cams)}, {"offline", std::move(offline)},
              {"disk", std::move(disk)}, {"utc_offset_minutes", options_.utc_offset_minutes}};
  PutTime(out, "now", now);
  PutOptionalTime(out, "watched_from", site_first == 0 ? 0 : watched_from);
  return Json(200, out);
}

}  // namespace anninh::serve
