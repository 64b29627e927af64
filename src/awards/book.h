// Commendations and festivals over their own connection to the one database (the movement's
// tables they link to are in the same file): what the server and the CLI open.
//
// Thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include "awards/awards.h"
#include "awards/dossier.h"
#include "awards/festival_photos.h"
#include "awards/festivals.h"
#include "core/clock.h"
#include "core/error.h"

namespace anninh::awards {

class Book {
 public:
  // `photos_root`: where festival photos are kept (<data>/festival/photos).
  static Result<std::unique_ptr<Book>> Open(const std::filesystem::path& db_path,
                                            const std::filesystem::path& photos_root, const Clock& clock);
  ~Book();

  Awards& awards() { return awards_; }
  Festivals& festivals() { return festivals_; }
  FestivalPhotos& photos() { return photos_; }
  // The brief records of these awards' recipients, for the dossier documents.
  Result<std::vector<DossierLine>> Dossier(const std::vector<std::int64_t>& award_ids);

 private:
  Book(std::unique_ptr<store::sqlite::Database> db, const std::filesystem::path& photos_root, const Clock& clock);
  std::unique_ptr<store::sqlite::Database> db_;
  Awards awards_;
  Festivals festivals_;
  FestivalPhotos photos_;
};

}  // namespace anninh::awards
