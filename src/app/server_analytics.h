// Builds one camera's analysis (detector, analyser, the packet sink ingest feeds) from its
// config. The composition root's only knowledge of src/analytics.
#pragma once

#include <memory>

#include "analytics/analysis_sink.h"
#include "analytics/analyzer.h"
#include "app/config.h"
#include "core/error.h"
#include "events/event.h"

namespace anninh::app {

struct CameraAnalysis {
  // Declared in destruction order's reverse: the sink's worker calls the analyser.
  std::unique_ptr<analytics::Analyzer> analyzer;
  std::unique_ptr<analytics::AnalysisSink> sink;
};

// Errors: the DNN model does not load (kInvalidArgument, kNotFound).
Result<CameraAnalysis> MakeCameraAnalysis(const CameraConfig& camera, events::ObservationSink& observations);

}  // namespace anninh::app
