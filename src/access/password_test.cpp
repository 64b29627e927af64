#include "access/password.h"

#include <gtest/gtest.h>

#include "access/secret.h"

namespace anninh::access {
namespace {

TEST(Password, HashIsArgon2idAndVerifies) {
  auto h = HashPassword("đúng mật khẩu rồi", PasswordCost::Minimum());
  ASSERT_TRUE(h) << h.error().ToString();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "đúng mật khẩu rồi"));
  EXPECT_FALSE(VerifyPassword(*h, "dung mat khau roi"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
  EXPECT_FALSE(VerifyPassword("", "anything"));
  EXPECT_FALSE(VerifyPassword("not-a-hash", "anything"));
}

TEST(Password, SaltedSoTwoHashesDiffer) {
  auto a = HashPassword("same password", PasswordCost::Minimum());
  auto b = HashPassword("same password", PasswordCost::Minimum());
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(Password, ProblemsNamed) {
  EXPECT_TRUE(PasswordProblem("short", "u").has_value());
  EXPECT_TRUE(PasswordProblem("longenough-user", "longenough-user").has_value());
  EXPECT_FALSE(PasswordProblem("mười ký tự đây", "u").has_value());  // 14 characters, more bytes
  EXPECT_TRUE(PasswordProblem("ệệệệệ", "u").has_value());           // 5 characters, 15 bytes
  EXPECT_TRUE(PasswordProblem(std::string(300, 'a'), "u").has_value());
}

TEST(Secret, RandomAndDigest) {
  auto a = RandomSecret(32);
  auto b = RandomSecret(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(SecretDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace anninh::access
