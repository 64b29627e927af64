#include <gtest/gtest.h>

#include <vector>

#include "rtsp/depacketize_aac.h"
#include "rtsp/depacketize_h264.h"
#include "rtsp/depacketize_h265.h"

namespace anninh::rtsp {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Collected {
  std::vector<Bytes> data;
  std::vector<std::int64_t> ts;
  std::vector<bool> key;
  AccessUnitCallback Callback() {
    return [this](const AccessUnit& au) {
      data.emplace_back(au.data.begin(), au.data.end());
      ts.push_back(au.timestamp);
      key.push_back(au.keyframe);
    };
  }
};

RtpPacket Packet(const Bytes& payload, bool marker) {
  RtpPacket p;
  p.marker = marker;
  p.payload = payload;
  return p;
}

Bytes Annexb(std::initializer_list<Bytes> nals) {
  Bytes out;
  for (const Bytes& n : nals) {
    out.insert(out.end(), {0, 0, 0, 1});
    out.insert(out.end(), n.begin(), n.end());
  }
  return out;
}

const Bytes kSps = {0x67, 0x42, 0x00, 0x1f};
const Bytes kPps = {0x68, 0xce, 0x31};
const Bytes kIdr = {0x65, 0x88, 0x80, 0x40, 0x01, 0x02, 0x03, 0x04, 0x05};
const Bytes kSlice = {0x41, 0x9a, 0x02, 0x03};

// Pushes a STAP-A with SPS+PPS, then the IDR split into three FU-A fragments.
void PushKeyframe(H264Depacketizer& d, std::int64_t ts, bool gap_in_middle = false) {
  Bytes stap = {0x18, 0, static_cast<std::uint8_t>(kSps.size())};
  stap.insert(stap.end(), kSps.begin(), kSps.end());
  stap.insert(stap.end(), {0, static_cast<std::uint8_t>(kPps.size())});
  stap.insert(stap.end(), kPps.begin(), kPps.end());
  d.Push(Packet(stap, false), ts, false);
  const std::uint8_t indicator = (kIdr[0] & 0xe0) | 28;
  Bytes fu1 = {indicator, 0x80 | 5, kIdr[1], kIdr[2], kIdr[3]};
  Bytes fu2 = {indicator, 5, kIdr[4], kIdr[5], kIdr[6]};
  Bytes fu3 = {indicator, 0x40 | 5, kIdr[7], kIdr[8]};
  d.Push(Packet(fu1, false), ts, false);
  if (!gap_in_middle) d.Push(Packet(fu2, false), ts, false);
  d.Push(Packet(fu3, true), ts, gap_in_middle);
}

TEST(H264DepacketizerTest, StapAAndFuAReassembleOneAccessUnit) {
  Collected c;
  H264Depacketizer d(c.Callback());
  PushKeyframe(d, 1000);
  ASSERT_EQ(c.data.size(), 1u);
  EXPECT_EQ(c.data[0], Annexb({kSps, kPps, kIdr}));
  EXPECT_TRUE(c.key[0]);
  EXPECT_EQ(c.ts[0], 1000);
  d.Push(Packet(kSlice, true), 4600, false);
  ASSERT_EQ(c.data.size(), 2u);
  EXPECT_EQ(c.data[1], Annexb({kSlice}));
  EXPECT_FALSE(c.key[1]);
}

TEST(H264DepacketizerTest, TimestampChangeEndsAUnitWithoutMarker) {
  Collected c;
  H264Depacketizer d(c.Callback());
  PushKeyframe(d, 0);
  d.Push(Packet(kSlice, false), 3600, false);
  d.Push(Packet(kSlice, false), 3600, false);  // two slices, one picture
  EXPECT_EQ(c.data.size(), 1u);
  d.Push(Packet(kSlice, false), 7200, false);
  ASSERT_EQ(c.data.size(), 2u);
  EXPECT_EQ(c.data[1], Annexb({kSlice, kSlice}));
  EXPECT_EQ(c.ts[1], 3600);
}

TEST(H264DepacketizerTest, LostFragmentDropsTheUnitAndWaitsForTheNextKeyframe) {
  Collected c;
  H264Depacketizer d(c.Callback());
  PushKeyframe(d, 0);
  d.Push(Packet(kSlice, true), 3600, false);
  PushKeyframe(d, 7200, /*gap_in_middle=*/true);  // loses the middle FU-A
  d.Push(Packet(kSlice, true), 10800, false);     // refers to the lost keyframe
  d.Push(Packet(kSlice, true), 14400, false);
  EXPECT_EQ(c.data.size(), 2u);
  PushKeyframe(d, 18000);
  d.Push(Packet(kSlice, true), 21600, false);
  ASSERT_EQ(c.data.size(), 4u);
  EXPECT_EQ(c.ts[2], 18000);
  EXPECT_TRUE(c.key[2]);
  EXPECT_EQ(c.data[2], Annexb({kSps, kPps, kIdr}));
  EXPECT_GE(d.dropped(), 3u);
}

TEST(H264DepacketizerTest, OutputStartsAtTheFirstKeyframe) {
  Collected c;
  H264Depacketizer d(c.Callback());
  d.Push(Packet(kSlice, true), 0, false);
  d.Push(Packet(kSlice, true), 3600, false);
  PushKeyframe(d, 7200);
  ASSERT_EQ(c.data.size(), 1u);
  EXPECT_TRUE(c.key[0]);
}

TEST(H264DepacketizerTest, FragmentWithoutItsStartBreaksTheUnit) {
  Collected c;
  H264Depacketizer d(c.Callback());
  PushKeyframe(d, 0);
  Bytes orphan = {0x5c, 0x41, 1, 2};  // FU-A continuation of a non-IDR slice, no start
  d.Push(Packet(orphan, true), 3600, false);
  d.Push(Packet(kSlice, true), 7200, false);
  EXPECT_EQ(c.data.size(), 1u);
}

TEST(H265DepacketizerTest, AggregationAndFragmentationUnits) {
  Collected c;
  H265Depacketizer d(c.Callback());
  const Bytes vps = {0x40, 0x01, 0x0c}, sps = {0x42, 0x01, 0x01}, pps = {0x44, 0x01, 0xc1};
  const Bytes idr = {0x26, 0x01, 0xaf, 0x01, 0x02, 0x03, 0x04};  // type 19, IDR_W_RADL
  Bytes ap = {0x60, 0x01};  // type 48
  for (const Bytes* n : {&vps, &sps, &pps}) {
    ap.insert(ap.end(), {0, static_cast<std::uint8_t>(n->size())});
    ap.insert(ap.end(), n->begin(), n->end());
  }
  d.Push(Packet(ap, false), 0, false);
  // FU: payload header type 49, FU header S/E + type 19.
  Bytes fu1 = {0x62, 0x01, 0x80 | 19, idr[2], idr[3]};
  Bytes fu2 = {0x62, 0x01, 0x40 | 19, idr[4], idr[5], idr[6]};
  d.Push(Packet(fu1, false), 0, false);
  d.Push(Packet(fu2, true), 0, false);
  ASSERT_EQ(c.data.size(), 1u);
  EXPECT_EQ(c.data[0], Annexb({vps, sps, pps, idr}));
  EXPECT_TRUE(c.key[0]);
  const Bytes trail = {0x02, 0x01, 0xd0, 0x09};  // TRAIL_R
  d.Push(Packet(trail, true), 3600, false);
  ASSERT_EQ(c.data.size(), 2u);
  EXPECT_FALSE(c.key[1]);
  // A lost FU middle drops the unit and waits for the next IRAP.
  d.Push(Packet(fu1, false), 7200, false);
  d.Push(Packet(fu2, true), 7200, true);
  d.Push(Packet(trail, true), 10800, false);
  EXPECT_EQ(c.data.size(), 2u);
}

TEST(AacDepacketizerTest, SeveralAccessUnitsInOnePacket) {
  Collected c;
  AacDepacketizer d(AacFormat{}, c.Callback());
  // Three AU headers of 16 bits each (13-bit size, 3-bit index/delta): sizes 3, 2, 4.
  Bytes p = {0x00, 0x30, 0x00, 0x18, 0x00, 0x10, 0x00, 0x20,
             1, 1, 1, 2, 2, 3, 3, 3, 3};
  d.Push(Packet(p, true), 16000, false);
  ASSERT_EQ(c.data.size(), 3u);
  EXPECT_EQ(c.data[0], (Bytes{1, 1, 1}));
  EXPECT_EQ(c.data[1], (Bytes{2, 2}));
  EXPECT_EQ(c.data[2], (Bytes{3, 3, 3, 3}));
  EXPECT_EQ(c.ts, (std::vector<std::int64_t>{16000, 17024, 18048}));
  EXPECT_TRUE(c.key[2]);
}

TEST(AacDepacketizerTest, FragmentedAccessUnitIsReassembled) {
  Collected c;
  AacDepacketizer d(AacFormat{}, c.Callback());
  // One AU of 5 bytes in two packets, each with the same header.
  Bytes p1 = {0x00, 0x10, 0x00, 0x28, 9, 8, 7};
  Bytes p2 = {0x00, 0x10, 0x00, 0x28, 6, 5};
  d.Push(Packet(p1, false), 0, false);
  EXPECT_TRUE(c.data.empty());
  d.Push(Packet(p2, true), 0, false);
  ASSERT_EQ(c.data.size(), 1u);
  EXPECT_EQ(c.data[0], (Bytes{9, 8, 7, 6, 5}));
  // A gap in the middle of a fragmented AU drops it.
  d.Push(Packet(p1, false), 1024, false);
  d.Push(Packet(p2, true), 1024, true);
  EXPECT_EQ(c.data.size(), 1u);
}

}  // namespace
}  // namespace anninh::rtsp
