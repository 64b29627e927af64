// The default detector: OpenCV's HOG + linear SVM people detector (see detector.h).
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "analytics/detector.h"

namespace anninh::analytics {

namespace {

class HogDetector final : public Detector {
 public:
  explicit HogDetector(HogOptions options) : options_(options) {
    hog_.setSVMDetector(cv::HOGDescriptor::getDefaultPeopleDetector());
  }

  Result<std::vector<Detection>> Detect(const GreyFrame& frame, const std::vector<events::Box>& regions) override {
    std::vector<Detection> out;
    const cv::Mat in(frame.height, frame.width, CV_8U, const_cast<std::uint8_t*>(frame.pixels.data()));
    const cv::Rect whole(0, 0, frame.width, frame.height);
    for (const events::Box& r : regions) {
      // The region with a margin of half its size: a motion blob often misses limbs.
      const float mx = r.w * 0.5f, my = r.h * 0.25f;
      cv::Rect roi(cvFloor((r.x - mx) * frame.width), cvFloor((r.y - my) * frame.height),
                   cvCeil((r.w + 2 * mx) * frame.width), cvCeil((r.h + 2 * my) * frame.height));
      roi &= whole;
      if (roi.width < 8 || roi.height < 16) continue;
      // The SVM's window is 64×128 with a person about 96 px tall in it: scale the crop so the
      // motion blob is about that tall (never down below the window).
      const double scale = std::max({1.0, 96.0 / (r.h * frame.height), 72.0 / roi.width, 136.0 / roi.height});
      cv::resize(in(roi), crop_, {}, scale, scale, cv::INTER_LINEAR);
      found_.clear();
      weights_.clear();
      try {
        hog_.detectMultiScale(crop_, found_, weights_, options_.threshold, {8, 8}, {8, 8}, 1.1, 2.0);
      } catch (const cv::Exception& e) {
        return Fail(ErrorCode::kInternal, std::string("HOG: ") + e.what());
      }
      for (std::size_t i = 0; i < found_.size(); ++i) {
        const cv::Rect& f = found_[i];
        Detection d;
        d.object_class = "person";
        // The SVM margin is unbounded; squash it into 0..1 (margin 0 → 0.5, 1 → 0.73, 2 → 0.88).
        d.confidence = static_cast<float>(1 / (1 + std::exp(-weights_[i])));
        // The window is padded around the person: take its inner part.
        const double x = roi.x + (f.x + f.width * 0.15) / scale, y = roi.y + (f.y + f.height * 0.08) / scale;
        const double w = f.width * 0.7 / scale, h = f.height * 0.84 / scale;
        d.box = {static_cast<float>(x / frame.width), static_cast<float>(y / frame.height),
                 static_cast<float>(w / frame.width), static_cast<float>(h / frame.height)};
        out.push_back(std::move(d));
      }
    }
    return out;
  }

  std::string_view name() const override { return "hog"; }

 private:
  HogOptions options_;
  cv::HOGDescriptor hog_;
  cv::Mat crop_;
  std::vector<cv::Rect> found_;
  std::vector<double> weights_;
};

}  // namespace

std::unique_ptr<Detector> MakeHogDetector(HogOptions options) { return std::make_unique<HogDetector>(options); }

}  // namespace anninh::analytics
