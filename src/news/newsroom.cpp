#include "news/newsroom.h"

#include "store/sqlite/database.h"
#include "store/sqlite/migrations.h"

namespace anninh::news {

Result<std::unique_ptr<Newsroom>> Newsroom::Open(const std::filesystem::path& db_path,
                                                 const std::filesystem::path& images_root, const Clock& clock) {
  auto db = store::sqlite::Database::Open(db_path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(store::sqlite::Migrations()); !s) return Fail(std::move(s).error());
  // news_revision and news_image reference news_article; SQLite checks that per connection.
  if (auto s = (*db)->Exec("PRAGMA foreign_keys = ON"); !s) return Fail(std::move(s).error());
  return std::unique_ptr<Newsroom>(new Newsroom(std::move(*db), images_root, clock));
}

Newsroom::Newsroom(std::unique_ptr<store::sqlite::Database> db, const std::filesystem::path& images_root,
                   const Clock& clock)
    : db_(std::move(db)), articles_(*db_, clock), images_(*db_, clock, images_root), links_(*db_, clock) {}

Newsroom::~Newsroom() = default;

}  // namespace anninh::news
