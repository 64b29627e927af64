// Reconciles the recordings on disk with the index. Start-up runs it with repair on
// (before any camera connects); `anninh fsck` runs the same routine, reporting only unless
// asked to repair. One routine, so what fsck reports is exactly what start-up would fix.
//
// The cases (docs/design/0001-recording.md, "Recovery"):
//   - a file without a row (a crash cut the segment): truncate it to its last complete
//     fragment, probe it, index it as recovered; remove it if no fragment survived;
//   - a row without a file (deleted by hand, lost disk): remove the row and record a gap
//     "recording lost", so the timeline stays honest;
//   - a row whose file size (or, with verify_hashes, SHA-256) differs: reported, never
//     changed automatically, since it may be evidence of tampering;
//   - a row marked deleting (retention was interrupted): the deletion is finished (with
//     repair) or reported; its file is never re-indexed nor its row reported missing.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/recording_index.h"

namespace anninh::record {

struct RecoveryOptions {
  bool repair = true;
  bool verify_hashes = false;
};

struct RecoveryReport {
  std::vector<std::string> problems;  // what was found, one line each
  std::vector<std::string> actions;   // what was done about it (repair only)
  int files_checked = 0;
  int rows_checked = 0;
  int recovered = 0;  // files indexed after truncation
  bool clean() const { return problems.empty(); }
};

// Makes an unindexed segment file indexable: cuts it back to its last complete fragment
// (fsynced), probes and hashes it. Returns the row to commit (recovered = true), or nullopt
// when no fragment survived and the file was removed. Start-up recovery uses it for what a
// crash left; the persister for a segment whose writing failed (e.g. the disk filled).
// `actions` gets a line per change made.
Result<std::optional<store::SegmentRow>> SalvageSegment(const std::filesystem::path& root,
                                                        const std::string& rel,
                                                        std::vector<std::string>& actions);

Result<RecoveryReport> Reconcile(store::RecordingIndex& index, const std::filesystem::path& root,
                                 const RecoveryOptions& options);

}  // namespace anninh::record
