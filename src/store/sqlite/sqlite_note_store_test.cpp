#include "store/sqlite/sqlite_note_store.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace anninh::store::sqlite {
namespace {

TEST(SqliteNoteStore, NotesComeBackNewestFirstPerCameraAndPage) {
  testing::TempDir dir;
  auto store = SqliteNoteStore::Open(dir / "index.db").value();
  for (int i = 1; i <= 3; ++i) {
    NoteRow n{0, "cong", WallNs{i} * 1000, "lan.nt", "lần " + std::to_string(i) + ": lau ống kính"};
    ASSERT_TRUE(store->AddNote(n));
    EXPECT_GT(n.id, 0);
  }
  NoteRow other{0, "cho", 5, "an.nv", "thay nguồn"};
  ASSERT_TRUE(store->AddNote(other));
  auto notes = store->Notes("cong", 0, 10).value();
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0].text, "lần 3: lau ống kính");
  EXPECT_EQ(notes[0].author, "lan.nt");
  EXPECT_EQ(notes[2].at, 1000);
  auto page = store->Notes("cong", notes[1].id, 10).value();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, notes[2].id);
  EXPECT_EQ(store->Notes("cong", 0, 1).value().size(), 1u);
}

TEST(SqliteNoteStore, EmptyOrOversizedTextIsRefusedAndNothingIsStored) {
  testing::TempDir dir;
  auto store = SqliteNoteStore::Open(dir / "index.db").value();
  NoteRow empty{0, "cong", 1, "a", ""};
  EXPECT_EQ(store->AddNote(empty).error().code(), ErrorCode::kInvalidArgument);
  NoteRow huge{0, "cong", 1, "a", std::string(2001, 'x')};
  EXPECT_EQ(store->AddNote(huge).error().code(), ErrorCode::kInvalidArgument);
  NoteRow nocam{0, "", 1, "a", "x"};
  EXPECT_EQ(store->AddNote(nocam).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store->Notes("cong", 0, 10).value().empty());
}

}  // namespace
}  // namespace anninh::store::sqlite
