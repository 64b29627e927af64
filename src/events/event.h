// The contract between video analytics and the event log: what analytics observes while a rule
// fires (Observation), and the event the log keeps from those observations (Event). Analytics
// (src/analytics) produces Observations into an ObservationSink; the event log (src/events)
// aggregates them into Events, stores them and tells EventListeners (feeds, alerts). Kept free of
// OpenCV and FFmpeg so every side can include it cheaply.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace anninh::events {

// A rectangle in normalised frame coordinates (0..1 of width and height), so zones and boxes
// survive a change of analysis resolution.
struct Box {
  float x = 0, y = 0, w = 0, h = 0;
};

enum class Phase { kStart, kUpdate, kEnd };

// One report about one tracked object and one rule. kStart opens an event, kUpdate may raise
// its confidence or give a better snapshot, kEnd closes it. (camera_id, rule, track_id) names
// the event. Camera health uses the same shape: rule "camera_offline", track_id 0.
struct Observation {
  std::string camera_id;
  std::string rule;          // rule id from the camera's config, or "camera_offline"
  std::string zone;          // zone or line id the rule watches; empty when none
  std::string object_class;  // person, vehicle, car, motorbike, truck, bicycle, object, motion
  std::string direction;     // line crossings: the configured direction name; else empty
  std::int64_t track_id = 0;
  Phase phase = Phase::kStart;
  std::int64_t time_ns = 0;  // wall-clock time of the frame, ns since the Unix epoch
  float confidence = 0;      // 0..1
  Box box;
  // The frame with the box drawn, as JPEG, when this is the best view so far; often empty.
  std::vector<std::uint8_t> snapshot_jpeg;
};

// Called from the analysis thread: must return quickly and never block on I/O.
class ObservationSink {
 public:
  virtual ~ObservationSink() = default;
  virtual void Report(Observation observation) = 0;
};

// An event as the log keeps it.
struct Event {
  std::int64_t id = 0;  // row id in the index; 0 before it is stored
  std::string camera_id, rule, zone, object_class, direction;
  std::int64_t track_id = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;  // 0 while the event is still open
  float peak_confidence = 0;
  Box box;  // at peak confidence
  // The recordings that show it: start - pre-roll to end + post-roll.
  std::int64_t clip_start_ns = 0, clip_end_ns = 0;
  bool reviewed = false;
};

enum class Change { kOpened, kUpdated, kClosed };

// Told of every stored event change (live feed, alerts). Called from the event log's thread:
// must return quickly; slow work (network) goes to the listener's own queue.
class EventListener {
 public:
  virtual ~EventListener() = default;
  virtual void OnEvent(const Event& event, Change change) = 0;
};

}  // namespace anninh::events
