// The audit log's rows. Append and read only: there is deliberately no update or delete.
// The hash chain that makes tampering visible is computed in src/access/audit_log.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {

struct AuditRow {
  std::int64_t seq = 0;  // 1, 2, 3 ... without holes
  WallNs at = 0;
  std::string actor;
  std::string action;
  std::string camera_id;
  WallNs from = 0;  // the range viewed or exported, 0 when none
  WallNs to = 0;
  std::string detail;  // JSON text or words
  std::string remote;  // client address
  std::string prev_hash;
  std::string hash;
};

struct AuditQuery {
  WallNs from = 0;  // at >= from
  WallNs to = 0;    // at < to; 0 = no limit
  std::string actor;     // exact; empty = any
  std::string action;    // prefix ("live." matches live.start, live.stop); empty = any
  std::string camera_id; // exact; empty = any
  std::int64_t before_seq = 0;  // pagination: rows with seq < before_seq; 0 = newest
  int limit = 100;
};

// Thread-safe.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Inserts with row.seq as given (the caller holds the chain's order).
  virtual Status Append(const AuditRow& row) = 0;
  virtual Result<std::optional<AuditRow>> Last() const = 0;
  // Newest first.
  virtual Result<std::vector<AuditRow>> Query(const AuditQuery& q) const = 0;
  // Oldest first, seq > after_seq, for verification.
  virtual Result<std::vector<AuditRow>> Scan(std::int64_t after_seq, int limit) const = 0;
};

}  // namespace anninh::store
