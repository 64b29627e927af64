#include "core/error.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace anninh {
namespace {

TEST(ErrorTest, WrapKeepsCodeAndPrefixesContext) {
  Error e = Error(ErrorCode::kNotFound, "no such file").Wrap("open /x");
  EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  EXPECT_EQ(e.message(), "open /x: no such file");
  EXPECT_EQ(e.ToString(), "not found: open /x: no such file");
}

TEST(ErrorTest, ErrnoMapsDiskFullToResourceExhausted) {
  EXPECT_EQ(ErrnoError(ENOSPC, "write").code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(ErrnoError(ENOENT, "open").code(), ErrorCode::kNotFound);
  EXPECT_NE(ErrnoError(ENOSPC, "write x").message().find("write x"), std::string::npos);
}

Result<int> Half(int v) {
  if (v % 2) return Fail(ErrorCode::kInvalidArgument, "odd");
  return v / 2;
}

TEST(ErrorTest, ResultCarriesValueOrError) {
  EXPECT_EQ(Half(4).value(), 2);
  EXPECT_FALSE(Half(3).has_value());
  EXPECT_EQ(Half(3).error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace anninh
