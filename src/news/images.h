// Pictures in articles, uploaded raw (the upload contract: the body is the file, its name in
// ?name=). The type is decided by the file's first bytes (PNG, JPEG, GIF, WebP), never by the
// name or the Content-Type header alone, so an HTML or SVG file sent as "anh.png" is refused
// rather than served back to readers. A file is stored once under <root>/<sha256>: the name
// a user gave never becomes a path.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::news {

struct Image {
  std::int64_t id = 0;
  std::int64_t article_id = 0;
  std::string name;
  std::string sha256;
  std::string content_type;
  std::int64_t bytes = 0;
};

// "image/png" etc. from the first bytes; nullopt for anything else.
std::optional<std::string_view> SniffImageType(std::string_view content);

class Images {
 public:
  static constexpr std::size_t kMaxBytes = 10u << 20;  // photos from a phone are a few MB

  Images(store::sqlite::Database& db, const Clock& clock, std::filesystem::path root)
      : db_(db), clock_(clock), root_(std::move(root)) {}

  // Writes the file durably, then its row; kNotFound for an unknown article. The same
  // picture added twice to one article is one row.
  Result<Image> Add(const std::string& actor, std::int64_t article_id, const std::string& name,
                    std::string_view content);
  Result<std::vector<Image>> ForArticle(std::int64_t article_id) const;
  // The image with this hash, if any article holds it; `published_only` limits that to
  // published articles (what anonymous readers may fetch).
  Result<std::optional<Image>> Find(const std::string& sha256, bool published_only) const;
  // The content, after checking it still has its SHA-256 (kDataLoss otherwise).
  Result<std::string> Read(const Image& image) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
  std::filesystem::path root_;
};

}  // namespace anninh::news
