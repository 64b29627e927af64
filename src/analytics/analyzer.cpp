#include "analytics/analyzer.h"

#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include "analytics/blob_classifier.h"
#include "analytics/geometry.h"

namespace anninh::analytics {

namespace {
constexpr float kBlobConfidence = 0.5f;  // motion alone: as sure as a coin that it matters
}

Analyzer::Analyzer(AnalyzerOptions options, std::unique_ptr<Detector> detector, events::ObservationSink& sink)
    : options_(std::move(options)),
      detector_(std::move(detector)),
      motion_(options_.motion),
      tracker_(options_.tracker),
      rules_(options_.camera_id, options_.rules, sink) {}

Analyzer::~Analyzer() { rules_.EndAll(last_wall_); }

void Analyzer::OnBreak() {
  tracker_.Clear();
  rules_.Update({}, tracker_.ended(), last_wall_, nullptr);
  motion_.Reset();
  observations_.store(rules_.observations(), std::memory_order_relaxed);
}

void Analyzer::OnFrame(const GreyFrame& frame) {
  frames_.fetch_add(1, std::memory_order_relaxed);
  last_wall_ = frame.wall;
  const auto& moving = motion_.Process(frame);
  const float aspect = frame.height > 0 ? static_cast<float>(frame.width) / frame.height : 1;
  sightings_.clear();
  if (!moving.empty()) {
    motion_frames_.fetch_add(1, std::memory_order_relaxed);
    regions_.clear();
    for (const MotionRegion& m : moving) regions_.push_back(m.box);
    if (detector_) {
      detector_runs_.fetch_add(1, std::memory_order_relaxed);
      auto found = detector_->Detect(frame, regions_);
      if (found) {
        for (Detection& d : *found) sightings_.push_back({d.box, std::move(d.object_class), d.confidence});
      } else {
        detector_errors_.fetch_add(1, std::memory_order_relaxed);
        spdlog::debug("analysis {}: {}", options_.camera_id, found.error().ToString());
      }
    }
    // Moving regions no detection explains stay in as guesses (vehicle or object).
    const std::size_t detections = sightings_.size();
    for (const events::Box& r : regions_) {
      bool explained = false;
      for (std::size_t i = 0; i < detections && !explained; ++i) {
        const Point c = CentreOf(sightings_[i].box);
        explained = Iou(r, sightings_[i].box) > 0.3f ||
                    (c.x >= r.x && c.x <= r.x + r.w && c.y >= r.y && c.y <= r.y + r.h);
      }
      if (!explained) sightings_.push_back({r, std::string(GuessClass(r, aspect, 0)), kBlobConfidence});
    }
  }
  tracker_.Update(sightings_);
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
  c.tracks = tracks_.load(std::memory_order_relaxed);
  c.observations = observations_.load(std::memory_order_relaxed);
  return c;
}

}  // namespace anninh::analytics
