// A camera's rules: what in the picture matters, and when. Zones and lines are drawn in
// normalised coordinates; rules name one of them and say which objects count (class,
// minimum confidence), at what times (a daily schedule in the site's local time), and for
// dwell rules how long an object must stay. The engine turns tracks into Observations.
//
// Thread contract: thread-compatible (the camera's analysis worker owns it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/geometry.h"
#include "analytics/tracker.h"
#include "core/clock.h"
#include "events/event.h"

namespace anninh::analytics {

struct Zone {
  std::string id;
  Polygon polygon;
};

// A tripwire from a to b. Its sides are named as someone standing at a, looking at b, sees
// them: "left" and "right".
struct Tripwire {
  std::string id;
  Point a, b;
};

enum class RuleKind {
  kEnter,  // an object is in the zone: one event per visit, ends when it leaves
  kDwell,  // an object has stayed in the zone for `dwell_ns` (loitering)
  kCross,  // an object crossed the line toward `direction` (an instant: start and end)
};

// Minutes after local midnight, [start, end); wraps past midnight when end < start
// ("22:00–05:00"). start == end means all day.
struct Schedule {
  int start_minute = 0;
  int end_minute = 0;
  bool Contains(int minute_of_day) const;
};

struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kEnter;
  std::string target;                // zone id (enter, dwell) or line id (cross)
  std::vector<std::string> classes{};  // empty: any object
  float min_confidence = 0;
  std::int64_t dwell_ns = 0;         // kDwell
  std::string direction = "any";     // kCross: "left", "right" or "any"
  std::optional<Schedule> schedule{};  // none: always
};

struct CameraRules {
  std::vector<Zone> zones;
  std::vector<Tripwire> lines;
  std::vector<Rule> rules;
  int utc_offset_minutes = 7 * 60;  // the site's local time (Vietnam: UTC+7, no DST)
};

// Checks references (rule → zone/line), shapes and values; one message per problem.
std::vector<std::string> Validate(const CameraRules& rules);

// Draws the box on the current picture and encodes it; called only when a snapshot is due.
using SnapshotFn = std::function<std::vector<std::uint8_t>(const events::Box& box)>;

class RuleEngine {
 public:
  // `rules` must have passed Validate. `sink` must outlive the engine.
  RuleEngine(std::string camera_id, CameraRules rules, events::ObservationSink& sink);

  // One picture: the tracker's live tracks and those that ended now.
  void Update(const std::vector<Track>& tracks, const std::vector<Track>& ended, WallNs wall, const SnapshotFn& snapshot);
  // Closes every open event (the picture sequence broke, the camera stopped).
  void EndAll(WallNs wall);

  std::uint64_t observations() const { return observations_; }

 private:
  struct RuleState {
    bool open = false;
    WallNs in_since = 0;      // kDwell: when it entered; 0 outside
    float reported = 0;       // best confidence reported (snapshots only when it improves)
    int pending_side = 0;     // kCross: a crossing seen before the track was confirmed
    int crossed = 0;          // kCross: bit 1 left, bit 2 right, already reported
  };
  struct TrackState {
    Track last;  // as last seen, to close its events when the track is gone
    Point last_foot;
    bool has_last = false;
    std::vector<RuleState> rules;
  };

  bool Admits(const Rule& rule, const Track& track, WallNs wall) const;
  void Emit(const Rule& rule, const Track& track, events::Phase phase, WallNs wall, std::string direction,
            const SnapshotFn* snapshot);

  std::string camera_id_;
  CameraRules rules_;
  std::vector<const Zone*> zone_of_;      // per rule
  std::vector<const Tripwire*> line_of_;  // per rule
  events::ObservationSink& sink_;
  std::unordered_map<std::int64_t, TrackState> states_;
  std::uint64_t observations_ = 0;
};

}  // namespace anninh::analytics
