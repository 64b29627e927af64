#include "analytics/rules.h"

#include <algorithm>
#include <cmath>

namespace anninh::analytics {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000;
constexpr float kBetterBy = 0.05f;  // a new snapshot only for a clearly better view

bool Finite(Point p) { return std::isfinite(p.x) && std::isfinite(p.y); }

}  // namespace

bool Schedule::Contains(int m) const {
  if (start_minute == end_minute) return true;
  if (start_minute < end_minute) return m >= start_minute && m < end_minute;
  return m >= start_minute || m < end_minute;
}

std::vector<std::string> Validate(const CameraRules& r) {
  std::vector<std::string> problems;
  auto in_frame = [](Point p) { return Finite(p) && p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1; };
  for (const Zone& z : r.zones) {
    if (z.polygon.size() < 3) problems.push_back("zone " + z.id + ": a polygon needs at least 3 points");
    if (!std::all_of(z.polygon.begin(), z.polygon.end(), in_frame)) {
      problems.push_back("zone " + z.id + ": points must be within 0..1 (fractions of the frame)");
    }
  }
  for (const Tripwire& l : r.lines) {
    if (!in_frame(l.a) || !in_frame(l.b)) problems.push_back("line " + l.id + ": points must be within 0..1");
    if (l.a.x == l.b.x && l.a.y == l.b.y) problems.push_back("line " + l.id + ": its two ends are the same point");
  }
  for (const Rule& rule : r.rules) {
    const bool wants_line = rule.kind == RuleKind::kCross;
    const bool found = wants_line
                           ? std::any_of(r.lines.begin(), r.lines.end(), [&](const Tripwire& l) { return l.id == rule.target; })
                           : std::any_of(r.zones.begin(), r.zones.end(), [&](const Zone& z) { return z.id == rule.target; });
    if (!found) problems.push_back("rule " + rule.id + ": no " + (wants_line ? "line" : "zone") + " named \"" + rule.target + "\"");
    if (rule.kind == RuleKind::kDwell && rule.dwell_ns <= 0) problems.push_back("rule " + rule.id + ": a dwell rule needs dwell > 0");
    if (rule.direction != "any" && rule.direction != "left" && rule.direction != "right") {
      problems.push_back("rule " + rule.id + ": direction must be \"left\", \"right\" or \"any\"");
    }
    if (rule.min_confidence < 0 || rule.min_confidence > 1) problems.push_back("rule " + rule.id + ": min_confidence must be within 0..1");
  }
  return problems;
}

RuleEngine::RuleEngine(std::string camera_id, CameraRules rules, events::ObservationSink& sink)
    : camera_id_(std::move(camera_id)), rules_(std::move(rules)), sink_(sink) {
  for (const Rule& rule : rules_.rules) {
    const Zone* zone = nullptr;
    const Tripwire* line = nullptr;
    for (const Zone& z : rules_.zones) if (z.id == rule.target) zone = &z;
    for (const Tripwire& l : rules_.lines) if (l.id == rule.target) line = &l;
    zone_of_.push_back(rule.kind == RuleKind::kCross ? nullptr : zone);
    line_of_.push_back(rule.kind == RuleKind::kCross ? line : nullptr);
  }
}

bool RuleEngine::Admits(const Rule& rule, const Track& track, WallNs wall) const {
  if (!track.confirmed || track.confidence < rule.min_confidence) return false;
  if (!rule.classes.empty() && std::find(rule.classes.begin(), rule.classes.end(), track.object_class) == rule.classes.end()) {
    return false;
  }
  if (rule.schedule) {
    const std::int64_t local = wall / kMinuteNs + rules_.utc_offset_minutes;
    const int minute = static_cast<int>(((local % 1440) + 1440) % 1440);
    if (!rule.schedule->Contains(minute)) return false;
  }
  return true;
}

void RuleEngine::Emit(const Rule& rule, const Track& track, events::Phase phase, WallNs wall, std::string direction,
                      const SnapshotFn* snapshot) {
  events::Observation o;
  o.camera_id = camera_id_;
  o.rule = rule.id;
  o.zone = rule.target;
  o.object_class = track.object_class;
  o.direction = std::move(direction);
  o.track_id = track.id;
  o.phase = phase;
  o.time_ns = wall;
  o.confidence = track.confidence;
  o.box = track.box;
  if (snapshot && *snapshot) o.snapshot_jpeg = (*snapshot)(track.box);
  ++observations_;
  sink_.Report(std::move(o));
}

void RuleEngine::Update(const std::vector<Track>& tracks, const std::vector<Track>& ended, WallNs wall,
                        const SnapshotFn& snapshot) {
  for (const Track& track : tracks) {
    TrackState& state = states_[track.id];
    if (state.rules.empty()) state.rules.resize(rules_.rules.size());
    state.last = track;
    const Point foot = FootOf(track.box);
    for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
      const Rule& rule = rules_.rules[i];
      RuleState& rs = state.rules[i];
      if (rule.kind == RuleKind::kCross) {
        const Tripwire& line = *line_of_[i];
        if (state.has_last && SegmentsCross(line.a, line.b, state.last_foot, foot) && SideOf(line.a, line.b, foot) != 0) {
          rs.pending_side = SideOf(line.a, line.b, foot);
        }
        if (rs.pending_side != 0 && track.confirmed) {
          const int side = rs.pending_side;
          rs.pending_side = 0;
          const std::string toward = side > 0 ? "right" : "left";
          const int bit = side > 0 ? 2 : 1;
          // Once per track and direction: someone dithering on the line is one crossing.
          if ((rs.crossed & bit) == 0 && (rule.direction == "any" || rule.direction == toward) && Admits(rule, track, wall)) {
            rs.crossed |= bit;
            Emit(rule, track, events::Phase::kStart, wall, toward, &snapshot);
            Emit(rule, track, events::Phase::kEnd, wall, toward, nullptr);
          }
        }
        continue;
      }
      const bool inside = Contains(zone_of_[i]->polygon, foot);
      if (!inside) {
        rs.in_since = 0;
        if (rs.open) {
          rs.open = false;
          Emit(rule, track, events::Phase::kEnd, wall, "", nullptr);
        }
        continue;
      }
      if (rs.in_since == 0) rs.in_since = wall;
      if (rs.open) {
        if (track.confidence >= rs.reported + kBetterBy) {
          rs.reported = track.confidence;
          Emit(rule, track, events::Phase::kUpdate, wall, "", &snapshot);
        }
        continue;
      }
      if (rule.kind == RuleKind::kDwell && wall - rs.in_since < rule.dwell_ns) continue;
      if (!Admits(rule, track, wall)) continue;
      rs.open = true;
      rs.reported = track.confidence;
      Emit(rule, track, events::Phase::kStart, wall, "", &snapshot);
    }
    state.last_foot = foot;
    state.has_last = true;
  }
  for (const Track& track : ended) {
    auto it = states_.find(track.id);
    if (it == states_.end()) continue;
    for (std::size_t i = 0; i < rules_.rules.size() && i < it->second.rules.size(); ++i) {
      if (it->second.rules[i].open) Emit(rules_.rules[i], it->second.last, events::Phase::kEnd, wall, "", nullptr);
    }
    states_.erase(it);
  }
}

void RuleEngine::EndAll(WallNs wall) {
  for (auto& [id, state] : states_) {
    for (std::size_t i = 0; i < rules_.rules.size() && i < state.rules.size(); ++i) {
      if (state.rules[i].open) Emit(rules_.rules[i], state.last, events::Phase::kEnd, wall, "", nullptr);
    }
  }
  states_.clear();
}

}  // namespace anninh::analytics
