#include "analytics/blob_classifier.h"

namespace anninh::analytics {

std::string_view GuessClass(const events::Box& box, float aspect, float speed) {
  const float width_over_height = box.h > 0 ? box.w * aspect / box.h : 0;
  const float area = box.w * box.h;
  // Cars, motorbikes seen side-on and trucks are wider than tall and large; people are taller
  // than wide. A blob crossing a fifth of the frame per picture (a full width in one second
  // at 5 fps) is faster than anyone walks.
  if (width_over_height > 1.3f && area > 0.01f) return "vehicle";
  if (speed > 0.2f && area > 0.004f) return "vehicle";
  return "object";
}

}  // namespace anninh::analytics
