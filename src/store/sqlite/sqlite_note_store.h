// NoteStore on SQLite (the same database file as the recording index; migration 9).
#pragma once

#include <filesystem>
#include <memory>

#include "store/note_store.h"
#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

// Thread-safe: one connection, serialised by its mutex.
class SqliteNoteStore final : public NoteStore {
 public:
  static Result<std::unique_ptr<SqliteNoteStore>> Open(const std::filesystem::path& path);

  Status AddNote(NoteRow& note) override;
  Result<std::vector<NoteRow>> Notes(const std::string& camera_id, std::int64_t before_id, int limit) const override;

 private:
  explicit SqliteNoteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::unique_ptr<Database> db_;
};

}  // namespace anninh::store::sqlite
