// How much of [from, to) each camera was recording (any stream), 0..1: the one definition of
// "a camera was working", record::Uptime, over a single bucket.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {
class RecordingIndex;
}

namespace anninh::reports {

Result<std::map<std::string, double>> WorkingShares(const store::RecordingIndex& index,
                                                    const std::vector<std::string>& cameras, WallNs from, WallNs to);

}  // namespace anninh::reports
