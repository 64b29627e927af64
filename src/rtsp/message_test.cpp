#include "rtsp/message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace anninh::rtsp {
namespace {

std::vector<std::uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

// A summary of everything parsed out of a stream: "R200:<cseq>:<body>" or "I<ch>:<len>".
struct Parsed {
  std::vector<std::string> items;
  bool error = false;
};

// Feeds `stream` in pieces of `step` bytes, keeping the unconsumed rest like the client.
Parsed Feed(const std::vector<std::uint8_t>& stream, std::size_t step) {
  Parsed out;
  std::vector<std::uint8_t> buffer;
  Incoming in;
  for (std::size_t i = 0; i < stream.size(); i += step) {
    buffer.insert(buffer.end(), stream.begin() + static_cast<long>(i),
                  stream.begin() + static_cast<long>(std::min(stream.size(), i + step)));
    std::size_t pos = 0;
    for (;;) {
      ParseIncoming(std::span<const std::uint8_t>(buffer).subspan(pos), in);
      if (in.kind == Incoming::Kind::kNeedMore) break;
      if (in.kind == Incoming::Kind::kError) {
        out.error = true;
        return out;
      }
      pos += in.consumed;
      if (in.kind == Incoming::Kind::kInterleaved) {
        std::string item = "I" + std::to_string(in.channel) + ":" + std::to_string(in.payload.size());
        if (!in.payload.empty()) item += ":" + std::to_string(in.payload.back());
        out.items.push_back(item);
      } else {
        out.items.push_back("R" + std::to_string(in.response.status) + ":" +
                            std::to_string(in.response.CSeq()) + ":" + in.response.body + ":" +
                            std::string(in.response.Header("session")));
      }
    }
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<long>(pos));
  }
  return out;
}

std::vector<std::uint8_t> SampleStream() {
  auto s = Bytes(
      "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 1234;timeout=60\r\nContent-Length: 5\r\n\r\nhello");
  for (int ch : {0, 1, 0}) {
    const std::size_t len = ch == 0 ? 1400 : 28;
    s.push_back('$');
    s.push_back(static_cast<std::uint8_t>(ch));
    s.push_back(static_cast<std::uint8_t>(len >> 8));
    s.push_back(static_cast<std::uint8_t>(len & 0xff));
    for (std::size_t i = 0; i < len; ++i) s.push_back(static_cast<std::uint8_t>(i));
  }
  auto tail = Bytes("RTSP/1.0 200 OK\r\nCSeq: 4\r\n\r\n");
  s.insert(s.end(), tail.begin(), tail.end());
  return s;
}

TEST(MessageTest, OneChunkAndByteByByteGiveTheSameResult) {
  auto stream = SampleStream();
  Parsed whole = Feed(stream, stream.size());
  Parsed bytes = Feed(stream, 1);
  Parsed odd = Feed(stream, 7);
  ASSERT_FALSE(whole.error);
  std::vector<std::string> expected = {"R200:3:hello:1234;timeout=60", "I0:1400:119", "I1:28:27",
                                       "I0:1400:119", "R200:4::"};
  EXPECT_EQ(whole.items, expected);
  EXPECT_EQ(bytes.items, expected);
  EXPECT_EQ(odd.items, expected);
}

TEST(MessageTest, InterleavedFrameSplitAcrossReadsWaitsForItsEnd) {
  std::vector<std::uint8_t> frame = {'$', 2, 0, 4, 9, 8, 7};
  Incoming in;
  ParseIncoming(frame, in);
  EXPECT_EQ(in.kind, Incoming::Kind::kNeedMore);
  frame.push_back(6);
  ParseIncoming(frame, in);
  ASSERT_EQ(in.kind, Incoming::Kind::kInterleaved);
  EXPECT_EQ(in.channel, 2);
  EXPECT_EQ(in.consumed, 8u);
  EXPECT_EQ(in.payload.data(), frame.data() + 4);  // a view, not a copy
}

TEST(MessageTest, BodyWaitsForContentLengthAndBareLfIsAccepted) {
  auto partial = Bytes("RTSP/1.0 401 Unauthorized\nCSeq: 2\nContent-Length: 4\n\nab");
  Incoming in;
  ParseIncoming(partial, in);
  EXPECT_EQ(in.kind, Incoming::Kind::kNeedMore);
  auto full = Bytes("RTSP/1.0 401 Unauthorized\nCSeq: 2\nContent-Length: 4\n\nabcd");
  ParseIncoming(full, in);
  ASSERT_EQ(in.kind, Incoming::Kind::kResponse);
  EXPECT_EQ(in.response.status, 401);
  EXPECT_EQ(in.response.reason, "Unauthorized");
  EXPECT_EQ(in.response.body, "abcd");
}

TEST(MessageTest, ServerRequestsParseWithStatusZero) {
  auto req = Bytes("ANNOUNCE rtsp://x/ RTSP/1.0\r\nCSeq: 9\r\n\r\n");
  Incoming in;
  ParseIncoming(req, in);
  ASSERT_EQ(in.kind, Incoming::Kind::kResponse);
  EXPECT_EQ(in.response.status, 0);
  EXPECT_EQ(in.response.CSeq(), 9);
}

TEST(MessageTest, GarbageIsAnError) {
  std::vector<std::uint8_t> junk = {0x80, 0x60, 1, 2};
  Incoming in;
  ParseIncoming(junk, in);
  EXPECT_EQ(in.kind, Incoming::Kind::kError);
  auto bad = Bytes("RTSP/1.0 2x0 OK\r\n\r\n");
  ParseIncoming(bad, in);
  EXPECT_EQ(in.kind, Incoming::Kind::kError);
}

}  // namespace
}  // namespace anninh::rtsp
