#include "evidence/signature_file.h"

#include <vector>

#include "core/sha256.h"

namespace anninh::evidence {

namespace {
constexpr std::string_view kHeader = "anninh-evidence-signature 1";
constexpr std::string_view kAlgorithm = "algorithm ed25519";
constexpr std::string_view kHashKey = "manifest-sha256 ";
constexpr std::string_view kSignatureKey = "signature ";
}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
  return h.FinishHex();
}

std::string FormatSignatureFile(const SignatureFile& f) {
  std::string out;
  out.append(kHeader).append("\n");
  out.append(kAlgorithm).append("\n");
  out.append(kHashKey).append(f.manifest_sha256).append("\n");
  out.append(kSignatureKey).append(ToHex(f.signature.data(), f.signature.size())).append("\n");
  return out;
}

std::string MakeSignatureFile(const SiteKey& key, std::string_view manifest_bytes) {
  return FormatSignatureFile({Sha256Hex(manifest_bytes), key.Sign(manifest_bytes)});
}

Result<SignatureFile> ParseSignatureFile(std::string_view whole) {
  std::string_view text = whole;
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    if (nl == std::string_view::npos) {
      return Fail(ErrorCode::kDataLoss, "the last line does not end with a newline");
    }
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  if (lines.size() != 4 || lines[0] != kHeader || lines[1] != kAlgorithm ||
      !lines[2].starts_with(kHashKey) || !lines[3].starts_with(kSignatureKey)) {
    return Fail(ErrorCode::kDataLoss, "not an anninh signature file (four lines expected: \"" +
                                          std::string(kHeader) + "\", the algorithm, the "
                                          "manifest's SHA-256, the signature)");
  }
  SignatureFile out;
  std::array<std::uint8_t, 32> hash{};
  std::string_view hash_hex = lines[2].substr(kHashKey.size());
  if (auto s = FromHex(hash_hex, hash.data(), hash.size()); !s) {
    return Fail(ErrorCode::kDataLoss, "manifest-sha256: " + s.error().message());
  }
  out.manifest_sha256 = ToHex(hash.data(), hash.size());
  if (auto s = FromHex(lines[3].substr(kSignatureKey.size()), out.signature.data(),
                       out.signature.size());
      !s) {
    return Fail(ErrorCode::kDataLoss, "signature: " + s.error().message());
  }
  // One spelling only (lowercase hex): a changed letter case must not pass as the same file.
  if (FormatSignatureFile(out) != whole) {
    return Fail(ErrorCode::kDataLoss, "not in its one written form (hex digits are lowercase)");
  }
  return out;
}

}  // namespace anninh::evidence
