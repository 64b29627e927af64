// Incremental SHA-256 (OpenSSL's, which uses the CPU's SHA extensions where present:
// the recorder hashes every byte it writes, so speed matters).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace anninh {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void Update(std::span<const std::uint8_t> data);
  // Returns the lowercase hex digest and resets the hasher for reuse.
  std::string FinishHex();

  static std::string HexOf(std::span<const std::uint8_t> data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace anninh
