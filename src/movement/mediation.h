// Mediation cases (vụ việc hòa giải ở cơ sở) of a "tự hòa giải" model, as a commune's
// mediation team keeps them under Luật Hòa giải ở cơ sở 2013: a case is received, mediated,
// and ends reconciled (hòa giải thành), not reconciled (không thành), withdrawn by the
// parties, or transferred to the competent body. What the reports count is "handled" (closed
// in the period) and "reconciled". A case holds no one's name — the parties, the mediators —
// only its dates, a short neutral subject and the outcome: the least personal data the figures
// need (Law 91/2025/QH15); the team's own minutes stay with the team.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::movement {

// "pending" while open; the four ways a case ends.
inline constexpr std::string_view kMediationOutcomes[] = {"pending", "reconciled", "not_reconciled", "withdrawn",
                                                          "transferred"};

struct MediationCase {
  std::int64_t id = 0;
  std::int64_t model_id = 0;
  std::string received_on;  // "YYYY-MM-DD"
  std::string subject;      // short and neutral: "tranh chấp lối đi chung", never a name
  std::string outcome = "pending";
  std::string closed_on;  // "" while pending
  std::string created_by;
  std::string updated_by;
};

// A change to a case: each field given replaces the stored one. Closing is an outcome other
// than "pending" with its date; setting "pending" again reopens it (a correction).
struct MediationChange {
  std::optional<std::string> subject;
  std::optional<std::string> outcome;
  std::optional<std::string> closed_on;
  std::optional<std::string> received_on;
};

// Cases closed in [from, to] (inclusive dates).
struct MediationCounts {
  int handled = 0;     // closed with any outcome
  int reconciled = 0;  // closed "reconciled"
};

class Mediation {
 public:
  Mediation(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // kNotFound for an unknown model; kFailedPrecondition unless it is a "tu_hoa_giai" model;
  // kInvalidArgument naming the field at fault (dates in the future, closed before received,
  // an outcome without its date or a date without an outcome, an empty subject).
  Result<MediationCase> Add(const std::string& actor, MediationCase c);
  // kNotFound when the case is not the model's.
  Result<MediationCase> Update(const std::string& actor, std::int64_t model_id, std::int64_t case_id,
                               MediationChange change);
  // Newest received first.
  Result<std::vector<MediationCase>> ForModel(std::int64_t model_id) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

namespace mediation_sql {
// The caller holds the connection's mutex.
Result<MediationCounts> Counts(store::sqlite::Database& db, std::int64_t model_id, const std::string& from,
                               const std::string& to);
}  // namespace mediation_sql

}  // namespace anninh::movement
