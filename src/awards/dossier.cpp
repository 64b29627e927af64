#include "awards/dossier.h"

#include <fmt/format.h>

#include <mutex>
#include <set>

#include "movement/units.h"
#include "store/sqlite/database.h"

namespace anninh::awards {

using store::sqlite::Statement;

Result<std::vector<DossierLine>> DossierLines(store::sqlite::Database& db, const std::vector<std::int64_t>& ids) {
  std::lock_guard lock(db.mutex());
  std::vector<DossierLine> out;
  for (std::int64_t id : ids) {
    auto a = award_sql::Get(db, id);
    if (!a) return Fail(std::move(a).error());
    if (!*a) return Fail(ErrorCode::kNotFound, fmt::format("no award {}", id));
    DossierLine line;
    line.award = std::move(**a);
    auto form = db.Prepare("SELECT name FROM award_form WHERE code = ?1");
    if (!form) return Fail(std::move(form).error());
    form->Bind(1, line.award.form_code);
    if (auto row = form->Step(); row && *row) line.form_name = form->Text(0);
    line.name = line.award.recipient.name;
    if (line.award.recipient.kind == "person") {
      auto p = db.Prepare("SELECT birth_year, gender, unit_code FROM person WHERE id = ?1");
      if (!p) return Fail(std::move(p).error());
      p->Bind(1, line.award.recipient.person_id);
      auto row = p->Step();
      if (!row) return Fail(std::move(row).error());
      if (*row) {
        line.birth_year = static_cast<int>(p->Int(0));
        line.gender = p->Text(1);
        line.unit_code = p->Text(2);
      }
      auto unit = movement::unit_sql::History(db, line.unit_code);
      if (!unit) return Fail(std::move(unit).error());
      if (!unit->empty()) line.unit_name = unit->back().name;
      auto posts = db.Prepare(
          "SELECT kind, unit_code, start_date, end_date, 0 FROM position WHERE person_id = ?1 UNION ALL "
          "SELECT track, post, start_date, end_date, hardship FROM service_record WHERE person_id = ?1 "
          "ORDER BY 3");
      if (!posts) return Fail(std::move(posts).error());
      posts->Bind(1, line.award.recipient.person_id);
      auto rows = ReadRows(*posts, [](const Statement& s) {
        return DossierPost{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0};
      });
      if (!rows) return Fail(std::move(rows).error());
      line.posts = std::move(*rows);
    }
    out.push_back(std::move(line));
  }
  return out;
}

Result<DossierSet> CheckDossierSet(const std::vector<DossierLine>& lines) {
  auto bad = [](std::string message) { return Fail(Error(ErrorCode::kInvalidArgument, std::move(message)).WithField("ids")); };
  if (lines.empty()) return bad("a dossier needs at least one award");
  DossierSet set{lines.front().award.form_code, lines.front().award.proposing_unit};
  std::set<std::int64_t> seen;
  for (const DossierLine& l : lines) {
    const Award& a = l.award;
    if (!seen.insert(a.id).second) return bad(fmt::format("award {} is listed twice", a.id));
    if (a.form_code != set.form_code) {
      return bad(fmt::format("one dossier is one award form: award {} is '{}', award {} is '{}'", lines.front().award.id,
                             set.form_code, a.id, a.form_code));
    }
    if (a.proposing_unit != set.proposing_unit) {
      return bad(fmt::format("one dossier is one proposing unit: award {} is from '{}', award {} from '{}'",
                             lines.front().award.id, set.proposing_unit, a.id, a.proposing_unit));
    }
    if (a.status == AwardStatus::kRejected || a.status == AwardStatus::kRevoked) {
      return bad(fmt::format("award {} was {}: it cannot be proposed again in a dossier", a.id, ToString(a.status)));
    }
  }
  return set;
}

}  // namespace anninh::awards
