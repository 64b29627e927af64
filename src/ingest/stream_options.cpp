#include "ingest/stream_options.h"

#include <cctype>

namespace anninh::ingest {

bool IsFileSource(const std::string& url) {
  return url.rfind("file:", 0) == 0 || url.find("://") == std::string::npos;
}

namespace {

// Percent-encodes user info per RFC 3986 section 3.2.1, so a password with '@' or ':'
// still parses.
std::string EncodeUserInfo(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string UrlWithCredentials(const StreamOptions& o) {
  if (o.username.empty() || IsFileSource(o.url)) return o.url;
  auto scheme_end = o.url.find("://");
  std::string rest = o.url.substr(scheme_end + 3);
  auto at = rest.find('@');
  auto slash = rest.find('/');
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    rest = rest.substr(at + 1);  // the config's fields win over credentials in the URL
  }
  return o.url.substr(0, scheme_end + 3) + EncodeUserInfo(o.username) + ":" +
         EncodeUserInfo(o.password) + "@" + rest;
}

std::string RedactedUrl(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto host_start = scheme_end + 3;
  auto at = url.find('@', host_start);
  auto slash = url.find('/', host_start);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  auto colon = url.find(':', host_start);
  auto user_end = (colon != std::string::npos && colon < at) ? colon : at;
  return url.substr(0, user_end) + ":***" + url.substr(at);
}

}  // namespace anninh::ingest
