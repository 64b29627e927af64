// Offline verification of an evidence package, as a directory or as its ZIP: the manifest
// parses, its signature is valid for the public key it names (and, when the caller gives
// one, that it is that key), every listed file is there with the right size and SHA-256,
// and nothing else is. Each problem is reported naming the file, so a person can see
// exactly what was altered. Needs no index, no recordings, no network.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "evidence/manifest.h"
#include "evidence/site_key.h"

namespace anninh::evidence {

enum class FindingKind {
  kUnreadable,         // the archive or an entry in it cannot be read, or not a regular file
  kIoError,            // a file of a folder could not be read here (permissions, disk)
  kManifestInvalid,    // manifest.json missing, not JSON, or not a manifest
  kSignatureInvalid,   // manifest.sig missing, malformed, or not matching
  kWrongKey,           // signed, but not by the key the caller expected
  kMissing,            // listed in the manifest, not in the package
  kSizeMismatch,
  kHashMismatch,
  kExtraFile,          // in the package, not in the manifest
  kBadPath,            // the manifest lists a path outside the package, or twice
};
std::string_view ToString(FindingKind k);

struct Finding {
  FindingKind kind = FindingKind::kUnreadable;
  std::string file;     // path inside the package, e.g. "video/cam1-main-….mp4"
  std::string message;  // the whole line: "<file>: SHA-256 mismatch (expected …, got …)"
};

struct VerifyOptions {
  // The key the package must be signed with (from --key or --key-file); without it any
  // valid signature by the key the manifest names is accepted, and the report gives that
  // key's fingerprint for a person to compare.
  std::optional<PublicKey> expected_key;
};

struct VerifyReport {
  bool ok() const { return findings.empty(); }
  // Some file could not be read on this machine: the package may be intact, but it could
  // not be checked (the CLI exits 2, not 1).
  bool io_error() const;
  std::string package;            // as given
  bool archive = false;           // a ZIP, not a directory
  bool signature_valid = false;
  std::string public_key_hex;     // the key the manifest names
  std::string fingerprint;
  std::optional<Manifest> manifest;  // when it parsed
  int files_checked = 0;
  std::vector<Finding> findings;
};

// Err only when there is nothing to verify: `path` does not exist, or is neither a
// directory nor a ZIP (kNotFound / kInvalidArgument). Everything wrong with a package
// that is there, including an archive too damaged to open, is a finding.
Result<VerifyReport> VerifyPackage(const std::filesystem::path& path,
                                   const VerifyOptions& options = {});

// For `anninh verify --json` and the API.
nlohmann::json ReportToJson(const VerifyReport& report);

}  // namespace anninh::evidence
