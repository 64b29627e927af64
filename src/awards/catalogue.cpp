// The award forms and the medal rules as data an admin edits (docs/design/0014, "The
// catalogue and the rules as data"): forms are added, edited and retired (deleted only while
// no award names them, so history never loses its form); a new circular's rule is a new row
// whose dates must not overlap another's.
#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <sstream>

#include "awards/awards.h"
#include "awards/catalogue_sql.h"
#include "movement/dates.h"
#include "movement/field_error.h"
#include "store/sqlite/database.h"

namespace anninh::awards {

using movement::CleanText;
using movement::FieldFail;
using store::sqlite::Statement;

namespace {

constexpr std::string_view kFormColumns = "SELECT code, name, issuer, recipients, medal, retired_on FROM award_form ";

AwardForm ReadForm(const Statement& s) {
  return AwardForm{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0, s.Text(5)};
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

bool ValidCode(const std::string& code) {
  if (code.empty() || code.size() > 40) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Status CheckRecipients(const std::string& r) {
  if (r != "person" && r != "collective" && r != "both") {
    return FieldFail("recipients", "'recipients' must be person, collective or both");
  }
  return {};
}

Result<int> AwardsNaming(store::sqlite::Database& db, const std::string& code) {
  auto st = db.Prepare("SELECT COUNT(*) FROM award WHERE form_code = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, code);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  return static_cast<int>(st->Int(0));
}

// Each word one of `allowed`, at least one unless `may_be_empty`.
Status CheckWords(const char* field, const std::vector<std::string>& words, const std::set<std::string>& allowed,
                  bool may_be_empty) {
  if (words.empty() && !may_be_empty) return FieldFail(field, fmt::format("'{}' must name at least one", field));
  for (const std::string& w : words) {
    if (!allowed.count(w)) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return FieldFail(field, fmt::format("'{}' holds '{}'; known: {}", field, w, list));
    }
  }
  return {};
}

Status CheckRule(MedalRule& r) {
  auto circular = CleanText("circular", r.circular, 60);
  if (!circular) return Fail(std::move(circular).error());
  r.circular = std::move(*circular);
  if (auto s = movement::CheckDate("effective_from", r.effective_from); !s) return s;
  if (!r.effective_to.empty()) {
    if (auto s = movement::CheckDate("effective_to", r.effective_to); !s) return s;
    if (r.effective_to <= r.effective_from) return FieldFail("effective_to", "'effective_to' must be after 'effective_from'");
  }
  for (auto [field, v] : {std::pair{"leader_years", r.leader_years}, std::pair{"team_years_men", r.team_years_men},
                          std::pair{"team_years_women", r.team_years_women}}) {
    if (v < 1 || v > 60) return FieldFail(field, fmt::format("'{}' must be 1 to 60 years", field));
  }
  if (r.hardship_factor < 1 || r.hardship_factor > 5) return FieldFail("hardship_factor", "'hardship_factor' must be 1 to 5");
  const std::set<std::string> tracks{"leader", "security_team", "dan_phong", "commune_police"};
  if (auto s = CheckWords("leader_tracks", r.leader_tracks, tracks, false); !s) return s;
  if (auto s = CheckWords("team_tracks", r.team_tracks, tracks, false); !s) return s;
  return CheckWords("deferring_holds", r.deferring_holds, {"discipline", "complaint", "inspection", "corruption_report"},
                    true);
}

// Whether [a_from, a_to) and [b_from, b_to) share a day; "" ends are open.
bool Overlap(const std::string& a_from, const std::string& a_to, const std::string& b_from, const std::string& b_to) {
  const bool a_before_b_ends = b_to.empty() || a_from < b_to;
  const bool b_before_a_ends = a_to.empty() || b_from < a_to;
  return a_before_b_ends && b_before_a_ends;
}

}  // namespace

namespace catalogue_sql {

Result<std::optional<AwardForm>> Form(store::sqlite::Database& db, const std::string& code) {
  auto st = db.Prepare(std::string(kFormColumns) + "WHERE code = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, code);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<AwardForm>();
  return std::optional<AwardForm>(ReadForm(*st));
}

Result<std::vector<MedalRule>> Rules(store::sqlite::Database& db) {
  auto st = db.Prepare(
      "SELECT circular, effective_from, effective_to, leader_years, team_years_men, team_years_women, "
      "hardship_factor, leader_tracks, team_tracks, leader_prior_award, deferring_holds FROM medal_rule "
      "ORDER BY effective_from");
  if (!st) return Fail(std::move(st).error());
  return ReadRows(*st, [](const Statement& s) {
    return MedalRule{s.Text(0),
                     s.Text(1),
                     s.Text(2),
                     static_cast<int>(s.Int(3)),
                     static_cast<int>(s.Int(4)),
                     static_cast<int>(s.Int(5)),
                     static_cast<int>(s.Int(6)),
                     Words(s.Text(7)),
                     Words(s.Text(8)),
                     s.Int(9) != 0,
                     Words(s.Text(10))};
  });
}

}  // namespace catalogue_sql

Result<std::vector<AwardForm>> Awards::Forms() const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(std::string(kFormColumns) + "ORDER BY retired_on <> '', medal, rowid");
  if (!st) return Fail(std::move(st).error());
  return ReadRows(*st, ReadForm);
}

Result<AwardForm> Awards::AddForm(AwardForm f) {
  if (!ValidCode(f.code)) return FieldFail("code", "'code' must be 1-40 of a-z, 0-9 and _");
  auto name = CleanText("name", f.name, 200);
  if (!name) return Fail(std::move(name).error());
  auto issuer = CleanText("issuer", f.issuer, 200);
  if (!issuer) return Fail(std::move(issuer).error());
  if (auto s = CheckRecipients(f.recipients); !s) return Fail(std::move(s).error());
  if (f.medal && f.recipients != "person") return FieldFail("medal", "a medal form is given to individuals only");
  f.name = std::move(*name);
  f.issuer = std::move(*issuer);
  f.retired_on.clear();
  std::lock_guard lock(db_.mutex());
  auto known = catalogue_sql::Form(db_, f.code);
  if (!known) return Fail(std::move(known).error());
  if (*known) return Fail(Error(ErrorCode::kAlreadyExists, fmt::format("award form '{}' exists", f.code)).WithField("code"));
  auto st = db_.Prepare("INSERT INTO award_form (code, name, issuer, recipients, medal) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, f.code).Bind(2, f.name).Bind(3, f.issuer).Bind(4, f.recipients)
                   .Bind(5, std::int64_t{f.medal ? 1 : 0})
                   .Run();
      !s)
    return Fail(std::move(s).error());
  return f;
}

Result<AwardForm> Awards::EditForm(const std::string& code, const FormEdit& edit) {
  std::lock_guard lock(db_.mutex());
  auto known = catalogue_sql::Form(db_, code);
  if (!known) return Fail(std::move(known).error());
  if (!*known) return Fail(ErrorCode::kNotFound, fmt::format("no award form '{}'", code));
  AwardForm f = std::move(**known);
  if (edit.name) {
    auto name = CleanText("name", *edit.name, 200);
    if (!name) return Fail(std::move(name).error());
    f.name = std::move(*name);
  }
  if (edit.issuer) {
    auto issuer = CleanText("issuer", *edit.issuer, 200);
    if (!issuer) return Fail(std::move(issuer).error());
    f.issuer = std::move(*issuer);
  }
  const bool changes_who = (edit.recipients && *edit.recipients != f.recipients) || (edit.medal && *edit.medal != f.medal);
  if (changes_who) {
    if (edit.recipients) {
      if (auto s = CheckRecipients(*edit.recipients); !s) return Fail(std::move(s).error());
    }
    auto used = AwardsNaming(db_, code);
    if (!used) return Fail(std::move(used).error());
    // Awards already proposed were checked against who may receive the form and whether the
    // medal rules applied; changing either would make them wrong after the fact.
    if (*used > 0) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        fmt::format("{} award(s) name '{}': who receives it and whether the medal rules decide it "
                                    "cannot change; add a new form and retire this one",
                                    *used, code))
                      .WithField(edit.recipients && *edit.recipients != f.recipients ? "recipients" : "medal"));
    }
    if (edit.recipients) f.recipients = *edit.recipients;
    if (edit.medal) f.medal = *edit.medal;
    if (f.medal && f.recipients != "person") return FieldFail("medal", "a medal form is given to individuals only");
  }
  if (edit.retired) f.retired_on = *edit.retired ? (f.retired_on.empty() ? movement::VietnamDay(clock_.Now()) : f.retired_on) : "";
  auto st = db_.Prepare(
      "UPDATE award_form SET name = ?2, issuer = ?3, recipients = ?4, medal = ?5, retired_on = ?6 WHERE code = ?1");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, code).Bind(2, f.name).Bind(3, f.issuer).Bind(4, f.recipients)
                   .Bind(5, std::int64_t{f.medal ? 1 : 0}).Bind(6, f.retired_on)
                   .Run();
      !s)
    return Fail(std::move(s).error());
  return f;
}

