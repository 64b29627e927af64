#include "movement/evaluations.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#include "movement/dates.h"
#include "movement/field_error.h"
#include "movement/vietnamese.h"
#include "store/sqlite/database.h"
#include "store/sqlite/database.h"

namespace anninh::movement {

using nlohmann::json;
using store::sqlite::Database;
using store::sqlite::Statement;

std::string ClassFor(const CriteriaSet& set, int score_x10) {
  if (score_x10 >= set.good_min * 10) return "tot";
  if (score_x10 >= set.fair_min * 10) return "kha";
  if (score_x10 >= set.average_min * 10) return "trung_binh";
  return "yeu";
}

std::string_view VietnameseClass(std::string_view cls) {
  if (cls == "tot") return "tốt";
  if (cls == "kha") return "khá";
  if (cls == "trung_binh") return "trung bình";
  return "yếu";
}

namespace {

Result<CriteriaSet> ReadSet(const Statement& st) {
  CriteriaSet s;
  s.id = st.Int(0);
  s.name = st.Text(1);
  const json list = json::parse(st.Text(2), nullptr, false);
  if (!list.is_array()) return Fail(ErrorCode::kDataLoss, fmt::format("criteria set {} is not a JSON list", s.id));
  for (const json& c : list) {
    s.criteria.push_back({c.value("key", ""), c.value("name", ""), c.value("weight", 0)});
  }
  s.good_min = static_cast<int>(st.Int(3));
  s.fair_min = static_cast<int>(st.Int(4));
  s.average_min = static_cast<int>(st.Int(5));
  return s;
}

constexpr std::string_view kSetColumns = "SELECT id, name, criteria, good_min, fair_min, average_min FROM criteria_set ";

Result<std::optional<CriteriaSet>> SetById(Database& db, std::int64_t id) {
  auto st = db.Prepare(std::string(kSetColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<CriteriaSet>();
  auto set = ReadSet(*st);
  if (!set) return Fail(std::move(set).error());
  return std::optional<CriteriaSet>(std::move(*set));
}

Evaluation ReadEvaluation(const Statement& st) {
  Evaluation e;
  e.id = st.Int(0);
  e.model_id = st.Int(1);
  e.period = st.Text(2);
  e.criteria_set_id = st.Int(3);
  const json scores = json::parse(st.Text(4), nullptr, false);
  if (scores.is_object()) {
    for (const auto& [k, v] : scores.items()) e.scores[k] = v.is_number_integer() ? v.get<int>() : 0;
  }
  e.score_x10 = static_cast<int>(st.Int(5));
  e.cls = st.Text(6);
  e.comments = st.Text(7);
  e.evidence = st.Text(8);
  e.by = st.Text(9);
  return e;
}

}  // namespace

namespace evaluation_sql {

Result<std::vector<Evaluation>> ForModel(Database& db, std::int64_t model_id) {
  auto st = db.Prepare(
      "SELECT id, model_id, period, criteria_set_id, scores, score_x10, class, comments, evidence, by_actor "
      "FROM evaluation WHERE model_id = ?1 ORDER BY period, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, model_id);
  return ReadRows(*st, [](const Statement& s) { return ReadEvaluation(s); });
}

}  // namespace evaluation_sql

Result<std::vector<CriteriaSet>> Evaluations::CriteriaSets() const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kSetColumns) + "ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  std::vector<CriteriaSet> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return out;
    auto set = ReadSet(*st);
    if (!set) return Fail(std::move(set).error());
    out.push_back(std::move(*set));
  }
}

Result<CriteriaSet> Evaluations::AddCriteriaSet(CriteriaSet set) {
  auto name = CleanText("name", set.name, 200);
  if (!name) return Fail(std::move(name).error());
  set.name = std::move(*name);
  if (set.criteria.empty()) return FieldFail("criteria", "'criteria' must list at least one criterion");
  json list = json::array();
  std::vector<std::string> keys;
  for (Criterion& c : set.criteria) {
    if (c.key.empty() || c.key.size() > 64 || std::find(keys.begin(), keys.end(), c.key) != keys.end()) {
      return FieldFail("criteria", "each criterion needs a unique 'key' of 1-64 bytes");
    }
    keys.push_back(c.key);
    auto cname = CleanText("criteria", c.name, 200);
    if (!cname) return Fail(std::move(cname).error());
    c.name = std::move(*cname);
    if (c.weight <= 0 || c.weight > 1000) return FieldFail("criteria", "each 'weight' must be 1-1000");
    list.push_back({{"key", c.key}, {"name", c.name}, {"weight", c.weight}});
  }
  if (!(set.good_min > set.fair_min && set.fair_min > set.average_min && set.average_min > 0 && set.good_min <= 100)) {
    return FieldFail("good_min", "thresholds must satisfy 100 >= good_min > fair_min > average_min > 0");
  }
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "INSERT INTO criteria_set (name, criteria, good_min, fair_min, average_min) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, set.name).Bind(2, list.dump()).Bind(3, set.good_min).Bind(4, set.fair_min)
                   .Bind(5, set.average_min)
                   .Run();
      !s) {
    if (s.error().message().find("UNIQUE") != std::string::npos)
      return Fail(Error(ErrorCode::kAlreadyExists, "a criteria set with this name exists").WithField("name"));
    return Fail(std::move(s).error());
  }
  set.id = db_.LastInsertId();
  return set;
}

