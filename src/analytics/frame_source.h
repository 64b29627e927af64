// Compressed packets in, small grey pictures out, at the analysis rate. Decodes with one
// thread (analysis runs on many cameras at once: threads per decoder would fight) and tells
// the decoder to skip pictures nothing refers to, since only a few frames a second are
// looked at; reference pictures must still be decoded for the next ones to be right. The
// in-loop deblocking filter is skipped too (see FrameSourceOptions::deblock), and only the
// luma plane of the pictures on the analysis grid is scaled: grey needs no colour.
//
// Thread contract: thread-compatible (the analysis worker owns it).
#pragma once

#include <cstdint>
#include <memory>

#include "analytics/grey_frame.h"
#include "core/error.h"
#include "media/packet.h"

extern "C" {
struct AVPacket;
}

namespace anninh::analytics {

struct FrameSourceOptions {
  double fps = 5;   // analysis rate; pictures in between are decoded only as references
  int width = 320;  // scaled to this width, height keeping the aspect ratio (even)
  // Decode keyframes only (one picture per GOP, typically 1 s): for machines too weak to
  // decode every reference picture. Motion then compares pictures a GOP apart.
  bool keyframes_only = false;
  // Run the codec's in-loop deblocking filter. Off by default: it is about a fifth of
  // H.264 decoding and only smooths 8×8 block edges, which the 4× downscale to the analysis
  // picture averages away; skipping it lets those (faint) edges drift until the next
  // keyframe, which motion's blur and opening ignore. Event snapshots are made from the
  // same small picture, so they show no visible difference.
  bool deblock = false;
};

// How the decoder was opened, for tests and logs (plain numbers, FFmpeg's AVDiscard values).
struct DecoderSettings {
  int thread_count = 0;
  int skip_frame = 0;
  int skip_loop_filter = 0;
};

class FrameSource {
 public:
  explicit FrameSource(FrameSourceOptions options);
  ~FrameSource();
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  // Opens a decoder for the first video track of `info`. Errors: kInvalidArgument without
  // a video track, kUnimplemented for a codec FFmpeg cannot decode.
  Status Start(const media::StreamInfo& info);

  // Decodes one packet of that track (`pts` on the 90 kHz timeline). Returns true when
  // `out` now holds a new analysis picture. A corrupt packet is an error; the caller waits
  // for the next keyframe. Does not allocate once the first picture has been made.
  Result<bool> Push(const AVPacket& packet, std::int64_t pts, WallNs wall, GreyFrame& out);

  std::uint64_t decoded() const { return decoded_; }
  // Pictures converted to the analysis picture (the rest were decoded only as references).
  std::uint64_t scaled() const { return scaled_; }
  // The analysis grid: the next picture analysed is the first decoded at or after this pts
  // (INT64_MIN: whichever comes next). AnalysisSink moves it back to catch up on a GOP it
  // kept without decoding, and forward to have a particular keyframe analysed.
  std::int64_t next_picture() const;
  void set_next_picture(std::int64_t pts);
  // Zeroes before Start.
  DecoderSettings decoder_settings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  FrameSourceOptions options_;
  std::uint64_t decoded_ = 0;
  std::uint64_t scaled_ = 0;
};

}  // namespace anninh::analytics
