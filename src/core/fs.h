// Small POSIX file helpers that return Status, so the recorder's ordered-write rules
// (write -> fsync file -> fsync directory -> index) read as a sequence of checked steps.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::fs {

// Creates `dir` and any missing parents; fsyncs each parent whose entry list changed, so a
// directory created just before a crash is still there afterwards.
Status MakeDirsDurable(const std::filesystem::path& dir);

Status FsyncFd(int fd, const std::string& what);
Status FsyncDir(const std::filesystem::path& dir);

// Truncates the file at `path` to `size` bytes and fsyncs it.
Status TruncateDurable(const std::filesystem::path& path, std::uint64_t size);

// Replaces the file at `path` with `content` so that a crash leaves either the old or the
// new file, never a torn one: write a temporary beside it, fsync, rename, fsync the directory.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content, int mode = 0644);

// Returns `root / relative` when `relative` stays inside `root` after normalisation
// (no "..", no absolute paths, no symlink tricks in the lexical form); an error otherwise.
// Every path that comes from outside (config, request, index row) goes through this.
Result<std::filesystem::path> ConfinedPath(const std::filesystem::path& root,
                                           const std::filesystem::path& relative);

// Free and total bytes of the filesystem holding `path`.
struct SpaceInfo {
  std::uint64_t free_bytes = 0;
  std::uint64_t total_bytes = 0;
};
Result<SpaceInfo> Space(const std::filesystem::path& path);

}  // namespace anninh::fs