Result<std::optional<AwardForm>> Awards::RemoveForm(const std::string& code) {
  std::lock_guard lock(db_.mutex());
  auto known = catalogue_sql::Form(db_, code);
  if (!known) return Fail(std::move(known).error());
  if (!*known) return Fail(ErrorCode::kNotFound, fmt::format("no award form '{}'", code));
  auto used = AwardsNaming(db_, code);
  if (!used) return Fail(std::move(used).error());
  if (*used == 0) {
    auto del = db_.Prepare("DELETE FROM award_form WHERE code = ?1");
    if (!del) return Fail(std::move(del).error());
    if (auto s = del->Bind(1, code).Run(); !s) return Fail(std::move(s).error());
    return std::optional<AwardForm>();
  }
  AwardForm f = std::move(**known);
  if (f.retired_on.empty()) f.retired_on = movement::VietnamDay(clock_.Now());
  auto st = db_.Prepare("UPDATE award_form SET retired_on = ?2 WHERE code = ?1");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, code).Bind(2, f.retired_on).Run(); !s) return Fail(std::move(s).error());
  return std::optional<AwardForm>(std::move(f));
}

Result<std::vector<MedalRule>> Awards::Rules() const {
  std::lock_guard lock(db_.mutex());
  return catalogue_sql::Rules(db_);
}

