#include "core/sha256.h"

#include <gtest/gtest.h>

namespace anninh {
namespace {

TEST(Sha256Test, KnownVectorsAndIncrementalEqualsOneShot) {
  std::string abc = "abc";
  auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(abc.data()), abc.size());
  EXPECT_EQ(Sha256::HexOf(bytes),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.Update(bytes.subspan(0, 1));
  h.Update(bytes.subspan(1));
  EXPECT_EQ(h.FinishHex(), Sha256::HexOf(bytes));
  // After FinishHex the hasher starts over: the empty string's digest.
  EXPECT_EQ(h.FinishHex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace anninh
