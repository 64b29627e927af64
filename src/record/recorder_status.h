// What a stream's recorder reports about itself.
#pragma once

#include <cstdint>
#include <string>

namespace anninh::record {

struct RecorderStatus {
  std::uint64_t segments_closed = 0;
  std::uint64_t bytes_written = 0;
  std::string last_error;  // empty when writing works
};

}  // namespace anninh::record
