// The movement's units, people and reports (docs/ref/api.md, "Movement"). Records are scoped
// by unit like cameras by area: a person, unit or report outside the caller's units answers
// exactly like one that does not exist (404), so ids and codes cannot be probed.
#include <fmt/format.h>

#include <string>

#include "core/clock.h"
#include "movement/dates.h"
#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

std::string Param(const Target& t, const char* name, std::string fallback = "") {
  auto it = t.query.find(name);
  return it == t.query.end() ? fallback : it->second;
}

}  // namespace

Result<movement::Registry*> Api::Movement() const {
  if (movement_ == nullptr) return Fail(ErrorCode::kUnavailable, "movement records are not enabled");
  return movement_;
}

Result<bool> Api::Reaches(const access::Principal& who, const std::string& unit_code) const {
  auto reg = Movement();
  if (!reg) return Fail(std::move(reg).error());
  return (*reg)->units().InScope(ScopeOf(who), unit_code, movement::VietnamDay(deps_.clock.Now()));
}

Response Api::ListUnits(const Call& c) const {
  if (auto s = CheckParams(c.target, {"as_of", "parent"}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  const std::string as_of = Param(c.target, "as_of", movement::VietnamDay(deps_.clock.Now()));
  if (auto s = movement::CheckDate("as_of", as_of); !s) return ErrorResponse(s.error());
  // The administrative list is public reference data: every reader sees all of it.
  auto units = (*reg)->units().Children(Param(c.target, "parent"), as_of);
  if (!units) return ErrorResponse(units.error());
  json list = json::array();
  for (const auto& u : *units) list.push_back(UnitJson(u));
  return Json(200, {{"as_of", as_of}, {"units", std::move(list)}});
}

Response Api::GetUnit(const Call& c) const {
  if (auto s = CheckParams(c.target, {"as_of"}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  const std::string& code = c.params[0];
  const std::string as_of = Param(c.target, "as_of", movement::VietnamDay(deps_.clock.Now()));
  if (auto s = movement::CheckDate("as_of", as_of); !s) return ErrorResponse(s.error());
  auto history = (*reg)->units().History(code);
  if (!history) return ErrorResponse(history.error());
  if (history->empty()) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + code + "'"));
  auto now = (*reg)->units().AsOf(code, as_of);
  if (!now) return ErrorResponse(now.error());
  auto links = (*reg)->units().Links(code);
  if (!links) return ErrorResponse(links.error());
  auto became = (*reg)->units().Resolve(code, as_of);
  if (!became) return ErrorResponse(became.error());
  json versions = json::array(), link_list = json::array();
  for (const auto& v : *history) versions.push_back(UnitJson(v));
  for (const auto& l : *links) {
    link_list.push_back({{"from_code", l.from_code}, {"to_code", l.to_code}, {"kind", l.kind}, {"effective", l.effective}});
  }
  return Json(200, {{"as_of", as_of},
                    {"unit", *now ? UnitJson(**now) : json(nullptr)},
                    {"resolves_to", *became},
                    {"history", std::move(versions)},
                    {"links", std::move(link_list)}});
}

Response Api::ImportUnits(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto body = ParseBody(c.request, R"({"csv": "code,name,level,parent,effective\n...", "dry_run": true})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"csv", "dry_run"}); !s) return ErrorResponse(s.error());
  auto csv = JsonString(*body, "csv", true);
  if (!csv) return ErrorResponse(csv.error());
  auto dry = JsonBool(*body, "dry_run");
  if (!dry) return ErrorResponse(dry.error());
  auto report = (*reg)->ImportUnits(*csv, dry->value_or(false));
  if (!report) {
    Error e = report.error();
    return ErrorResponse(e.code() == ErrorCode::kInvalidArgument ? std::move(e).WithField("csv") : e);
  }
  if (report->applied) {
    AuditOrLog(c, "unit.import", "", 0, 0, fmt::format("{} rows, {} changes", report->rows, report->changes.size()));
  }
  return Json(200, ImportJson(*report));
}

Response Api::ListPeople(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "q", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto people = (*reg)->people().List({Param(c.target, "unit"), Param(c.target, "q")}, ScopeOf(c.who));
  if (!people) return ErrorResponse(people.error());
  auto page = PagedJson(c.target, *people, "people", [](const auto& x) { return PersonJson(x); });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::CreatePerson(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto body = ParseBody(c.request, R"({"name": "Nguyễn Thị Lan", "birth_year": 1975, "gender": "nu", "unit_code": "12970"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"name", "birth_year", "gender", "unit_code", "phone"}); !s)
    return ErrorResponse(s.error());
  movement::Person p;
  auto name = JsonString(*body, "name", true);
  auto gender = JsonString(*body, "gender", false);
  auto unit = JsonString(*body, "unit_code", true);
  auto phone = JsonString(*body, "phone", false);
  auto year = JsonInt(*body, "birth_year", 0, 9999, 0);
  for (const auto* r : {&name, &gender, &unit, &phone}) {
    if (!*r) return ErrorResponse(r->error());
  }
  if (!year) return ErrorResponse(year.error());
  auto reaches = Reaches(c.who, *unit);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + *unit + "'").WithField("unit_code"));
  auto made = (*reg)->people().Create({0, *name, *year, *gender, *unit, *phone});
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "person.create", "", 0, 0, fmt::format("person {} in {}", made->id, made->unit_code));
  return Json(201, PersonJson(*made));
}

Response Api::AddPosition(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto id = ParseId(c.params[0], "person");
  if (!id) return ErrorResponse(id.error());
  auto person = (*reg)->people().Get(*id);
  if (!person) return ErrorResponse(person.error());
  const Error missing(ErrorCode::kNotFound, fmt::format("no person {}", *id));
  if (!*person) return ErrorResponse(missing);
  auto reaches = Reaches(c.who, (*person)->unit_code);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(missing);
  auto body = ParseBody(c.request, R"({"kind": "committee_head", "start_date": "2025-07-01"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"kind", "unit_code", "model_id", "start_date", "end_date"}); !s)
    return ErrorResponse(s.error());
  auto kind = JsonString(*body, "kind", true);
  auto unit = JsonString(*body, "unit_code", false);
  auto start = JsonString(*body, "start_date", true);
  auto end = JsonString(*body, "end_date", false);
  for (const auto* r : {&kind, &unit, &start, &end}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto model_id = JsonInt(*body, "model_id", 0, 2'000'000'000, 0);
  if (!model_id) return ErrorResponse(model_id.error());
  // The post's unit and model are the caller's too: a village head names no other village's.
  if (!unit->empty()) {
    auto r = Reaches(c.who, *unit);
    if (!r) return ErrorResponse(r.error());
    if (!*r) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + *unit + "'").WithField("unit_code"));
  }
  if (*model_id != 0) {
    auto m = VisibleModel(c.who, std::to_string(*model_id));
    if (!m) return ErrorResponse(std::move(m).error().WithField("model_id"));
  }
  auto made = (*reg)->people().AddPosition({0, *id, *kind, *unit, *model_id, *start, *end});
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "position.add", "", 0, 0, fmt::format("person {} {} in {}", *id, made->kind, made->unit_code));
  return Json(201, PositionJson(*made));
}

Response Api::Rollup(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "as_of", "period", "from"}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto it = c.target.query.find("unit");
  if (it == c.target.query.end() || it->second.empty()) return ErrorResponse(FieldError("unit", "is required"));
  const std::string as_of = Param(c.target, "as_of", movement::VietnamDay(deps_.clock.Now()));
  if (auto s = movement::CheckDate("as_of", as_of); !s) return ErrorResponse(s.error());
  // In scope on the report's date: a province's staff read the old units of their province.
  auto reaches = (*reg)->units().InScope(ScopeOf(c.who), it->second, as_of);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", it->second, as_of)));
  auto r = (*reg)->RollUp(it->second, as_of, Param(c.target, "period"), Param(c.target, "from"));
  if (!r) return ErrorResponse(r.error());
  json children = json::array();
  for (const auto& ch : r->children) children.push_back({{"unit", UnitJson(ch.unit)}, {"totals", TotalsJson(ch.totals)}});
  return Json(200, {{"as_of", r->as_of},
                    {"period", r->period},
                    {"from", r->from},
                    {"unit", UnitJson(r->unit.unit)},
                    {"totals", TotalsJson(r->unit.totals)},
                    {"children", std::move(children)}});
}

Response Api::FlaggedModels(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "consecutive"}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  int consecutive = 2;
  if (auto it = c.target.query.find("consecutive"); it != c.target.query.end()) {
    const std::string& v = it->second;
    if (v.size() > 2 || v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
      return ErrorResponse(FieldError("consecutive", "must be from 1 to 12"));
    consecutive = std::stoi(v);
  }
  auto flagged = (*reg)->evaluations().Flagged(Param(c.target, "unit"), ScopeOf(c.who), consecutive);
  if (!flagged) return ErrorResponse(flagged.error());
  json list = json::array();
  for (const auto& f : *flagged) list.push_back({{"model", ModelJson(f.model)}, {"weak_periods", f.weak_periods}});
  return Json(200, {{"consecutive", consecutive}, {"models", std::move(list)}});
}

}  // namespace anninh::serve
