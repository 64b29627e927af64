// Object detectors, one file per backend, behind one interface. The analyser calls them only
// on pictures with motion and gives them the moving regions, so a quiet camera costs no
// inference at all.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/grey_frame.h"
#include "core/error.h"
#include "events/event.h"

namespace anninh::analytics {

struct Detection {
  events::Box box;           // normalised to the whole picture
  std::string object_class;  // person, car, motorbike, truck, bicycle
  float confidence = 0;      // 0..1
};

// Thread contract: thread-compatible; each camera's worker owns its own detector.
class Detector {
 public:
  virtual ~Detector() = default;
  // Objects in `frame` within (or overlapping) `regions`. Errors are the backend's failure
  // on this picture; the analyser logs them and carries on with motion alone.
  virtual Result<std::vector<Detection>> Detect(const GreyFrame& frame, const std::vector<events::Box>& regions) = 0;
  virtual std::string_view name() const = 0;
};

// OpenCV's HOG people detector (Dalal–Triggs, its built-in SVM): needs no model file. Each
// motion region, with a margin, is scaled up until a person in it is at least the 64×128
// window the SVM was trained on.
struct HogOptions {
  double threshold = 0.3;  // SVM margin; higher finds fewer people
};
std::unique_ptr<Detector> MakeHogDetector(HogOptions options = {});

// A YOLO-family ONNX model (YOLOv5 [1, N, 5+C] or YOLOv8 [1, 4+C, N] output) through OpenCV's
// DNN module: letterbox to the model's square input, confidence threshold, class map, NMS.
struct DnnOptions {
  std::filesystem::path model{};
  int input_size = 640;
  float confidence = 0.4f;
  float nms = 0.45f;
  // Model class index → anninh class; indices not listed are ignored. Default: COCO's.
  std::map<int, std::string> classes = {{0, "person"}, {1, "bicycle"}, {2, "car"}, {3, "motorbike"}, {5, "truck"}, {7, "truck"}};
};
// Errors: kNotFound without the file, kInvalidArgument when OpenCV cannot load it.
Result<std::unique_ptr<Detector>> MakeDnnDetector(const DnnOptions& options);

}  // namespace anninh::analytics
