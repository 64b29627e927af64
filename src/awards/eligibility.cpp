#include "awards/eligibility.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace anninh::awards {

namespace {

// Days since 1970-01-01 of a checked "YYYY-MM-DD".
std::int64_t DayNumber(const std::string& d) {
  using namespace std::chrono;
  const year_month_day ymd{year(std::stoi(d.substr(0, 4))), month(static_cast<unsigned>(std::stoi(d.substr(5, 2)))),
                           day(static_cast<unsigned>(std::stoi(d.substr(8, 2))))};
  return sys_days(ymd).time_since_epoch().count();
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string Years(std::int64_t days) { return fmt::format("{:.1f}", static_cast<double>(days) / 365.25); }

}  // namespace

std::string_view ToString(Verdict v) {
  switch (v) {
    case Verdict::kEligible: return "eligible";
    case Verdict::kDeferred: return "deferred";
    case Verdict::kIneligible: break;
  }
  return "ineligible";
}

int DaysForYears(int years, const std::string& date) {
  const int y = std::stoi(date.substr(0, 4)) - years;
  std::string back = fmt::format("{:04d}{}", y, date.substr(4));
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (back.substr(5) == "02-29" && !leap) back = back.substr(0, 8) + "28";
  return static_cast<int>(DayNumber(date) - DayNumber(back));
}

std::int64_t ServiceDays(const std::vector<ServicePeriod>& service, const std::vector<std::string>& tracks,
                         const std::string& date, int hardship_factor) {
  // A sweep over the period boundaries: each day counts once, at the highest weight of the
  // periods covering it, so overlapping posts are not counted twice.
  const std::int64_t until = DayNumber(date);
  std::map<std::int64_t, std::pair<int, int>> edges;  // day -> (+/- plain, +/- hardship)
  for (const ServicePeriod& p : service) {
    if (!Has(tracks, p.track)) continue;
    const std::int64_t from = DayNumber(p.start_date);
    const std::int64_t to = std::min(until, p.end_date.empty() ? until : DayNumber(p.end_date));
    if (to <= from) continue;
    auto& open = edges[from];
    auto& close = edges[to];
    (p.hardship ? open.second : open.first) += 1;
    (p.hardship ? close.second : close.first) -= 1;
  }
  std::int64_t total = 0, prev = 0;
  int plain = 0, hard = 0;
  for (const auto& [day, delta] : edges) {
    if (hard > 0) {
      total += (day - prev) * hardship_factor;
    } else if (plain > 0) {
      total += day - prev;
    }
    plain += delta.first;
    hard += delta.second;
    prev = day;
  }
  return total;
}

const MedalRule* RuleOn(const std::vector<MedalRule>& rules, const std::string& date) {
  for (const MedalRule& r : rules) {
    if (r.effective_from <= date && (r.effective_to.empty() || date < r.effective_to)) return &r;
  }
  return nullptr;
}

Eligibility CheckMedal(const MedalRule& rule, const MedalFacts& facts, const std::string& date) {
  Eligibility e;
  e.circular = rule.circular;
  auto why = [&e](std::string vi, std::string en) {
    e.reasons_vi.push_back(std::move(vi));
    e.reasons_en.push_back(std::move(en));
  };
  // Once per person: nothing else matters when it was already given.
  if (facts.medals_held > 0) {
    why("Kỷ niệm chương chỉ tặng một lần cho mỗi người; người này đã được tặng hoặc đang được đề nghị",
        "the medal is given once per person, and this person has it or is proposed for it");
    return e;
  }
  const bool woman = facts.gender == "nu";
  e.leader_days = ServiceDays(facts.service, rule.leader_tracks, date, rule.hardship_factor);
  e.team_days = ServiceDays(facts.service, rule.team_tracks, date, rule.hardship_factor);
  e.leader_days_needed = DaysForYears(rule.leader_years, date);
  const int team_years = woman ? rule.team_years_women : rule.team_years_men;
  e.team_days_needed = DaysForYears(team_years, date);
  const bool leader_ok = e.leader_days > 0 && e.leader_days >= e.leader_days_needed &&
                         (!rule.leader_prior_award || facts.awards_before > 0);
  const bool team_ok = e.team_days > 0 && e.team_days >= e.team_days_needed;
  if (leader_ok) {
    e.basis = "leader";
  } else if (team_ok) {
    e.basis = "security_team";
  } else {
    if (e.leader_days > 0) {
      if (e.leader_days < e.leader_days_needed) {
        why(fmt::format("Cán bộ lãnh đạo cần giữ chức vụ từ {} năm trở lên ({}); mới có {} năm", rule.leader_years,
                        rule.circular, Years(e.leader_days)),
            fmt::format("leaders need {} years in post ({}); this person has {}", rule.leader_years, rule.circular,
                        Years(e.leader_days)));
      } else {
        why("Cán bộ lãnh đạo phải đã được khen thưởng ít nhất một lần",
            "a leader must have been commended at least once before");
      }
    }
    if (e.team_days > 0 || e.leader_days == 0) {
      why(fmt::format("Thành viên Tổ bảo vệ ANTT ({}) cần từ {} năm trở lên ({}); mới có {} năm", woman ? "nữ" : "nam",
                      team_years, rule.circular, Years(e.team_days)),
          fmt::format("security-team members ({}) need {} years ({}); this person has {}", woman ? "women" : "men",
                      team_years, rule.circular, Years(e.team_days)));
    }
    return e;
  }
  for (const Hold& h : facts.holds) {
    const bool open = h.opened_on <= date && (h.closed_on.empty() || date < h.closed_on);
    if (open && Has(rule.deferring_holds, h.kind)) {
      e.verdict = Verdict::kDeferred;
      why(fmt::format("Tạm hoãn xét tặng: đang có {} chưa giải quyết (từ {})",
                      h.kind == "discipline"   ? "kỷ luật"
                      : h.kind == "complaint"  ? "khiếu nại"
                      : h.kind == "inspection" ? "thanh tra, kiểm tra"
                                               : "đơn thư tố cáo tham nhũng",
                      h.opened_on),
          fmt::format("deferred: a {} has been open since {}", h.kind, h.opened_on));
    }
  }
  if (e.verdict != Verdict::kDeferred) e.verdict = Verdict::kEligible;
  return e;
}

}  // namespace anninh::awards
