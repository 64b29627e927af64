// The `anninh` subcommands. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <string>

namespace anninh::app {

int RunServe(const std::string& config_path);
int RunCheckConfig(const std::string& config_path);
struct RecordingsOptions {
  std::string config_path;
  std::string camera;
  std::string from;
  std::string to;
  bool segments = false;  // list each segment, not just the totals
  bool json = false;
};
int RunRecordings(const RecordingsOptions& options);
struct HoldOptions {
  std::string config_path;
  std::string camera;
  std::string from;
  std::string to;
  std::string reason;
  std::int64_t id = 0;
  bool json = false;
};
int RunHoldAdd(const HoldOptions& options);
int RunHoldRelease(const HoldOptions& options);
int RunHoldList(const HoldOptions& options);
int RunFsck(const std::string& config_path, bool repair, bool verify_hashes);
int RunVersion();

}  // namespace anninh::app
