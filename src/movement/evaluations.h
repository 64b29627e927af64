// Evaluations of models at sơ kết (6 months), tổng kết (year) or by quarter: a weighted
// criteria set turns the scores into one score and a class (tốt, khá, trung bình, yếu). A
// model rated yếu in N consecutive periods of one kind (default 2) is flagged for review,
// which the committee answers with replicate or retire (lifecycle.h).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "movement/models.h"
#include "movement/units.h"

namespace anninh::movement {

struct Criterion {
  std::string key;
  std::string name;
  int weight = 0;  // > 0; weights need not sum to 100
};

struct CriteriaSet {
  std::int64_t id = 0;
  std::string name;
  std::vector<Criterion> criteria;
  // Class thresholds on the weighted score (0-100): >= good_min tốt, >= fair_min khá,
  // >= average_min trung bình, else yếu.
  int good_min = 80;
  int fair_min = 65;
  int average_min = 50;
};

// "tot", "kha", "trung_binh", "yeu".
std::string ClassFor(const CriteriaSet& set, int score_x10);
std::string_view VietnameseClass(std::string_view cls);

struct Evaluation {
  std::int64_t id = 0;
  std::int64_t model_id = 0;
  std::string period;  // "2025-H1"
  std::int64_t criteria_set_id = 0;
  std::map<std::string, int> scores;  // criterion key -> 0..100
  int score_x10 = 0;                  // weighted, in tenths: 725 = 72.5
  std::string cls;
  std::string comments;
  std::string evidence;
  std::string by;
};

struct FlaggedModel {
  Model model;
  std::vector<std::string> weak_periods;  // the consecutive yếu periods, oldest first
};

class Evaluations {
 public:
  Evaluations(store::sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<CriteriaSet>> CriteriaSets() const;
  Result<CriteriaSet> AddCriteriaSet(CriteriaSet set);

  // Scores every criterion of the set (each 0-100, all required) and classifies. One
  // evaluation per model and period: kAlreadyExists for a second.
  Result<Evaluation> Record(const std::string& actor, Evaluation e);
  Result<std::vector<Evaluation>> ForModel(std::int64_t model_id) const;

  // Models (not retired) whose latest `consecutive` evaluations of one period kind are all
  // yếu and in consecutive periods, within `unit_code` ("" = all) and `scope`.
  Result<std::vector<FlaggedModel>> Flagged(const std::string& unit_code, const UnitScope& scope,
                                            int consecutive = 2) const;

 private:
  store::sqlite::Database& db_;
  const Clock& clock_;
};

namespace evaluation_sql {
Result<std::vector<Evaluation>> ForModel(store::sqlite::Database& db, std::int64_t model_id);
}

}  // namespace anninh::movement
