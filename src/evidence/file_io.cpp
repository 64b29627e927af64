#include "evidence/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "core/fs.h"
#include "core/sha256.h"

namespace anninh::evidence {

namespace stdfs = std::filesystem;

namespace {

// Closes the descriptor when the scope ends.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting what close says (for written files, a late write error).
  Status Close(const std::string& what) {
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Fail(ErrnoError(errno, "close " + what));
    return {};
  }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view bytes, const std::string& what) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrnoError(errno, "write " + what));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

Error CancelledError() { return Error(ErrorCode::kFailedPrecondition, "cancelled"); }
bool IsCancelled(const Error& e) {
  return e.code() == ErrorCode::kFailedPrecondition && e.message() == "cancelled";
}

Status WriteFileDurable(const stdfs::path& path, std::string_view bytes, mode_t mode,
                        bool exclusive) {
  std::error_code ec;
  if (exclusive && stdfs::exists(stdfs::symlink_status(path, ec))) {
    return Fail(ErrorCode::kAlreadyExists, path.string() + " exists");
  }
  const stdfs::path tmp = path.string() + ".tmp";
  stdfs::remove(tmp, ec);
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return Fail(ErrnoError(errno, "create " + tmp.string()));
  // The umask may have narrowed `mode`; a key file must be exactly what was asked.
  if (::fchmod(fd.get(), mode) != 0) return Fail(ErrnoError(errno, "chmod " + tmp.string()));
  Status s = WriteAll(fd.get(), bytes, tmp.string());
  if (s) s = fs::FsyncFd(fd.get(), tmp.string());
  if (s) s = fd.Close(tmp.string());
  if (s && exclusive) {
    // link() fails if `path` appeared meanwhile, where rename() would replace it.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      s = Fail(errno == EEXIST ? Error(ErrorCode::kAlreadyExists, path.string() + " exists")
                               : ErrnoError(errno, "link " + path.string()));
    }
    stdfs::remove(tmp, ec);
  } else if (s && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Fail(ErrnoError(errno, "rename " + tmp.string()));
  }
  if (!s) {
    stdfs::remove(tmp, ec);
    return s;
  }
  stdfs::path dir = path.parent_path();
  return fs::FsyncDir(dir.empty() ? stdfs::path(".") : dir);
}

Result<std::string> ReadSmallFile(const stdfs::path& path, std::size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return Fail(ErrorCode::kNotFound, path.string() + ": no such file");
    return Fail(ErrnoError(errno, "open " + path.string()));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrnoError(errno, "read " + path.string()));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      return Fail(ErrorCode::kInvalidArgument,
                  path.string() + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

Result<FileDigest> HashFile(const stdfs::path& path, const BytesProgress& progress) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Fail(ErrnoError(errno, "open " + path.string()));
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<std::uint8_t> buf(1 << 20);
  Sha256 h;
  FileDigest out;
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrnoError(errno, "read " + path.string()));
    }
    if (n == 0) break;
    h.Update({buf.data(), static_cast<std::size_t>(n)});
    out.bytes += static_cast<std::uint64_t>(n);
    if (progress && !progress(static_cast<std::uint64_t>(n))) return Fail(CancelledError());
  }
  out.sha256 = h.FinishHex();
  return out;
}

Status FsyncPath(const stdfs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Fail(ErrnoError(errno, "open " + path.string()));
  return fs::FsyncFd(fd.get(), path.string());
}

}  // namespace anninh::evidence
