#include "core/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace anninh::fs {

namespace stdfs = std::filesystem;

Status FsyncFd(int fd, const std::string& what) {
  if (::fsync(fd) != 0) return Fail(ErrnoError(errno, "fsync " + what));
  return {};
}

Status FsyncDir(const stdfs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrnoError(errno, "open directory " + dir.string()));
  Status s = FsyncFd(fd, dir.string());
  ::close(fd);
  return s;
}

Status WriteFileAtomic(const stdfs::path& path, std::string_view content, int mode) {
  // The pid keeps two processes replacing the same file from sharing a temporary.
  const stdfs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Fail(ErrnoError(errno, "create " + tmp.string()));
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error e = ErrnoError(errno, "write " + tmp.string());
      ::close(fd);
      ::unlink(tmp.c_str());
      return Fail(std::move(e));
    }
    done += static_cast<std::size_t>(n);
  }
  Status s = FsyncFd(fd, tmp.string());
  ::close(fd);
  if (!s) {
    ::unlink(tmp.c_str());
    return s;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = ErrnoError(errno, "rename " + tmp.string());
    ::unlink(tmp.c_str());
    return Fail(std::move(e));
  }
  return FsyncDir(path.parent_path().empty() ? stdfs::path(".") : path.parent_path());
}

Status MakeDirsDurable(const stdfs::path& dir) {
  // Walk up to the first existing ancestor, then create downwards, fsyncing each parent.
  std::vector<stdfs::path> missing;
  stdfs::path p = dir;
  std::error_code ec;
  while (!p.empty() && !stdfs::exists(p, ec)) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) {
      return Fail(ErrnoError(errno, "mkdir " + it->string()));
    }
    stdfs::path parent = it->parent_path();
    if (parent.empty()) parent = ".";
    if (auto s = FsyncDir(parent); !s) return s;
  }
  return {};
}

Status TruncateDurable(const stdfs::path& path, std::uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrnoError(errno, "open " + path.string()));
  Status s;
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    s = Fail(ErrnoError(errno, "truncate " + path.string()));
  } else {
    s = FsyncFd(fd, path.string());
  }
  ::close(fd);
  return s;
}

Result<stdfs::path> ConfinedPath(const stdfs::path& root, const stdfs::path& relative) {
  if (relative.empty() || relative.is_absolute()) {
    return Fail(ErrorCode::kInvalidArgument, "path must be relative: '" + relative.string() + "'");
  }
  stdfs::path norm = relative.lexically_normal();
  for (const auto& part : norm) {
    if (part == "..") {
      return Fail(ErrorCode::kInvalidArgument,
                  "path leaves its root: '" + relative.string() + "'");
    }
  }
  return root / norm;
}

Result<SpaceInfo> Space(const stdfs::path& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) return Fail(ErrnoError(errno, "statvfs " + path.string()));
  return SpaceInfo{static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize,
                   static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize};
}

}  // namespace anninh::fs
