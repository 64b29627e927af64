#include "analytics/still_gate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace anninh::analytics {

namespace {
constexpr double kLearnRate = 1.0 / 32;  // about a second and a half of a 25 fps stream
}

bool PacketSizeGate::Unusual(std::size_t bytes) const {
  return seen_ >= options_.learn && static_cast<double>(bytes) > Limit();
}

double PacketSizeGate::Limit() const {
  if (seen_ < options_.learn) return 0;
  return mean_ + scale_ * (options_.deviations * deviation_ + options_.margin * mean_);
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
  out.resize(static_cast<std::size_t>(cols) * rows);  // every cell is written below
  // Whole numbers, a cell's run of a row at a time: no division per pixel (the compiler
  // vectorises the inner sum).
  sums_.assign(static_cast<std::size_t>(cols), 0);
  double total = 0;
  const float area = static_cast<float>(cell * cell);
  for (int r = 0; r < rows; ++r) {
    std::fill(sums_.begin(), sums_.end(), 0u);
    for (int y = r * cell; y < (r + 1) * cell; ++y) {
      const std::uint8_t* px = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width;
      for (int c = 0; c < cols; ++c, px += cell) {
        std::uint32_t sum = 0;
        for (int i = 0; i < cell; ++i) sum += px[i];
        sums_[static_cast<std::size_t>(c)] += sum;
      }
    }
    for (int c = 0; c < cols; ++c) {
      const float v = static_cast<float>(sums_[static_cast<std::size_t>(c)]) / area;
      out[static_cast<std::size_t>(r) * cols + c] = v;
      total += v;
    }
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
