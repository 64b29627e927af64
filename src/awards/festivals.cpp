#include "awards/festivals.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

#include "movement/dates.h"
#include "movement/field_error.h"
#include "core/vietnamese.h"
#include "store/sqlite/database.h"

namespace anninh::awards {

using movement::CleanText;
using movement::FieldFail;
using store::sqlite::Statement;

namespace {

constexpr std::string_view kColumns =
    "SELECT id, unit_code, year, held_on, programme, participants, guests, by_actor FROM festival ";

Festival ReadRow(const Statement& st) {
  Festival f;
  f.id = st.Int(0);
  f.unit_code = st.Text(1);
  f.year = static_cast<int>(st.Int(2));
  f.held_on = st.Text(3);
  f.programme = st.Text(4);
  f.participants = static_cast<int>(st.Int(5));
  f.guests = st.Text(6);
  f.by = st.Text(7);
  return f;
}

// Points, gifts and models of a festival read from their tables.
Status LoadParts(store::sqlite::Database& db, Festival& f) {
  auto points = db.Prepare("SELECT kind, name FROM festival_point WHERE festival_id = ?1 ORDER BY id");
  if (!points) return Fail(std::move(points).error());
  points->Bind(1, f.id);
  auto p = ReadRows(*points, [](const Statement& s) { return FestivalPoint{s.Text(0), s.Text(1)}; });
  if (!p) return Fail(std::move(p).error());
  f.points = std::move(*p);
  auto gifts = db.Prepare("SELECT recipient, description, value_vnd FROM festival_gift WHERE festival_id = ?1 ORDER BY id");
  if (!gifts) return Fail(std::move(gifts).error());
  gifts->Bind(1, f.id);
  auto g = ReadRows(*gifts, [](const Statement& s) { return Gift{s.Text(0), s.Text(1), s.Int(2)}; });
  if (!g) return Fail(std::move(g).error());
  f.gifts = std::move(*g);
  auto models = db.Prepare("SELECT model_id FROM festival_model WHERE festival_id = ?1 ORDER BY model_id");
  if (!models) return Fail(std::move(models).error());
  models->Bind(1, f.id);
  auto m = ReadRows(*models, [](const Statement& s) { return s.Int(0); });
  if (!m) return Fail(std::move(m).error());
  f.models = std::move(*m);
  return {};
}

Result<std::optional<Festival>> GetSql(store::sqlite::Database& db, std::int64_t id) {
  auto st = db.Prepare(std::string(kColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<Festival>();
  Festival f = ReadRow(*st);
  if (auto s = LoadParts(db, f); !s) return Fail(std::move(s).error());
  return std::optional<Festival>(std::move(f));
}

// Checks and cleans everything but the unit, year and id.
Status Clean(Festival& f, int year) {
  if (auto s = movement::CheckDate("held_on", f.held_on); !s) return s;
  if (f.held_on.substr(0, 4) != std::to_string(year)) {
    return FieldFail("held_on", fmt::format("'held_on' must be in {}", year));
  }
  auto programme = CleanText("programme", f.programme, 8000, false);
  if (!programme) return Fail(std::move(programme).error());
  f.programme = std::move(*programme);
  auto guests = CleanText("guests", f.guests, 4000, false);
  if (!guests) return Fail(std::move(guests).error());
  f.guests = std::move(*guests);
  if (f.participants < 0 || f.participants > 10'000'000) {
    return FieldFail("participants", "'participants' must be between 0 and 10000000");
  }
  if (f.points.size() > 1000) return FieldFail("points", "at most 1000 points");
  for (FestivalPoint& p : f.points) {
    if (p.kind != "commune" && p.kind != "village" && p.kind != "agency" && p.kind != "school") {
      return FieldFail("points.kind", "a point's 'kind' must be commune, village, agency or school");
    }
    auto name = CleanText("points.name", p.name, 200);
    if (!name) return Fail(std::move(name).error());
    p.name = std::move(*name);
  }
  if (f.gifts.size() > 10000) return FieldFail("gifts", "at most 10000 gifts");
  for (Gift& g : f.gifts) {
    auto who = CleanText("gifts.recipient", g.recipient, 200);
    if (!who) return Fail(std::move(who).error());
    g.recipient = std::move(*who);
    auto what = CleanText("gifts.description", g.description, 500);
    if (!what) return Fail(std::move(what).error());
    g.description = std::move(*what);
    if (g.value_vnd < 0 || g.value_vnd > 1'000'000'000'000) {
      return FieldFail("gifts.value_vnd", "a gift's 'value_vnd' must be between 0 and 10^12");
    }
  }
  return {};
}

// Replaces the points, gifts and models of festival `id`; inside the caller's transaction.
Status WriteParts(store::sqlite::Database& db, const Festival& f) {
  for (const char* table : {"festival_point", "festival_gift", "festival_model"}) {
    auto del = db.Prepare(fmt::format("DELETE FROM {} WHERE festival_id = ?1", table));
    if (!del) return Fail(std::move(del).error());
    if (auto s = del->Bind(1, f.id).Run(); !s) return s;
  }
  for (const FestivalPoint& p : f.points) {
    auto st = db.Prepare("INSERT INTO festival_point (festival_id, kind, name) VALUES (?1, ?2, ?3)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, f.id).Bind(2, p.kind).Bind(3, p.name).Run(); !s) return s;
  }
  for (const Gift& g : f.gifts) {
    auto st = db.Prepare(
        "INSERT INTO festival_gift (festival_id, recipient, description, value_vnd) VALUES (?1, ?2, ?3, ?4)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, f.id).Bind(2, g.recipient).Bind(3, g.description).Bind(4, g.value_vnd).Run(); !s) return s;
  }
  for (std::int64_t m : f.models) {
    auto known = db.Prepare("SELECT 1 FROM model WHERE id = ?1");
    if (!known) return Fail(std::move(known).error());
    known->Bind(1, m);
    auto row = known->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) return FieldFail("models", fmt::format("no model {}", m));
    auto st = db.Prepare("INSERT OR IGNORE INTO festival_model (festival_id, model_id) VALUES (?1, ?2)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, f.id).Bind(2, m).Run(); !s) return s;
  }
  return {};
}

// Runs `body` in a transaction, rolled back when it fails.
template <typename Body>
Status InTransaction(store::sqlite::Database& db, Body body) {
  if (auto s = db.Exec("BEGIN IMMEDIATE"); !s) return s;
  Status done = body();
  if (!done) {
    (void)db.Exec("ROLLBACK");
    return done;
  }
  return db.Exec("COMMIT");
}

// Adds one festival's figures to `sum`.
Status AddFigures(store::sqlite::Database& db, const Festival& f, FestivalFigures& sum) {
  sum.festivals += 1;
  sum.points += static_cast<int>(f.points.size());
  for (const FestivalPoint& p : f.points) ++sum.points_by_kind[p.kind];
  sum.participants += f.participants;
  sum.models_launched += static_cast<int>(f.models.size());
  sum.gifts += static_cast<int>(f.gifts.size());
  for (const Gift& g : f.gifts) sum.gifts_value_vnd += g.value_vnd;
  auto awards = db.Prepare(
      "SELECT form_code, COUNT(*) FROM award WHERE festival_id = ?1 AND status = 'handed_over' GROUP BY form_code");
  if (!awards) return Fail(std::move(awards).error());
  awards->Bind(1, f.id);
  auto rows = ReadRows(*awards, [](const Statement& s) { return std::pair{s.Text(0), s.Int(1)}; });
  if (!rows) return Fail(std::move(rows).error());
  for (const auto& [form, n] : *rows) {
    sum.awards_by_form[form] += static_cast<int>(n);
    sum.awards_handed_over += static_cast<int>(n);
  }
  auto photos = db.Prepare("SELECT COUNT(*) FROM festival_photo WHERE festival_id = ?1");
  if (!photos) return Fail(std::move(photos).error());
  photos->Bind(1, f.id);
  auto row = photos->Step();
  if (!row) return Fail(std::move(row).error());
  sum.photos += static_cast<int>(photos->Int(0));
  return {};
}

}  // namespace

Result<Festival> Festivals::Create(const std::string& actor, Festival f) {
  const int this_year = std::stoi(movement::VietnamDay(clock_.Now()).substr(0, 4));
  if (f.year < 2005 || f.year > this_year + 1) {
    return FieldFail("year", fmt::format("'year' must be between 2005 (QĐ 521/2005/QĐ-TTg) and {}", this_year + 1));
  }
  if (auto s = Clean(f, f.year); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  auto unit = movement::unit_sql::AsOf(db_, f.unit_code, f.held_on);
  if (!unit) return Fail(std::move(unit).error());
  if (!*unit) return FieldFail("unit_code", fmt::format("no unit '{}' on {}", f.unit_code, f.held_on));
  auto dup = db_.Prepare("SELECT id FROM festival WHERE unit_code = ?1 AND year = ?2");
  if (!dup) return Fail(std::move(dup).error());
  dup->Bind(1, f.unit_code).Bind(2, f.year);
  auto row = dup->Step();
  if (!row) return Fail(std::move(row).error());
  if (*row) {
    return Fail(Error(ErrorCode::kAlreadyExists,
                      fmt::format("{} already has its {} festival ({})", f.unit_code, f.year, dup->Int(0)))
                    .WithField("year"));
  }
  f.by = actor;
  auto done = InTransaction(db_, [&]() -> Status {
    auto st = db_.Prepare(
        "INSERT INTO festival (unit_code, year, held_on, programme, participants, guests, by_actor, at_ns) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, f.unit_code).Bind(2, f.year).Bind(3, f.held_on).Bind(4, f.programme)
                     .Bind(5, f.participants).Bind(6, f.guests).Bind(7, actor).Bind(8, clock_.Now())
                     .Run();
        !s)
      return s;
    f.id = db_.LastInsertId();
    return WriteParts(db_, f);
  });
  if (!done) return Fail(std::move(done).error());
  auto made = GetSql(db_, f.id);
  if (!made) return Fail(std::move(made).error());
  return std::move(**made);
}

Result<Festival> Festivals::Update(std::int64_t id, Festival f) {
  std::lock_guard lock(db_.mutex());
  auto found = GetSql(db_, id);
  if (!found) return Fail(std::move(found).error());
  if (!*found) return Fail(ErrorCode::kNotFound, fmt::format("no festival {}", id));
  f.id = id;
  f.unit_code = (*found)->unit_code;
  f.year = (*found)->year;
  if (auto s = Clean(f, f.year); !s) return Fail(std::move(s).error());
  auto done = InTransaction(db_, [&]() -> Status {
    auto st = db_.Prepare(
        "UPDATE festival SET held_on = ?2, programme = ?3, participants = ?4, guests = ?5 WHERE id = ?1");
    if (!st) return Fail(std::move(st).error());
    if (auto s = st->Bind(1, id).Bind(2, f.held_on).Bind(3, f.programme).Bind(4, f.participants).Bind(5, f.guests)
                     .Run();
        !s)
      return s;
    return WriteParts(db_, f);
  });
  if (!done) return Fail(std::move(done).error());
  auto after = GetSql(db_, id);
  if (!after) return Fail(std::move(after).error());
  return std::move(**after);
}

Result<std::optional<Festival>> Festivals::Get(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  return GetSql(db_, id);
}

Result<std::vector<Festival>> Festivals::List(const std::string& unit_code, int year,
                                              const movement::UnitScope& scope) const {
  std::lock_guard lock(db_.mutex());
  const std::string today = movement::VietnamDay(clock_.Now());
  auto st = db_.Prepare(std::string(kColumns) + "WHERE ?1 IN (0, year) ORDER BY year DESC, held_on DESC, id DESC");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, year);
  auto rows = ReadRows(*st, ReadRow);
  if (!rows) return Fail(std::move(rows).error());
  std::vector<Festival> out;
  for (Festival& f : *rows) {
    if (!unit_code.empty() && f.unit_code != unit_code) {
      auto in = movement::unit_sql::Within(db_, f.unit_code, unit_code, today);
      if (!in) return Fail(std::move(in).error());
      if (!*in) continue;
    }
    auto in_scope = movement::unit_sql::InScope(db_, scope, f.unit_code, today);
    if (!in_scope) return Fail(std::move(in_scope).error());
    if (!*in_scope) continue;
    if (auto s = LoadParts(db_, f); !s) return Fail(std::move(s).error());
    out.push_back(std::move(f));
  }
  return out;
}

Result<FestivalReport> Festivals::Report(std::int64_t id) const {
  std::lock_guard lock(db_.mutex());
  auto found = GetSql(db_, id);
  if (!found) return Fail(std::move(found).error());
  if (!*found) return Fail(ErrorCode::kNotFound, fmt::format("no festival {}", id));
  FestivalReport r;
  r.festival = std::move(**found);
  auto unit = movement::unit_sql::AsOf(db_, r.festival.unit_code, r.festival.held_on);
  if (!unit) return Fail(std::move(unit).error());
  r.unit_name = *unit ? (*unit)->name : r.festival.unit_code;
  if (auto s = AddFigures(db_, r.festival, r.figures); !s) return Fail(std::move(s).error());
  auto awards = award_sql::Where(db_, "WHERE a.festival_id = ?1 ORDER BY a.form_code, a.id", id);
  if (!awards) return Fail(std::move(awards).error());
  r.awards = std::move(*awards);
  for (std::int64_t m : r.festival.models) {
    auto st = db_.Prepare("SELECT name FROM model WHERE id = ?1");
    if (!st) return Fail(std::move(st).error());
    st->Bind(1, m);
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    r.models.emplace_back(m, *row ? st->Text(0) : std::string());
  }
  return r;
}

Result<Compliance> Festivals::ComplianceOf(const std::string& code, int year, const std::string& as_of) const {
  if (auto s = movement::CheckDate("as_of", as_of); !s) return Fail(std::move(s).error());
  std::lock_guard lock(db_.mutex());
  // The tree as it stood, through the movement's own as-of queries.
  auto unit = movement::unit_sql::AsOf(db_, code, as_of);
  if (!unit) return Fail(std::move(unit).error());
  if (!*unit) return Fail(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", code, as_of));
  auto children = movement::unit_sql::ChildrenOn(db_, code, as_of);
  if (!children) return Fail(std::move(children).error());
  std::stable_sort(children->begin(), children->end(), [](const movement::UnitVersion& a,
                                                          const movement::UnitVersion& b) {
    return ViLess(a.name, b.name);
  });
  Compliance c;
  c.year = year;
  c.as_of = as_of;
  c.unit = std::move(**unit);
  for (auto& child : *children) c.children.push_back({std::move(child), false, {}, {}});
  auto st = db_.Prepare(std::string(kColumns) + "WHERE year = ?1 ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, year);
  auto rows = ReadRows(*st, ReadRow);
  if (!rows) return Fail(std::move(rows).error());
  for (Festival& f : *rows) {
    auto under = movement::unit_sql::Within(db_, f.unit_code, code, as_of);
    if (!under) return Fail(std::move(under).error());
    if (!*under && f.unit_code != code) continue;
    if (auto s = LoadParts(db_, f); !s) return Fail(std::move(s).error());
    if (auto s = AddFigures(db_, f, c.figures); !s) return Fail(std::move(s).error());
    auto here = movement::unit_sql::Resolve(db_, f.unit_code, as_of);
    if (!here) return Fail(std::move(here).error());
    if (f.unit_code == code || std::find(here->begin(), here->end(), code) != here->end()) c.held = true;
    for (ComplianceLine& line : c.children) {
      auto in = movement::unit_sql::Within(db_, f.unit_code, line.unit.code, as_of);
      if (!in) return Fail(std::move(in).error());
      if (!*in) continue;
      line.held = true;
      line.festivals.push_back(f.id);
      if (auto s = AddFigures(db_, f, line.figures); !s) return Fail(std::move(s).error());
    }
  }
  for (const ComplianceLine& line : c.children) c.children_held += line.held ? 1 : 0;
  return c;
}

}  // namespace anninh::awards
