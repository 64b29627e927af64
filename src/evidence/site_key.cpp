#include "evidence/site_key.h"

#include <sys/stat.h>

#include <cctype>
#include <mutex>

#include <sodium.h>

#include "core/fs.h"
#include "core/sha256.h"
#include "evidence/file_io.h"

namespace anninh::evidence {

namespace stdfs = std::filesystem;

namespace {

constexpr std::size_t kSeedBytes = crypto_sign_SEEDBYTES;
static_assert(crypto_sign_PUBLICKEYBYTES == kPublicKeyBytes);
static_assert(crypto_sign_BYTES == kSignatureBytes);
static_assert(crypto_sign_SECRETKEYBYTES == 64);

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init fails only when the system has no entropy source; signing keys made
    // without one would be guessable, so there is no sensible way to continue.
    if (sodium_init() < 0) std::abort();
  });
}

}  // namespace

std::string ToHex(const std::uint8_t* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

Status FromHex(std::string_view hex, std::uint8_t* out, std::size_t size) {
  if (hex.size() != size * 2) {
    return Fail(ErrorCode::kInvalidArgument, "expected " + std::to_string(size * 2) +
                                                 " hex digits, got " + std::to_string(hex.size()));
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < size; ++i) {
    int hi = digit(hex[2 * i]);
    int lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Fail(ErrorCode::kInvalidArgument, "not a hex digit");
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return {};
}

SiteKey::~SiteKey() { sodium_memzero(secret_.data(), secret_.size()); }

SiteKey SiteKey::Generate() {
  InitSodium();
  SiteKey key;
  crypto_sign_keypair(key.public_.data(), key.secret_.data());
  return key;
}

Result<SiteKey> SiteKey::Load(const stdfs::path& path) {
  InitSodium();
  std::error_code ec;
  auto st = stdfs::status(path, ec);
  if (ec || !stdfs::exists(st)) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return Fail(ErrnoError(ec.value(), "site key " + path.string()));
    }
    return Fail(ErrorCode::kNotFound, "no site key at " + path.string());
  }
  if (!stdfs::is_regular_file(st)) {
    return Fail(ErrorCode::kDataLoss, "site key " + path.string() + " is not a regular file");
  }
  auto bytes = ReadSmallFile(path, 4096);
  if (!bytes) return Fail(std::move(bytes).error().Wrap("site key"));
  if (bytes->size() != kSeedBytes) {
    return Fail(ErrorCode::kDataLoss,
                "site key " + path.string() + " has " + std::to_string(bytes->size()) +
                    " bytes, not " + std::to_string(kSeedBytes) +
                    "; it is damaged or not a key. It was not replaced: restore it from a "
                    "backup, since packages signed with it are checked against its public key");
  }
  SiteKey key;
  crypto_sign_seed_keypair(key.public_.data(), key.secret_.data(),
                           reinterpret_cast<const unsigned char*>(bytes->data()));
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

Result<SiteKey> SiteKey::LoadOrCreate(const stdfs::path& path) {
  auto loaded = Load(path);
  if (loaded || loaded.error().code() != ErrorCode::kNotFound) return loaded;
  InitSodium();
  const stdfs::path dir = path.parent_path().empty() ? stdfs::path(".") : path.parent_path();
  if (auto s = fs::MakeDirsDurable(dir); !s) return Fail(std::move(s).error().Wrap("site key"));
  ::chmod(dir.c_str(), 0700);  // best effort: the file's own 0600 is what protects it
  std::string seed(kSeedBytes, '\0');
  randombytes_buf(seed.data(), seed.size());
  // Exclusive: if another process made the key meanwhile, use that one, never overwrite it.
  Status written = WriteFileDurable(path, seed, 0600, /*exclusive=*/true);
  sodium_memzero(seed.data(), seed.size());
  if (!written && written.error().code() != ErrorCode::kAlreadyExists) {
    return Fail(std::move(written).error().Wrap("create site key"));
  }
  return Load(path);
}

std::string SiteKey::PublicKeyHex() const { return ToHex(public_.data(), public_.size()); }
std::string SiteKey::Fingerprint() const { return evidence::Fingerprint(public_); }

std::array<std::uint8_t, kSignatureBytes> SiteKey::Sign(std::string_view message) const {
  std::array<std::uint8_t, kSignatureBytes> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

std::string Fingerprint(const PublicKey& key) {
  Sha256 h;
  h.Update({key.data(), key.size()});
  const std::string hex = h.FinishHex().substr(0, 32);
  std::string out = "SHA256:";
  for (std::size_t i = 0; i < hex.size(); i += 4) {
    if (i) out += ' ';
    out += hex.substr(i, 4);
  }
  return out;
}

Result<PublicKey> ParsePublicKeyHex(std::string_view hex) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!hex.empty() && space(hex.front())) hex.remove_prefix(1);
  while (!hex.empty() && space(hex.back())) hex.remove_suffix(1);
  PublicKey key{};
  if (auto s = FromHex(hex, key.data(), key.size()); !s) {
    return Fail(ErrorCode::kInvalidArgument,
                "a public key is 64 hex digits: " + s.error().message());
  }
  return key;
}

Result<PublicKey> ReadPublicKeyFile(const stdfs::path& path) {
  auto text = ReadSmallFile(path, 4096);
  if (!text) return Fail(std::move(text).error());
  auto key = ParsePublicKeyHex(*text);
  if (!key) return Fail(std::move(key).error().Wrap(path.string()));
  return key;
}

bool VerifySignature(const PublicKey& key, std::string_view message,
                     const std::array<std::uint8_t, kSignatureBytes>& signature) {
  InitSodium();
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

}  // namespace anninh::evidence
