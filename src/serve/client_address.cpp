#include "serve/client_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

namespace anninh::serve {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address as 16 bytes; IPv4 mapped into IPv6 so one comparison serves both.
std::optional<std::array<std::uint8_t, 16>> ParseIp(std::string_view text) {
  text = Trim(text);
  // "[::1]" as some proxies write IPv6 in X-Forwarded-For.
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  std::array<std::uint8_t, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, buf, &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, buf, &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

bool IsV4Mapped(const std::array<std::uint8_t, 16>& a) {
  for (int i = 0; i < 10; ++i) {
    if (a[static_cast<std::size_t>(i)] != 0) return false;
  }
  return a[10] == 0xff && a[11] == 0xff;
}

}  // namespace

Result<AddressSet> AddressSet::Parse(const std::vector<std::string>& entries) {
  AddressSet set;
  for (const std::string& entry : entries) {
    std::string_view text = entry;
    std::string_view prefix_text;
    const bool has_prefix = text.find('/') != std::string_view::npos;
    if (has_prefix) {
      prefix_text = text.substr(text.find('/') + 1);
      text = text.substr(0, text.find('/'));
    }
    auto ip = ParseIp(text);
    if (!ip) return Fail(ErrorCode::kInvalidArgument, "'" + entry + "' is not an IP address or network");
    const bool v4 = IsV4Mapped(*ip) && text.find(':') == std::string_view::npos;
    Net net{*ip, 128};
    if (has_prefix) {
      int prefix = -1;
      auto [end, ec] = std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
      if (ec != std::errc() || end != prefix_text.data() + prefix_text.size() || prefix < 0 || prefix > (v4 ? 32 : 128)) {
        return Fail(ErrorCode::kInvalidArgument, "'" + entry + "': the prefix must be 0 to " + (v4 ? "32" : "128"));
      }
      net.prefix = v4 ? prefix + 96 : prefix;
    }
    set.nets_.push_back(net);
  }
  return set;
}

bool AddressSet::Contains(std::string_view address) const {
  auto ip = ParseIp(address);
  if (!ip) return false;
  for (const Net& n : nets_) {
    const int whole = n.prefix / 8, bits = n.prefix % 8;
    if (std::memcmp(ip->data(), n.bytes.data(), static_cast<std::size_t>(whole)) != 0) continue;
    if (bits != 0) {
      const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
      if (((*ip)[static_cast<std::size_t>(whole)] & mask) != (n.bytes[static_cast<std::size_t>(whole)] & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for, std::string_view real_ip,
                          const AddressSet& trusted) {
  if (trusted.empty() || !trusted.Contains(peer)) return std::string(peer);
  if (!Trim(forwarded_for).empty()) {
    // Each proxy appends the address it received from; only the entries added by proxies
    // we trust are believable, so walk from the right and stop at the first one we do not
    // trust: that is the client (anything further left, it may have written itself).
    std::string_view hop = peer;
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
      const auto comma = rest.rfind(',');
      const std::string_view entry = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
      if (!ParseIp(entry)) break;  // garbage: believe no further
      hop = entry;
      if (!trusted.Contains(entry)) break;
    }
    std::string out(Trim(hop));
    if (out.size() > 2 && out.front() == '[' && out.back() == ']') out = out.substr(1, out.size() - 2);
    return out;
  }
  if (ParseIp(real_ip)) return std::string(Trim(real_ip));
  return std::string(peer);
}

}  // namespace anninh::serve
