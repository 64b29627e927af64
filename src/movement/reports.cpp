#include "movement/reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "movement/dates.h"
#include "movement/field_error.h"
#include "movement/evaluations.h"
#include "movement/mediation.h"
#include "movement/models.h"
#include "movement/vietnamese.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using store::sqlite::Database;

namespace {

Result<int> MembersOn(Database& db, std::int64_t model_id, const std::string& date) {
  auto st = db.Prepare(
      "SELECT COUNT(*) FROM position WHERE model_id = ?1 AND kind IN ('model_leader', 'model_member') "
      "AND start_date <= ?2 AND (end_date = '' OR end_date > ?2)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, model_id).Bind(2, date);
  if (auto row = st->Step(); !row) return Fail(std::move(row).error());
  return static_cast<int>(st->Int(0));
}

// The evaluation class to count for a model: that of `period`, or the latest one whose
// period had ended by `as_of`.
Result<std::string> ClassToCount(Database& db, std::int64_t model_id, const std::string& period,
                                 const std::string& as_of) {
  auto evals = evaluation_sql::ForModel(db, model_id);
  if (!evals) return Fail(std::move(evals).error());
  std::string cls, best_end;
  for (const Evaluation& e : *evals) {
    if (!period.empty()) {
      if (e.period == period) return e.cls;
      continue;
    }
    auto p = ParsePeriod(e.period);
    if (!p || p->LastDay() > as_of) continue;
    if (p->LastDay() >= best_end) {
      best_end = p->LastDay();
      cls = e.cls;
    }
  }
  return cls;
}

void Add(Totals& t, const Model& m, ModelStatus status, int members, const std::string& cls,
         const std::vector<std::string>& cameras, const MediationCounts& mediation) {
  ++t.by_status[std::string(ToString(status))];
  if (!cls.empty()) ++t.evaluations[cls];
  t.mediation_handled += mediation.handled;
  t.mediation_reconciled += mediation.reconciled;
  if (status == ModelStatus::kRetired) return;
  ++t.models;
  ++t.by_type[m.type];
  t.points += m.points;
  t.teams += m.teams;
  t.members += members;
  t.cameras.insert(cameras.begin(), cameras.end());
}

}  // namespace

Result<Rollup> RollUp(Database& db, const std::string& code, const std::string& as_of, const std::string& period,
                      const std::string& from) {
  if (auto s = CheckDate("as_of", as_of); !s) return Fail(std::move(s).error());
  std::string first = from;
  if (!period.empty()) {
    auto p = ParsePeriod(period);
    if (!p) return Fail(std::move(p).error());
    if (first.empty()) first = p->FirstDay();
  }
  if (first.empty()) first = as_of.substr(0, 4) + "-01-01";
  if (auto s = CheckDate("from", first); !s) return Fail(std::move(s).error());
  if (first > as_of) return FieldFail("from", fmt::format("'from' {} is after 'as_of' {}", first, as_of));
  std::lock_guard lock(db.mutex());
  auto unit = unit_sql::AsOf(db, code, as_of);
  if (!unit) return Fail(std::move(unit).error());
  if (!*unit) return Fail(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", code, as_of));
  Rollup out;
  out.as_of = as_of;
  out.period = period;
  out.from = first;
  out.unit.unit = **unit;

  auto children = unit_sql::ChildrenOn(db, code, as_of);
  if (!children) return Fail(std::move(children).error());
  std::map<std::string, std::size_t> child_index;
  for (UnitVersion& v : *children) out.children.push_back({std::move(v), {}});
  std::stable_sort(out.children.begin(), out.children.end(),
                   [](const UnitTotals& a, const UnitTotals& b) { return ViLess(a.unit.name, b.unit.name); });
  for (std::size_t i = 0; i < out.children.size(); ++i) child_index[out.children[i].unit.code] = i;

  auto models = model_sql::All(db);
  if (!models) return Fail(std::move(models).error());
  for (const Model& m : *models) {
    if (m.created_on > as_of) continue;
    auto status = model_sql::StatusOn(db, m.id, as_of);
    if (!status) return Fail(std::move(status).error());
    if (!*status) continue;
    auto resolved = unit_sql::Resolve(db, m.unit_code, as_of);
    if (!resolved) return Fail(std::move(resolved).error());
    if (resolved->empty()) continue;
    // A unit split in two resolves to both; the model is counted once, under the first.
    std::vector<std::string> chain{resolved->front()};
    auto up = unit_sql::Ancestors(db, chain.front(), as_of);
    if (!up) return Fail(std::move(up).error());
    chain.insert(chain.end(), up->begin(), up->end());
    const auto at = std::find(chain.begin(), chain.end(), code);
    if (at == chain.end()) continue;
    auto members = MembersOn(db, m.id, as_of);
    if (!members) return Fail(std::move(members).error());
    auto cls = ClassToCount(db, m.id, period, as_of);
    if (!cls) return Fail(std::move(cls).error());
    std::vector<std::string> cameras;
    if (m.type == "camera") {
      auto linked = model_sql::Cameras(db, m.id, as_of);  // the links that held then
      if (!linked) return Fail(std::move(linked).error());
      cameras = std::move(*linked);
    }
    MediationCounts mediation;
    if (m.type == "tu_hoa_giai") {
      auto counted = mediation_sql::Counts(db, m.id, first, as_of);
      if (!counted) return Fail(std::move(counted).error());
      mediation = *counted;
    }
    Add(out.unit.totals, m, **status, *members, *cls, cameras, mediation);
    if (at != chain.begin()) {
      if (auto child = child_index.find(*(at - 1)); child != child_index.end()) {
        Add(out.children[child->second].totals, m, **status, *members, *cls, cameras, mediation);
      }
    }
  }
  return out;
}

}  // namespace anninh::movement
