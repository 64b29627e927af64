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

// The movement's unit list (docs/design/0011-movement-records.md); commands_movement.cpp.
struct UnitsImportOptions {
  std::string config_path;
  std::string file;
  bool dry_run = false;  // report what would change, apply nothing
};
int RunUnitsImport(const UnitsImportOptions& options);

// The search index (docs/design/0015-news-and-search.md); commands_search.cpp.
int RunSearchRebuild(const std::string& config_path);

// Evidence packages (src/evidence, docs/design/0005-evidence-export.md); in
// evidence_commands.cpp.
struct ExportCommandOptions {
  std::string config_path;
  std::string camera;
  std::string stream = "main";
  std::string from;
  std::string to;
  std::string reason;
  std::string by;  // default: "cli:<login name>"
  std::string case_ref;
  std::string out;  // default <data>/exports
};
int RunExport(const ExportCommandOptions& options);
struct VerifyCommandOptions {
  std::string package;
  std::string key_hex;
  std::string key_file;
  bool json = false;
};
int RunVerify(const VerifyCommandOptions& options);

}  // namespace anninh::app
