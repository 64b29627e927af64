#include "media/mp4_scan.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <functional>

namespace anninh::media {

namespace {

struct BoxHeader {
  std::uint64_t size = 0;  // whole box, header included
  char type[4] = {};
  bool ok = false;
};

std::uint64_t ReadBe(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

// `read(offset, buf, len)` fills buf and returns how many bytes it read.
using Reader = std::function<std::size_t(std::uint64_t, std::uint8_t*, std::size_t)>;

BoxHeader ReadHeader(const Reader& read, std::uint64_t offset, std::uint64_t file_size) {
  BoxHeader h;
  std::array<std::uint8_t, 16> buf{};
  if (offset + 8 > file_size || read(offset, buf.data(), 8) != 8) return h;
  h.size = ReadBe(buf.data(), 4);
  std::memcpy(h.type, buf.data() + 4, 4);
  if (h.size == 1) {
    if (offset + 16 > file_size || read(offset + 8, buf.data() + 8, 8) != 8) return h;
    h.size = ReadBe(buf.data() + 8, 8);
    if (h.size < 16) return h;
  } else if (h.size == 0) {
    h.size = file_size - offset;  // "extends to the end of the file"
  } else if (h.size < 8) {
    return h;
  }
  h.ok = offset + h.size <= file_size;  // a box that runs past the end is torn
  return h;
}

bool Is(const BoxHeader& h, const char* type) { return std::memcmp(h.type, type, 4) == 0; }

Mp4Layout Scan(const Reader& read, std::uint64_t file_size) {
  Mp4Layout out;
  out.file_size = file_size;
  std::uint64_t offset = 0;
  bool have_ftyp = false;
  bool in_pair = false;
  while (offset < file_size) {
    BoxHeader h = ReadHeader(read, offset, file_size);
    if (!h.ok) break;
    if (Is(h, "ftyp")) {
      have_ftyp = true;
    } else if (Is(h, "moov")) {
      if (have_ftyp) {
        out.has_header = true;
        out.valid_size = offset + h.size;
      }
    } else if (Is(h, "moof")) {
      in_pair = true;
    } else if (Is(h, "mdat") && in_pair && out.has_header) {
      ++out.fragments;
      out.valid_size = offset + h.size;
      in_pair = false;
    }
    offset += h.size;
  }
  return out;
}

}  // namespace

Mp4Layout ScanMp4(std::span<const std::uint8_t> bytes) {
  Reader read = [bytes](std::uint64_t off, std::uint8_t* buf, std::size_t len) -> std::size_t {
    if (off >= bytes.size()) return 0;
    std::size_t n = std::min<std::size_t>(len, bytes.size() - off);
    std::memcpy(buf, bytes.data() + off, n);
    return n;
  };
  return Scan(read, bytes.size());
}

Result<Mp4Layout> ScanMp4File(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrnoError(errno, "open " + path.string()));
  off_t size = ::lseek(fd, 0, SEEK_END);
  Reader read = [fd](std::uint64_t off, std::uint8_t* buf, std::size_t len) -> std::size_t {
    ssize_t n = ::pread(fd, buf, len, static_cast<off_t>(off));
    return n < 0 ? 0 : static_cast<std::size_t>(n);
  };
  Mp4Layout layout = Scan(read, size < 0 ? 0 : static_cast<std::uint64_t>(size));
  ::close(fd);
  return layout;
}

}  // namespace anninh::media
