#include "rtsp/sdp.h"

#include <cctype>
#include <charconv>

#include "rtsp/text.h"
#include "rtsp/url.h"

namespace anninh::rtsp {

namespace {

int ToInt(std::string_view s, int fallback) {
  int v = fallback;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "96 H264/90000" or "97 MPEG4-GENERIC/16000/1"
void ParseRtpmap(std::string_view v, SdpMedia& m) {
  std::size_t sp = v.find(' ');
  if (sp == std::string_view::npos || ToInt(v.substr(0, sp), -2) != m.payload_type) return;
  std::string_view enc = Trim(v.substr(sp + 1));
  std::size_t slash = enc.find('/');
  m.encoding = Upper(enc.substr(0, slash));
  if (slash == std::string_view::npos) return;
  std::string_view rest = enc.substr(slash + 1);
  std::size_t slash2 = rest.find('/');
  m.clock_rate = ToInt(rest.substr(0, slash2), 0);
  if (slash2 != std::string_view::npos) m.channels = ToInt(rest.substr(slash2 + 1), 0);
}

// "96 packetization-mode=1; sprop-parameter-sets=Z0IAH5Y1QKALdNwEBAQI,aM4xsg==; ..."
void ParseFmtp(std::string_view v, SdpMedia& m) {
  std::size_t sp = v.find(' ');
  if (sp == std::string_view::npos || ToInt(v.substr(0, sp), -2) != m.payload_type) return;
  std::string_view rest = v.substr(sp + 1);
  while (!rest.empty()) {
    std::size_t semi = rest.find(';');
    std::string_view item = Trim(rest.substr(0, semi));
    if (std::size_t eq = item.find('='); eq != std::string_view::npos) {
      m.fmtp.emplace_back(Lower(Trim(item.substr(0, eq))), std::string(Trim(item.substr(eq + 1))));
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
}

}  // namespace

std::string_view SdpMedia::Fmtp(std::string_view key) const {
  for (const auto& [k, v] : fmtp) {
    if (k == key) return v;
  }
  return {};
}

Result<Sdp> ParseSdp(std::string_view text, std::string_view base) {
  Sdp sdp;
  std::string session_control;
  std::vector<std::string> media_controls;
  bool saw_version = false;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.size() < 2 || line[1] != '=') continue;
    const char type = line[0];
    std::string_view value = line.substr(2);
    if (type == 'v') saw_version = true;
    if (type == 'm') {
      SdpMedia m;
      std::size_t sp1 = value.find(' ');
      m.media = std::string(value.substr(0, sp1));
      // m=<media> <port> <proto> <fmt> ...
      std::string_view rest = sp1 == std::string_view::npos ? "" : value.substr(sp1 + 1);
      for (int field = 0; field < 2 && !rest.empty(); ++field) {
        std::size_t sp = rest.find(' ');
        rest = sp == std::string_view::npos ? "" : rest.substr(sp + 1);
      }
      m.payload_type = ToInt(rest.substr(0, rest.find(' ')), -1);
      sdp.media.push_back(std::move(m));
      media_controls.emplace_back();
      continue;
    }
    if (type != 'a') continue;
    std::size_t colon = value.find(':');
    std::string_view attr = value.substr(0, colon);
    std::string_view arg = colon == std::string_view::npos ? "" : Trim(value.substr(colon + 1));
    if (sdp.media.empty()) {
      if (attr == "control") session_control = std::string(arg);
      continue;
    }
    SdpMedia& m = sdp.media.back();
    if (attr == "rtpmap") ParseRtpmap(arg, m);
    else if (attr == "fmtp") ParseFmtp(arg, m);
    else if (attr == "control") media_controls.back() = std::string(arg);
  }
  if (!saw_version) return Fail(ErrorCode::kInvalidArgument, "not an SDP description (no v=)");
  if (sdp.media.empty()) return Fail(ErrorCode::kInvalidArgument, "SDP has no media");
  sdp.aggregate_control = ResolveControl(base, session_control);
  for (std::size_t i = 0; i < sdp.media.size(); ++i) {
    SdpMedia& m = sdp.media[i];
    // Static payload types (RFC 3551) come without rtpmap.
    if (m.encoding.empty()) {
      if (m.payload_type == 0) m.encoding = "PCMU", m.clock_rate = 8000;
      if (m.payload_type == 8) m.encoding = "PCMA", m.clock_rate = 8000;
      if (m.payload_type == 14) m.encoding = "MPA", m.clock_rate = 90000;
      if (m.payload_type == 26) m.encoding = "JPEG", m.clock_rate = 90000;
    }
    m.control = ResolveControl(base, media_controls[i]);
  }
  return sdp;
}

}  // namespace anninh::rtsp
