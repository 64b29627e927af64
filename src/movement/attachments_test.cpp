#include "movement/attachments.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/sha256.h"
#include "movement/movement_world_test.h"

namespace anninh::movement {
namespace {

TEST(AttachmentsTest, StoredByHashUnderTheRootAndCheckedOnRead) {
  MovementWorld w;
  Model m = w.ActiveModel("Tự quản thôn Đông", "90001.01", "2025-01-10");
  Attachments files(*w.db, w.clock, w.dir.path() / "attachments");
  const std::string pdf = "%PDF-1.4 quyết định ra mắt mô hình";
  // The shown name may look like a path; it never becomes one.
  auto a = files.Add("lan", m.id, "../../etc/passwd QĐ 12.pdf", pdf);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->sha256.size(), 64u);
  EXPECT_TRUE(std::filesystem::exists(w.dir.path() / "attachments" / std::to_string(m.id) / a->sha256));
  EXPECT_FALSE(std::filesystem::exists(w.dir.path() / "etc"));
  EXPECT_EQ(files.Read(m.id, a->id).value(), pdf);
  EXPECT_EQ(files.ForModel(m.id).value().size(), 1u);
  EXPECT_EQ(files.Read(m.id + 1, a->id).error().code(), ErrorCode::kNotFound);  // another model's id

  // Altered on disk: reported, not served.
  std::ofstream(w.dir.path() / "attachments" / std::to_string(m.id) / a->sha256, std::ios::trunc) << "sửa";
  EXPECT_EQ(files.Read(m.id, a->id).error().code(), ErrorCode::kDataLoss);

  EXPECT_EQ(files.Add("lan", m.id, "x.pdf", "").error().field(), "content");
  EXPECT_EQ(files.Add("lan", 999, "x.pdf", "x").error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace anninh::movement
