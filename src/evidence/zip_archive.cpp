#include "evidence/zip_archive.h"

#include <zip.h>

#include <cstring>
#include <vector>

#include "core/sha256.h"

namespace anninh::evidence {

namespace stdfs = std::filesystem;

namespace {

Error ZipError(zip_error_t* error, ErrorCode code, const std::string& what) {
  return Error(code, what + ": " + zip_error_strerror(error));
}

Error ArchiveError(zip_t* za, ErrorCode code, const std::string& what) {
  return ZipError(zip_get_error(za), code, what);
}

struct WriteState {
  const BytesProgress* progress = nullptr;
  std::uint64_t total = 0;
  std::uint64_t reported = 0;
  bool cancelled = false;
};

}  // namespace

Status WriteZip(const std::vector<ZipInput>& inputs, WallNs mtime, const stdfs::path& out,
                const BytesProgress& progress) {
  std::error_code ec;
  if (stdfs::exists(stdfs::symlink_status(out, ec))) {
    return Fail(ErrorCode::kAlreadyExists, out.string() + " exists");
  }
  int err = 0;
  zip_t* za = zip_open(out.c_str(), ZIP_CREATE | ZIP_EXCL, &err);
  if (!za) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    Error error = ZipError(&e, ErrorCode::kInternal, "create " + out.string());
    zip_error_fini(&e);
    return Fail(std::move(error));
  }
  WriteState state{&progress, 0, 0, false};
  for (const ZipInput& in : inputs) {
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t* src = zip_source_file_create(in.source.c_str(), 0, -1, &e);
    if (!src) {
      Error error = ZipError(&e, ErrorCode::kInternal, "open " + in.source.string());
      zip_error_fini(&e);
      zip_discard(za);
      return Fail(std::move(error));
    }
    zip_int64_t idx = zip_file_add(za, in.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      Error error = ArchiveError(za, ErrorCode::kInternal, "add " + in.name);
      zip_discard(za);
      return Fail(std::move(error));
    }
    auto u = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, u, ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_mtime(za, u, static_cast<time_t>(mtime / kNsPerSecond), 0) != 0) {
      Error error = ArchiveError(za, ErrorCode::kInternal, "set up " + in.name);
      zip_discard(za);
      return Fail(std::move(error));
    }
    state.total += stdfs::file_size(in.source, ec);
  }
  // libzip does all the writing in zip_close (to a temporary beside `out`, renamed on
  // success), reporting a fraction of the whole; the cancel callback runs as it copies.
  zip_register_progress_callback_with_state(
      za, 0.001,
      [](zip_t*, double fraction, void* ud) {
        auto* s = static_cast<WriteState*>(ud);
        auto now = static_cast<std::uint64_t>(fraction * static_cast<double>(s->total));
        if (now > s->reported && *s->progress) {
          if (!(*s->progress)(now - s->reported)) s->cancelled = true;
          s->reported = now;
        }
      },
      nullptr, &state);
  zip_register_cancel_callback_with_state(
      za,
      [](zip_t*, void* ud) -> int {
        auto* s = static_cast<WriteState*>(ud);
        if (!s->cancelled && *s->progress && !(*s->progress)(0)) s->cancelled = true;
        return s->cancelled ? 1 : 0;
      },
      nullptr, &state);
  if (zip_close(za) != 0) {
    Error error = state.cancelled ? CancelledError()
                                  : ArchiveError(za, ErrorCode::kInternal, "write " + out.string());
    zip_discard(za);
    stdfs::remove(out, ec);
    return Fail(std::move(error));
  }
  return {};
}

struct ZipReader::Impl {
  zip_t* za = nullptr;
  ~Impl() {
    if (za) zip_discard(za);
  }
};

ZipReader::ZipReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ZipReader::~ZipReader() = default;

Result<std::unique_ptr<ZipReader>> ZipReader::Open(const stdfs::path& path) {
  int err = 0;
  auto impl = std::make_unique<Impl>();
  impl->za = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!impl->za) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    Error error = ZipError(&e, ErrorCode::kDataLoss, "not a readable ZIP archive");
    zip_error_fini(&e);
    return Fail(std::move(error));
  }
  std::unique_ptr<ZipReader> reader(new ZipReader(std::move(impl)));
  zip_t* za = reader->impl_->za;
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      return Fail(ArchiveError(za, ErrorCode::kDataLoss, "archive entry " + std::to_string(i)));
    }
    Entry e;
    e.name = st.name ? st.name : "";
    e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.directory = !e.name.empty() && e.name.back() == '/';
    reader->entries_.push_back(std::move(e));
  }
  return reader;
}

// Reads entry `index` to its end, handing each chunk to `sink`. A CRC mismatch is not an
// error here: libzip reports it only after delivering every byte, and verify's SHA-256 of
// those bytes then names the file as changed, which says more than "CRC error".
template <typename Sink>
Status ReadEntry(zip_t* za, std::size_t index, const std::string& name, Sink&& sink) {
  zip_file_t* f = zip_fopen_index(za, index, 0);
  if (!f) return Fail(ArchiveError(za, ErrorCode::kDataLoss, name + ": unreadable in the archive"));
  std::vector<char> buf(1 << 20);
  Status out;
  for (;;) {
    zip_int64_t n = zip_fread(f, buf.data(), buf.size());
    if (n < 0) {
      zip_error_t* e = zip_file_get_error(f);
      if (zip_error_code_zip(e) != ZIP_ER_CRC) {
        out = Fail(ErrorCode::kDataLoss,
                   name + ": unreadable in the archive: " + zip_error_strerror(e));
      }
      break;
    }
    if (n == 0) break;
    if (Status s = sink(buf.data(), static_cast<std::size_t>(n)); !s) {
      out = std::move(s);
      break;
    }
  }
  zip_fclose(f);
  return out;
}

Result<std::string> ZipReader::Read(std::size_t index, std::size_t max_bytes) {
  const std::string& name = entries_.at(index).name;
  std::string out;
  Status s = ReadEntry(impl_->za, index, name, [&](const char* data, std::size_t n) -> Status {
    out.append(data, n);
    if (out.size() > max_bytes) {
      return Fail(ErrorCode::kDataLoss,
                  name + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    return {};
  });
  if (!s) return Fail(std::move(s).error());
  return out;
}

Result<FileDigest> ZipReader::Hash(std::size_t index) {
  Sha256 h;
  FileDigest out;
  Status s = ReadEntry(impl_->za, index, entries_.at(index).name,
                       [&](const char* data, std::size_t n) -> Status {
                         h.Update({reinterpret_cast<const std::uint8_t*>(data), n});
                         out.bytes += n;
                         return {};
                       });
  if (!s) return Fail(std::move(s).error());
  out.sha256 = h.FinishHex();
  return out;
}

}  // namespace anninh::evidence
