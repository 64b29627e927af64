// The audit log: who did what, to which camera and range, when, from where. Append-only,
// and tamper-evident: each entry's hash covers the previous entry's hash and its own
// fields, so editing or removing any row breaks the chain from there on. The latest
// (seq, hash) is also kept in a small head file beside the database, which catches rows
// removed from the end. Someone with write access to both files and the patience to
// recompute every hash can still forge a history: docs/design/0006-access.md says what
// this does and does not prove.
//
// Thread-safe, and safe across processes (the server and a CLI command): each append reads
// the current last entry and inserts seq + 1; a concurrent insert of the same seq fails on
// the primary key and the append is retried on top of it.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/audit_store.h"

namespace anninh::access {

struct AuditEntry {
  std::string actor;   // Principal::Actor(), a username for failed logins, or "system"
  std::string action;  // "login", "login.failed", "video", "hold.add", ...
  std::string camera_id;
  WallNs from = 0;
  WallNs to = 0;
  std::string detail;
  std::string remote;
};

// The hash of one row: SHA-256 over prev_hash and every field, each length-prefixed so no
// two different rows serialise alike.
std::string AuditHash(const store::AuditRow& row);

class AuditLog {
 public:
  static Result<std::unique_ptr<AuditLog>> Open(store::AuditStore& store,
                                                std::filesystem::path head_file, const Clock& clock);
  // An audit entry that cannot be written is an error the caller must surface: an action
  // that must be audited is refused rather than done unaudited.
  Status Record(const AuditEntry& entry);

 private:
  AuditLog(store::AuditStore& store, std::filesystem::path head_file, const Clock& clock)
      : store_(store), head_file_(std::move(head_file)), clock_(clock) {}
  store::AuditStore& store_;
  std::filesystem::path head_file_;
  const Clock& clock_;
  std::mutex mu_;  // one append at a time from this process
};

struct AuditFinding {
  std::int64_t seq = 0;
  std::string problem;
};

struct AuditVerifyReport {
  std::int64_t entries = 0;
  std::vector<AuditFinding> findings;
  bool ok() const { return findings.empty(); }
};

// Walks the whole chain; reports every row whose hash or link is wrong, missing seqs, and
// a head file that is ahead of the table (rows removed from the end).
Result<AuditVerifyReport> VerifyAudit(const store::AuditStore& store,
                                      const std::filesystem::path& head_file);

}  // namespace anninh::access