Result<Evaluation> Evaluations::Record(const std::string& actor, Evaluation e) {
  auto period = ParsePeriod(e.period);
  if (!period) return Fail(std::move(period).error());
  for (auto* field : {&e.comments, &e.evidence}) {
    auto clean = CleanText(field == &e.comments ? "comments" : "evidence", *field, 4000, false);
    if (!clean) return Fail(std::move(clean).error());
    *field = std::move(*clean);
  }
  std::lock_guard lock(db_.mutex());
  auto model = model_sql::Get(db_, e.model_id);
  if (!model) return Fail(std::move(model).error());
  if (!*model) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", e.model_id));
  if ((*model)->status == ModelStatus::kProposed || (*model)->status == ModelStatus::kRetired) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("mô hình «{}» không được đánh giá / a {} model is not evaluated",
                            VietnameseName((*model)->status), ToString((*model)->status)));
  }
  if (e.criteria_set_id == 0) e.criteria_set_id = 1;  // the seeded default set
  auto set = SetById(db_, e.criteria_set_id);
  if (!set) return Fail(std::move(set).error());
  if (!*set) return FieldFail("criteria_set_id", fmt::format("no criteria set {}", e.criteria_set_id));
  std::int64_t weighted = 0, weights = 0;
  for (const Criterion& c : (*set)->criteria) {
    auto it = e.scores.find(c.key);
    if (it == e.scores.end()) return FieldFail("scores", fmt::format("'scores' lacks criterion '{}'", c.key));
    if (it->second < 0 || it->second > 100) {
      return FieldFail("scores", fmt::format("score of '{}' must be 0-100", c.key));
    }
    weighted += static_cast<std::int64_t>(it->second) * c.weight;
    weights += c.weight;
  }
  if (e.scores.size() != (*set)->criteria.size()) {
    return FieldFail("scores", "'scores' names a criterion that is not in the set");
  }
  // Tenths, rounded half up: 72.45 -> 72.5.
  e.score_x10 = static_cast<int>((weighted * 20 + weights) / (2 * weights));
  e.cls = ClassFor(**set, e.score_x10);
  e.by = actor;
  json scores = json::object();
  for (const auto& [k, v] : e.scores) scores[k] = v;
  auto st = db_.Prepare(
      "INSERT INTO evaluation (model_id, period, criteria_set_id, scores, score_x10, class, comments, evidence, "
      "by_actor, at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, e.model_id).Bind(2, e.period).Bind(3, e.criteria_set_id).Bind(4, scores.dump())
                   .Bind(5, e.score_x10).Bind(6, e.cls).Bind(7, e.comments).Bind(8, e.evidence).Bind(9, actor)
                   .Bind(10, clock_.Now())
                   .Run();
      !s) {
    if (s.error().message().find("UNIQUE") != std::string::npos) {
      return Fail(Error(ErrorCode::kAlreadyExists,
                        fmt::format("model {} already has an evaluation for {}", e.model_id, e.period))
                      .WithField("period"));
    }
    return Fail(std::move(s).error());
  }
  e.id = db_.LastInsertId();
  return e;
}

Result<std::vector<Evaluation>> Evaluations::ForModel(std::int64_t model_id) const {
  std::lock_guard lock(db_.mutex());
  return evaluation_sql::ForModel(db_, model_id);
}

Result<std::vector<FlaggedModel>> Evaluations::Flagged(const std::string& unit_code, const UnitScope& scope,
                                                       int consecutive) const {
  if (consecutive < 1 || consecutive > 12) return FieldFail("consecutive", "'consecutive' must be 1-12");
  std::lock_guard lock(db_.mutex());
  const std::string today = VietnamDay(clock_.Now());
  auto models = model_sql::All(db_);
  if (!models) return Fail(std::move(models).error());
  std::vector<FlaggedModel> out;
  for (Model& m : *models) {
    if (m.status == ModelStatus::kRetired) continue;
    if (!unit_code.empty() && m.unit_code != unit_code) {
      auto in = unit_sql::Within(db_, m.unit_code, unit_code, today);
      if (!in) return Fail(std::move(in).error());
      if (!*in) continue;
    }
    auto visible = unit_sql::InScope(db_, scope, m.unit_code, today);
    if (!visible) return Fail(std::move(visible).error());
    if (!*visible) continue;
    auto evals = evaluation_sql::ForModel(db_, m.id);
    if (!evals) return Fail(std::move(evals).error());
    // Per period kind, the newest `consecutive` evaluations: all yếu, each the period right
    // after the one before (a quarter skipped breaks the run).
    for (PeriodKind kind : {PeriodKind::kQuarter, PeriodKind::kHalf, PeriodKind::kYear}) {
      std::vector<std::pair<Period, std::string>> runs;
      for (const Evaluation& e : *evals) {
        auto p = ParsePeriod(e.period);
        if (p && p->kind == kind) runs.push_back({*p, e.cls});
      }
      if (static_cast<int>(runs.size()) < consecutive) continue;
      std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
        return a.first.year != b.first.year ? a.first.year < b.first.year : a.first.index < b.first.index;
      });
      const std::size_t start = runs.size() - static_cast<std::size_t>(consecutive);
      bool weak = true;
      for (std::size_t i = start; i < runs.size() && weak; ++i) {
        weak = runs[i].second == "yeu" && (i == start || runs[i - 1].first.Next() == runs[i].first);
      }
      if (!weak) continue;
      FlaggedModel f{m, {}};
      for (std::size_t i = start; i < runs.size(); ++i) f.weak_periods.push_back(runs[i].first.ToString());
      out.push_back(std::move(f));
      break;
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const FlaggedModel& a, const FlaggedModel& b) { return ViLess(a.model.name, b.model.name); });
  return out;
}

}  // namespace anninh::movement
