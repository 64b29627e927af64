#include "core/vietnamese.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace anninh {
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
  EXPECT_EQ(SearchKey("\xC3\x90" "\xC6\x89"), "dd");  // eth and African D look like Đ
}

TEST(VietnameseTest, FoldMapsEveryKeyByteBackToItsSourceCharacter) {
  const std::string text = "Xã Tiền Hải";
  const FoldedText f = FoldWithOffsets(text);
  EXPECT_EQ(f.key, "xa tien hai");
  ASSERT_EQ(f.begin.size(), f.key.size());
  ASSERT_EQ(f.end.size(), f.key.size());
  // "tien" is key bytes 3..6; it came from "Tiền" (ề is three bytes).
  const std::size_t k = f.key.find("tien");
  EXPECT_EQ(text.substr(f.begin[k], f.end[k + 3] - f.begin[k]), "Tiền");
  const std::size_t h = f.key.find("hai");
  EXPECT_EQ(text.substr(f.begin[h], f.end[h + 2] - f.begin[h]), "Hải");
}

TEST(VietnameseTest, FoldOfNfdInputMapsToWholeCharacters) {
  const std::string nfd = "Ho\xCC\x80" "a";  // the grave accent is its own code point
  const FoldedText f = FoldWithOffsets(nfd);
  EXPECT_EQ(f.key, "hoa");
  EXPECT_EQ(f.end[2], nfd.size());
  EXPECT_EQ(f.begin[2], 4u);  // "a" comes after o + U+0300 (two bytes)
}

TEST(VietnameseTest, UpperCaseKeepsTheMarks) {
  EXPECT_EQ(ViUpper("Xã Tiền Hải"), "XÃ TIỀN HẢI");
  EXPECT_EQ(ViUpper("đội tự quản"), "ĐỘI TỰ QUẢN");
}

}  // namespace
}  // namespace anninh
