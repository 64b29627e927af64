// Who is on the other end when anninh runs behind a reverse proxy (nginx, a province
// gateway): the address the audit log records and login lockout counts. Only a peer in
// `[http] trusted_proxies` may say who the client is, through X-Forwarded-For or
// X-Real-IP; from anyone else those headers are ignored, so a client cannot pick the
// address its failed logins are counted against.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace anninh::serve {

// Addresses and networks, IPv4 and IPv6: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8".
// Thread-safe once built (read-only).
class AddressSet {
 public:
  // Errors (kInvalidArgument) name the entry at fault.
  static Result<AddressSet> Parse(const std::vector<std::string>& entries);
  bool Contains(std::string_view address) const;
  bool empty() const { return nets_.empty(); }

 private:
  struct Net {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
    int prefix = 128;
  };
  std::vector<Net> nets_;
};

// The client's address for a request that came from `peer`. When `peer` is trusted:
// the rightmost address in X-Forwarded-For (all its header lines, joined with ",") that is
// not itself a trusted proxy, else X-Real-IP, else the peer. Anything that is not an IP
// address ends the walk (the trusted hop to its right is used).
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for, std::string_view real_ip,
                          const AddressSet& trusted);

}  // namespace anninh::serve
