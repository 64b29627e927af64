#include "analytics/motion.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/video/background_segm.hpp>

namespace anninh::analytics {

namespace {
constexpr int kWarmupFrames = 5;  // the model has seen too little to tell motion before this
constexpr double kTargetMean = 128, kTargetSigma = 48;
}  // namespace

struct MotionDetector::Impl {
  cv::Ptr<cv::BackgroundSubtractorMOG2> model;
  cv::Mat shrunk, normalised, blurred, foreground, cleaned, mask, labels, stats, centroids;
  cv::Mat open_kernel = cv::getStructuringElement(cv::MORPH_RECT, {3, 3});
  cv::Mat close_kernel;
  int in_width = 0, in_height = 0;  // the pictures given
  int width = 0, height = 0;        // the pictures the model sees
  int seen = 0;   // pictures since the last reset
  int quiet = 0;  // pictures left to stay silent while the model relearns
  double last_mean = 0, last_sigma = 0;
};

MotionDetector::MotionDetector(MotionOptions options) : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  Reset();
}
MotionDetector::~MotionDetector() = default;

void MotionDetector::Reset() {
  impl_->model = cv::createBackgroundSubtractorMOG2(options_.history, options_.threshold, /*detectShadows=*/false);
  impl_->seen = 0;
  impl_->quiet = 0;
}

const std::vector<MotionRegion>& MotionDetector::Process(const GreyFrame& frame) {
  Impl& s = *impl_;
  regions_.clear();
  changed_share_ = 0;
  if (frame.width <= 0 || frame.height <= 0) return regions_;
  if (frame.width != s.in_width || frame.height != s.in_height) {
    s.in_width = frame.width;
    s.in_height = frame.height;
    const bool shrink = options_.width > 0 && frame.width > options_.width;
    s.width = shrink ? options_.width : frame.width;
    s.height = shrink ? std::max(1, static_cast<int>(std::lround(static_cast<double>(frame.height) * s.width / frame.width)))
                      : frame.height;
    // The closing (which joins a person's limbs into one region) was tuned at 320 pixels
    // wide: keep its reach in the scene (an odd size, at least 3). The 5 × 5 blur stays: at
    // 160 it smooths twice as far, which keeps tracks from breaking up on vtest (the
    // labelled counts in vtest_test.cpp held at 160 only with it).
    const int close = std::max(3, static_cast<int>(std::lround(9.0 * s.width / 320)) | 1);
    s.close_kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {close, close});
    s.mask = cv::Mat(s.height, s.width, CV_8U, cv::Scalar(255));
    std::vector<std::vector<cv::Point>> polys;
    for (const Polygon& m : options_.masks) {
      std::vector<cv::Point> pts;
      for (const Point& p : m) pts.emplace_back(cvRound(p.x * s.width), cvRound(p.y * s.height));
      polys.push_back(std::move(pts));
    }
    if (!polys.empty()) cv::fillPoly(s.mask, polys, cv::Scalar(0));
    Reset();
  }
  // A view of the caller's bytes: no copy (unless shrunk, into a buffer reused per picture).
  cv::Mat in(frame.height, frame.width, CV_8U, const_cast<std::uint8_t*>(frame.pixels.data()));
  if (s.width != frame.width) {
    cv::resize(in, s.shrunk, {s.width, s.height}, 0, 0, cv::INTER_AREA);
    in = s.shrunk;
  }

  // Affine brightness normalisation: a gain or offset applied to the whole picture (exposure,
  // IR switch, flicker, a cloud) leaves the normalised picture unchanged.
  cv::Scalar mean, sigma;
  cv::meanStdDev(in, mean, sigma);
  const double gain = kTargetSigma / std::max(sigma[0], 4.0);
  in.convertTo(s.normalised, CV_8U, gain, kTargetMean - gain * mean[0]);
  cv::GaussianBlur(s.normalised, s.blurred, {5, 5}, 0);

  // A jump of the whole picture's brightness or contrast since the last picture: an exposure
  // change or a light switched, which normalisation cannot fully undo once pixels clip.
  const bool jumped = s.seen > 0 && (std::abs(mean[0] - s.last_mean) > options_.jump_mean ||
                                     std::abs(sigma[0] - s.last_sigma) > options_.jump_contrast * std::max(s.last_sigma, 1.0));
  s.last_mean = mean[0];
  s.last_sigma = sigma[0];
  const bool relearning = s.quiet > 0;
  s.model->apply(s.blurred, s.foreground, relearning ? 0.3 : -1);
  ++s.seen;
  if (relearning) {
    --s.quiet;
    return regions_;
  }
  if (s.seen <= kWarmupFrames) return regions_;

  const double total = static_cast<double>(s.width) * s.height;
  const double raw_share = cv::countNonZero(s.foreground) / total;
  if (raw_share > options_.scene_change || (jumped && raw_share > options_.jump_share)) {
    // Most of the picture changed at once: not an object moving but the scene (night mode,
    // a camera knocked, lights). Take this picture as the new background and stay quiet.
    s.model->apply(s.blurred, s.foreground, 1.0);
    s.quiet = options_.relearn_frames;
    ++scene_changes_;
    return regions_;
  }

  cv::bitwise_and(s.foreground, s.mask, s.cleaned);
  cv::morphologyEx(s.cleaned, s.cleaned, cv::MORPH_OPEN, s.open_kernel);
  cv::morphologyEx(s.cleaned, s.cleaned, cv::MORPH_CLOSE, s.close_kernel);
  changed_share_ = cv::countNonZero(s.cleaned) / total;
  const int n = cv::connectedComponentsWithStats(s.cleaned, s.labels, s.stats, s.centroids, 8, CV_32S);
  const int min_pixels = std::max(4, static_cast<int>(options_.min_area * total));
  for (int i = 1; i < n; ++i) {
    const int area = s.stats.at<int>(i, cv::CC_STAT_AREA);
    if (area < min_pixels) continue;
    MotionRegion r;
    r.pixels = area;
    r.box.x = static_cast<float>(s.stats.at<int>(i, cv::CC_STAT_LEFT)) / s.width;
    r.box.y = static_cast<float>(s.stats.at<int>(i, cv::CC_STAT_TOP)) / s.height;
    r.box.w = static_cast<float>(s.stats.at<int>(i, cv::CC_STAT_WIDTH)) / s.width;
    r.box.h = static_cast<float>(s.stats.at<int>(i, cv::CC_STAT_HEIGHT)) / s.height;
    regions_.push_back(r);
  }
  return regions_;
}

}  // namespace anninh::analytics
