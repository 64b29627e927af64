// What /metrics shows of video analysis and the event log (docs/ref/api.md): per analysed
// stream, the sink's and the analyser's counters, and the event log's. Plain numbers: the
// app fills them from src/analytics and src/events on each scrape.
#pragma once

#include <string>
#include <vector>

#include "analytics/counters.h"
#include "events/event_log_stats.h"

namespace anninh::serve {

struct AnalysisStreamMetrics {
  std::string camera;
  std::string name;    // the camera's configured name
  std::string stream;  // "main" or "sub"
  analytics::AnalysisCounters sink;
  analytics::AnalyzerCounters analyzer;
};

struct AnalysisMetrics {
  std::vector<AnalysisStreamMetrics> streams;
  events::EventLogStats event_log;
};

// The analysis and event-log families in the Prometheus text format; the service appends
// them to the API's /metrics.
std::string RenderAnalysisMetrics(const AnalysisMetrics& metrics);

}  // namespace anninh::serve
