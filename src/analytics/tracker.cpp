#include "analytics/tracker.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <opencv2/video/tracking.hpp>

#include "analytics/blob_classifier.h"
#include "analytics/geometry.h"

namespace anninh::analytics {

namespace {

// Kalman state: centre x, y, area s, aspect r, and the velocities of x, y, s (SORT's model:
// the aspect ratio is taken as constant).
cv::Mat Measure(const events::Box& b) {
  return (cv::Mat_<float>(4, 1) << b.x + b.w / 2, b.y + b.h / 2, b.w * b.h, b.w / std::max(b.h, 1e-6f));
}

events::Box ToBox(const cv::Mat& state) {
  const float s = std::max(state.at<float>(2), 1e-8f), r = std::max(state.at<float>(3), 1e-3f);
  const float w = std::sqrt(s * r), h = s / std::max(w, 1e-6f);
  return {state.at<float>(0) - w / 2, state.at<float>(1) - h / 2, w, h};
}

}  // namespace

struct Tracker::Filter {
  cv::KalmanFilter kf{7, 4, 0, CV_32F};

  explicit Filter(const events::Box& b) {
    cv::setIdentity(kf.transitionMatrix);
    for (int i = 0; i < 3; ++i) kf.transitionMatrix.at<float>(i, i + 4) = 1;
    kf.measurementMatrix = cv::Mat::zeros(4, 7, CV_32F);
    for (int i = 0; i < 4; ++i) kf.measurementMatrix.at<float>(i, i) = 1;
    // Noise scaled to normalised coordinates: a box moves a few hundredths of the frame a
    // picture; its area changes slowly.
    cv::setIdentity(kf.measurementNoiseCov, cv::Scalar::all(1e-4));
    kf.measurementNoiseCov.at<float>(2, 2) = 1e-5f;
    cv::setIdentity(kf.processNoiseCov, cv::Scalar::all(1e-5));
    kf.processNoiseCov.at<float>(6, 6) = 1e-8f;
    cv::setIdentity(kf.errorCovPost, cv::Scalar::all(1e-2));
    for (int i = 4; i < 7; ++i) kf.errorCovPost.at<float>(i, i) = 1e-1f;
    kf.statePost = cv::Mat::zeros(7, 1, CV_32F);
    Measure(b).copyTo(kf.statePost.rowRange(0, 4));
  }
};

Tracker::Tracker(TrackerOptions options) : options_(options) {}
Tracker::~Tracker() = default;

void Tracker::Clear() {
  ended_ = std::move(tracks_);
  tracks_.clear();
  filters_.clear();
}

void Tracker::Update(const std::vector<Sighting>& sightings) {
  ended_.clear();
  std::vector<events::Box> predicted(tracks_.size());
  for (std::size_t i = 0; i < tracks_.size(); ++i) predicted[i] = ToBox(filters_[i]->kf.predict());

  // Greedy IoU matching, best pairs first.
  std::vector<std::tuple<float, std::size_t, std::size_t>> pairs;
  for (std::size_t t = 0; t < tracks_.size(); ++t) {
    for (std::size_t s = 0; s < sightings.size(); ++s) {
      // The last sighting too: a filter that has not settled yet may predict poorly.
      const float iou = std::max(Iou(predicted[t], sightings[s].box), Iou(tracks_[t].last_box, sightings[s].box));
      if (iou >= options_.min_iou) {
        pairs.emplace_back(iou, t, s);
        continue;
      }
      // A small object moving fast at 5 pictures a second may not overlap its last box at all:
      // accept a sighting whose centre lies close to the prediction, ranked below every overlap.
      const events::Box& last = tracks_[t].last_box;
      const Point p = CentreOf(predicted[t]), c = CentreOf(sightings[s].box);
      const float reach = 0.75f * std::hypot(last.w, last.h);
      const float d = std::hypot(p.x - c.x, p.y - c.y);
      if (d < reach) pairs.emplace_back(options_.min_iou * 0.5f * (1 - d / reach), t, s);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
  std::vector<int> track_of(sightings.size(), -1);
  std::vector<bool> matched(tracks_.size(), false);
  for (const auto& [iou, t, s] : pairs) {
    if (matched[t] || track_of[s] >= 0) continue;
    matched[t] = true;
    track_of[s] = static_cast<int>(t);
  }

  for (std::size_t t = 0; t < tracks_.size(); ++t) {
    Track& track = tracks_[t];
    if (!matched[t]) {
      ++track.misses;
      track.box = predicted[t];
    }
  }
  for (std::size_t s = 0; s < sightings.size(); ++s) {
    const Sighting& seen = sightings[s];
    if (track_of[s] < 0) {
      Track track;
      track.id = next_id_++;
      track.box = track.last_box = seen.box;
      track.object_class = seen.object_class;
      track.confidence = seen.confidence;
      track.hits = 1;
      track.confirmed = options_.min_hits <= 1;
      tracks_.push_back(std::move(track));
      filters_.push_back(std::make_unique<Filter>(seen.box));
      continue;
    }
    const std::size_t t = static_cast<std::size_t>(track_of[s]);
    Track& track = tracks_[t];
    const Point before = CentreOf(track.last_box), now = CentreOf(seen.box);
    const float step = std::hypot(now.x - before.x, now.y - before.y) / static_cast<float>(track.misses + 1);
    track.speed = track.hits == 1 ? step : 0.7f * track.speed + 0.3f * step;
    track.box = ToBox(filters_[t]->kf.correct(Measure(seen.box)));
    track.last_box = seen.box;
    track.misses = 0;
    ++track.hits;
    if (track.hits >= options_.min_hits) track.confirmed = true;
    // A detector's class outranks a guess from the blob's shape; among equals, confidence.
    const bool guessed = IsGuess(track.object_class);
    const bool detected = !IsGuess(seen.object_class);
    if ((guessed && detected) || (guessed == !detected && seen.confidence > track.confidence)) {
      track.object_class = seen.object_class;
    }
    track.confidence = std::max(track.confidence, seen.confidence);
  }

  // Retire tracks unseen for too long (unconfirmed ones at the first miss: they were noise).
  std::size_t keep = 0;
  for (std::size_t t = 0; t < tracks_.size(); ++t) {
    const Track& track = tracks_[t];
    const bool gone = track.misses > options_.max_misses || (!track.confirmed && track.misses > 0);
    if (gone) {
      ended_.push_back(track);
      continue;
    }
    if (keep != t) {
      tracks_[keep] = std::move(tracks_[t]);
      filters_[keep] = std::move(filters_[t]);
    }
    ++keep;
  }
  tracks_.resize(keep);
  filters_.resize(keep);
}

}  // namespace anninh::analytics
