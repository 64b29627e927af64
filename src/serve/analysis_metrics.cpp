#include "serve/analysis_metrics.h"

#include <array>
#include <tuple>

#include "serve/metrics.h"

namespace anninh::serve {

std::string RenderAnalysisMetrics(const AnalysisMetrics& m) {
  PrometheusText p;
  const auto labels = [](const AnalysisStreamMetrics& s) -> Labels {
    return {{"camera", s.camera}, {"name", s.name}, {"stream", s.stream}};
  };
  using SinkCounter = std::uint64_t analytics::AnalysisCounters::*;
  const std::array<std::tuple<const char*, SinkCounter, const char*>, 9> sink = {{
      {"anninh_analysis_packets_total", &analytics::AnalysisCounters::packets, "Video packets ingest offered to the analysis."},
      {"anninh_analysis_dropped_packets_total", &analytics::AnalysisCounters::dropped_packets,
       "Video packets not analysed because the analysis was behind (or waiting for a keyframe)."},
      {"anninh_analysis_dropped_gops_total", &analytics::AnalysisCounters::dropped_gops,
       "Times the analysis gave up on the rest of a GOP because it was behind."},
      {"anninh_analysis_decoded_frames_total", &analytics::AnalysisCounters::decoded,
       "Pictures decoded for analysis, reference pictures between analysed ones included."},
      {"anninh_analysis_frames_total", &analytics::AnalysisCounters::frames, "Pictures analysed (at the analysis rate)."},
      {"anninh_analysis_decode_errors_total", &analytics::AnalysisCounters::decode_errors,
       "Packets the analysis decoder rejected (it resumes at the next keyframe)."},
      {"anninh_analysis_still_skipped_packets_total", &analytics::AnalysisCounters::still_skipped,
       "decode = \"adaptive\": packets never decoded because the scene was still."},
      {"anninh_analysis_wakes_total", &analytics::AnalysisCounters::wakes,
       "decode = \"adaptive\": times a still scene changed and the kept GOP was decoded."},
      {"anninh_analysis_worker_wakeups_total", &analytics::AnalysisCounters::worker_wakeups,
       "Times the analysis thread was woken for packets (about once per GOP while a scene is still)."},
  }};
  for (const auto& [name, field, help] : sink) {
    p.Family(name, "counter", help);
    for (const AnalysisStreamMetrics& s : m.streams) p.Sample(name, labels(s), s.sink.*field);
  }
  using AnalyzerCounter = std::uint64_t analytics::AnalyzerCounters::*;
  const std::array<std::tuple<const char*, AnalyzerCounter, const char*>, 7> analyzer = {{
      {"anninh_analysis_motion_frames_total", &analytics::AnalyzerCounters::motion_frames,
       "Analysed pictures with at least one moving region."},
      {"anninh_analysis_detector_runs_total", &analytics::AnalyzerCounters::detector_runs,
       "Times the object detector ran (only on pictures with motion)."},
      {"anninh_analysis_detector_errors_total", &analytics::AnalyzerCounters::detector_errors,
       "Detector runs that failed."},
      {"anninh_analysis_detector_regions_total", &analytics::AnalyzerCounters::detector_regions,
       "Moving regions the detector looked at."},
      {"anninh_analysis_detector_skipped_total", &analytics::AnalyzerCounters::detector_skipped,
       "Regions of already classified tracks the detector did not look at again (rechecked every few pictures)."},
      {"anninh_analysis_tracks_total", &analytics::AnalyzerCounters::tracks, "Tracks confirmed (seen long enough to count)."},
      {"anninh_analysis_observations_total", &analytics::AnalyzerCounters::observations,
       "Observations reported to the event log (rule starts, updates, ends)."},
  }};
  for (const auto& [name, field, help] : analyzer) {
    p.Family(name, "counter", help);
    for (const AnalysisStreamMetrics& s : m.streams) p.Sample(name, labels(s), s.analyzer.*field);
  }
  using LogCounter = std::uint64_t events::EventLogStats::*;
  const std::array<std::tuple<const char*, LogCounter, const char*>, 9> log = {{
      {"anninh_event_log_reported_total", &events::EventLogStats::reported, "Observations reported to the event log."},
      {"anninh_event_log_dropped_total", &events::EventLogStats::dropped,
       "Observations dropped because the event log's queue was full."},
      {"anninh_event_log_ignored_total", &events::EventLogStats::ignored,
       "Observations ignored: an update or end of no open event, or malformed."},
      {"anninh_event_log_opened_total", &events::EventLogStats::opened, "Events opened."},
      {"anninh_event_log_extended_total", &events::EventLogStats::extended,
       "Starts folded into an open event by the rule's cooldown."},
      {"anninh_event_log_closed_total", &events::EventLogStats::closed, "Events closed."},
      {"anninh_event_log_snapshot_errors_total", &events::EventLogStats::snapshot_errors,
       "Event pictures that did not decode or could not be written."},
      {"anninh_event_log_store_errors_total", &events::EventLogStats::store_errors, "Event writes to the index that failed."},
      {"anninh_event_log_pruned_total", &events::EventLogStats::pruned, "Events removed by retention."},
  }};
  for (const auto& [name, field, help] : log) {
    p.Family(name, "counter", help);
    p.Sample(name, {}, m.event_log.*field);
  }
  return p.text();
}

}  // namespace anninh::serve
