#include "analytics/still_gate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace anninh::analytics {

namespace {
constexpr double kLearnRate = 1.0 / 32;  // about a second and a half of a 25 fps stream
}

bool PacketSizeGate::Unusual(std::size_t bytes) const {
  if (seen_ < options_.learn) return false;
  const double limit = mean_ + scale_ * (options_.deviations * deviation_ + options_.margin * mean_);
  return static_cast<double>(bytes) > limit;
}

void PacketSizeGate::Verdict(bool moved) { scale_ = moved ? std::max(1.0, scale_ / 2) : std::min(16.0, scale_ * 2); }

void PacketSizeGate::Learn(std::size_t bytes) {
  const double b = static_cast<double>(bytes);
  if (seen_ == 0) {
    mean_ = b;
    deviation_ = 0;
  } else {
    // The first few sizes count fully (a plain running mean), then an exponential one.
    const double rate = std::max(kLearnRate, 1.0 / (seen_ + 1));
    deviation_ += rate * (std::abs(b - mean_) - deviation_);
    mean_ += rate * (b - mean_);
  }
  if (seen_ < options_.learn) ++seen_;
}

void KeyframeProbe::Cells(const GreyFrame& frame, std::vector<float>& out) const {
  const int cell = options_.cell > 0 ? options_.cell : 8;
  const int cols = frame.width / cell, rows = frame.height / cell;
  out.assign(static_cast<std::size_t>(cols) * rows, 0.f);
  double total = 0;
  for (int y = 0; y < rows * cell; ++y) {
    const std::uint8_t* row = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width;
    float* sums = out.data() + static_cast<std::size_t>(y / cell) * cols;
    for (int x = 0; x < cols * cell; ++x) sums[x / cell] += row[x];
  }
  const float area = static_cast<float>(cell * cell);
  for (float& v : out) {
    v /= area;
    total += v;
  }
  // Minus the picture's mean: exposure, headlights and the night-mode switch move every
  // cell together, which is no reason to decode (the analyser ignores it too).
  const float mean = out.empty() ? 0.f : static_cast<float>(total / static_cast<double>(out.size()));
  for (float& v : out) v -= mean;
}

void KeyframeProbe::Reset(const GreyFrame& frame) {
  Cells(frame, reference_);
  width_ = frame.width;
  height_ = frame.height;
}

bool KeyframeProbe::Changed(const GreyFrame& frame) {
  if (reference_.empty() || frame.width != width_ || frame.height != height_) return true;
  Cells(frame, current_);
  int changed = 0;
  for (std::size_t i = 0; i < current_.size(); ++i)
    if (std::abs(current_[i] - reference_[i]) > static_cast<float>(options_.level) && ++changed >= options_.cells)
      return true;
  return false;
}

}  // namespace anninh::analytics
