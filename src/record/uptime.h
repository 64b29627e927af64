// PLACEHOLDER for the lead's shared contract 2 (src/record/uptime.h on main): written to the
// contract's signature only so the console branch builds before it lands. At merge, keep
// main's file and drop this one; serve/api_health.cpp is the only caller.
//
// The share of each [edges[i], edges[i+1]) that a camera's recordings (any stream) cover:
// THE definition of "% of time a camera was working".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/recording_index.h"

namespace anninh::record {

// One row per camera, in the order given, of edges.size() - 1 shares in [0, 1]. Edges must
// ascend; fewer than two edges give empty rows.
Result<std::vector<std::vector<double>>> Uptime(const store::RecordingIndex& index,
                                                const std::vector<std::string>& camera_ids,
                                                std::vector<std::int64_t> edges_ns);

}  // namespace anninh::record
