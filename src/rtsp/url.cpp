#include "rtsp/url.h"

#include <charconv>

namespace anninh::rtsp {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string Url::RequestUrl() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "rtsp://" + h + ":" + std::to_string(port) + path;
}

Result<Url> ParseUrl(std::string_view url, std::string_view username,
                     std::string_view password) {
  constexpr std::string_view kScheme = "rtsp://";
  if (!StartsWithNoCase(url, kScheme)) {
    return Fail(ErrorCode::kInvalidArgument, "not an rtsp:// URL");
  }
  std::string_view rest = url.substr(kScheme.size());
  std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  Url out;
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (out.path[0] == '?') out.path = "/" + out.path;
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    std::size_t colon = userinfo.find(':');
    out.username = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) out.password = PercentDecode(userinfo.substr(colon + 1));
  }
  std::string_view port_text;
  if (!authority.empty() && authority[0] == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Fail(ErrorCode::kInvalidArgument, "bad IPv6 host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return Fail(ErrorCode::kInvalidArgument, "bad host");
      port_text = after.substr(1);
    }
  } else {
    std::size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return Fail(ErrorCode::kInvalidArgument, "no host");
  if (!port_text.empty()) {
    int port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port <= 0 ||
        port > 65535) {
      return Fail(ErrorCode::kInvalidArgument, "bad port");
    }
    out.port = port;
  }
  if (!username.empty()) out.username = std::string(username);
  if (!password.empty()) out.password = std::string(password);
  return out;
}

std::string ResolveControl(std::string_view base, std::string_view control) {
  if (control.empty() || control == "*") return std::string(base);
  if (StartsWithNoCase(control, "rtsp://") || StartsWithNoCase(control, "rtsps://")) {
    return std::string(control);
  }
  std::string out(base);
  if (!out.empty() && out.back() != '/') out.push_back('/');
  if (control.front() == '/') control.remove_prefix(1);
  out += control;
  return out;
}

}  // namespace anninh::rtsp
