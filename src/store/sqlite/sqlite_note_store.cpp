#include "store/sqlite/sqlite_note_store.h"

#include "store/sqlite/migrations.h"

namespace anninh::store::sqlite {

Result<std::unique_ptr<SqliteNoteStore>> SqliteNoteStore::Open(const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteNoteStore>(new SqliteNoteStore(std::move(*db)));
}

Status SqliteNoteStore::AddNote(NoteRow& note) {
  if (note.camera_id.empty()) return Fail(ErrorCode::kInvalidArgument, "a note needs a camera");
  if (note.text.empty() || note.text.size() > 2000) {
    return Fail(ErrorCode::kInvalidArgument, "a note is 1 to 2000 bytes of text");
  }
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("INSERT INTO camera_note (camera_id, at_ns, author, text) VALUES (?1, ?2, ?3, ?4)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, note.camera_id).Bind(2, note.at).Bind(3, note.author).Bind(4, note.text);
  if (auto s = st->Run(); !s) return Fail(std::move(s).error().Wrap("add camera note"));
  note.id = db_->LastInsertId();
  return {};
}

Result<std::vector<NoteRow>> SqliteNoteStore::Notes(const std::string& camera_id, std::int64_t before_id,
                                                    int limit) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "SELECT id, camera_id, at_ns, author, text FROM camera_note "
      "WHERE camera_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, camera_id).Bind(2, before_id).Bind(3, std::int64_t{limit});
  return ReadRows(*st, [](const Statement& r) {
    return NoteRow{r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4)};
  });
}

}  // namespace anninh::store::sqlite
