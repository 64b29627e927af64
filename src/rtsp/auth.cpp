#include "rtsp/auth.h"

extern "C" {
#include <libavutil/base64.h>
#include <libavutil/md5.h>
}

#include <cctype>
#include <cstdio>
#include <random>

#include "rtsp/text.h"

namespace anninh::rtsp {

namespace {

// Splits `key=value, key="quoted, value"` parameters (RFC 7235 section 2.1).
template <typename F>
void ForEachParam(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    std::size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) return;
    std::string_view key = s.substr(i, eq - i);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    i = eq + 1;
    while (i < s.size() && s[i] == ' ') ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value.push_back(s[i]);
      }
      ++i;
    } else {
      std::size_t end = s.find(',', i);
      value = std::string(s.substr(i, end == std::string_view::npos ? s.size() - i : end - i));
      while (!value.empty() && value.back() == ' ') value.pop_back();
      i = end == std::string_view::npos ? s.size() : end;
    }
    f(key, value);
  }
}

std::string RandomCnonce() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%08x%08x", rd(), rd());
  return buf;
}

}  // namespace

std::string Md5Hex(std::string_view text) {
  std::uint8_t digest[16];
  av_md5_sum(digest, reinterpret_cast<const std::uint8_t*>(text.data()),
             static_cast<std::size_t>(text.size()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  return out;
}

Challenge ParseChallenge(std::string_view header) {
  Challenge c;
  std::size_t sp = header.find(' ');
  std::string_view scheme = header.substr(0, sp);
  std::string_view params = sp == std::string_view::npos ? std::string_view() : header.substr(sp + 1);
  if (EqualsNoCase(scheme, "Basic")) {
    c.scheme = Challenge::Scheme::kBasic;
  } else if (EqualsNoCase(scheme, "Digest")) {
    c.scheme = Challenge::Scheme::kDigest;
  } else {
    return c;
  }
  ForEachParam(params, [&](std::string_view key, std::string value) {
    if (EqualsNoCase(key, "realm")) c.realm = std::move(value);
    else if (EqualsNoCase(key, "nonce")) c.nonce = std::move(value);
    else if (EqualsNoCase(key, "opaque")) c.opaque = std::move(value);
    else if (EqualsNoCase(key, "algorithm")) c.algorithm = std::move(value);
    else if (EqualsNoCase(key, "qop")) {
      // A list such as "auth,auth-int"; only "auth" is used.
      std::string_view v = value;
      while (!v.empty()) {
        std::size_t comma = v.find(',');
        std::string_view item = v.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (EqualsNoCase(item, "auth")) c.qop_auth = true;
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
      }
    }
  });
  return c;
}

Challenge PickChallenge(const Challenge& current, const Challenge& candidate) {
  auto rank = [](const Challenge& c) {
    if (c.scheme == Challenge::Scheme::kDigest) {
      return c.algorithm.empty() || EqualsNoCase(c.algorithm, "MD5") ? 3 : 1;
    }
    return c.scheme == Challenge::Scheme::kBasic ? 2 : 0;
  };
  return rank(candidate) > rank(current) ? candidate : current;
}

bool Authenticator::supported() const {
  return challenge_.scheme != Challenge::Scheme::kDigest || challenge_.algorithm.empty() ||
         EqualsNoCase(challenge_.algorithm, "MD5");
}

std::string Authenticator::Header(std::string_view method, std::string_view uri) {
  if (challenge_.scheme == Challenge::Scheme::kBasic) {
    std::string plain = username_ + ":" + password_;
    std::string out(AV_BASE64_SIZE(plain.size()), '\0');
    av_base64_encode(out.data(), static_cast<int>(out.size()),
                     reinterpret_cast<const std::uint8_t*>(plain.data()),
                     static_cast<int>(plain.size()));
    out.resize(std::char_traits<char>::length(out.c_str()));
    return "Basic " + out;
  }
  if (challenge_.scheme != Challenge::Scheme::kDigest) return {};
  // RFC 2617 section 3.2.2.
  const std::string ha1 = Md5Hex(username_ + ":" + challenge_.realm + ":" + password_);
  const std::string ha2 = Md5Hex(std::string(method) + ":" + std::string(uri));
  std::string out = "Digest username=\"" + username_ + "\", realm=\"" + challenge_.realm +
                    "\", nonce=\"" + challenge_.nonce + "\", uri=\"" + std::string(uri) + "\"";
  if (challenge_.qop_auth) {
    if (cnonce_.empty()) cnonce_ = RandomCnonce();
    char nc[9];
    std::snprintf(nc, sizeof(nc), "%08x", ++nonce_count_);
    const std::string response =
        Md5Hex(ha1 + ":" + challenge_.nonce + ":" + nc + ":" + cnonce_ + ":auth:" + ha2);
    out += ", qop=auth, nc=" + std::string(nc) + ", cnonce=\"" + cnonce_ + "\", response=\"" +
           response + "\"";
  } else {
    out += ", response=\"" + Md5Hex(ha1 + ":" + challenge_.nonce + ":" + ha2) + "\"";
  }
  if (!challenge_.opaque.empty()) out += ", opaque=\"" + challenge_.opaque + "\"";
  if (!challenge_.algorithm.empty()) out += ", algorithm=" + challenge_.algorithm;
  return out;
}

}  // namespace anninh::rtsp
