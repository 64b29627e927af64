// Builds an evidence package: the range's MP4 cut from the recorded segments without
// transcoding, a manifest tying it to the hashes recorded at record time, the site's
// signature over the manifest, and a README saying how to check it; as a directory and as a
// ZIP of that directory for download. docs/design/0005-evidence-export.md.
//
// Every stored segment is re-hashed against the index before it is used: a segment whose
// file changed since it was recorded is reported and the export refused, never exported as
// if it were the recording.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "evidence/manifest.h"
#include "evidence/site_key.h"
#include "store/recording_index.h"

namespace anninh::evidence {

// What to export and on whose behalf. Ids are checked (ValidateRequest); nothing here is
// used as a path except through names built from the checked ids.
struct ExportRequest {
  std::string camera_id;
  std::string camera_name;  // shown in the manifest and README; the id when empty
  std::string stream = "main";
  WallNs from = 0;
  WallNs to = 0;
  std::string exported_by;  // a user name, or "cli"
  std::string reason;       // why, in the exporter's words
  std::optional<std::string> case_ref;  // the case ("vụ việc 12/2026"), when there is one
};

// kInvalidArgument naming the field: ids that are not [a-z0-9][a-z0-9_-]{0,62} (the
// config's rule), from not before to, an empty reason or exporter.
Status ValidateRequest(const ExportRequest& r);

// Where things are and what signs. All pointers must outlive the call.
struct PackageContext {
  std::filesystem::path recordings_root;
  const store::RecordingIndex* index = nullptr;
  const SiteKey* key = nullptr;
  const Clock* clock = nullptr;
  std::filesystem::path out_dir;  // packages are made here
  std::string site_name;
  std::string software;  // "anninh 0.1.0"
};

// Where packages go unless the caller says otherwise: <data>/exports.
inline std::filesystem::path DefaultExportDir(const std::filesystem::path& data_dir) {
  return data_dir / "exports";
}

enum class ExportPhase { kChecking, kCutting, kHashing, kArchiving };
std::string_view ToString(ExportPhase p);

// Progress counts bytes of work: the source segments read twice (re-hashed, then cut),
// the package's video read once to hash it and once to archive it, and the archive hashed.
// The total is an estimate until the video exists, then exact; it only shrinks.
struct ExportProgress {
  ExportPhase phase = ExportPhase::kChecking;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;
};
// Returns false to cancel: the writer stops at its next check (at most a packet or 1 MiB
// later) and removes everything it made.
using ExportProgressFn = std::function<bool(const ExportProgress&)>;

struct PackageResult {
  std::string name;                 // e.g. "cam1-main-20261129T021500Z-e20261129T031000Z"
  std::filesystem::path directory;  // out_dir / name
  std::filesystem::path archive;    // out_dir / (name + ".zip")
  std::uint64_t archive_bytes = 0;
  std::string archive_sha256;   // for the audit log: the downloadable file's own hash
  std::string manifest_sha256;  // the hash the signature covers
  Manifest manifest;
};

// Writes the package; all or nothing (a failure or cancel leaves nothing in out_dir but
// what was there). Errors: kInvalidArgument (request), kNotFound (nothing recorded in the
// range), kDataLoss (a stored segment no longer matches the index; the message names each),
// kResourceExhausted (not enough free space), kFailedPrecondition "cancelled".
Result<PackageResult> WritePackage(const PackageContext& context, const ExportRequest& request,
                                   const ExportProgressFn& progress = {});

// Removes what an interrupted export left in out_dir (".<name>.partial" directories and
// files); returns how many it removed. Called when the job runner starts.
int RemovePartialPackages(const std::filesystem::path& out_dir);

}  // namespace anninh::evidence
