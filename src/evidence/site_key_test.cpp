#include "evidence/site_key.h"

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "evidence/file_io.h"
#include "support/temp_dir.h"

namespace anninh::evidence {
namespace {

mode_t Mode(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(SiteKeyTest, CreatedOnFirstUseWithMode0600AndReusedAfter) {
  anninh::testing::TempDir dir;
  const auto path = dir / "keys/site-ed25519.key";
  ::umask(022);
  auto first = SiteKey::LoadOrCreate(path);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(std::filesystem::file_size(path), 32u);
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));

  auto second = SiteKey::LoadOrCreate(path);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_EQ(second->PublicKeyHex(), first->PublicKeyHex());
  EXPECT_EQ(second->PublicKeyHex().size(), 64u);
  EXPECT_TRUE(second->Fingerprint().starts_with("SHA256:"));
  EXPECT_EQ(second->Fingerprint(), first->Fingerprint());

  // Signatures made with the reloaded key verify with the first one's public key.
  auto sig = second->Sign("hello");
  EXPECT_TRUE(VerifySignature(first->public_key(), "hello", sig));
  EXPECT_FALSE(VerifySignature(first->public_key(), "hellO", sig));
  EXPECT_FALSE(VerifySignature(SiteKey::Generate().public_key(), "hello", sig));
}

TEST(SiteKeyTest, AWrongSizeKeyFileIsAnErrorAndIsNeverReplaced) {
  anninh::testing::TempDir dir;
  const auto path = dir / "site.key";
  std::ofstream(path, std::ios::binary) << "not a key";
  auto key = SiteKey::LoadOrCreate(path);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), ErrorCode::kDataLoss);
  EXPECT_NE(key.error().message().find(path.string()), std::string::npos);
  EXPECT_NE(key.error().message().find("9 bytes"), std::string::npos);
  EXPECT_EQ(ReadSmallFile(path, 100).value(), "not a key");

  std::filesystem::resize_file(path, 0);  // e.g. a disk that lost the file's data
  key = SiteKey::LoadOrCreate(path);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

TEST(SiteKeyTest, AKeyPathThatIsNotAFileIsAnError) {
  anninh::testing::TempDir dir;
  std::filesystem::create_directories(dir / "site.key");
  auto key = SiteKey::LoadOrCreate(dir / "site.key");
  ASSERT_FALSE(key.has_value());
  EXPECT_NE(key.error().message().find("not a regular file"), std::string::npos);
}

TEST(SiteKeyTest, LoadWithoutAKeyIsNotFound) {
  anninh::testing::TempDir dir;
  auto key = SiteKey::Load(dir / "none.key");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir / "none.key"));
}

TEST(SiteKeyTest, PublicKeysParseFromHexAndFiles) {
  anninh::testing::TempDir dir;
  SiteKey key = SiteKey::Generate();
  EXPECT_EQ(ParsePublicKeyHex("  " + key.PublicKeyHex() + "\n").value(), key.public_key());
  EXPECT_FALSE(ParsePublicKeyHex(key.PublicKeyHex().substr(2)).has_value());
  EXPECT_FALSE(ParsePublicKeyHex(std::string(64, 'g')).has_value());
  std::ofstream(dir / "pub.txt") << key.PublicKeyHex() << "\n";
  EXPECT_EQ(ReadPublicKeyFile(dir / "pub.txt").value(), key.public_key());
  EXPECT_FALSE(ReadPublicKeyFile(dir / "missing.txt").has_value());
}

}  // namespace
}  // namespace anninh::evidence
