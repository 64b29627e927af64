// What the analysis of one stream has counted, for /metrics (docs/ref/api.md). Kept apart
// from the classes that count, so the HTTP side includes plain numbers, not threads, FFmpeg
// or OpenCV.
#pragma once

#include <cstdint>

namespace anninh::analytics {

// AnalysisSink: what ingest offered and what the decoder made of it.
struct AnalysisCounters {
  std::uint64_t packets = 0;          // video packets offered by ingest
  std::uint64_t dropped_packets = 0;  // not analysed because the analyser was behind
  std::uint64_t dropped_gops = 0;     // times the sink gave up on a GOP
  std::uint64_t decoded = 0;          // pictures the decoder produced (references included)
  std::uint64_t frames = 0;           // pictures handed to the analyser (the analysis rate)
  std::uint64_t decode_errors = 0;
  // decode = "adaptive": packets never decoded because the scene was still, and times the
  // still phase ended (StillGate saw a change, or the analyser did).
  std::uint64_t still_skipped = 0;
  std::uint64_t wakes = 0;
  // Times the analysis thread was woken for packets: about one per packet while decoding
  // everything, about one per GOP while a scene is still (small P-frames wait for the next
  // keyframe in the queue: no thread switch for them).
  std::uint64_t worker_wakeups = 0;
};

// Analyzer: what the analysis found in those pictures.
struct AnalyzerCounters {
  std::uint64_t frames = 0;
  std::uint64_t motion_frames = 0;  // pictures with at least one moving region
  std::uint64_t detector_runs = 0;
  std::uint64_t detector_errors = 0;
  std::uint64_t detector_regions = 0;  // moving regions the detector looked at
  std::uint64_t detector_skipped = 0;  // regions of classified tracks it did not (detector_recheck)
  std::uint64_t tracks = 0;         // tracks confirmed (seen long enough to count)
  std::uint64_t observations = 0;
};

}  // namespace anninh::analytics
