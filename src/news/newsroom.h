// Everything news keeps, over one connection to the one SQLite database: what the server
// and the CLI open.
//
// Thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "core/error.h"
#include "news/articles.h"
#include "news/images.h"
#include "news/links.h"

namespace anninh::news {

class Newsroom {
 public:
  // `images_root`: where article pictures are kept (<data>/news/images).
  static Result<std::unique_ptr<Newsroom>> Open(const std::filesystem::path& db_path,
                                                const std::filesystem::path& images_root, const Clock& clock);
  ~Newsroom();

  Articles& articles() { return articles_; }
  Images& images() { return images_; }
  Links& links() { return links_; }

 private:
  Newsroom(std::unique_ptr<store::sqlite::Database> db, const std::filesystem::path& images_root, const Clock& clock);
  std::unique_ptr<store::sqlite::Database> db_;
  Articles articles_;
  Images images_;
  Links links_;
};

}  // namespace anninh::news
