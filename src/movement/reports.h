// Roll-up reports: a unit's indicators as of a date, summed over everything under it then,
// with one line per child unit. Models keep the unit they were made under; each is placed by
// resolving that unit to the date (a commune merged on 01/07 reports its models under the
// new commune from then on, under the old one before) and walking the tree as it stood.
//
// Thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "movement/units.h"

namespace anninh::movement {

struct Totals {
  int models = 0;   // not retired on the date
  int points = 0;   // "điểm" of those models
  int teams = 0;    // "tổ"
  int members = 0;  // leaders and members serving on the date
  std::map<std::string, int> by_type;
  std::map<std::string, int> by_status;    // retired included
  std::map<std::string, int> evaluations;  // class -> count
  // Cameras linked on the date to the camera models counted here (not retired on the date).
  // The reports measure how much of the time they were recording.
  std::set<std::string> cameras;
  // Mediation cases of the "tự hòa giải" models counted here (retired ones included: their
  // cases were handled while they ran) closed in [Rollup::from, as_of], and of those the
  // reconciled (hòa giải thành).
  int mediation_handled = 0;
  int mediation_reconciled = 0;
};

struct UnitTotals {
  UnitVersion unit;
  Totals totals;
};

struct Rollup {
  std::string as_of;
  std::string period;  // "" when evaluations are each model's latest ended by as_of
  std::string from;    // the first day mediation cases are counted from (to as_of)
  UnitTotals unit;
  std::vector<UnitTotals> children;  // in Vietnamese order
};

// kNotFound when `code` was not a unit on `as_of`. `period` ("2025-H1") counts that
// period's evaluations; empty counts each model's latest evaluation ended by `as_of`.
// Mediation cases are counted when closed from `from` to `as_of`; `from` "" is the period's
// first day, or with no period 1 January of as_of's year (the year to date).
Result<Rollup> RollUp(store::sqlite::Database& db, const std::string& code, const std::string& as_of,
                      const std::string& period, const std::string& from = "");

}  // namespace anninh::movement
