#include "movement/attachments.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/sha256.h"
#include "movement/file_type.h"
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
  EXPECT_EQ(files.Add("lan", 999, "x.pdf", "%PDF-1.7").error().code(), ErrorCode::kNotFound);
  // Judged by content, not by name: a script named .pdf is refused and nothing is kept.
  auto fake = files.Add("lan", m.id, "QĐ 13.pdf", "#!/bin/sh\nrm -rf /\n");
  ASSERT_FALSE(fake);
  EXPECT_EQ(fake.error().field(), "content");
  EXPECT_EQ(files.ForModel(m.id).value().size(), 1u);
}

TEST(FileTypeTest, JudgedByTheFirstBytes) {
  using namespace std::string_view_literals;
  EXPECT_EQ(SniffFileType("%PDF-1.4\n", "anything.jpg")->mime, "application/pdf");
  EXPECT_EQ(SniffFileType(std::string("\xFF\xD8\xFF\xE0", 4), "ảnh")->mime, "image/jpeg");
  EXPECT_EQ(SniffFileType(std::string("\x89PNG\r\n\x1A\n", 8), "a.png")->extension, "png");
  EXPECT_EQ(SniffFileType("RIFF\x10\0\0\0WEBPVP8 "sv, "a")->mime, "image/webp");
  // ZIP-based office files: the extension picks the member of the family; a bare ZIP is refused.
  EXPECT_EQ(SniffFileType("PK\x03\x04rest", "Biên bản.DOCX")->extension, "docx");
  EXPECT_EQ(SniffFileType("PK\x03\x04rest", "số liệu.xlsx")->extension, "xlsx");
  EXPECT_FALSE(SniffFileType("PK\x03\x04rest", "virus.zip"));
  EXPECT_EQ(SniffFileType("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "cũ.doc")->extension, "doc");
  EXPECT_FALSE(SniffFileType("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "cũ.exe"));
  EXPECT_FALSE(SniffFileType("MZ\x90\0"sv, "QĐ.pdf"));
  EXPECT_FALSE(SniffFileType("", "a.pdf"));
  EXPECT_FALSE(SniffFileType("%PD", "a.pdf"));
}

}  // namespace
}  // namespace anninh::movement
