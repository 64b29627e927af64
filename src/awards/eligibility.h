// Eligibility for the Kỷ niệm chương "Bảo vệ an ninh Tổ quốc" (TT 20/2025/TT-BCA, before it
// TT 11/2021/TT-BCA): a pure function of the rule in force on the proposal date and the
// person's facts, so the rules are tested table by table without a database. The rules are
// data (table medal_rule, one row per circular); the next circular is a new row.
//
// Service is counted in days over the union of the person's periods on the tracks the rule
// counts (register posts and service records alike), so overlapping periods count once; a
// day in a hardship area (especially difficult, border, island) counts `hardship_factor`
// times. N years are the days of the N calendar years ending on the proposal date, so one
// unbroken period of exactly N years qualifies and a day less does not.
//
// Thread-safe (no state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace anninh::awards {

struct MedalRule {
  std::string circular;  // "20/2025/TT-BCA"
  std::string effective_from;
  std::string effective_to;  // exclusive; "" while in force
  int leader_years = 10;
  int team_years_men = 15;
  int team_years_women = 10;
  int hardship_factor = 2;
  std::vector<std::string> leader_tracks;  // "leader"
  std::vector<std::string> team_tracks;    // "security_team", "dan_phong", "commune_police"
  bool leader_prior_award = true;
  std::vector<std::string> deferring_holds;  // "discipline", "complaint", ...
};

// One period of service. Tracks: "leader" (committee head or deputy, head of an authority,
// organisation or school), "security_team" (tổ bảo vệ ANTT ở cơ sở), "dan_phong",
// "commune_police".
struct ServicePeriod {
  std::string track;
  std::string start_date;
  std::string end_date;  // exclusive; "" while serving
  bool hardship = false;
};

struct Hold {
  std::string kind;  // "discipline", "complaint", "inspection", "corruption_report"
  std::string opened_on;
  std::string closed_on;  // "" while open
};

struct MedalFacts {
  std::string gender;  // "nam", "nu", "khac" or "" (men's threshold unless "nu")
  std::vector<ServicePeriod> service;
  std::vector<Hold> holds;
  int medals_held = 0;       // this medal proposed, reviewed, decided or handed over (not rejected or revoked)
  int awards_before = 0;     // other awards decided before the date (not revoked)
};

enum class Verdict { kEligible, kIneligible, kDeferred };
std::string_view ToString(Verdict v);

struct Eligibility {
  Verdict verdict = Verdict::kIneligible;
  std::string circular;            // the rule applied
  std::string basis;               // "leader" or "security_team": the route that qualified
  std::int64_t leader_days = 0;    // weighted
  std::int64_t team_days = 0;      // weighted
  int leader_days_needed = 0;
  int team_days_needed = 0;
  std::vector<std::string> reasons_vi;  // why not, in Vietnamese
  std::vector<std::string> reasons_en;  // the same, in English
};

// Weighted days of `service` on `tracks` before `date` (a period's open end is `date`).
std::int64_t ServiceDays(const std::vector<ServicePeriod>& service, const std::vector<std::string>& tracks,
                         const std::string& date, int hardship_factor);
// Weighted days that make `years` years of service on `date`: the days from the same day
// `years` years earlier (28/02 for 29/02) to `date`.
int DaysForYears(int years, const std::string& date);
// The verdict on `date` under `rule` (which the caller chose for that date).
Eligibility CheckMedal(const MedalRule& rule, const MedalFacts& facts, const std::string& date);
// The rule in force on `date` among `rules`, or nullptr.
const MedalRule* RuleOn(const std::vector<MedalRule>& rules, const std::string& date);

}  // namespace anninh::awards
