#include "search/highlight.h"

#include <gtest/gtest.h>

namespace anninh::search {
namespace {

std::string Marked(const std::vector<Part>& parts) {
  std::string out;
  for (const Part& p : parts) out += p.hit ? "[" + p.text + "]" : p.text;
  return out;
}

TEST(HighlightTest, QueryTermsAreFoldedWords) {
  EXPECT_EQ(QueryTerms("  Tiền  HẢI! "), (std::vector<std::string>{"hai", "tien"}));
  EXPECT_EQ(QueryTerms("Đoàn-kết \"OR\" *"), (std::vector<std::string>{"doan", "ket", "or"}));
  EXPECT_TRUE(QueryTerms("  ** ").empty());
}

TEST(HighlightTest, HighlightsTheOriginalCharacters) {
  EXPECT_EQ(Marked(Highlight("Xã Tiền Hải, tỉnh Hưng Yên", QueryTerms("tien ha"))), "Xã [Tiền] [Hả]i, tỉnh Hưng Yên");
  // Both tone placements and NFD input find the same word, shown as written.
  EXPECT_EQ(Marked(Highlight("Phường Thuỷ Hoà", QueryTerms("thủy hòa"))), "Phường [Thuỷ] [Hoà]");
  EXPECT_EQ(Marked(Highlight("Tổ Đoàn kết", QueryTerms("doan"))), "Tổ [Đoàn] kết");
  const std::string nfd_query = "ho\xCC\x80" "a";
  EXPECT_EQ(Marked(Highlight("Hòa Bình", QueryTerms(nfd_query))), "[Hòa] Bình");
  // Only word starts: "an" is not highlighted inside "Nhân".
  EXPECT_EQ(Marked(Highlight("Nhân dân An Ninh", QueryTerms("an"))), "Nhân dân [An] Ninh");
}

TEST(HighlightTest, SnippetCutsAroundTheFirstMatchOnCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Lời dẫn dài ";
  text += "Ngày hội toàn dân bảo vệ an ninh Tổ quốc";
  for (int i = 0; i < 40; ++i) text += " phần sau";
  const auto parts = Snippet(text, QueryTerms("ngay hoi"), 120);
  const std::string s = Marked(parts);
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;
  EXPECT_NE(s.find("[Ngày] [hội]"), std::string::npos) << s;
  EXPECT_LT(s.size(), 200u);
  EXPECT_EQ(s.substr(s.size() - 3), "…");
}

TEST(HighlightTest, MatchesAllNeedsEveryTermAtAWordStart) {
  EXPECT_TRUE(MatchesAll("Camera cổng chợ Tiền Hải", QueryTerms("cho tien")));
  EXPECT_FALSE(MatchesAll("Camera cổng chợ Tiền Hải", QueryTerms("cho dong")));
  EXPECT_FALSE(MatchesAll("Camera cổng chợ", QueryTerms("ong")));
}

}  // namespace
}  // namespace anninh::search
