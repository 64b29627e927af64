// When a still scene needs its pictures decoded again, told without decoding them.
//
// `decode = "adaptive"` (AnalysisSink) stops decoding P-frames while nothing moves and
// decodes only keyframes. Two signals wake it, and the sink then decodes the GOP it has kept
// (from its keyframe), so the pictures from the moment the motion began are analysed:
//   - PacketSizeGate, at every P-frame: a P-frame much larger than the still scene's usual
//     ones. An encoder spends bits where pictures change, so a walker entering shows at
//     once in constant-quality (VBR) streams. A constant-bitrate encoder hides it in its
//     quantiser instead, so this is only the fast path.
//   - KeyframeProbe, at every keyframe (the guarantee): the keyframe's picture, cut into
//     8×8 cells, compared with the previous keyframe's; cells whose mean moved (beyond the
//     whole picture's shift) mean something changed in the GOP just gone.
// A false wake costs only decoding (what `decode = "all"` would have done; the analyser
// then judges it). A missed one delays: a change the size gate does not see is analysed at
// the next keyframe, up to one GOP late; one that comes and goes within a GOP and leaves
// both keyframes alike is not seen at all.
//
// Thread contract: thread-compatible (the analysis worker owns it).
#pragma once

#include <cstdint>
#include <vector>

#include "analytics/grey_frame.h"

namespace anninh::analytics {

struct StillGateOptions {
  // Quiet this long (the analyser saw no motion and holds no track) before P-frames are
  // skipped; the next keyframe starts the still phase.
  double rest_s = 1;
  // Streams whose GOP is longer than this are always decoded in full: the keyframe probe
  // would come too late, and the kept GOP would be too long to catch up on.
  double max_gop_s = 4;
  // PacketSizeGate: P-frames learnt before it is trusted, and how far above the usual a
  // P-frame must be: more than mean + `deviations` × mean deviation + `margin` × mean.
  int learn = 12;
  double deviations = 4;
  double margin = 0.5;
  // KeyframeProbe: cells of this many pixels a side; a cell changed when its mean moved by
  // more than `level` (0–255) beyond the whole picture's shift; `cells` changed cells wake.
  int cell = 8;
  int level = 12;
  int cells = 2;
};

class PacketSizeGate {
 public:
  explicit PacketSizeGate(const StillGateOptions& options) : options_(options) {}
  // Whether a P-frame of `bytes` is out of the ordinary for this scene. Never before
  // `learn` P-frames have been seen.
  bool Unusual(std::size_t bytes) const;
  // The size above which a P-frame is unusual now; 0 while still learning.
  double Limit() const;
  // A P-frame of a still scene: the usual, updated slowly (1/32 per frame).
  void Learn(std::size_t bytes);
  // What the analyser made of the pictures an unusual P-frame woke it for. A false alarm
  // doubles how far above the usual the next one must be (up to 16×): a constant-bitrate
  // encoder's size swings say nothing, and the keyframe probe stays the guarantee. Motion
  // halves it back.
  void Verdict(bool moved);
  void Reset() {
    seen_ = 0;
    scale_ = 1;
  }

 private:
  const StillGateOptions& options_;
  int seen_ = 0;
  double mean_ = 0;
  double deviation_ = 0;
  double scale_ = 1;
};

class KeyframeProbe {
 public:
  explicit KeyframeProbe(const StillGateOptions& options) : options_(options) {}
  // `frame` becomes the picture later ones are compared with.
  void Reset(const GreyFrame& frame);
  // Whether `frame` differs from the reference picture in at least `cells` cells. True
  // without a reference of the same size (a new stream, a new size: decode to find out).
  bool Changed(const GreyFrame& frame);
  void Forget() { reference_.clear(); }

 private:
  // Cell means of `frame` minus the picture's own mean, into `out`.
  void Cells(const GreyFrame& frame, std::vector<float>& out) const;

  const StillGateOptions& options_;
  int width_ = 0, height_ = 0;
  std::vector<float> reference_;
  std::vector<float> current_;  // reused
  mutable std::vector<std::uint32_t> sums_;  // reused: one row of cells
};

}  // namespace anninh::analytics
