// The byte stream of an RTSP connection over TCP: responses (and the odd request from the
// server) interleaved with binary frames `$ channel length payload` (RFC 2326 section
// 10.12). ParseIncoming is stateless: it looks at the bytes received so far and says what
// the first complete unit is and how many bytes it took, or that more are needed. The
// caller keeps the unconsumed rest and calls again after the next read, so a frame split
// across reads, or fed one byte at a time, parses the same as one delivered whole.
//
// Interleaved payloads are returned as views into the caller's buffer (the hot path
// copies nothing); responses, which are rare, are copied into a Response.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace anninh::rtsp {

struct Response {
  int status = 0;  // 0 for a request from the server (e.g. an ANNOUNCE); ignored
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (case-insensitive), or "" when absent.
  std::string_view Header(std::string_view name) const;
  // The CSeq header as a number, or -1.
  int CSeq() const;
};

struct Incoming {
  enum class Kind { kNeedMore, kInterleaved, kResponse, kError };
  Kind kind = Kind::kNeedMore;
  std::size_t consumed = 0;  // bytes of the input that this frame took
  int channel = 0;           // kInterleaved
  std::span<const std::uint8_t> payload;  // kInterleaved: a view into the input
  Response response;         // kResponse
  std::string error;         // kError
};

// Largest response head (status line + headers) and body accepted; more is an error.
inline constexpr std::size_t kMaxHeadBytes = 16 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Parses the first unit in `data`. `out` is reused between calls (its strings keep their
// capacity).
void ParseIncoming(std::span<const std::uint8_t> data, Incoming& out);

}  // namespace anninh::rtsp
