// Moving regions from a background model (OpenCV's MOG2) on the small grey picture.
//
// What an outdoor camera in Vietnam sees that is not an intruder, and how each is ignored:
//   - brightness changes of the whole picture (night-mode switch, headlights, clouds, auto
//     exposure): every picture is scaled to the same mean brightness before the model sees
//     it, and when a large share of the picture changes at once anyway (or the brightness
//     jumps and a fair share changes: clipped pixels do not normalise), that is taken as a
//     scene change: the model relearns for a moment instead of reporting it;
//   - flicker (mains-powered lights): the same brightness normalisation;
//   - rain and sensor noise: isolated changed pixels are removed by a morphological opening
//     and regions under `min_area` are dropped;
//   - leaves and flags: MOG2 keeps several background modes per pixel, so a pixel that
//     swings between two values becomes background; masks cut out what remains.
// Minimum duration is the tracker's job (a track must be seen for a while before a rule
// fires), because only a track knows it is the same thing moving.
//
// Thread contract: thread-compatible (the camera's analysis worker owns it).
#pragma once

#include <memory>
#include <vector>

#include "analytics/geometry.h"
#include "analytics/grey_frame.h"
#include "events/event.h"

namespace anninh::analytics {

struct MotionOptions {
  std::vector<Polygon> masks{};      // never report motion here (trees, a road, a TV)
  double min_area = 0.0015;         // of the frame; smaller regions are noise
  double scene_change = 0.35;       // this share of the frame changing at once: relearn
  // A jump in the picture's mean brightness (levels of 255) or contrast (relative) from one
  // picture to the next, with at least `jump_share` of the frame changed: relearn too.
  double jump_mean = 8;
  double jump_contrast = 0.15;
  double jump_share = 0.05;
  int history = 150;                // pictures the background remembers (30 s at 5 fps)
  double threshold = 24;            // MOG2's squared-distance threshold (varThreshold)
  int relearn_frames = 5;           // pictures to stay quiet while relearning
  // The model runs on the picture shrunk to this width (0: as given). Motion needs far less
  // detail than the detector: a person at a village gate is still a blob of a hundred pixels
  // at 160 × 90, and MOG2, the blur and the morphology cost in proportion to the pixels.
  int width = 160;
};

struct MotionRegion {
  events::Box box;  // normalised
  int pixels = 0;   // changed pixels inside, at the model's resolution (`width`)
};

class MotionDetector {
 public:
  explicit MotionDetector(MotionOptions options);
  ~MotionDetector();
  MotionDetector(const MotionDetector&) = delete;
  MotionDetector& operator=(const MotionDetector&) = delete;

  // Feeds one picture; returns the moving regions in it (none while learning).
  const std::vector<MotionRegion>& Process(const GreyFrame& frame);
  // Forget the background (after a break in the picture sequence).
  void Reset();
  // Pictures since the last scene change that were treated as one (for tests and metrics).
  int scene_changes() const { return scene_changes_; }
  // The share of the frame that changed in the last picture (after cleaning).
  double changed_share() const { return changed_share_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  MotionOptions options_;
  std::vector<MotionRegion> regions_;
  int scene_changes_ = 0;
  double changed_share_ = 0;
};

}  // namespace anninh::analytics
