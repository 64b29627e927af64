// The camera store against a real SQLite file: documents survive a reopen, a replace keeps
// the creation time, deleting a missing camera says so, and ids are bound, not spliced.
#include "store/sqlite/sqlite_camera_store.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace anninh::store::sqlite {
namespace {

TEST(SqliteCameraStore, PutListGetDeleteAcrossReopen) {
  testing::TempDir dir;
  {
    auto store = SqliteCameraStore::Open(dir / "index.db").value();
    ASSERT_TRUE(store->Put("cong", R"({"id":"cong","name":"Cổng"})", 100));
    ASSERT_TRUE(store->Put("ao", R"({"id":"ao"})", 200));
    ASSERT_TRUE(store->Put("cong", R"({"id":"cong","name":"Cổng chợ"})", 300));
  }
  auto store = SqliteCameraStore::Open(dir / "index.db").value();
  auto rows = store->List().value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "ao");
  EXPECT_EQ(rows[1].id, "cong");
  EXPECT_EQ(rows[1].document, R"({"id":"cong","name":"Cổng chợ"})");
  EXPECT_EQ(rows[1].created_at, 100);
  EXPECT_EQ(rows[1].updated_at, 300);
  EXPECT_FALSE(store->Get("nope").value().has_value());
  ASSERT_TRUE(store->Delete("ao"));
  auto missing = store->Delete("ao");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store->List().value().size(), 1u);
}

TEST(SqliteCameraStore, AnIdThatLooksLikeSqlIsJustAnId) {
  testing::TempDir dir;
  auto store = SqliteCameraStore::Open(dir / "index.db").value();
  ASSERT_TRUE(store->Put("x'); DROP TABLE camera; --", "{}", 1));
  ASSERT_TRUE(store->Put("y", "{}", 1));
  EXPECT_EQ(store->List().value().size(), 2u);
}

}  // namespace
}  // namespace anninh::store::sqlite
