#include "analytics/analyzer.h"

#include <algorithm>
#include <mutex>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include "analytics/blob_classifier.h"
#include "analytics/geometry.h"

namespace anninh::analytics {

namespace {
constexpr float kBlobConfidence = 0.5f;  // motion alone: as sure as a coin that it matters

// Whether `box` (a detection, a track) is the object moving in `region`: they overlap well,
// or its centre lies inside (a person's box is narrower than their motion blob).
bool Explains(const events::Box& box, const events::Box& region) {
  const Point c = CentreOf(box);
  return Iou(region, box) > 0.3f ||
         (c.x >= region.x && c.x <= region.x + region.w && c.y >= region.y && c.y <= region.y + region.h);
}

// OpenCV parallelises MOG2, filters and HOG over its own thread pool (TBB here). Every
// camera already has its analysis thread, and a commune PC has two cores: the pool's
// threads only fight the other cameras' and spin in the scheduler between calls. One
// thread per analysis, process-wide (OpenCV's setting is global), set once.
void AnalyseOnTheCallersThread() {
  static std::once_flag once;
  std::call_once(once, [] { cv::setNumThreads(1); });
}
}  // namespace

Analyzer::Analyzer(AnalyzerOptions options, std::unique_ptr<Detector> detector, events::ObservationSink& sink)
    : options_(std::move(options)),
      detector_(std::move(detector)),
      motion_(options_.motion),
      tracker_(options_.tracker),
      rules_(options_.camera_id, options_.rules, sink) {
  AnalyseOnTheCallersThread();
}

Analyzer::~Analyzer() { rules_.EndAll(last_wall_); }

void Analyzer::OnBreak() {
  tracker_.Clear();
  checked_.clear();
  rules_.Update({}, tracker_.ended(), last_wall_, nullptr);
  motion_.Reset();
  moving_ = false;
  observations_.store(rules_.observations(), std::memory_order_relaxed);
}

void Analyzer::OnFrame(const GreyFrame& frame) {
  frames_.fetch_add(1, std::memory_order_relaxed);
  ++picture_;
  last_wall_ = frame.wall;
  const auto& moving = motion_.Process(frame);
  moving_ = !moving.empty();
  const float aspect = frame.height > 0 ? static_cast<float>(frame.width) / frame.height : 1;
  sightings_.clear();
  if (!moving.empty()) {
    motion_frames_.fetch_add(1, std::memory_order_relaxed);
    regions_.clear();
    for (const MotionRegion& m : moving) regions_.push_back(m.box);
    SelectForDetector();
    if (detector_ && !to_detect_.empty()) {
      detector_runs_.fetch_add(1, std::memory_order_relaxed);
      detector_regions_.fetch_add(to_detect_.size(), std::memory_order_relaxed);
      auto found = detector_->Detect(frame, to_detect_);
      if (found) {
        for (Detection& d : *found) sightings_.push_back({d.box, std::move(d.object_class), d.confidence});
      } else {
        detector_errors_.fetch_add(1, std::memory_order_relaxed);
        spdlog::debug("analysis {}: {}", options_.camera_id, found.error().ToString());
      }
    }
    // Moving regions no detection explains stay in as guesses (vehicle or object); a
    // classified track that matches one keeps its class (the tracker ranks a detector's
    // class above a guess), so skipping the detector for it loses nothing.
    const std::size_t detections = sightings_.size();
    for (const events::Box& r : regions_) {
      bool explained = false;
      for (std::size_t i = 0; i < detections && !explained; ++i) explained = Explains(sightings_[i].box, r);
      if (!explained) sightings_.push_back({r, std::string(GuessClass(r, aspect, 0)), kBlobConfidence});
    }
  }
  tracker_.Update(sightings_);
  UpdateChecked();
  for (Track& t : tracker_.mutable_tracks()) {
    if (IsGuess(t.object_class)) t.object_class = GuessClass(t.box, aspect, t.speed);
    if (t.confirmed && t.id > max_track_id_) {
      max_track_id_ = t.id;
      tracks_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  const SnapshotFn snapshot = [this, &frame](const events::Box& box) { return Snapshot(frame, box); };
  rules_.Update(tracker_.tracks(), tracker_.ended(), frame.wall, snapshot);
  observations_.store(rules_.observations(), std::memory_order_relaxed);
}

void Analyzer::SelectForDetector() {
  to_detect_.clear();
  if (!detector_) return;
  const auto recheck = static_cast<std::uint64_t>(std::max(options_.detector_recheck, 1));
  for (const events::Box& r : regions_) {
    // The confirmed track this region is, a classified one first.
    const Track* match = nullptr;
    if (recheck > 1) {
      for (const Track& t : tracker_.tracks()) {
        if (!t.confirmed || !Explains(t.box, r)) continue;
        if (!match || (IsGuess(match->object_class) && !IsGuess(t.object_class))) match = &t;
      }
    }
    if (match) {
      // A region much larger or smaller than the track is something else too: look again.
      const float ratio = (r.w * r.h) / std::max(match->last_box.w * match->last_box.h, 1e-6f);
      auto seen = std::find_if(checked_.begin(), checked_.end(), [&](const Checked& c) { return c.track == match->id; });
      const std::uint64_t period = IsGuess(match->object_class)
                                       ? std::min<std::uint64_t>(recheck, seen == checked_.end() ? 1 : 1u << std::min(seen->misses, 8))
                                       : recheck;
      if (seen != checked_.end() && ratio > 0.4f && ratio < 2.5f && picture_ - seen->looked < period) {
        detector_skipped_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      if (seen != checked_.end()) {
        seen->looked = picture_;
      } else {
        checked_.push_back({match->id, picture_, 0});
      }
    }
    to_detect_.push_back(r);
  }
}

void Analyzer::UpdateChecked() {
  for (const Track& t : tracker_.tracks()) {
    if (!t.confirmed) continue;
    auto seen = std::find_if(checked_.begin(), checked_.end(), [&](const Checked& c) { return c.track == t.id; });
    if (!IsGuess(t.object_class)) {
      // Classified in this picture (or before it was confirmed): the detector has just seen it.
      if (seen == checked_.end()) {
        checked_.push_back({t.id, picture_, 0});
      } else {
        seen->misses = 0;
      }
    } else if (seen != checked_.end() && seen->looked == picture_) {
      ++seen->misses;  // looked at in this picture, and still a guess
    }
  }
  std::erase_if(checked_, [this](const Checked& c) {
    return std::none_of(tracker_.tracks().begin(), tracker_.tracks().end(), [&](const Track& t) { return t.id == c.track; });
  });
}

std::vector<std::uint8_t> Analyzer::Snapshot(const GreyFrame& frame, const events::Box& box) const {
  const cv::Mat grey(frame.height, frame.width, CV_8U, const_cast<std::uint8_t*>(frame.pixels.data()));
  cv::Mat colour;
  cv::cvtColor(grey, colour, cv::COLOR_GRAY2BGR);
  for (const Polygon& mask : options_.privacy_masks) {
    std::vector<cv::Point> pts;
    pts.reserve(mask.size());
    for (const Point& p : mask) pts.emplace_back(cvRound(p.x * frame.width), cvRound(p.y * frame.height));
    cv::fillPoly(colour, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(0, 0, 0));
  }
  const cv::Rect r(cvRound(box.x * frame.width), cvRound(box.y * frame.height), cvRound(box.w * frame.width),
                   cvRound(box.h * frame.height));
  cv::rectangle(colour, r, cv::Scalar(0, 0, 255), 2);
  std::vector<std::uint8_t> jpeg;
  cv::imencode(".jpg", colour, jpeg, {cv::IMWRITE_JPEG_QUALITY, options_.snapshot_quality});
  return jpeg;
}

AnalyzerCounters Analyzer::counters() const {
  AnalyzerCounters c;
  c.frames = frames_.load(std::memory_order_relaxed);
  c.motion_frames = motion_frames_.load(std::memory_order_relaxed);
  c.detector_runs = detector_runs_.load(std::memory_order_relaxed);
  c.detector_errors = detector_errors_.load(std::memory_order_relaxed);
  c.detector_regions = detector_regions_.load(std::memory_order_relaxed);
  c.detector_skipped = detector_skipped_.load(std::memory_order_relaxed);
  c.tracks = tracks_.load(std::memory_order_relaxed);
  c.observations = observations_.load(std::memory_order_relaxed);
  return c;
}

}  // namespace anninh::analytics
