#include "access/audit_log.h"

#include <fstream>
#include <sstream>

#include "core/fs.h"
#include "core/sha256.h"

namespace anninh::access {

namespace {

// The chain's first link: no entry has this hash.
const std::string kGenesis(64, '0');

void Put(Sha256& h, std::string_view field) {
  const std::string len = std::to_string(field.size()) + ":";
  h.Update(std::span(reinterpret_cast<const std::uint8_t*>(len.data()), len.size()));
  h.Update(std::span(reinterpret_cast<const std::uint8_t*>(field.data()), field.size()));
}

struct Head {
  std::int64_t seq = 0;
  std::string hash;
};

Result<std::optional<Head>> ReadHead(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) return std::optional<Head>();
    return Fail(ErrorCode::kPermissionDenied, "cannot read " + path.string());
  }
  Head head;
  if (!(in >> head.seq >> head.hash)) return Fail(ErrorCode::kDataLoss, path.string() + " is damaged");
  return std::optional<Head>(head);
}

// Replaces the head file atomically (write, fsync, rename), so a crash leaves the old or
// the new head, never a torn one.
Status WriteHead(const std::filesystem::path& path, const Head& head) {
  const std::string text = std::to_string(head.seq) + " " + head.hash + "\n";
  return fs::WriteFileAtomic(path, text);
}

}  // namespace

std::string AuditHash(const store::AuditRow& r) {
  Sha256 h;
  Put(h, r.prev_hash);
  Put(h, std::to_string(r.seq));
  Put(h, std::to_string(r.at));
  Put(h, r.actor);
  Put(h, r.action);
  Put(h, r.camera_id);
  Put(h, std::to_string(r.from));
  Put(h, std::to_string(r.to));
  Put(h, r.detail);
  Put(h, r.remote);
  return h.FinishHex();
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(store::AuditStore& store,
                                                 std::filesystem::path head_file, const Clock& clock) {
  if (auto last = store.Last(); !last) return Fail(std::move(last).error().Wrap("open audit log"));
  return std::unique_ptr<AuditLog>(new AuditLog(store, std::move(head_file), clock));
}

Status AuditLog::Record(const AuditEntry& e) {
  std::lock_guard lock(mu_);
  for (int attempt = 0;; ++attempt) {
    auto last = store_.Last();
    if (!last) return Fail(std::move(last).error().Wrap("audit"));
    store::AuditRow row;
    row.seq = *last ? (*last)->seq + 1 : 1;
    row.prev_hash = *last ? (*last)->hash : kGenesis;
    row.at = clock_.Now();
    row.actor = e.actor;
    row.action = e.action;
    row.camera_id = e.camera_id;
    row.from = e.from;
    row.to = e.to;
    row.detail = e.detail;
    row.remote = e.remote;
    row.hash = AuditHash(row);
    auto s = store_.Append(row);
    if (!s && s.error().code() == ErrorCode::kAlreadyExists && attempt < 5) continue;  // another process won
    if (!s) return s;
    if (auto h = WriteHead(head_file_, {row.seq, row.hash}); !h) return Fail(std::move(h).error().Wrap("audit head"));
    return {};
  }
}

Result<AuditVerifyReport> VerifyAudit(const store::AuditStore& store,
                                      const std::filesystem::path& head_file) {
  AuditVerifyReport report;
  std::int64_t expected_seq = 1;
  std::string prev = kGenesis;
  std::int64_t after = 0;
  while (true) {
    auto rows = store.Scan(after, 1000);
    if (!rows) return Fail(std::move(rows).error());
    if (rows->empty()) break;
    for (const auto& r : *rows) {
      ++report.entries;
      if (r.seq != expected_seq) {
        report.findings.push_back({r.seq, "entries " + std::to_string(expected_seq) + ".." +
                                              std::to_string(r.seq - 1) + " are missing"});
      } else if (r.prev_hash != prev) {
        report.findings.push_back({r.seq, "does not link to the entry before it (edited or reordered)"});
      }
      if (AuditHash(r) != r.hash) {
        report.findings.push_back({r.seq, "its content does not match its hash (edited)"});
      }
      prev = r.hash;
      expected_seq = r.seq + 1;
      after = r.seq;
    }
  }
  auto head = ReadHead(head_file);
  if (!head) return Fail(std::move(head).error());
  if (!*head) {
    if (report.entries > 0) {
      report.findings.push_back({0, "the head file " + head_file.string() + " is missing"});
    }
  } else if ((*head)->seq > after) {
    report.findings.push_back({(*head)->seq, "entries " + std::to_string(after + 1) + ".." +
                                                 std::to_string((*head)->seq) +
                                                 " were removed from the end"});
  } else if ((*head)->seq == after && (*head)->hash != prev) {
    report.findings.push_back({after, "the last entry differs from the one the head file recorded"});
  }
  // A head behind the table is normal after a crash between the row and the head write.
  return report;
}

}  // namespace anninh::access
