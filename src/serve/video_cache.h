// Assembled range MP4s on disk under <data>/cache/video, so a browser's many Range
// requests for one video cost one assembly. These are derived copies, not recordings:
// the cache removes its own files (oldest first, by size and age) and nothing else.
//
// Thread-safe. Two requests for the same key wait for one assembly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/error.h"
#include "serve/http.h"

namespace anninh::serve {

struct VideoCacheOptions {
  std::filesystem::path dir;
  std::uint64_t max_bytes = 2'000'000'000;
  std::chrono::seconds max_age{std::chrono::hours(1)};
};

class VideoCache {
 public:
  // Creates the folder and removes temporary files an earlier run left.
  static Result<std::unique_ptr<VideoCache>> Open(VideoCacheOptions options);

  // The file for `key`, opened. When absent, `build` writes it at the path it is given
  // (a fresh temporary name in the cache folder), which is then renamed into place.
  using Builder = std::function<Status(const std::filesystem::path& tmp)>;
  Result<std::shared_ptr<const OpenFile>> Get(const std::string& key, const Builder& build);

  // The file name a key maps to: a hash, so nothing from a request shapes a path.
  static std::string FileName(const std::string& key);

  // Removes files older than max_age, then the least recently used until the total is
  // under max_bytes. Open files stay readable (they are unlinked, not truncated).
  void Prune();

 private:
  explicit VideoCache(VideoCacheOptions options) : options_(std::move(options)) {}
  VideoCacheOptions options_;
  std::mutex mu_;
  std::condition_variable done_;
  std::set<std::string> building_;  // keys being assembled
  std::uint64_t next_tmp_ = 0;      // guarded by mu_
};

}  // namespace anninh::serve
