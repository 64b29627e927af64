// A YOLO-family ONNX model through OpenCV's DNN module (see detector.h). anninh cannot ship
// or download weights; the operator exports one (docs/design/0008-analytics.md says how).
#include <algorithm>
#include <system_error>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "analytics/detector.h"

namespace anninh::analytics {

namespace {

class DnnDetector final : public Detector {
 public:
  DnnDetector(DnnOptions options, cv::dnn::Net net) : options_(std::move(options)), net_(std::move(net)) {}

  Result<std::vector<Detection>> Detect(const GreyFrame& frame, const std::vector<events::Box>& regions) override {
    std::vector<Detection> out;
    if (regions.empty() || frame.width <= 0 || frame.height <= 0) return out;
    const int size = options_.input_size;
    const cv::Mat in(frame.height, frame.width, CV_8U, const_cast<std::uint8_t*>(frame.pixels.data()));
    // Letterbox: scale to fit the square input keeping the aspect ratio, pad the rest with
    // YOLO's grey (114) centred, as the models were trained.
    const double r = std::min(static_cast<double>(size) / frame.width, static_cast<double>(size) / frame.height);
    const int w = std::max(1, cvRound(frame.width * r)), h = std::max(1, cvRound(frame.height * r));
    const int left = (size - w) / 2, top = (size - h) / 2;
    cv::resize(in, scaled_, {w, h}, 0, 0, cv::INTER_LINEAR);
    cv::copyMakeBorder(scaled_, padded_, top, size - h - top, left, size - w - left, cv::BORDER_CONSTANT, cv::Scalar(114));
    cv::cvtColor(padded_, colour_, cv::COLOR_GRAY2BGR);  // the models take three channels
    cv::Mat output;
    try {
      cv::dnn::blobFromImage(colour_, blob_, 1.0 / 255, {size, size}, cv::Scalar(), /*swapRB=*/true, /*crop=*/false);
      net_.setInput(blob_);
      output = net_.forward();
    } catch (const cv::Exception& e) {
      return Fail(ErrorCode::kInternal, std::string("DNN: ") + e.what());
    }
    if (output.dims != 3 || output.size[0] != 1) {
      return Fail(ErrorCode::kInvalidArgument, "DNN: expected a [1, N, 5+C] (YOLOv5) or [1, 4+C, N] (YOLOv8) output");
    }
    // Real models have thousands of candidates and tens of classes: the shorter axis holds
    // the attributes. YOLOv8 puts them first and has no objectness score.
    const bool v8 = output.size[1] < output.size[2];
    cv::Mat rows(output.size[1], output.size[2], CV_32F, output.ptr<float>());
    if (v8) rows = rows.t();
    const int first_class = v8 ? 4 : 5;
    const int classes = rows.cols - first_class;
    if (classes < 1) return Fail(ErrorCode::kInvalidArgument, "DNN: the output has no class scores");

    std::map<std::string, std::pair<std::vector<cv::Rect2d>, std::vector<float>>> by_class;
    for (int i = 0; i < rows.rows; ++i) {
      const float* row = rows.ptr<float>(i);
      const float objectness = v8 ? 1.0f : row[4];
      if (objectness < options_.confidence) continue;
      const float* best = std::max_element(row + first_class, row + first_class + classes);
      const float confidence = objectness * *best;
      if (confidence < options_.confidence) continue;
      auto cls = options_.classes.find(static_cast<int>(best - (row + first_class)));
      if (cls == options_.classes.end()) continue;
      // Undo the letterbox: input pixels → frame pixels.
      const double bx = (row[0] - row[2] / 2 - left) / r, by = (row[1] - row[3] / 2 - top) / r;
      auto& [boxes, scores] = by_class[cls->second];
      boxes.emplace_back(bx, by, row[2] / r, row[3] / r);
      scores.push_back(confidence);
    }
    for (auto& [name, found] : by_class) {
      std::vector<int> keep;
      cv::dnn::NMSBoxes(found.first, found.second, options_.confidence, options_.nms, keep);
      for (int k : keep) {
        const cv::Rect2d& b = found.first[static_cast<std::size_t>(k)];
        Detection d;
        d.object_class = name;
        d.confidence = found.second[static_cast<std::size_t>(k)];
        d.box = {static_cast<float>(b.x / frame.width), static_cast<float>(b.y / frame.height),
                 static_cast<float>(b.width / frame.width), static_cast<float>(b.height / frame.height)};
        out.push_back(std::move(d));
      }
    }
    return out;
  }

  std::string_view name() const override { return "dnn"; }

 private:
  DnnOptions options_;
  cv::dnn::Net net_;
  cv::Mat scaled_, padded_, colour_, blob_;
};

}  // namespace

Result<std::unique_ptr<Detector>> MakeDnnDetector(const DnnOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.model, ec)) {
    return Fail(ErrorCode::kNotFound, "no model file at " + options.model.string());
  }
  if (options.input_size < 32 || options.input_size % 32 != 0) {
    return Fail(ErrorCode::kInvalidArgument, "model input size must be a positive multiple of 32");
  }
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(options.model.string());
    if (net.empty()) return Fail(ErrorCode::kInvalidArgument, "OpenCV could not load " + options.model.string());
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return std::unique_ptr<Detector>(std::make_unique<DnnDetector>(options, std::move(net)));
  } catch (const cv::Exception& e) {
    return Fail(ErrorCode::kInvalidArgument, "cannot load ONNX model " + options.model.string() + ": " + e.what());
  }
}

}  // namespace anninh::analytics
