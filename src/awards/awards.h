// Commendations: the catalogue of award forms, proposals and their steps to decision,
// hand-over and revocation, the medal's eligibility check (eligibility.h) made from the
// register, and each recipient's full history. Records are scoped by the proposing unit,
// like the movement's models by theirs.
//
// Thread-safe: every public call takes the connection's mutex.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "awards/eligibility.h"
#include "awards/flow.h"
#include "core/clock.h"
#include "core/error.h"
#include "movement/units.h"

namespace anninh::store::sqlite {
class Database;
}

namespace anninh::awards {

struct AwardForm {
  std::string code;  // "knc_bv_antq"
  std::string name;
  std::string issuer;
  std::string recipients;  // "person", "collective", "both"
  bool medal = false;      // the medal rules decide eligibility
  // "" while it may be proposed; set once retired (never deleted when used). Defaulted, so
  // the five-field brace initialisers that predate it stay warning-free.
  std::string retired_on = {};
};

// An edit of a form: fields left nullopt keep their value.
struct FormEdit {
  std::optional<std::string> name, issuer, recipients;
  std::optional<bool> medal;
  std::optional<bool> retired;  // true retires it today, false brings it back
};

// What adding a circular's rule did: the row, and the circular whose open end it closed.
struct RuleAdded {
  MedalRule rule;
  std::string closed;  // "" when no row was closed
};

// Who receives it: a person, or a collective (a unit, a model, a team within a unit).
struct Recipient {
  std::string kind;  // "person", "unit", "model", "team"
  std::int64_t person_id = 0;
  std::int64_t model_id = 0;
  std::string unit_code;  // "unit" and "team"
  std::string team_name;  // "team"
  std::string name;       // filled on reading: the person's, model's, unit's or team's name
};

struct Award {
  std::int64_t id = 0;
  std::string form_code;
  Recipient recipient;
  std::string proposing_unit;
  std::string achievement;
  std::string period;
  std::string proposed_on;
  AwardStatus status = AwardStatus::kProposed;
  std::string eligibility;  // JSON of the medal check made at proposal; "" for other forms
  std::string decision_no, decision_date, signer, issuing_body;
  std::string handed_on;
  std::int64_t festival_id = 0;
  std::string revoked_on, revoke_reason, revoke_decision;
  std::string by;
};

struct AwardStepRow {
  std::string status;
  std::string on_date;
  std::string note;
  std::string by;
};

struct ServiceRecord {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string track;  // "leader", "security_team", "dan_phong", "commune_police"
  std::string post;
  std::string start_date;
  std::string end_date;  // exclusive; "" while serving
  bool hardship = false;
};

struct PersonHold {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string kind;  // "discipline", "complaint", "inspection", "corruption_report"
  std::string opened_on;
  std::string closed_on;  // "" while open
  std::string note;
};

struct AwardQuery {
  std::string unit_code;  // "": every unit in scope; else proposals of this unit and below
  std::string status;
  std::string form_code;
  std::int64_t festival_id = 0;
};

// Counting awards (decided or handed over, never revoked) by form.
using FormCounts = std::map<std::string, int>;

class Awards {
 public:
  Awards(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<AwardForm>> Forms() const;
  // Extends the catalogue; codes are a-z, 0-9 and '_'.
  Result<AwardForm> AddForm(AwardForm f);
  // Changes a form. Who receives it and whether the medal rules decide it are fixed once
  // an award names the form (kFailedPrecondition saying so); kNotFound for an unknown code.
  Result<AwardForm> EditForm(const std::string& code, const FormEdit& edit);
  // Deletes a form no award names (nullopt); one in use is retired instead, and stays in
  // every award's history (the retired form). A retired form cannot be proposed.
  Result<std::optional<AwardForm>> RemoveForm(const std::string& code);
  // Every circular's rule, oldest first.
  Result<std::vector<MedalRule>> Rules() const;
  // Adds the next circular's rule. Its dates may not overlap another row's (kFailedPrecondition
  // naming that row), except the row still in force (open end) that began before it: that
  // one is closed on the new row's first day, in the same transaction, as a new circular
  // replaces the last. kInvalidArgument naming the field for a bad value.
  Result<RuleAdded> AddRule(MedalRule rule);

  Result<ServiceRecord> AddService(const std::string& actor, ServiceRecord r);
  Result<std::vector<ServiceRecord>> Services(std::int64_t person_id) const;
  Result<PersonHold> AddHold(const std::string& actor, PersonHold h);
  Result<PersonHold> CloseHold(std::int64_t person_id, std::int64_t hold_id, const std::string& closed_on);
  Result<std::vector<PersonHold>> Holds(std::int64_t person_id) const;

  // The medal check for a person on `date`, from the register's posts (committee head and
  // deputy count as "leader", security-team member as "security_team"), service records,
  // holds and awards. kNotFound for an unknown person; kFailedPrecondition when no rule was
  // in force on the date.
  Result<Eligibility> CheckMedal(std::int64_t person_id, const std::string& date) const;

  // A new proposal. For a medal form the check must say eligible, else kFailedPrecondition
  // with its reasons (nothing is stored). kInvalidArgument naming the field at fault.
  Result<Award> Propose(const std::string& actor, Award a);
  Result<Award> Transition(const std::string& actor, std::int64_t id, Step step);
  Result<std::optional<Award>> Get(std::int64_t id) const;
  Result<std::vector<AwardStepRow>> Steps(std::int64_t id) const;
  // Newest proposal first, within `scope` (on today's tree).
  Result<std::vector<Award>> List(const AwardQuery& q, const movement::UnitScope& scope) const;
  // Everything a recipient was ever proposed for, revoked and rejected included, by date.
  Result<std::vector<Award>> History(const Recipient& who) const;
  // Counting awards whose decision date is in [from, to] and whose proposing unit lies under
  // `unit_code` on `to`.
  Result<FormCounts> Count(const std::string& unit_code, const std::string& from, const std::string& to) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

// The same reads for callers that already hold the connection's mutex.
namespace award_sql {
Result<std::optional<Award>> Get(store::sqlite::Database& db, std::int64_t id);
Result<std::vector<Award>> Where(store::sqlite::Database& db, const std::string& where, std::int64_t arg);
}  // namespace award_sql

}  // namespace anninh::awards
