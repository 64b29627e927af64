#include "movement/mediation.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "movement/dates.h"
#include "movement/field_error.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Database;
using store::sqlite::Statement;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, model_id, received_on, subject, outcome, closed_on, created_by, updated_by FROM mediation_case ";

MediationCase Read(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6), st.Text(7)};
}

bool KnownOutcome(std::string_view o) {
  return std::find(std::begin(kMediationOutcomes), std::end(kMediationOutcomes), o) != std::end(kMediationOutcomes);
}

// The rules a case must keep whatever changed: real dates not after today and not before
// the model (`since`), an outcome and a closing date together, closed on or after it was
// received. Cleans the subject.
Status Check(MediationCase& c, const std::string& today, const std::string& since) {
  auto subject = CleanText("subject", c.subject, 300);
  if (!subject) return Fail(std::move(subject).error());
  c.subject = std::move(*subject);
  if (auto s = CheckDate("received_on", c.received_on); !s) return s;
  if (c.received_on > today) return FieldFail("received_on", fmt::format("'received_on' {} is in the future", c.received_on));
  if (c.received_on < since) {
    return FieldFail("received_on",
                     fmt::format("'received_on' {} is before the model was created ({})", c.received_on, since));
  }
  if (!KnownOutcome(c.outcome)) {
    return FieldFail("outcome", "'outcome' must be pending, reconciled, not_reconciled, withdrawn or transferred");
  }
  if (c.outcome == "pending") {
    if (!c.closed_on.empty()) return FieldFail("closed_on", "a pending case has no 'closed_on'; give its outcome");
    return {};
  }
  if (c.closed_on.empty()) return FieldFail("closed_on", fmt::format("a case ended '{}' needs 'closed_on'", c.outcome));
  if (auto s = CheckDate("closed_on", c.closed_on); !s) return s;
  if (c.closed_on > today) return FieldFail("closed_on", fmt::format("'closed_on' {} is in the future", c.closed_on));
  if (c.closed_on < c.received_on) {
    return FieldFail("closed_on", fmt::format("'closed_on' {} is before 'received_on' {}", c.closed_on, c.received_on));
  }
  return {};
}

// The model must exist and be a mediation model; its creation date bounds the cases.
Result<std::string> MediationModelSince(Database& db, std::int64_t model_id) {
  auto st = db.Prepare("SELECT type, created_on FROM model WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, model_id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", model_id));
  if (st->Text(0) != "tu_hoa_giai") {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("chỉ mô hình tự hòa giải mới ghi vụ việc hòa giải / only a mediation model (type "
                            "'tu_hoa_giai') records mediation cases; model {} is '{}'",
                            model_id, st->Text(0)));
  }
  return st->Text(1);
}

Result<std::optional<MediationCase>> GetCase(Database& db, std::int64_t model_id, std::int64_t case_id) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE id = ?1 AND model_id = ?2");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, case_id).Bind(2, model_id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<MediationCase>();
  return std::optional<MediationCase>(Read(*st));
}

}  // namespace

Result<MediationCounts> mediation_sql::Counts(Database& db, std::int64_t model_id, const std::string& from,
                                              const std::string& to) {
  auto st = db.Prepare(
      "SELECT COUNT(*), COALESCE(SUM(outcome = 'reconciled'), 0) FROM mediation_case "
      "WHERE model_id = ?1 AND outcome <> 'pending' AND closed_on >= ?2 AND closed_on <= ?3");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, model_id).Bind(2, from).Bind(3, to);
  if (auto row = st->Step(); !row) return Fail(std::move(row).error());
  return MediationCounts{static_cast<int>(st->Int(0)), static_cast<int>(st->Int(1))};
}

Result<MediationCase> Mediation::Add(const std::string& actor, MediationCase c) {
  const std::string today = VietnamDay(clock_.Now());
  if (c.received_on.empty()) c.received_on = today;
  std::lock_guard lock(db_.mutex());
  auto since = MediationModelSince(db_, c.model_id);
  if (!since) return Fail(std::move(since).error());
  if (auto s = Check(c, today, *since); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "INSERT INTO mediation_case (model_id, received_on, subject, outcome, closed_on, created_by, created_at_ns, "
      "updated_by, updated_at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, c.model_id).Bind(2, c.received_on).Bind(3, c.subject).Bind(4, c.outcome)
                   .Bind(5, c.closed_on).Bind(6, actor).Bind(7, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  c.id = db_.LastInsertId();
  c.created_by = actor;
  c.updated_by = actor;
  return c;
}

Result<MediationCase> Mediation::Update(const std::string& actor, std::int64_t model_id, std::int64_t case_id,
                                        MediationChange change) {
  const std::string today = VietnamDay(clock_.Now());
  std::lock_guard lock(db_.mutex());
  auto since = MediationModelSince(db_, model_id);
  if (!since) return Fail(std::move(since).error());
  auto found = GetCase(db_, model_id, case_id);
  if (!found) return Fail(std::move(found).error());
  if (!*found) return Fail(ErrorCode::kNotFound, fmt::format("no mediation case {}", case_id));
  MediationCase c = **found;
  if (change.subject) c.subject = *change.subject;
  if (change.received_on) c.received_on = *change.received_on;
  if (change.outcome) {
    c.outcome = *change.outcome;
    // Reopening clears the date unless the caller gave one (which Check then refuses).
    if (c.outcome == "pending" && !change.closed_on) c.closed_on.clear();
  }
  if (change.closed_on) c.closed_on = *change.closed_on;
  if (auto s = Check(c, today, *since); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "UPDATE mediation_case SET received_on = ?2, subject = ?3, outcome = ?4, closed_on = ?5, updated_by = ?6, "
      "updated_at_ns = ?7 WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, case_id).Bind(2, c.received_on).Bind(3, c.subject).Bind(4, c.outcome)
                   .Bind(5, c.closed_on).Bind(6, actor).Bind(7, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  c.updated_by = actor;
  return c;
}

Result<std::vector<MediationCase>> Mediation::ForModel(std::int64_t model_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kColumns) + "WHERE model_id = ?1 ORDER BY received_on DESC, id DESC");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, model_id);
  return ReadRows(*st, [](const Statement& s) { return Read(s); });
}

}  // namespace anninh::movement
