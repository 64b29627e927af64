// rtsp:// URLs as the native client needs them: host, port and the request URL, with the
// credentials taken out (they go into an Authorization header, never onto the wire in
// the request line, RFC 2326 section 3.2).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::rtsp {

struct Url {
  std::string host;       // without brackets for IPv6 literals
  int port = 554;         // RFC 2326 section 3.2: the default RTSP port
  std::string path;       // "/people/main?x=1"; "/" when empty
  std::string username;   // percent-decoded
  std::string password;

  // "rtsp://host:port/path": what goes into request lines and is resolved against.
  std::string RequestUrl() const;
};

// Parses `rtsp://[user[:pass]@]host[:port][/path]`. Credentials in the URL are
// percent-decoded; non-empty `username`/`password` given separately override them.
Result<Url> ParseUrl(std::string_view url, std::string_view username = {},
                     std::string_view password = {});

// Resolves a control attribute or Content-Base against `base` (RFC 2326 appendix C.1.1):
// absolute URLs are kept, "*" means the base itself, anything else is appended to the
// base with one "/" between them.
std::string ResolveControl(std::string_view base, std::string_view control);

}  // namespace anninh::rtsp
