// Helpers for the integration tests: write a config, wait for a condition, ask ffprobe.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "support/process.h"
#include "support/wait.h"

namespace anninh::testing {

// ffprobe's JSON for a file (format and streams), or null if ffprobe rejects it.
nlohmann::json FfProbe(const std::filesystem::path& file);

// The number of video frames ffprobe counts by reading every packet.
int FfProbeVideoPackets(const std::filesystem::path& file);

// A throwaway TCP server in Python, for cameras that misbehave in ways the test camera
// cannot (noise, Digest-only). `accept_loop` runs with `s`, a socket listening on
// 127.0.0.1, already bound; the port is read before the constructor returns.
class ScriptServer {
 public:
  explicit ScriptServer(const std::string& accept_loop);  // throws if it does not start
  std::string Url(const std::string& path) const {
    return "rtsp://127.0.0.1:" + port_ + path;
  }

 private:
  Process process_;
  std::string port_;
};

}  // namespace anninh::testing
