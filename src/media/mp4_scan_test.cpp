#include "media/mp4_scan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace anninh::media {
namespace {

void AppendBox(std::vector<std::uint8_t>& out, const char* type, std::size_t payload) {
  std::uint32_t size = static_cast<std::uint32_t>(payload + 8);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(size >> shift));
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), payload, 0xAB);
}

std::vector<std::uint8_t> File(int fragments) {
  std::vector<std::uint8_t> f;
  AppendBox(f, "ftyp", 16);
  AppendBox(f, "moov", 100);
  for (int i = 0; i < fragments; ++i) {
    AppendBox(f, "moof", 50);
    AppendBox(f, "mdat", 1000);
  }
  return f;
}

TEST(Mp4ScanTest, CompleteFileIsAllValid) {
  auto f = File(3);
  Mp4Layout l = ScanMp4(f);
  EXPECT_TRUE(l.has_header);
  EXPECT_EQ(l.fragments, 3);
  EXPECT_EQ(l.valid_size, f.size());
}

TEST(Mp4ScanTest, TornMdatIsCutBackToLastCompleteFragment) {
  auto f = File(3);
  std::size_t two_fragments = 24 + 108 + 2 * (58 + 1008);
  f.resize(f.size() - 10);  // the crash tore the last mdat
  Mp4Layout l = ScanMp4(f);
  EXPECT_EQ(l.fragments, 2);
  EXPECT_EQ(l.valid_size, two_fragments);
}

TEST(Mp4ScanTest, MoofWithoutMdatIsNotAFragment) {
  auto f = File(1);
  AppendBox(f, "moof", 50);  // written, but the crash came before its mdat
  Mp4Layout l = ScanMp4(f);
  EXPECT_EQ(l.fragments, 1);
  EXPECT_EQ(l.valid_size, f.size() - 58);
}

TEST(Mp4ScanTest, HeaderOnlyAndGarbage) {
  std::vector<std::uint8_t> f;
  AppendBox(f, "ftyp", 16);
  AppendBox(f, "moov", 100);
  EXPECT_EQ(ScanMp4(f).fragments, 0);
  EXPECT_TRUE(ScanMp4(f).has_header);
  std::vector<std::uint8_t> junk(5, 0);
  EXPECT_FALSE(ScanMp4(junk).has_header);
  EXPECT_EQ(ScanMp4(junk).valid_size, 0u);
  std::vector<std::uint8_t> bad_size = {0, 0, 0, 3, 'f', 't', 'y', 'p'};
  EXPECT_EQ(ScanMp4(bad_size).valid_size, 0u);
}

}  // namespace
}  // namespace anninh::media
