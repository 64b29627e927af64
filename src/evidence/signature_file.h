// manifest.sig: the detached Ed25519 signature of manifest.json's exact bytes, as a few
// lines of text a person can read:
//
//   anninh-evidence-signature 1
//   algorithm ed25519
//   manifest-sha256 <64 hex digits>
//   signature <128 hex digits>
//
// The signature alone proves the manifest unchanged. The manifest's SHA-256 beside it is
// not needed for that; it lets verify say which file was altered when the signature fails:
// if the manifest still has that hash, the signature line was changed, otherwise the manifest.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "evidence/site_key.h"

namespace anninh::evidence {

struct SignatureFile {
  std::string manifest_sha256;  // lowercase hex
  std::array<std::uint8_t, kSignatureBytes> signature{};
};

std::string FormatSignatureFile(const SignatureFile& f);
std::string MakeSignatureFile(const SiteKey& key, std::string_view manifest_bytes);
// kDataLoss naming what is wrong when the text is not exactly that form.
Result<SignatureFile> ParseSignatureFile(std::string_view text);

std::string Sha256Hex(std::string_view bytes);

}  // namespace anninh::evidence
