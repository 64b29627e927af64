// The site's Ed25519 signing key (libsodium crypto_sign). Evidence packages are signed with
// it so that anyone holding the site's public key can tell, offline, that a package is
// exactly what this site exported. The key is made once, on first use, and then only read:
// a key that silently changed would make every earlier package look foreign.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::evidence {

inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kSignatureBytes = 64;
using PublicKey = std::array<std::uint8_t, kPublicKeyBytes>;

// Immutable once made; thread-safe to share (signing reads only).
class SiteKey {
 public:
  // Loads the key stored at `path` (the 32-byte Ed25519 seed), or, when no file exists
  // there, makes a new one and stores it durably with mode 0600 (its directory 0700).
  // A file of the wrong size, or one that cannot be read, is an error naming the path; it
  // is never replaced, since packages already signed with it would no longer verify.
  static Result<SiteKey> LoadOrCreate(const std::filesystem::path& path);
  // Loads only; kNotFound when there is no key yet.
  static Result<SiteKey> Load(const std::filesystem::path& path);
  // A fresh key held only in memory (tests; a throwaway key for a demo).
  static SiteKey Generate();

  SiteKey(const SiteKey&) = default;
  SiteKey& operator=(const SiteKey&) = default;
  ~SiteKey();

  const PublicKey& public_key() const { return public_; }
  std::string PublicKeyHex() const;
  // What people compare by eye or over the phone: see Fingerprint(PublicKey).
  std::string Fingerprint() const;
  // The detached Ed25519 signature of `message`.
  std::array<std::uint8_t, kSignatureBytes> Sign(std::string_view message) const;

 private:
  SiteKey() = default;
  std::array<std::uint8_t, 64> secret_{};  // libsodium's form: seed then public key
  PublicKey public_{};
};

// Where the site's key lives under the data folder: <data>/keys/site-ed25519.key. The CLI
// and the server both sign with this one.
inline std::filesystem::path SiteKeyPath(const std::filesystem::path& data_dir) {
  return data_dir / "keys" / "site-ed25519.key";
}

// "SHA256:" and the first 16 bytes of the SHA-256 of the public key, hex in groups of four
// ("SHA256:3f2a 91c0 …"): short enough to read out, long enough that no one can make a key
// that matches it.
std::string Fingerprint(const PublicKey& key);

// Parses 64 hex digits (whitespace around them is ignored).
Result<PublicKey> ParsePublicKeyHex(std::string_view hex);
// Reads a public key from a file holding its hex form (as `anninh verify` prints it).
Result<PublicKey> ReadPublicKeyFile(const std::filesystem::path& path);

// True when `signature` is `key`'s valid Ed25519 signature of `message`.
bool VerifySignature(const PublicKey& key, std::string_view message,
                     const std::array<std::uint8_t, kSignatureBytes>& signature);

// Lowercase hex, and its inverse (nullopt-like failure as an error on odd length or a
// non-hex digit).
std::string ToHex(const std::uint8_t* data, std::size_t size);
Status FromHex(std::string_view hex, std::uint8_t* out, std::size_t size);

}  // namespace anninh::evidence
