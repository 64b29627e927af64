// README.txt of a package, in Vietnamese then English: what the package is and how to
// check it. A person receiving the ZIP reads this first; it is listed in the manifest, so
// its instructions cannot be changed unnoticed either.
#pragma once

#include <string>

#include "evidence/manifest.h"

namespace anninh::evidence {

// Uses every field of `m` except `files` (the README is written before the manifest).
std::string MakeReadme(const Manifest& m, const std::string& fingerprint);

}  // namespace anninh::evidence
