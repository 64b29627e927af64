#include "awards/awards.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>

#include "awards/catalogue_sql.h"
#include "movement/dates.h"
#include "movement/field_error.h"
#include "store/sqlite/database.h"

namespace anninh::awards {

using movement::CleanText;
using movement::FieldFail;
using store::sqlite::Statement;

namespace {

constexpr std::string_view kAwardColumns =
    "SELECT a.id, a.form_code, a.recipient_kind, IFNULL(a.person_id, 0), IFNULL(a.model_id, 0), a.recipient_unit, "
    "a.team_name, CASE a.recipient_kind WHEN 'person' THEN p.name WHEN 'model' THEN m.name WHEN 'team' THEN "
    "a.team_name ELSE IFNULL((SELECT u.name FROM unit_version u WHERE u.code = a.recipient_unit ORDER BY "
    "u.valid_from DESC LIMIT 1), a.recipient_unit) END, a.proposing_unit, a.achievement, a.period, a.proposed_on, "
    "a.status, a.eligibility, a.decision_no, a.decision_date, a.signer, a.issuing_body, a.handed_on, "
    "IFNULL(a.festival_id, 0), a.revoked_on, a.revoke_reason, a.revoke_decision, a.by_actor "
    "FROM award a LEFT JOIN person p ON p.id = a.person_id LEFT JOIN model m ON m.id = a.model_id ";

Award ReadAward(const Statement& st) {
  Award a;
  a.id = st.Int(0);
  a.form_code = st.Text(1);
  a.recipient = {st.Text(2), st.Int(3), st.Int(4), st.Text(5), st.Text(6), st.Text(7)};
  a.proposing_unit = st.Text(8);
  a.achievement = st.Text(9);
  a.period = st.Text(10);
  a.proposed_on = st.Text(11);
  a.status = ParseAwardStatus(st.Text(12)).value_or(AwardStatus::kProposed);
  a.eligibility = st.Text(13);
  a.decision_no = st.Text(14);
  a.decision_date = st.Text(15);
  a.signer = st.Text(16);
  a.issuing_body = st.Text(17);
  a.handed_on = st.Text(18);
  a.festival_id = st.Int(19);
  a.revoked_on = st.Text(20);
  a.revoke_reason = st.Text(21);
  a.revoke_decision = st.Text(22);
  a.by = st.Text(23);
  return a;
}

// Whether a person exists; their gender.
Result<std::optional<std::string>> PersonGender(store::sqlite::Database& db, std::int64_t id) {
  auto st = db.Prepare("SELECT gender FROM person WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->Text(0));
}

Result<bool> Exists(store::sqlite::Database& db, std::string_view sql, std::int64_t id) {
  auto st = db.Prepare(sql);
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return st->Step();
}

Result<Eligibility> CheckMedalSql(store::sqlite::Database& db, std::int64_t person_id, const std::string& date) {
  if (auto s = movement::CheckDate("date", date); !s) return Fail(std::move(s).error());
  auto gender = PersonGender(db, person_id);
  if (!gender) return Fail(std::move(gender).error());
  if (!*gender) return Fail(ErrorCode::kNotFound, fmt::format("no person {}", person_id));
  auto rules = catalogue_sql::Rules(db);
  if (!rules) return Fail(std::move(rules).error());
  const MedalRule* rule = RuleOn(*rules, date);
  if (rule == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition, fmt::format("no medal rule was in force on {}", date));
  }
  MedalFacts facts;
  facts.gender = **gender;
  // The register's posts: committee head and deputy lead; security-team members serve.
  auto posts = db.Prepare(
      "SELECT CASE kind WHEN 'security_team_member' THEN 'security_team' ELSE 'leader' END, start_date, end_date "
      "FROM position WHERE person_id = ?1 AND kind IN ('committee_head', 'committee_deputy', "
      "'security_team_member')");
  if (!posts) return Fail(std::move(posts).error());
  posts->Bind(1, person_id);
  auto from_posts = ReadRows(*posts, [](const Statement& s) { return ServicePeriod{s.Text(0), s.Text(1), s.Text(2)}; });
  if (!from_posts) return Fail(std::move(from_posts).error());
  facts.service = std::move(*from_posts);
  auto records = db.Prepare("SELECT track, start_date, end_date, hardship FROM service_record WHERE person_id = ?1");
  if (!records) return Fail(std::move(records).error());
  records->Bind(1, person_id);
  auto from_records = ReadRows(
      *records, [](const Statement& s) { return ServicePeriod{s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0}; });
  if (!from_records) return Fail(std::move(from_records).error());
  facts.service.insert(facts.service.end(), from_records->begin(), from_records->end());
  auto holds = db.Prepare("SELECT kind, opened_on, closed_on FROM person_hold WHERE person_id = ?1");
  if (!holds) return Fail(std::move(holds).error());
  holds->Bind(1, person_id);
  auto hold_rows = ReadRows(*holds, [](const Statement& s) { return Hold{s.Text(0), s.Text(1), s.Text(2)}; });
  if (!hold_rows) return Fail(std::move(hold_rows).error());
  facts.holds = std::move(*hold_rows);
  // Revoked and rejected awards do not count: neither toward "once only" nor as a prior award.
  auto counts = db.Prepare(
      "SELECT IFNULL(SUM(f.medal = 1 AND a.status IN ('proposed', 'reviewed', 'decided', 'handed_over')), 0), "
      "IFNULL(SUM(f.medal = 0 AND a.status IN ('decided', 'handed_over') AND a.decision_date < ?2), 0) "
      "FROM award a JOIN award_form f ON f.code = a.form_code "
      "WHERE a.recipient_kind = 'person' AND a.person_id = ?1");
  if (!counts) return Fail(std::move(counts).error());
  counts->Bind(1, person_id).Bind(2, date);
  auto row = counts->Step();
  if (!row) return Fail(std::move(row).error());
  facts.medals_held = static_cast<int>(counts->Int(0));
  facts.awards_before = static_cast<int>(counts->Int(1));
  return awards::CheckMedal(*rule, facts, date);
}

std::string EligibilityJson(const Eligibility& e) {
  return nlohmann::json{{"verdict", ToString(e.verdict)},
                        {"circular", e.circular},
                        {"basis", e.basis},
                        {"leader_days", e.leader_days},
                        {"team_days", e.team_days}}
      .dump();
}

Status AddStepRow(store::sqlite::Database& db, std::int64_t award_id, AwardStatus status, const std::string& on_date,
                  const std::string& note, const std::string& actor, WallNs now) {
  auto st = db.Prepare(
      "INSERT INTO award_step (award_id, status, on_date, note, by_actor, at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return Fail(std::move(st).error());
  return st->Bind(1, award_id).Bind(2, ToString(status)).Bind(3, on_date).Bind(4, note).Bind(5, actor).Bind(6, now).Run();
}

// The date of an award's latest step: a new step may not go back before it.
Result<std::string> LatestStepDate(store::sqlite::Database& db, std::int64_t award_id) {
  auto st = db.Prepare("SELECT IFNULL(MAX(on_date), '') FROM award_step WHERE award_id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, award_id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  return st->Text(0);
}

}  // namespace

namespace award_sql {

Result<std::optional<Award>> Get(store::sqlite::Database& db, std::int64_t id) {
  auto st = db.Prepare(std::string(kAwardColumns) + "WHERE a.id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<Award>();
  return std::optional<Award>(ReadAward(*st));
}

Result<std::vector<Award>> Where(store::sqlite::Database& db, const std::string& where, std::int64_t arg) {
  auto st = db.Prepare(std::string(kAwardColumns) + where);
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, arg);
  return ReadRows(*st, ReadAward);
}

}  // namespace award_sql

Result<ServiceRecord> Awards::AddService(const std::string& actor, ServiceRecord r) {
  if (r.track != "leader" && r.track != "security_team" && r.track != "dan_phong" && r.track != "commune_police") {
    return FieldFail("track", "'track' must be leader, security_team, dan_phong or commune_police");
  }
  auto post = CleanText("post", r.post, 200, false);
  if (!post) return Fail(std::move(post).error());
  r.post = std::move(*post);
  if (auto s = movement::CheckDate("start_date", r.start_date); !s) return Fail(std::move(s).error());
  if (!r.end_date.empty()) {
    if (auto s = movement::CheckDate("end_date", r.end_date); !s) return Fail(std::move(s).error());
    if (r.end_date <= r.start_date) return FieldFail("end_date", "'end_date' must be after 'start_date'");
  }
  std::lock_guard lock(db_.mutex());
  auto gender = PersonGender(db_, r.person_id);
  if (!gender) return Fail(std::move(gender).error());
  if (!*gender) return Fail(ErrorCode::kNotFound, fmt::format("no person {}", r.person_id));
  auto st = db_.Prepare(
      "INSERT INTO service_record (person_id, track, post, start_date, end_date, hardship, by_actor, at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, r.person_id).Bind(2, r.track).Bind(3, r.post).Bind(4, r.start_date).Bind(5, r.end_date)
                   .Bind(6, std::int64_t{r.hardship ? 1 : 0}).Bind(7, actor).Bind(8, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  r.id = db_.LastInsertId();
  return r;
}

Result<std::vector<ServiceRecord>> Awards::Services(std::int64_t person_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT id, person_id, track, post, start_date, end_date, hardship FROM service_record WHERE person_id = ?1 "
      "ORDER BY start_date, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, person_id);
  return ReadRows(*st, [](const Statement& s) {
    return ServiceRecord{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6) != 0};
  });
}

Result<PersonHold> Awards::AddHold(const std::string& actor, PersonHold h) {
  if (h.kind != "discipline" && h.kind != "complaint" && h.kind != "inspection" && h.kind != "corruption_report") {
    return FieldFail("kind", "'kind' must be discipline, complaint, inspection or corruption_report");
  }
  if (auto s = movement::CheckDate("opened_on", h.opened_on); !s) return Fail(std::move(s).error());
  auto note = CleanText("note", h.note, 1000, false);
  if (!note) return Fail(std::move(note).error());
  h.note = std::move(*note);
  h.closed_on.clear();
  std::lock_guard lock(db_.mutex());
  auto gender = PersonGender(db_, h.person_id);
  if (!gender) return Fail(std::move(gender).error());
  if (!*gender) return Fail(ErrorCode::kNotFound, fmt::format("no person {}", h.person_id));
  auto st = db_.Prepare(
      "INSERT INTO person_hold (person_id, kind, opened_on, note, by_actor, at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return Fail(std::move(st).error());
  if (auto s = st->Bind(1, h.person_id).Bind(2, h.kind).Bind(3, h.opened_on).Bind(4, h.note).Bind(5, actor)
                   .Bind(6, clock_.Now())
                   .Run();
      !s)
    return Fail(std::move(s).error());
  h.id = db_.LastInsertId();
  return h;
}

Result<PersonHold> Awards::CloseHold(std::int64_t person_id, std::int64_t hold_id, const std::string& closed_on) {
  if (auto s = movement::CheckDate("closed_on", closed_on); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT id, person_id, kind, opened_on, closed_on, note FROM person_hold WHERE id = ?1 AND person_id = ?2");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, hold_id).Bind(2, person_id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no hold {}", hold_id));
  PersonHold h{st->Int(0), st->Int(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5)};
  if (!h.closed_on.empty()) return Fail(ErrorCode::kFailedPrecondition, fmt::format("hold {} is already closed", hold_id));
  if (closed_on <= h.opened_on) return FieldFail("closed_on", "'closed_on' must be after the day it was opened");
  auto up = db_.Prepare("UPDATE person_hold SET closed_on = ?1 WHERE id = ?2");
  if (!up) return Fail(std::move(up).error());
  if (auto s = up->Bind(1, closed_on).Bind(2, hold_id).Run(); !s) return Fail(std::move(s).error());
  h.closed_on = closed_on;
  return h;
}

Result<std::vector<PersonHold>> Awards::Holds(std::int64_t person_id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT id, person_id, kind, opened_on, closed_on, note FROM person_hold WHERE person_id = ?1 ORDER BY "
      "opened_on, id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, person_id);
  return ReadRows(*st, [](const Statement& s) {
    return PersonHold{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)};
  });
}

Result<Eligibility> Awards::CheckMedal(std::int64_t person_id, const std::string& date) const {
  std::lock_guard lock(db_.mutex());
  return CheckMedalSql(db_, person_id, date);
}

Result<Award> Awards::Propose(const std::string& actor, Award a) {
  auto achievement = CleanText("achievement", a.achievement, 4000);
  if (!achievement) return Fail(std::move(achievement).error());
  auto period = CleanText("period", a.period, 100);
  if (!period) return Fail(std::move(period).error());
  a.achievement = std::move(*achievement);
  a.period = std::move(*period);
  if (a.proposed_on.empty()) a.proposed_on = movement::VietnamDay(clock_.Now());
  if (auto s = movement::CheckDate("proposed_on", a.proposed_on); !s) return Fail(std::move(s).error());
  Recipient& r = a.recipient;
  if (r.kind != "person" && r.kind != "unit" && r.kind != "model" && r.kind != "team") {
    return FieldFail("recipient.kind", "'recipient.kind' must be person, unit, model or team");
  }
  if (r.kind == "team") {
    auto team = CleanText("recipient.team_name", r.team_name, 200);
    if (!team) return Fail(std::move(team).error());
    r.team_name = std::move(*team);
  } else {
    r.team_name.clear();
  }
  if (r.kind != "person") r.person_id = 0;
  if (r.kind != "model") r.model_id = 0;
  if (r.kind != "unit" && r.kind != "team") r.unit_code.clear();

  std::lock_guard lock(db_.mutex());
  auto form = catalogue_sql::Form(db_, a.form_code);
  if (!form) return Fail(std::move(form).error());
  if (!*form) return FieldFail("form_code", fmt::format("no award form '{}'", a.form_code));
  if (!(*form)->retired_on.empty()) {
    return FieldFail("form_code", fmt::format("'{}' was retired on {}", (*form)->name, (*form)->retired_on));
  }
  const bool collective = r.kind != "person";
  if (((*form)->recipients == "person" && collective) || ((*form)->recipients == "collective" && !collective)) {
    return FieldFail("recipient.kind", fmt::format("'{}' is given to {} only", (*form)->name,
                                                   collective ? "individuals" : "collectives"));
  }
  if (r.kind == "person") {
    auto e = Exists(db_, "SELECT 1 FROM person WHERE id = ?1", r.person_id);
    if (!e) return Fail(std::move(e).error());
    if (!*e) return FieldFail("recipient.person_id", fmt::format("no person {}", r.person_id));
  } else if (r.kind == "model") {
    auto e = Exists(db_, "SELECT 1 FROM model WHERE id = ?1", r.model_id);
    if (!e) return Fail(std::move(e).error());
    if (!*e) return FieldFail("recipient.model_id", fmt::format("no model {}", r.model_id));
  } else {
    auto h = movement::unit_sql::History(db_, r.unit_code);
    if (!h) return Fail(std::move(h).error());
    if (h->empty()) return FieldFail("recipient.unit_code", fmt::format("no unit '{}'", r.unit_code));
  }
  auto unit = movement::unit_sql::AsOf(db_, a.proposing_unit, a.proposed_on);
  if (!unit) return Fail(std::move(unit).error());
  if (!*unit) return FieldFail("proposing_unit", fmt::format("no unit '{}' on {}", a.proposing_unit, a.proposed_on));
  a.eligibility.clear();
  if ((*form)->medal) {
    auto e = CheckMedalSql(db_, r.person_id, a.proposed_on);
    if (!e) return Fail(std::move(e).error());
    if (e->verdict != Verdict::kEligible) {
      std::string vi, en;
      for (std::size_t i = 0; i < e->reasons_vi.size(); ++i) {
        vi += (i ? "; " : "") + e->reasons_vi[i];
        en += (i ? "; " : "") + e->reasons_en[i];
      }
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("{} ({}): {} ({})", e->verdict == Verdict::kDeferred ? "Tạm hoãn" : "Chưa đủ điều kiện",
                              e->circular, vi, en));
    }
    a.eligibility = EligibilityJson(*e);
  }
  a.status = AwardStatus::kProposed;
  a.by = actor;
  const WallNs now = clock_.Now();
  auto st = db_.Prepare(
      "INSERT INTO award (form_code, recipient_kind, person_id, model_id, recipient_unit, team_name, proposing_unit, "
      "achievement, period, proposed_on, status, eligibility, by_actor, at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'proposed', ?11, ?12, ?13)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, a.form_code).Bind(2, r.kind).Bind(5, r.unit_code).Bind(6, r.team_name).Bind(7, a.proposing_unit)
      .Bind(8, a.achievement).Bind(9, a.period).Bind(10, a.proposed_on).Bind(11, a.eligibility).Bind(12, actor)
      .Bind(13, now);
  if (r.person_id) {
    st->Bind(3, r.person_id);
  } else {
    st->BindNull(3);
  }
  if (r.model_id) {
    st->Bind(4, r.model_id);
  } else {
    st->BindNull(4);
  }
  if (auto s = st->Run(); !s) return Fail(std::move(s).error());
  a.id = db_.LastInsertId();
  if (auto s = AddStepRow(db_, a.id, AwardStatus::kProposed, a.proposed_on, "", actor, now); !s) {
    return Fail(std::move(s).error());
  }
  auto made = award_sql::Get(db_, a.id);
  if (!made) return Fail(std::move(made).error());
  return std::move(**made);
}

Result<Award> Awards::Transition(const std::string& actor, std::int64_t id, Step step) {
  auto note = CleanText("note", step.note, 2000, false);
  if (!note) return Fail(std::move(note).error());
  step.note = std::move(*note);
  for (auto [field, value] : {std::pair{"decision_no", &step.decision_no}, std::pair{"signer", &step.signer},
                              std::pair{"issuing_body", &step.issuing_body}}) {
    auto clean = CleanText(field, *value, 200, false);
    if (!clean) return Fail(std::move(clean).error());
    *value = std::move(*clean);
  }
  std::lock_guard lock(db_.mutex());
  auto found = award_sql::Get(db_, id);
  if (!found) return Fail(std::move(found).error());
  if (!*found) return Fail(ErrorCode::kNotFound, fmt::format("no award {}", id));
  Award a = std::move(**found);
  if (step.to == AwardStatus::kHandedOver && step.festival_id != 0) {
    auto f = db_.Prepare("SELECT held_on FROM festival WHERE id = ?1");
    if (!f) return Fail(std::move(f).error());
    f->Bind(1, step.festival_id);
    auto row = f->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return FieldFail("festival_id", fmt::format("no festival {}", step.festival_id));
    if (step.on_date.empty()) step.on_date = f->Text(0);
  }
  if (step.on_date.empty()) step.on_date = movement::VietnamDay(clock_.Now());
  if (auto s = CheckStep(a.status, step); !s) return Fail(std::move(s).error());
  auto last = LatestStepDate(db_, id);
  if (!last) return Fail(std::move(last).error());
  if (step.on_date < *last) {
    return FieldFail("on_date", fmt::format("'on_date' {} is before the award's previous step ({})", step.on_date, *last));
  }
  if (step.to == AwardStatus::kDecided && step.decision_date < a.proposed_on) {
    return FieldFail("decision_date", "'decision_date' is before the proposal");
  }
  // The step's fields on the award, then the whole row written at once with its step.
  a.status = step.to;
  if (step.to == AwardStatus::kDecided) {
    a.decision_no = step.decision_no;
    a.decision_date = step.decision_date;
    a.signer = step.signer;
    a.issuing_body = step.issuing_body;
  } else if (step.to == AwardStatus::kHandedOver) {
    a.handed_on = step.on_date;
    a.festival_id = step.festival_id;
  } else if (step.to == AwardStatus::kRevoked) {
    a.revoked_on = step.on_date;
    a.revoke_reason = step.note;
    a.revoke_decision = step.decision_no;
  }
  if (auto s = db_.Exec("BEGIN IMMEDIATE"); !s) return Fail(std::move(s).error());
  auto st = db_.Prepare(
      "UPDATE award SET status = ?2, decision_no = ?3, decision_date = ?4, signer = ?5, issuing_body = ?6, "
      "handed_on = ?7, festival_id = NULLIF(?8, 0), revoked_on = ?9, revoke_reason = ?10, revoke_decision = ?11 "
      "WHERE id = ?1");
  Status done = st ? Status{} : Status(Fail(st.error()));
  if (done) {
    done = st->Bind(1, id).Bind(2, ToString(a.status)).Bind(3, a.decision_no).Bind(4, a.decision_date)
               .Bind(5, a.signer).Bind(6, a.issuing_body).Bind(7, a.handed_on).Bind(8, a.festival_id)
               .Bind(9, a.revoked_on).Bind(10, a.revoke_reason).Bind(11, a.revoke_decision)
               .Run();
  }
  if (done) done = AddStepRow(db_, id, step.to, step.on_date, step.note, actor, clock_.Now());
  if (!done) {
    (void)db_.Exec("ROLLBACK");
    return Fail(std::move(done).error());
  }
  if (auto s = db_.Exec("COMMIT"); !s) return Fail(std::move(s).error());
  auto after = award_sql::Get(db_, id);
  if (!after) return Fail(std::move(after).error());
  return std::move(**after);
}

Result<std::optional<Award>> Awards::Get(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  return award_sql::Get(db_, id);
}

Result<std::vector<AwardStepRow>> Awards::Steps(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare("SELECT status, on_date, note, by_actor FROM award_step WHERE award_id = ?1 ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return ReadRows(*st, [](const Statement& s) { return AwardStepRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3)}; });
}

Result<std::vector<Award>> Awards::List(const AwardQuery& q, const movement::UnitScope& scope) const {
  std::lock_guard lock(db_.mutex());
  const std::string today = movement::VietnamDay(clock_.Now());
  auto all = award_sql::Where(db_, "WHERE ?1 IN (0, IFNULL(a.festival_id, 0)) ORDER BY a.proposed_on DESC, a.id DESC",
                              q.festival_id);
  if (!all) return Fail(std::move(all).error());
  std::vector<Award> out;
  for (Award& a : *all) {
    if (!q.status.empty() && ToString(a.status) != q.status) continue;
    if (!q.form_code.empty() && a.form_code != q.form_code) continue;
    if (!q.unit_code.empty() && a.proposing_unit != q.unit_code) {
      auto in = movement::unit_sql::Within(db_, a.proposing_unit, q.unit_code, today);
      if (!in) return Fail(std::move(in).error());
      if (!*in) continue;
    }
    auto in_scope = movement::unit_sql::InScope(db_, scope, a.proposing_unit, today);
    if (!in_scope) return Fail(std::move(in_scope).error());
    if (*in_scope) out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Award>> Awards::History(const Recipient& who) const {
  std::lock_guard lock(db_.mutex());
  if (who.kind == "person") {
    return award_sql::Where(db_, "WHERE a.recipient_kind = 'person' AND a.person_id = ?1 ORDER BY a.proposed_on, a.id",
                            who.person_id);
  }
  if (who.kind == "model") {
    return award_sql::Where(db_, "WHERE a.recipient_kind = 'model' AND a.model_id = ?1 ORDER BY a.proposed_on, a.id",
                            who.model_id);
  }
  if (who.kind != "unit" && who.kind != "team") {
    return FieldFail("kind", "'kind' must be person, unit, model or team");
  }
  // Units and teams are named by text, which Where does not bind: filter here.
  auto all = award_sql::Where(db_, "WHERE ?1 = 1 AND a.recipient_kind IN ('unit', 'team') ORDER BY a.proposed_on, a.id", 1);
  if (!all) return Fail(std::move(all).error());
  std::vector<Award> out;
  for (Award& a : *all) {
    if (a.recipient.kind == who.kind && a.recipient.unit_code == who.unit_code &&
        (who.kind == "unit" || a.recipient.team_name == who.team_name)) {
      out.push_back(std::move(a));
    }
  }
  return out;
}

Result<FormCounts> Awards::Count(const std::string& unit_code, const std::string& from, const std::string& to) const {
  std::lock_guard lock(db_.mutex());
  auto st = db_.Prepare(
      "SELECT form_code, proposing_unit FROM award WHERE status IN ('decided', 'handed_over') AND decision_date >= ?1 "
      "AND decision_date <= ?2");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, from).Bind(2, to);
  auto rows = ReadRows(*st, [](const Statement& s) { return std::pair{s.Text(0), s.Text(1)}; });
  if (!rows) return Fail(std::move(rows).error());
  FormCounts out;
  for (const auto& [form, unit] : *rows) {
    auto in = movement::unit_sql::Within(db_, unit, unit_code, to);
    if (!in) return Fail(std::move(in).error());
    if (*in || unit == unit_code) ++out[form];
  }
  return out;
}

}  // namespace anninh::awards
