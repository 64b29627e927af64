// The medal's rules, table by table: each threshold at, below and above; women's and men's;
// hardship years counted double; earlier dân phòng / commune-police service; once only;
// deferral while a hold is open; and the circular chosen by the proposal date.
#include "awards/eligibility.h"

#include <gtest/gtest.h>

namespace anninh::awards {
namespace {

MedalRule Tt20() {
  return {"20/2025/TT-BCA", "2025-04-28", "", 10, 15, 10, 2, {"leader"}, {"security_team", "dan_phong", "commune_police"},
          true, {"discipline", "complaint", "inspection", "corruption_report"}};
}
MedalRule Tt11() {
  MedalRule r = Tt20();
  r.circular = "11/2021/TT-BCA";
  r.effective_from = "2021-03-15";
  r.effective_to = "2025-04-28";
  r.leader_years = 5;
  r.deferring_holds = {"discipline", "complaint"};
  return r;
}

constexpr char kDate[] = "2025-08-19";

struct Case {
  const char* name;
  std::string gender;
  std::vector<ServicePeriod> service;
  int awards_before;
  Verdict want;
};

TEST(Eligibility, ThresholdsAtBelowAndAbove) {
  const std::vector<Case> cases = {
      // Security-team men: 15 years.
      {"man 15y exactly", "nam", {{"security_team", "2010-08-19", ""}}, 0, Verdict::kEligible},
      {"man 15y less a day", "nam", {{"security_team", "2010-08-20", ""}}, 0, Verdict::kIneligible},
      {"man 16y", "nam", {{"security_team", "2009-08-19", ""}}, 0, Verdict::kEligible},
      {"man 12y", "nam", {{"security_team", "2013-08-19", ""}}, 0, Verdict::kIneligible},
      // Women: 10 years.
      {"woman 10y exactly", "nu", {{"security_team", "2015-08-19", ""}}, 0, Verdict::kEligible},
      {"woman 10y less a day", "nu", {{"security_team", "2015-08-20", ""}}, 0, Verdict::kIneligible},
      {"woman 11y", "nu", {{"security_team", "2014-08-19", ""}}, 0, Verdict::kEligible},
      // Gender not given: the men's threshold.
      {"unknown 12y", "", {{"security_team", "2013-08-19", ""}}, 0, Verdict::kIneligible},
      // Leaders: 10 years under TT 20/2025, and commended before.
      {"leader 10y exactly", "nam", {{"leader", "2015-08-19", ""}}, 1, Verdict::kEligible},
      {"leader 10y less a day", "nam", {{"leader", "2015-08-20", ""}}, 1, Verdict::kIneligible},
      {"leader 11y", "nu", {{"leader", "2014-08-19", ""}}, 1, Verdict::kEligible},
      {"leader 11y never commended", "nam", {{"leader", "2014-08-19", ""}}, 0, Verdict::kIneligible},
      // Earlier service elsewhere counts toward the team's years.
      {"dân phòng 6y + team 9y", "nam",
       {{"dan_phong", "2010-08-19", "2016-08-19"}, {"security_team", "2016-08-19", ""}}, 0, Verdict::kEligible},
      {"commune police 3y + team 9y", "nam",
       {{"commune_police", "2013-08-19", "2016-08-19"}, {"security_team", "2016-08-19", ""}}, 0,
       Verdict::kIneligible},
      // Hardship years count double: 5 hardship + 5 plain = 15 for a man.
      {"hardship 5y double + 5y", "nam",
       {{"security_team", "2015-08-19", "2020-08-19", true}, {"security_team", "2020-08-19", ""}}, 0,
       Verdict::kEligible},
      {"hardship 4y double + 5y", "nam",
       {{"security_team", "2016-08-19", "2020-08-19", true}, {"security_team", "2020-08-19", ""}}, 0,
       Verdict::kIneligible},
      // Overlapping posts count once.
      {"two overlapping 12y posts", "nam",
       {{"security_team", "2013-08-19", ""}, {"dan_phong", "2013-08-19", "2025-01-01"}}, 0, Verdict::kIneligible},
      // Service after the proposal date does not count; nor does a track the rule ignores.
      {"leader years don't count for team", "nam", {{"leader", "2000-01-01", ""}}, 0, Verdict::kIneligible},
  };
  for (const Case& c : cases) {
    MedalFacts f;
    f.gender = c.gender;
    f.service = c.service;
    f.awards_before = c.awards_before;
    const Eligibility e = CheckMedal(Tt20(), f, kDate);
    EXPECT_EQ(e.verdict, c.want) << c.name << ": " << (e.reasons_en.empty() ? "" : e.reasons_en[0]);
    EXPECT_EQ(e.circular, "20/2025/TT-BCA");
    if (c.want != Verdict::kEligible) {
      EXPECT_FALSE(e.reasons_vi.empty()) << c.name;
    }
  }
}

TEST(Eligibility, ReasonsNameTheThresholdAndTheYearsServed) {
  MedalFacts f;
  f.gender = "nu";
  f.service = {{"security_team", "2020-08-19", ""}};
  const Eligibility e = CheckMedal(Tt20(), f, kDate);
  ASSERT_EQ(e.reasons_vi.size(), 1u);
  EXPECT_EQ(e.reasons_vi[0], "Thành viên Tổ bảo vệ ANTT (nữ) cần từ 10 năm trở lên (20/2025/TT-BCA); mới có 5.0 năm");
  EXPECT_EQ(e.reasons_en[0], "security-team members (women) need 10 years (20/2025/TT-BCA); this person has 5.0");
}

TEST(Eligibility, OncePerPerson) {
  MedalFacts f;
  f.gender = "nam";
  f.service = {{"security_team", "2000-01-01", ""}};
  EXPECT_EQ(CheckMedal(Tt20(), f, kDate).verdict, Verdict::kEligible);
  f.medals_held = 1;
  const Eligibility e = CheckMedal(Tt20(), f, kDate);
  EXPECT_EQ(e.verdict, Verdict::kIneligible);
  EXPECT_NE(e.reasons_en.at(0).find("once per person"), std::string::npos);
}

TEST(Eligibility, DeferredWhileAHoldIsOpenOnTheDate) {
  MedalFacts f;
  f.gender = "nam";
  f.service = {{"security_team", "2000-01-01", ""}};
  const struct {
    Hold hold;
    Verdict want;
  } cases[] = {
      {{"discipline", "2025-06-01", ""}, Verdict::kDeferred},
      {{"complaint", "2025-06-01", "2025-08-01"}, Verdict::kEligible},  // closed before
      {{"complaint", "2025-06-01", "2025-08-20"}, Verdict::kDeferred},  // closes after
      {{"inspection", "2025-09-01", ""}, Verdict::kEligible},           // opened after
      {{"corruption_report", "2025-01-01", ""}, Verdict::kDeferred},
  };
  for (const auto& c : cases) {
    f.holds = {c.hold};
    const Eligibility e = CheckMedal(Tt20(), f, kDate);
    EXPECT_EQ(e.verdict, c.want) << c.hold.kind << " " << c.hold.opened_on << "-" << c.hold.closed_on;
    if (c.want == Verdict::kDeferred) {
      EXPECT_NE(e.reasons_vi.at(0).find("Tạm hoãn"), std::string::npos);
    }
  }
  // Under TT 11/2021 an inspection did not defer.
  f.holds = {{"inspection", "2020-01-01", ""}};
  EXPECT_EQ(CheckMedal(Tt11(), f, "2024-08-19").verdict, Verdict::kEligible);
  EXPECT_EQ(CheckMedal(Tt20(), f, kDate).verdict, Verdict::kDeferred);
}

TEST(Eligibility, TheCircularInForceOnTheDateDecides) {
  const std::vector<MedalRule> rules = {Tt11(), Tt20()};
  EXPECT_EQ(RuleOn(rules, "2021-03-14"), nullptr);
  EXPECT_EQ(RuleOn(rules, "2021-03-15")->circular, "11/2021/TT-BCA");
  EXPECT_EQ(RuleOn(rules, "2025-04-27")->circular, "11/2021/TT-BCA");
  EXPECT_EQ(RuleOn(rules, "2025-04-28")->circular, "20/2025/TT-BCA");
  EXPECT_EQ(RuleOn(rules, "2030-01-01")->circular, "20/2025/TT-BCA");
  // A leader with 7 years: enough under TT 11/2021 (5), not under TT 20/2025 (10).
  MedalFacts f;
  f.gender = "nam";
  f.awards_before = 1;
  f.service = {{"leader", "2018-01-01", ""}};
  EXPECT_EQ(CheckMedal(*RuleOn(rules, "2025-04-27"), f, "2025-04-27").verdict, Verdict::kEligible);
  EXPECT_EQ(CheckMedal(*RuleOn(rules, "2025-04-28"), f, "2025-04-28").verdict, Verdict::kIneligible);
}

TEST(Eligibility, ServiceDaysCountsTheUnionWithHardshipWeight) {
  const std::vector<std::string> team = {"security_team"};
  EXPECT_EQ(ServiceDays({{"security_team", "2025-01-01", "2025-01-11"}}, team, kDate, 2), 10);
  EXPECT_EQ(ServiceDays({{"security_team", "2025-01-01", "2025-01-11", true}}, team, kDate, 2), 20);
  // Overlap: a plain and a hardship period over the same days count the days once, doubled.
  EXPECT_EQ(ServiceDays({{"security_team", "2025-01-01", "2025-01-11"},
                         {"security_team", "2025-01-06", "2025-01-16", true}},
                        team, kDate, 2),
            5 + 20);
  // Open-ended periods stop at the date; periods after it count nothing.
  EXPECT_EQ(ServiceDays({{"security_team", "2025-08-09", ""}}, team, kDate, 2), 10);
  EXPECT_EQ(ServiceDays({{"security_team", "2025-09-01", ""}}, team, kDate, 2), 0);
  EXPECT_EQ(DaysForYears(15, kDate), 15 * 365 + 4);  // 2012, 2016, 2020, 2024
  EXPECT_EQ(DaysForYears(1, "2024-02-29"), 366);
}

}  // namespace
}  // namespace anninh::awards
