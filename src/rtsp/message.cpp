#include "rtsp/message.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "rtsp/text.h"

namespace anninh::rtsp {

namespace {

// A text message starts with a method or "RTSP/": letters only up to the first space.
bool LooksLikeText(std::uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

void Error(Incoming& out, std::string message) {
  out.kind = Incoming::Kind::kError;
  out.consumed = 0;
  out.error = std::move(message);
}

}  // namespace

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsNoCase(k, name)) return v;
  }
  return {};
}

int Response::CSeq() const {
  std::string_view v = Header("CSeq");
  int n = -1;
  std::from_chars(v.data(), v.data() + v.size(), n);
  return n;
}

void ParseIncoming(std::span<const std::uint8_t> data, Incoming& out) {
  out.kind = Incoming::Kind::kNeedMore;
  out.consumed = 0;
  if (data.empty()) return;
  if (data[0] == '$') {
    if (data.size() < 4) return;
    const std::size_t len = (static_cast<std::size_t>(data[2]) << 8) | data[3];
    if (data.size() < 4 + len) return;
    out.kind = Incoming::Kind::kInterleaved;
    out.channel = data[1];
    out.payload = data.subspan(4, len);
    out.consumed = 4 + len;
    return;
  }
  if (!LooksLikeText(data[0])) {
    Error(out, "unexpected byte in the RTSP stream");
    return;
  }
  // The head ends at the first empty line. RFC 2326 says CRLF; a few cameras send bare
  // LF, so both are accepted.
  const char* text = reinterpret_cast<const char*>(data.data());
  std::string_view all(text, std::min(data.size(), kMaxHeadBytes + 4));
  std::size_t head_end = std::string_view::npos, sep = 0;
  if (std::size_t p = all.find("\r\n\r\n"); p != std::string_view::npos) head_end = p, sep = 4;
  if (std::size_t p = all.find("\n\n"); p != std::string_view::npos && p < head_end) {
    head_end = p, sep = 2;
  }
  if (head_end == std::string_view::npos) {
    if (data.size() > kMaxHeadBytes) Error(out, "RTSP message head too long");
    return;
  }
  Response& r = out.response;
  r.status = 0;
  r.reason.clear();
  r.headers.clear();
  r.body.clear();
  std::string_view head = all.substr(0, head_end);
  std::size_t line_end = head.find('\n');
  std::string_view first = Trim(head.substr(0, line_end));
  if (first.rfind("RTSP/", 0) == 0) {
    std::size_t sp = first.find(' ');
    if (sp == std::string_view::npos) return Error(out, "bad RTSP status line");
    std::string_view rest = first.substr(sp + 1);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), r.status);
    if (ec != std::errc() || r.status < 100 || r.status > 999) {
      return Error(out, "bad RTSP status code");
    }
    r.reason = std::string(Trim(std::string_view(p, rest.data() + rest.size() - p)));
  }
  std::size_t content_length = 0;
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 1;
    line_end = head.find('\n', start);
    std::string_view line = Trim(head.substr(start, line_end == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : line_end - start));
    if (line.empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // tolerated, ignored
    std::string_view key = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsNoCase(key, "Content-Length")) {
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), content_length);
      if (ec != std::errc() || content_length > kMaxBodyBytes) {
        return Error(out, "bad Content-Length");
      }
    }
    r.headers.emplace_back(std::string(key), std::string(value));
  }
  const std::size_t total = head_end + sep + content_length;
  if (data.size() < total) return;  // the body has not all arrived
  r.body.assign(text + head_end + sep, content_length);
  out.kind = Incoming::Kind::kResponse;
  out.consumed = total;
}

}  // namespace anninh::rtsp
