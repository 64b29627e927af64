#include "serve/video_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "core/sha256.h"

namespace anninh::serve {

namespace stdfs = std::filesystem;

Result<std::unique_ptr<VideoCache>> VideoCache::Open(VideoCacheOptions options) {
  if (auto s = fs::MakeDirsDurable(options.dir); !s) return Fail(std::move(s).error());
  std::error_code ec;
  for (const auto& entry : stdfs::directory_iterator(options.dir, ec)) {
    if (entry.path().extension() == ".tmp") stdfs::remove(entry.path(), ec);
  }
  return std::unique_ptr<VideoCache>(new VideoCache(std::move(options)));
}

std::string VideoCache::FileName(const std::string& key) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(key.data());
  Sha256 h;
  h.Update({bytes, key.size()});
  return h.FinishHex() + ".mp4";
}

Result<std::shared_ptr<const OpenFile>> VideoCache::Get(const std::string& key, const Builder& build) {
  const stdfs::path path = options_.dir / FileName(key);
  std::uint64_t tmp_id = 0;
  {
    std::unique_lock lock(mu_);
    done_.wait(lock, [&] { return building_.count(key) == 0; });
    if (auto f = OpenFile::Open(path)) {
      // Mark it recently used: Prune removes the least recently used first.
      ::futimens((*f)->fd(), nullptr);
      return f;
    }
    building_.insert(key);
    tmp_id = next_tmp_++;
  }
  const stdfs::path tmp =
      options_.dir / (FileName(key) + "." + std::to_string(::getpid()) + "-" + std::to_string(tmp_id) + ".tmp");
  Status built = build(tmp);
  Result<std::shared_ptr<const OpenFile>> out = Fail(ErrorCode::kInternal, "not built");
  if (built) {
    // Atomic: a reader sees no file or the complete one.
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      out = Fail(ErrnoError(errno, "rename " + tmp.string()));
    } else {
      out = OpenFile::Open(path.string());
    }
  } else {
    out = Fail(std::move(built).error());
  }
  std::error_code ec;
  stdfs::remove(tmp, ec);
  {
    std::lock_guard lock(mu_);
    building_.erase(key);
  }
  done_.notify_all();
  if (out) Prune();
  return out;
}

void VideoCache::Prune() {
  struct Entry {
    stdfs::path path;
    std::uint64_t bytes;
    stdfs::file_time_type used;
  };
  std::vector<Entry> entries;
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : stdfs::directory_iterator(options_.dir, ec)) {
    if (e.path().extension() != ".mp4") continue;
    std::error_code e1, e2;
    auto size = e.file_size(e1);
    auto used = e.last_write_time(e2);
    if (e1 || e2) continue;
    entries.push_back({e.path(), size, used});
    total += size;
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
  const auto oldest_allowed = stdfs::file_time_type::clock::now() - options_.max_age;
  for (const Entry& e : entries) {
    if (e.used >= oldest_allowed && total <= options_.max_bytes) break;
    if (stdfs::remove(e.path, ec)) {
      total -= e.bytes;
      spdlog::debug("http: cache: removed {} ({} bytes)", e.path.filename().string(), e.bytes);
    }
  }
}

}  // namespace anninh::serve
