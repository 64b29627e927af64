#include "awards/book.h"

#include "movement/open.h"
#include "store/sqlite/database.h"

namespace anninh::awards {

Book::Book(std::unique_ptr<store::sqlite::Database> db, const std::filesystem::path& photos_root, const Clock& clock)
    : db_(std::move(db)), awards_(*db_, clock), festivals_(*db_, clock), photos_(*db_, clock, photos_root) {}

Book::~Book() = default;

Result<std::unique_ptr<Book>> Book::Open(const std::filesystem::path& db_path,
                                         const std::filesystem::path& photos_root, const Clock& clock) {
  // The movement's opener: same migrations, foreign keys on (award -> person, model, festival).
  auto db = movement::OpenDatabase(db_path);
  if (!db) return Fail(std::move(db).error());
  return std::unique_ptr<Book>(new Book(std::move(*db), photos_root, clock));
}

Result<std::vector<DossierLine>> Book::Dossier(const std::vector<std::int64_t>& award_ids) {
  return DossierLines(*db_, award_ids);
}

}  // namespace anninh::awards
