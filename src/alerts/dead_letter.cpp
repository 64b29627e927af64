#include "alerts/dead_letter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <nlohmann/json.hpp>

#include "core/fs.h"
#include "core/time_format.h"

namespace anninh::alerts {

namespace stdfs = std::filesystem;

Status DeadLetterLog::RotateIfNeeded(std::uint64_t incoming) {
  std::error_code ec;
  const auto size = stdfs::file_size(options_.path, ec);
  if (ec || size == 0 || size + incoming <= options_.max_bytes) return {};
  const std::string base = options_.path.string();
  if (options_.keep <= 0) {
    stdfs::remove(options_.path, ec);
    return {};
  }
  // Oldest first, so each rename lands on a free name.
  stdfs::remove(base + "." + std::to_string(options_.keep), ec);
  for (int i = options_.keep - 1; i >= 1; --i) {
    stdfs::rename(base + "." + std::to_string(i), base + "." + std::to_string(i + 1), ec);
  }
  if (::rename(base.c_str(), (base + ".1").c_str()) != 0) {
    return Fail(ErrnoError(errno, "rotate dead-letter log " + base));
  }
  return fs::FsyncDir(options_.path.parent_path());
}

Status DeadLetterLog::Write(std::string_view sink, std::string_view reason, int attempts,
                            std::string_view payload, WallNs now) {
  // Our own payloads are JSON and are kept as objects, so `jq` reads them directly; anything
  // else is kept as a string rather than lost.
  nlohmann::json body = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) body = std::string(payload);
  nlohmann::json line = {{"time", FormatIso8601(now)}, {"sink", sink},     {"reason", reason},
                         {"attempts", attempts},       {"payload", body}};
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::lock_guard lock(mu_);
  if (auto s = fs::MakeDirsDurable(options_.path.parent_path()); !s) return s;
  if (auto s = RotateIfNeeded(text.size()); !s) return s;
  // 0600: payloads name cameras, places and times.
  int fd = ::open(options_.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrnoError(errno, "open dead-letter log " + options_.path.string()));
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Fail(ErrnoError(err, "write dead-letter log " + options_.path.string()));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  Status synced = fs::FsyncFd(fd, "dead-letter log " + options_.path.string());
  ::close(fd);
  return synced;
}

}  // namespace anninh::alerts
