#include "app/server_analytics.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace anninh::app {

Result<CameraAnalysis> MakeCameraAnalysis(const CameraConfig& camera, events::ObservationSink& observations) {
  const AnalyticsConfig& a = camera.analytics;
  std::unique_ptr<analytics::Detector> detector;
  if (a.detector == "hog") {
    detector = analytics::MakeHogDetector();
  } else if (a.detector == "dnn") {
    analytics::DnnOptions dnn;
    dnn.model = a.model;
    dnn.input_size = a.model_input;
    dnn.confidence = static_cast<float>(a.confidence);
    auto made = analytics::MakeDnnDetector(dnn);
    if (!made) return Fail(std::move(made).error().Wrap("camera " + camera.id));
    detector = std::move(*made);
  }
  analytics::AnalyzerOptions options;
  options.camera_id = camera.id;
  options.motion.min_area = a.min_area;
  options.motion.width = a.motion_width;
  options.motion.masks = a.masks;
  // Nothing behind a privacy mask is analysed, and event pictures show it black.
  options.motion.masks.insert(options.motion.masks.end(), a.privacy_masks.begin(), a.privacy_masks.end());
  options.privacy_masks = a.privacy_masks;
  // The minimum duration in pictures at the analysis rate: a track counts after that many.
  // Keyframes only: about one picture a second (a typical GOP), whatever `fps` says.
  const bool keyframes = a.decode == AnalyticsConfig::Decode::kKeyframes;
  const double rate = keyframes ? std::min(a.fps, 1.0) : a.fps;
  options.tracker.min_hits = std::max(1, static_cast<int>(std::lround(a.min_duration_s * rate)));
  options.rules = a.rules;
  CameraAnalysis out;
  out.analyzer = std::make_unique<analytics::Analyzer>(std::move(options), std::move(detector), observations);
  analytics::AnalysisSinkOptions sink;
  sink.frames.fps = a.fps;
  sink.frames.width = a.width;
  sink.frames.keyframes_only = keyframes;
  sink.skip_still = a.decode == AnalyticsConfig::Decode::kAdaptive;
  out.sink = std::make_unique<analytics::AnalysisSink>(sink, *out.analyzer);
  return out;
}

}  // namespace anninh::app
