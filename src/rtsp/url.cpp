#include "rtsp/url.h"

#include <charconv>

#include "core/percent_encoding.h"
#include "rtsp/text.h"

namespace anninh::rtsp {

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
    auto user = PercentDecode(userinfo.substr(0, colon), false);
    auto pass = PercentDecode(colon == std::string_view::npos ? "" : userinfo.substr(colon + 1), false);
    if (!user || !pass) return Fail(ErrorCode::kInvalidArgument, "bad credentials in the URL");
    out.username = std::move(*user);
    out.password = std::move(*pass);
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
