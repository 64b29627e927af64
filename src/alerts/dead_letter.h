// The dead-letter log: one JSON line per alert a sink gave up on, with the payload and the
// reason, so nothing the event log told us is lost silently and an operator can replay it
// (docs/design/0010-alerts.md, "Dead letters"). The file is rotated by size: `path` becomes
// `path.1`, `path.1` becomes `path.2`, up to `keep` old files.
//
// Thread-safe (one mutex; every webhook thread writes here). Writes are rare, so each is
// appended and fdatasync'ed before Write returns.
#pragma once

#include <mutex>
#include <string_view>

#include "alerts/options.h"
#include "core/clock.h"
#include "core/error.h"

namespace anninh::alerts {

class DeadLetterLog {
 public:
  explicit DeadLetterLog(DeadLetterOptions options) : options_(std::move(options)) {}

  Status Write(std::string_view sink, std::string_view reason, int attempts,
               std::string_view payload, WallNs now);

  const std::filesystem::path& path() const { return options_.path; }

 private:
  Status RotateIfNeeded(std::uint64_t incoming);

  const DeadLetterOptions options_;
  std::mutex mu_;
};

}  // namespace anninh::alerts
