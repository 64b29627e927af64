// What a moving blob probably is when no detector has said: a guess from its size, shape and
// speed only, so it says "vehicle" or "object", never "person" (only a detector may say
// that). Honest about being a guess: the UI and docs call these classes unconfirmed.
#pragma once

#include <string_view>

#include "events/event.h"

namespace anninh::analytics {

// `box` normalised; `aspect` the frame's width / height (boxes are normalised per axis);
// `speed` frame widths per analysed picture (0 when unknown).
std::string_view GuessClass(const events::Box& box, float aspect, float speed);

// Whether a class came from GuessClass rather than a detector.
inline bool IsGuess(std::string_view object_class) { return object_class == "object" || object_class == "vehicle"; }

}  // namespace anninh::analytics