Result<RuleAdded> Awards::AddRule(MedalRule rule) {
  if (auto s = CheckRule(rule); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  auto rules = catalogue_sql::Rules(db_);
  if (!rules) return Fail(std::move(rules).error());
  RuleAdded out;
  for (const MedalRule& r : *rules) {
    if (r.circular == rule.circular) {
      return Fail(Error(ErrorCode::kAlreadyExists, fmt::format("the rule of circular {} exists", rule.circular))
                      .WithField("circular"));
    }
    if (!Overlap(rule.effective_from, rule.effective_to, r.effective_from, r.effective_to)) continue;
    // The circular in force that began earlier ends where the new one begins.
    if (r.effective_to.empty() && r.effective_from < rule.effective_from && out.closed.empty()) {
      out.closed = r.circular;
      continue;
    }
    const std::string until = r.effective_to.empty() ? "nay" : movement::AddDays(r.effective_to, -1);
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      fmt::format("hiệu lực trùng với Thông tư {} (từ {} đến {}); the dates overlap circular {} "
                                  "({} to {})",
                                  r.circular, r.effective_from, until, r.circular, r.effective_from,
                                  r.effective_to.empty() ? "now" : until))
                    .WithField("effective_from"));
  }
  const Status done = store::sqlite::RunInTransaction(db_, [&]() -> Status {
    if (!out.closed.empty()) {
      auto up = db_.Prepare("UPDATE medal_rule SET effective_to = ?2 WHERE circular = ?1");
      if (!up) return Fail(std::move(up).error());
      if (auto s = up->Bind(1, out.closed).Bind(2, rule.effective_from).Run(); !s) return s;
    }
    auto st = db_.Prepare(
        "INSERT INTO medal_rule (circular, effective_from, effective_to, leader_years, team_years_men, "
        "team_years_women, hardship_factor, leader_tracks, team_tracks, leader_prior_award, deferring_holds) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return Fail(std::move(st).error());
    return st->Bind(1, rule.circular).Bind(2, rule.effective_from).Bind(3, rule.effective_to)
        .Bind(4, std::int64_t{rule.leader_years}).Bind(5, std::int64_t{rule.team_years_men})
        .Bind(6, std::int64_t{rule.team_years_women}).Bind(7, std::int64_t{rule.hardship_factor})
        .Bind(8, Joined(rule.leader_tracks)).Bind(9, Joined(rule.team_tracks))
        .Bind(10, std::int64_t{rule.leader_prior_award ? 1 : 0}).Bind(11, Joined(rule.deferring_holds))
        .Run();
  });
  if (!done) return Fail(done.error());
  out.rule = std::move(rule);
  return out;
}

}  // namespace anninh::awards
