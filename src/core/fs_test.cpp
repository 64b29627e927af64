#include "core/fs.h"

#include <gtest/gtest.h>

#include <fstream>

namespace anninh::fs {
namespace {

TEST(ConfinedPathTest, AcceptsPlainRelativePaths) {
  auto p = ConfinedPath("/data", "cam1/2026-11-29/main-1.mp4");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->string(), "/data/cam1/2026-11-29/main-1.mp4");
  EXPECT_EQ(ConfinedPath("/data", "a/./b/../c").value().string(), "/data/a/c");
}

TEST(ConfinedPathTest, RefusesEscapes) {
  EXPECT_FALSE(ConfinedPath("/data", "../etc/passwd").has_value());
  EXPECT_FALSE(ConfinedPath("/data", "a/../../b").has_value());
  EXPECT_FALSE(ConfinedPath("/data", "/etc/passwd").has_value());
  EXPECT_FALSE(ConfinedPath("/data", "").has_value());
  EXPECT_EQ(ConfinedPath("/data", "../x").error().code(), ErrorCode::kInvalidArgument);
}

TEST(FsTest, MakeDirsDurableAndTruncate) {
  auto base = std::filesystem::temp_directory_path() / ("anninh_fs_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(base);
  ASSERT_TRUE(MakeDirsDurable(base / "a" / "b" / "c").has_value());
  EXPECT_TRUE(std::filesystem::is_directory(base / "a" / "b" / "c"));
  auto file = base / "a" / "f.bin";
  { std::ofstream(file) << "0123456789"; }
  ASSERT_TRUE(TruncateDurable(file, 4).has_value());
  EXPECT_EQ(std::filesystem::file_size(file), 4u);
  EXPECT_EQ(TruncateDurable(base / "missing", 1).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Space(base).value().total_bytes > 0);
  std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace anninh::fs
