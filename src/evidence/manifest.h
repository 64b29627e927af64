// The manifest of an evidence package: what was exported (site, camera, stream, range),
// from which recorded segments (with the SHA-256 the recorder computed as it wrote them),
// which files the package holds (size and SHA-256), and who exported it, why and when.
//
// The signature covers the manifest's exact bytes, so it is serialised one way only
// (Canonical form: JSON, keys sorted, no whitespace, UTF-8 unescaped) and verify works on
// the bytes as read, never on a re-serialisation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::evidence {

inline constexpr int kManifestFormatVersion = 1;
inline constexpr char kManifestFormat[] = "anninh-evidence-package";
inline constexpr char kManifestName[] = "manifest.json";
inline constexpr char kSignatureName[] = "manifest.sig";
inline constexpr char kReadmeName[] = "README.txt";

// A recorded segment the video was cut from. Its file is not in the package; its hash ties
// the clip to what the recorder wrote at record time (the index row's sha256).
struct ManifestSegment {
  std::string path;  // relative to the recordings root
  WallNs start = 0;
  WallNs end = 0;
  std::uint64_t bytes = 0;
  std::string sha256;  // lowercase hex, as stored in the recording index
};

// A file in the package, by its path inside the package ('/'-separated).
struct ManifestFile {
  std::string path;
  std::uint64_t bytes = 0;
  std::string sha256;
};

struct Manifest {
  int format_version = kManifestFormatVersion;
  std::string package_name;  // the directory name, also the archive's top folder
  std::string software;      // "anninh 0.1.0"
  std::string site_name;
  std::string site_public_key;  // Ed25519, 64 hex digits
  std::string camera_id;
  std::string camera_name;
  std::string stream;
  WallNs requested_from = 0;
  WallNs requested_to = 0;
  WallNs video_start = 0;  // the clip starts at the keyframe at or before requested_from
  WallNs video_end = 0;
  bool truncated_at_format_change = false;  // the camera changed resolution or codec
  std::vector<ManifestSegment> segments;
  std::vector<ManifestFile> files;
  std::string exported_by;
  std::string reason;
  std::optional<std::string> case_ref;
  WallNs created_at = 0;
};

// The canonical bytes. kInvalidArgument when a text field is not valid UTF-8.
Result<std::string> SerializeManifest(const Manifest& m);
// Parses and checks types and required fields; kDataLoss with the reason otherwise.
Result<Manifest> ParseManifest(std::string_view bytes);

// ISO 8601 with nanoseconds and the site's UTC offset (the process's TZ), e.g.
// "2026-11-29T09:15:00.000000000+07:00": what a Vietnamese reader expects to see, still
// exact and unambiguous. The manifest carries the integer nanoseconds beside it.
std::string FormatIso8601Offset(WallNs t);

}  // namespace anninh::evidence
