#include "serve/pagination.h"

#include <gtest/gtest.h>

namespace anninh::serve {
namespace {

PageRequest Page(const std::string& query) { return ParsePage(ParseTarget("/x" + query).value()).value(); }

TEST(PaginationTest, WalkingPagesVisitsEveryItemOnceInOrder) {
  std::vector<std::string> keys;
  for (int i = 1; i <= 7; ++i) keys.push_back(NumberKey(i * 10));
  std::vector<std::size_t> seen;
  std::string query = "?limit=3";
  int pages = 0;
  while (true) {
    PageSlice s = SlicePage(keys, Page(query));
    for (std::size_t i = s.begin; i < s.end; ++i) seen.push_back(i);
    ++pages;
    if (!s.next) break;
    query = "?limit=3&cursor=" + *s.next;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(PaginationTest, AnItemRemovedBetweenPagesSkipsNothing) {
  std::vector<std::string> keys{"a", "b", "c", "d", "e"};
  PageSlice first = SlicePage(keys, Page("?limit=2"));
  ASSERT_TRUE(first.next);
  keys.erase(keys.begin() + 1);  // "b", the last one shown, is deleted
  PageSlice second = SlicePage(keys, Page("?limit=2&cursor=" + *first.next));
  EXPECT_EQ(keys[second.begin], "c");
}

TEST(PaginationTest, TheLastPageHasNoNextAndAnExactFitToo) {
  std::vector<std::string> keys{"a", "b"};
  EXPECT_FALSE(SlicePage(keys, Page("?limit=2")).next);
  EXPECT_FALSE(SlicePage(keys, Page("")).next);
  EXPECT_EQ(SlicePage({}, Page("")).end, 0u);
  EXPECT_EQ(Page("").limit, 100u);
}

TEST(PaginationTest, NumberKeysSortLikeNumbers) {
  EXPECT_LT(NumberKey(9), NumberKey(10));
  EXPECT_LT(NumberKey(99), NumberKey(1'000'000'000'000));
}

TEST(PaginationTest, BadLimitsAndCursorsAreClearErrors) {
  for (const char* q : {"?limit=0", "?limit=1001", "?limit=x", "?limit=-1", "?limit="}) {
    auto p = ParsePage(ParseTarget(std::string("/x") + q).value());
    ASSERT_FALSE(p.has_value()) << q;
    EXPECT_EQ(p.error().field(), "limit") << q;
  }
  for (const char* q : {"?cursor=zz", "?cursor=abc", "?cursor=6162", "?cursor="}) {
    auto p = ParsePage(ParseTarget(std::string("/x") + q).value());
    ASSERT_FALSE(p.has_value()) << q;
    EXPECT_EQ(p.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(p.error().field(), "cursor") << q;
  }
  EXPECT_EQ(DecodeCursor(EncodeCursor("thôn Đông/12")).value(), "thôn Đông/12");
}

}  // namespace
}  // namespace anninh::serve
