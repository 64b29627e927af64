// One camera's analysis: motion → detector (only where and when something moves) → tracker
// → rules → Observations. Fed by AnalysisSink on its worker thread.
//
// Thread contract: confined to the camera's analysis worker; counters() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analytics/counters.h"
#include "analytics/detector.h"
#include "analytics/grey_frame.h"
#include "analytics/motion.h"
#include "analytics/rules.h"
#include "analytics/tracker.h"
#include "events/event.h"

namespace anninh::analytics {

struct AnalyzerOptions {
  std::string camera_id{};
  MotionOptions motion{};
  TrackerOptions tracker{};
  CameraRules rules{};
  // Filled black in event snapshots (only when one is made: no cost per picture).
  std::vector<Polygon> privacy_masks{};
  int snapshot_quality = 80;  // JPEG 0..100
  // A confirmed track the detector has classified (a person, a car) keeps its class: its
  // moving region goes back to the detector at most every this many pictures (1 s at 5 fps),
  // or sooner when the region's size no longer matches the track's box (someone joined it,
  // a person got off a motorbike). A confirmed track the detector keeps finding nothing in
  // (a dog, a person too small or half hidden) is looked at after 1, 2, 4 pictures, then
  // every `detector_recheck`. 1 = every region, every picture.
  int detector_recheck = 5;
};

class Analyzer final : public FrameConsumer {
 public:
  // `detector` may be null: motion and the blob classifier only. `sink` must outlive this.
  Analyzer(AnalyzerOptions options, std::unique_ptr<Detector> detector, events::ObservationSink& sink);
  ~Analyzer() override;

  void OnFrame(const GreyFrame& frame) override;
  void OnBreak() override;
  // No moving region in the last picture and no track alive (not even one ending).
  bool Settled() const override { return !moving_ && tracker_.tracks().empty(); }

  AnalyzerCounters counters() const;

 private:
  std::vector<std::uint8_t> Snapshot(const GreyFrame& frame, const events::Box& box) const;
  // Fills to_detect_ with the regions_ the detector must look at: all of them but those of
  // confirmed tracks it looked at too recently (see `detector_recheck`).
  void SelectForDetector();
  // After the tracker: newly classified tracks start their recheck clock, guess tracks the
  // detector just looked at count a miss; ended ones leave.
  void UpdateChecked();

  AnalyzerOptions options_;
  std::unique_ptr<Detector> detector_;
  MotionDetector motion_;
  Tracker tracker_;
  RuleEngine rules_;

  std::vector<events::Box> regions_;    // reused per picture: every moving region
  std::vector<events::Box> to_detect_;  // the ones the detector sees
  // Confirmed tracks the detector has looked at: when it last did, and how many looks in a
  // row found nothing (a guess track's region goes back less often after each miss).
  struct Checked {
    std::int64_t track = 0;
    std::uint64_t looked = 0;  // picture_
    int misses = 0;
  };
  std::vector<Checked> checked_;
  std::uint64_t picture_ = 0;
  bool moving_ = false;  // the last picture had a moving region
  std::vector<Sighting> sightings_;
  WallNs last_wall_ = 0;
  std::int64_t max_track_id_ = 0;
  std::atomic<std::uint64_t> frames_{0}, motion_frames_{0}, detector_runs_{0}, detector_errors_{0}, tracks_{0},
      observations_{0}, detector_regions_{0}, detector_skipped_{0};
};

}  // namespace anninh::analytics
