#include "core/job_state.h"

#include <openssl/rand.h>

#include <random>

namespace anninh {

std::string_view ToString(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "?";
}

std::string NewJobId() {
  unsigned char raw[8];
  if (RAND_bytes(raw, sizeof raw) != 1) {
    std::random_device rd;  // the kernel's generator too, on Linux
    for (unsigned char& b : raw) b = static_cast<unsigned char>(rd());
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(16);
  for (unsigned char b : raw) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

}  // namespace anninh
