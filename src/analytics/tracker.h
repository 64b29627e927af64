// Keeps identities across pictures, SORT-style (Bewley et al., 2016): each track has a
// constant-velocity Kalman filter over its box (centre, area, aspect ratio); every picture,
// predicted boxes are matched to new ones by IoU, greedily from the best pair down (the
// Hungarian assignment gains little at the handful of objects one camera sees). So one
// person walking through is one track, and a rule fires once for them, not every picture.
//
// Thread contract: thread-compatible (the camera's analysis worker owns it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "events/event.h"

namespace anninh::analytics {

struct Sighting {
  events::Box box;
  std::string object_class;  // "person", "car", ... or "object" before classification
  float confidence = 0;
};

struct Track {
  std::int64_t id = 0;
  events::Box box;           // the filter's estimate, normalised
  events::Box last_box;      // the box of the last sighting
  std::string object_class;  // the class with the best confidence so far
  float confidence = 0;      // best so far
  int hits = 0;              // pictures it was seen in
  int misses = 0;            // pictures since it was last seen
  bool confirmed = false;    // seen in `min_hits` pictures: rules may fire
  float speed = 0;           // frame widths per picture, smoothed
};

struct TrackerOptions {
  float min_iou = 0.1f;
  int min_hits = 2;    // the minimum duration: pictures before a track counts
  int max_misses = 5;  // pictures a track survives unseen (occlusion, a missed detection)
};

class Tracker {
 public:
  explicit Tracker(TrackerOptions options = {});
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  // One picture's sightings. Afterwards tracks() holds the live tracks (seen this picture
  // or recently) and ended() those that ended now.
  void Update(const std::vector<Sighting>& sightings);
  // Ends every track (a break in the pictures).
  void Clear();

  const std::vector<Track>& tracks() const { return tracks_; }
  // For refining a guessed class once a track's speed is known.
  std::vector<Track>& mutable_tracks() { return tracks_; }
  const std::vector<Track>& ended() const { return ended_; }

 private:
  struct Filter;
  TrackerOptions options_;
  std::vector<Track> tracks_;
  std::vector<std::unique_ptr<Filter>> filters_;  // parallel to tracks_
  std::vector<Track> ended_;
  std::int64_t next_id_ = 1;
};

}  // namespace anninh::analytics
