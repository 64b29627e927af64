#include "media/fmp4_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "core/sha256.h"
#include "media/fmp4_muxer.h"

namespace anninh::media {

struct Fmp4Writer::Impl {
  std::filesystem::path path;
  int fd = -1;
  std::unique_ptr<Fmp4Muxer> muxer;
  Sha256 hash;
  std::uint64_t bytes = 0;

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  // Every byte the muxer produces passes here exactly once: written, then hashed.
  int Append(const std::uint8_t* buf, int size) {
    std::size_t done = 0;
    while (done < static_cast<std::size_t>(size)) {
      ssize_t n = ::write(fd, buf + done, static_cast<std::size_t>(size) - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        // Keep the file consistent with what was hashed: cut off the partial write.
        if (::ftruncate(fd, static_cast<off_t>(bytes)) != 0) { /* best effort */ }
        return -err;
      }
      done += static_cast<std::size_t>(n);
    }
    hash.Update({buf, static_cast<std::size_t>(size)});
    bytes += static_cast<std::uint64_t>(size);
    return 0;
  }
};

Fmp4Writer::Fmp4Writer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fmp4Writer::~Fmp4Writer() = default;

Result<std::unique_ptr<Fmp4Writer>> Fmp4Writer::Create(const std::filesystem::path& path,
                                                       const StreamInfo& info) {
  if (info.tracks().empty() || info.tracks()[0].kind != TrackKind::kVideo) {
    return Fail(ErrorCode::kInvalidArgument, "a segment needs a video track first");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (impl->fd < 0) return Fail(ErrnoError(errno, "create " + path.string()));
  Impl* raw = impl.get();
  auto muxer = Fmp4Muxer::Create(
      info, [raw](const std::uint8_t* buf, int size) { return raw->Append(buf, size); }, path.string());
  if (!muxer) return Fail(std::move(muxer).error());
  impl->muxer = std::move(*muxer);
  return std::unique_ptr<Fmp4Writer>(new Fmp4Writer(std::move(impl)));
}

Status Fmp4Writer::Write(const Packet& packet) { return impl_->muxer->Write(packet); }

Status Fmp4Writer::Flush() { return impl_->muxer->Flush(); }

Result<WrittenFile> Fmp4Writer::Finish() {
  Impl& s = *impl_;
  if (auto st = s.muxer->Finish(); !st) return Fail(std::move(st).error());
  WrittenFile out;
  out.bytes = s.bytes;
  out.sha256 = s.hash.FinishHex();
  out.frames = s.muxer->frames();
  out.fd = s.fd;
  s.fd = -1;  // ownership passes to the caller
  return out;
}

std::uint64_t Fmp4Writer::bytes_written() const { return impl_->bytes; }
std::int64_t Fmp4Writer::frames() const { return impl_->muxer->frames(); }
bool Fmp4Writer::fragment_empty() const { return impl_->muxer->fragment_empty(); }

}  // namespace anninh::media
