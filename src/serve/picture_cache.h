// A small least-recently-used cache of encoded pictures (JPEG) by key: the timeline's hover
// thumbnails ask for the same few keyframes again and again while a pointer moves back and
// forth, and each costs a file read and a decode. Bounded by entries, not bytes: a
// thumbnail is a few kilobytes, so 512 of them are about 3 MB.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/clock.h"

namespace anninh::serve {

struct CachedPicture {
  std::shared_ptr<const std::string> jpeg;
  WallNs at = 0;  // the wall time the picture shows
};

class PictureCache {
 public:
  explicit PictureCache(std::size_t max_entries = 512) : max_(max_entries) {}

  // The entry, now the most recently used; an empty picture when absent.
  CachedPicture Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return {};
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  void Put(const std::string& key, CachedPicture picture) {
    std::lock_guard lock(mu_);
    if (auto it = map_.find(key); it != map_.end()) {
      it->second->second = std::move(picture);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(key, std::move(picture));
    map_.emplace(key, order_.begin());
    while (map_.size() > max_) {
      map_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return map_.size();
  }

 private:
  using Entry = std::pair<std::string, CachedPicture>;
  const std::size_t max_;
  mutable std::mutex mu_;
  std::list<Entry> order_;
  std::unordered_map<std::string, std::list<Entry>::iterator> map_;
};

}  // namespace anninh::serve
