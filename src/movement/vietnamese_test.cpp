#include "movement/vietnamese.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace anninh::movement {
namespace {

TEST(VietnameseTest, NfdInputIsStoredNfc) {
  const std::string nfd = "Ho\xCC\x80" "a";  // "Hòa" with a combining grave accent
  const std::string nfc = "H\xC3\xB2" "a";   // precomposed ò
  EXPECT_EQ(Nfc(nfd).value(), nfc);
  EXPECT_EQ(Nfc(nfc).value(), nfc);
  EXPECT_FALSE(Nfc("\xC3\x28"));  // a truncated sequence is refused, not guessed
}

TEST(VietnameseTest, SortsWithTheViCollation) {
  // Byte order would put "Đông" after "Yên" and "Ân" after "Yên"; vi puts a < ă < â, d < đ.
  std::vector<std::string> names{"Yên", "Đông", "Dương", "Ân", "An", "Ăn", "Bình"};
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return ViLess(a, b); });
  EXPECT_EQ(names, (std::vector<std::string>{"An", "Ăn", "Ân", "Bình", "Dương", "Đông", "Yên"}));
}

TEST(VietnameseTest, SearchKeyIgnoresMarksCaseToneStyleAndDd) {
  EXPECT_EQ(SearchKey("Thủy Hòa"), "thuy hoa");
  EXPECT_EQ(SearchKey("Thuỷ Hoà"), "thuy hoa");  // the old tone placement
  EXPECT_EQ(SearchKey("Đoàn kết"), "doan ket");
  EXPECT_EQ(SearchKey("Ho\xCC\x80" "a"), "hoa");
}

TEST(VietnameseTest, UpperCaseKeepsTheMarks) {
  EXPECT_EQ(ViUpper("Xã Tiền Hải"), "XÃ TIỀN HẢI");
  EXPECT_EQ(ViUpper("đội tự quản"), "ĐỘI TỰ QUẢN");
}

}  // namespace
}  // namespace anninh::movement
