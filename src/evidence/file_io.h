// File helpers the package writer, the site key and verify share: a durable whole-file
// write (temporary, fsync, rename, fsync directory) and hashing with progress, so a long
// read can report how far it is and be cancelled.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "core/error.h"

namespace anninh::evidence {

// Writes `bytes` to `path` through `path`.tmp: write, fsync, rename, fsync the directory.
// A crash leaves the old file, no file, or the new one, never half of it. With
// `exclusive`, an existing `path` is kAlreadyExists and is left alone.
Status WriteFileDurable(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                        bool exclusive = false);

// Reads the whole file; kNotFound when it does not exist.
Result<std::string> ReadSmallFile(const std::filesystem::path& path, std::size_t max_bytes);

// Called with the bytes just read; returning false stops the work ("cancelled").
using BytesProgress = std::function<bool(std::uint64_t bytes)>;

struct FileDigest {
  std::string sha256;  // lowercase hex
  std::uint64_t bytes = 0;
};
// SHA-256 of the file, read 1 MiB at a time; `progress` (may be empty) hears of each chunk.
// kFailedPrecondition "cancelled" when it returns false.
Result<FileDigest> HashFile(const std::filesystem::path& path, const BytesProgress& progress = {});

// fsyncs the file at `path` (opened read-only, which is enough for fsync on Linux).
Status FsyncPath(const std::filesystem::path& path);

// The error a stopped job returns; IsCancelled tells it apart from a real failure.
Error CancelledError();
bool IsCancelled(const Error& e);

}  // namespace anninh::evidence
