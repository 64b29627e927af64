#include "rtsp/rtp.h"

#include <gtest/gtest.h>

#include <vector>

namespace anninh::rtsp {
namespace {

TEST(RtpTest, ParsesHeaderCsrcExtensionAndPadding) {
  std::vector<std::uint8_t> p = {
      0xb1, 0xe0, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4,  // V=2 P X CC=1, M, PT 96
      9, 9, 9, 9,                                                  // CSRC
      0xbe, 0xde, 0, 1, 7, 7, 7, 7,                                // extension, one word
      0xaa, 0xbb, 0, 0, 3};                                        // payload, 3 bytes padding
  RtpPacket r;
  ASSERT_TRUE(ParseRtp(p, r));
  EXPECT_TRUE(r.marker);
  EXPECT_EQ(r.payload_type, 96);
  EXPECT_EQ(r.sequence, 0x1234);
  EXPECT_EQ(r.timestamp, 0xdeadbeefu);
  EXPECT_EQ(r.ssrc, 0x01020304u);
  ASSERT_EQ(r.payload.size(), 2u);
  EXPECT_EQ(r.payload[0], 0xaa);
  p[0] = 0x40;  // version 1
  EXPECT_FALSE(ParseRtp(p, r));
  EXPECT_FALSE(ParseRtp(std::vector<std::uint8_t>(11, 0x80), r));
}

TEST(RtpTest, SequenceGapsAcrossWrap) {
  SequenceTracker s;
  EXPECT_EQ(s.Accept(65534), SequenceTracker::Order::kNext);
  EXPECT_EQ(s.Accept(65535), SequenceTracker::Order::kNext);
  EXPECT_EQ(s.Accept(0), SequenceTracker::Order::kNext);
  EXPECT_EQ(s.Accept(0), SequenceTracker::Order::kOld);
  EXPECT_EQ(s.Accept(3), SequenceTracker::Order::kGap);
  EXPECT_EQ(s.Accept(2), SequenceTracker::Order::kOld);
  EXPECT_EQ(s.Accept(4), SequenceTracker::Order::kNext);
}

TEST(RtpTest, TimestampUnwrapsAcrossTwoToThe32) {
  TimestampUnwrapper u;
  EXPECT_EQ(u.Unwrap(0xffffe000u), 0xffffe000LL);
  EXPECT_EQ(u.Unwrap(0xfffff000u), 0xfffff000LL);
  EXPECT_EQ(u.Unwrap(0x00000e10u), 0x100000e10LL);  // wrapped: keeps going up
  EXPECT_EQ(u.Unwrap(0x00000000u), 0x100000000LL);  // a small step back stays near
  EXPECT_EQ(u.Unwrap(0xfffffff0u), 0xfffffff0LL);   // and back across the wrap
}

}  // namespace
}  // namespace anninh::rtsp
