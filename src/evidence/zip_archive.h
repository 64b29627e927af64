// The single-file form of a package: a ZIP (libzip), every entry stored, not compressed —
// MP4 does not compress, and a stored entry's bytes in the archive are the file's bytes,
// so verify hashes exactly what was signed. ZIP rather than tar because Windows opens it
// with a double click, which is what a police officer receiving the file will try first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "evidence/file_io.h"

namespace anninh::evidence {

struct ZipInput {
  std::filesystem::path source;  // a file on disk
  std::string name;              // its entry name in the archive ('/'-separated)
};

// Writes `out` (which must not exist) with `inputs` stored in that order, each entry's
// time set to `mtime`. `progress` hears of bytes written and may cancel, in which case
// nothing is left at `out`.
Status WriteZip(const std::vector<ZipInput>& inputs, WallNs mtime, const std::filesystem::path& out,
                const BytesProgress& progress = {});

// Reads an archive for verify. Not thread-safe.
class ZipReader {
 public:
  struct Entry {
    std::string name;
    std::uint64_t size = 0;  // uncompressed
    bool directory = false;
  };
  // kDataLoss when the file is not a readable ZIP.
  static Result<std::unique_ptr<ZipReader>> Open(const std::filesystem::path& path);
  ~ZipReader();

  const std::vector<Entry>& entries() const { return entries_; }
  // The entry's content, up to max_bytes (a CRC mismatch is not an error, as for Hash).
  Result<std::string> Read(std::size_t index, std::size_t max_bytes);
  // SHA-256 and length of the entry's content. A CRC mismatch is not an error: the
  // content is hashed as it is, so a flipped byte shows as a SHA-256 mismatch naming the
  // file rather than as a read error.
  Result<FileDigest> Hash(std::size_t index);

 private:
  struct Impl;
  explicit ZipReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::vector<Entry> entries_;
};

}  // namespace anninh::evidence
