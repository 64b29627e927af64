// Helpers for the integration tests: write a config, wait for a condition, ask ffprobe.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace anninh::testing {

// Polls `condition` every 100 ms until it holds or `timeout` passes.
bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// ffprobe's JSON for a file (format and streams), or null if ffprobe rejects it.
nlohmann::json FfProbe(const std::filesystem::path& file);

// The number of video frames ffprobe counts by reading every packet.
int FfProbeVideoPackets(const std::filesystem::path& file);

}  // namespace anninh::testing
