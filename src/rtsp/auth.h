// Client authentication for RTSP: Basic (RFC 7617) and Digest with MD5 (RFC 2617, and the
// MD5 subset of RFC 7616), answering a server's WWW-Authenticate challenge. Digest is
// preferred when a server offers both, so the password never crosses the network.
//
// Thread-compatible: one per connection.
#pragma once

#include <string>
#include <string_view>

namespace anninh::rtsp {

struct Challenge {
  enum class Scheme { kNone, kBasic, kDigest };
  Scheme scheme = Scheme::kNone;
  std::string realm;
  std::string nonce;
  std::string opaque;
  std::string algorithm;  // "MD5" or empty; anything else is unsupported
  bool qop_auth = false;  // the server offered qop="auth"
};

// Parses one WWW-Authenticate header value.
Challenge ParseChallenge(std::string_view header);

// Picks the strongest supported challenge among a response's WWW-Authenticate values.
Challenge PickChallenge(const Challenge& current, const Challenge& candidate);

class Authenticator {
 public:
  Authenticator() = default;
  Authenticator(Challenge challenge, std::string username, std::string password)
      : challenge_(std::move(challenge)),
        username_(std::move(username)),
        password_(std::move(password)) {}

  bool active() const { return challenge_.scheme != Challenge::Scheme::kNone; }
  // False for a Digest algorithm other than MD5.
  bool supported() const;

  // The Authorization header value for one request, or "" when not active.
  std::string Header(std::string_view method, std::string_view uri);

  // Tests pin the client nonce (RFC 2617 section 3.5's example uses "0a4f113b").
  void set_cnonce(std::string cnonce) { cnonce_ = std::move(cnonce); }

 private:
  Challenge challenge_;
  std::string username_;
  std::string password_;
  std::string cnonce_;
  unsigned nonce_count_ = 0;
};

// Lower-case hex MD5 of `text`.
std::string Md5Hex(std::string_view text);

}  // namespace anninh::rtsp
