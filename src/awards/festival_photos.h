// A festival's photos: JPEG or PNG, checked by content (not by name or Content-Type),
// stored content-addressed as <root>/<festival id>/<sha256> with a JPEG thumbnail beside it
// (<sha256>.thumb.jpg, made by media/snapshot.h), file and thumbnail written durably before
// the row. The name a user gave is only shown, never a path; reading checks the SHA-256.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::awards {

struct Photo {
  std::int64_t id = 0;
  std::int64_t festival_id = 0;
  std::string name;
  std::string sha256;
  std::string mime;  // "image/jpeg" or "image/png"
  std::int64_t bytes = 0;
  std::string by;
};

class FestivalPhotos {
 public:
  static constexpr std::size_t kMaxBytes = 30u << 20;  // under the 32 MiB upload limit
  static constexpr int kThumbWidth = 320;

  FestivalPhotos(store::sqlite::Database& db, const Clock& clock, std::filesystem::path root)
      : db_(db), clock_(clock), root_(std::move(root)) {}

  // kInvalidArgument (field "content") when it is not a JPEG or PNG that decodes;
  // kNotFound for an unknown festival.
  Result<Photo> Add(const std::string& actor, std::int64_t festival_id, const std::string& name,
                    std::string_view content);
  Result<std::vector<Photo>> ForFestival(std::int64_t festival_id) const;
  // The photo (or its thumbnail) and its row; kDataLoss when the file was altered.
  Result<std::pair<Photo, std::string>> Read(std::int64_t festival_id, std::int64_t id, bool thumbnail) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
  std::filesystem::path root_;
};

}  // namespace anninh::awards
