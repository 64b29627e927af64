// The annual festival (docs/ref/api.md, "Awards and festivals"): one per unit and year,
// scoped by its unit like the movement's records; its report, photos and the compliance
// view of a province or commune.
#include <fmt/format.h>

#include <algorithm>

#include "awards/book.h"
#include "movement/dates.h"
#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/awards_json.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

std::string Param(const Target& t, const char* name) {
  auto it = t.query.find(name);
  return it == t.query.end() ? std::string() : it->second;
}

// The festival's fields from a body (POST: all; PUT: all but unit_code and year).
Result<awards::Festival> ParseFestival(const json& body, bool create) {
  if (auto s = create ? CheckKeys(body, {"unit_code", "year", "held_on", "programme", "participants", "guests",
                                         "points", "gifts", "models"})
                      : CheckKeys(body, {"held_on", "programme", "participants", "guests", "points", "gifts", "models"});
      !s)
    return Fail(s.error());
  awards::Festival f;
  auto held = JsonString(body, "held_on", true);
  auto programme = JsonString(body, "programme", false);
  auto guests = JsonString(body, "guests", false);
  for (const auto* r : {&held, &programme, &guests}) {
    if (!*r) return Fail(r->error());
  }
  f.held_on = *held;
  f.programme = *programme;
  f.guests = *guests;
  auto participants = JsonInt(body, "participants", 0, 10'000'000, 0);
  if (!participants) return Fail(participants.error());
  f.participants = *participants;
  if (create) {
    auto unit = JsonString(body, "unit_code", true);
    if (!unit) return Fail(unit.error());
    f.unit_code = *unit;
    auto year = JsonInt(body, "year", 2005, 2100, std::nullopt);
    if (!year) return Fail(year.error());
    f.year = *year;
  }
  auto array = [&body](const char* name) -> Result<json> {
    if (!body.contains(name) || body[name].is_null()) return json::array();
    if (!body[name].is_array()) return Fail(FieldError(name, "must be an array"));
    return body[name];
  };
  auto points = array("points");
  if (!points) return Fail(points.error());
  for (const json& p : *points) {
    if (!p.is_object() || !p.value("kind", json()).is_string() || !p.value("name", json()).is_string()) {
      return Fail(FieldError("points", "items are {\"kind\": \"village\", \"name\": \"Thôn Đông\"}"));
    }
    f.points.push_back({p["kind"].get<std::string>(), p["name"].get<std::string>()});
  }
  auto gifts = array("gifts");
  if (!gifts) return Fail(gifts.error());
  for (const json& g : *gifts) {
    if (!g.is_object() || !g.value("recipient", json()).is_string() || !g.value("description", json()).is_string() ||
        !g.value("value_vnd", json()).is_number_integer()) {
      return Fail(FieldError("gifts", "items are {\"recipient\": \"...\", \"description\": \"...\", \"value_vnd\": 500000}"));
    }
    f.gifts.push_back({g["recipient"].get<std::string>(), g["description"].get<std::string>(),
                       g["value_vnd"].get<std::int64_t>()});
  }
  auto models = array("models");
  if (!models) return Fail(models.error());
  for (const json& m : *models) {
    if (!m.is_number_integer() || m.get<std::int64_t>() <= 0) return Fail(FieldError("models", "items are model ids"));
    f.models.push_back(m.get<std::int64_t>());
  }
  return f;
}

}  // namespace

Result<awards::Festival> Api::VisibleFestival(const access::Principal& who, const std::string& id_text) const {
  auto book = AwardsBook();
  if (!book) return Fail(std::move(book).error());
  auto id = ParseId(id_text, "festival");
  if (!id) return Fail(std::move(id).error());
  auto f = (*book)->festivals().Get(*id);
  if (!f) return Fail(std::move(f).error());
  auto reaches = *f ? Reaches(who, (*f)->unit_code) : Result<bool>(false);
  if (!reaches) return Fail(std::move(reaches).error());
  if (!*reaches) return Fail(ErrorCode::kNotFound, fmt::format("no festival {}", *id));
  return std::move(**f);
}

Response Api::ListFestivals(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "year", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  int year = 0;
  if (const std::string y = Param(c.target, "year"); !y.empty()) {
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
      return ErrorResponse(FieldError("year", "must be a year like 2025"));
    }
    year = std::stoi(y);
  }
  auto list = (*book)->festivals().List(Param(c.target, "unit"), year, ScopeOf(c.who));
  if (!list) return ErrorResponse(list.error());
  auto page = PagedJson(c.target, *list, "festivals", [](const auto& x) { return FestivalJson(x); });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::CreateFestival(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto body = ParseBody(c.request, R"({"unit_code": "12970", "year": 2025, "held_on": "2025-08-19"})");
  if (!body) return ErrorResponse(body.error());
  auto f = ParseFestival(*body, true);
  if (!f) return ErrorResponse(f.error());
  auto reaches = Reaches(c.who, f->unit_code);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + f->unit_code + "'").WithField("unit_code"));
  for (std::int64_t m : f->models) {
    auto model = VisibleModel(c.who, std::to_string(m));
    if (!model) return ErrorResponse(std::move(model).error().WithField("models"));
  }
  auto made = (*book)->festivals().Create(c.who.Actor(), *f);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "festival.create", "", 0, 0, fmt::format("festival {} of {} for {}", made->id, made->unit_code, made->year));
  return Json(201, FestivalJson(*made));
}

Response Api::GetFestival(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto f = VisibleFestival(c.who, c.params[0]);
  if (!f) return ErrorResponse(f.error());
  auto photos = (*AwardsBook())->photos().ForFestival(f->id);
  if (!photos) return ErrorResponse(photos.error());
  json j = FestivalJson(*f), list = json::array();
  for (const auto& p : *photos) list.push_back(PhotoJson(p));
  j["photos"] = std::move(list);
  return Json(200, j);
}

Response Api::UpdateFestival(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto found = VisibleFestival(c.who, c.params[0]);
  if (!found) return ErrorResponse(found.error());
  auto body = ParseBody(c.request, R"({"held_on": "2025-08-19", "participants": 400})");
  if (!body) return ErrorResponse(body.error());
  auto f = ParseFestival(*body, false);
  if (!f) return ErrorResponse(f.error());
  for (std::int64_t m : f->models) {
    auto model = VisibleModel(c.who, std::to_string(m));
    if (!model) return ErrorResponse(std::move(model).error().WithField("models"));
  }
  auto done = (*AwardsBook())->festivals().Update(found->id, *f);
  if (!done) return ErrorResponse(done.error());
  AuditOrLog(c, "festival.update", "", 0, 0, fmt::format("festival {}", found->id));
  return Json(200, FestivalJson(*done));
}

Response Api::FestivalReport(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto f = VisibleFestival(c.who, c.params[0]);
  if (!f) return ErrorResponse(f.error());
  auto book = AwardsBook();
  auto r = (*book)->festivals().Report(f->id);
  if (!r) return ErrorResponse(r.error());
  auto forms = (*book)->awards().Forms();
  if (!forms) return ErrorResponse(forms.error());
  json form_names = json::object();
  for (const auto& x : *forms) form_names[x.code] = x.name;
  json awarded = json::array(), models = json::array();
  for (const auto& a : r->awards) awarded.push_back(AwardJson(a));
  for (const auto& [id, name] : r->models) models.push_back({{"id", id}, {"name", name}});
  return Json(200, {{"festival", FestivalJson(r->festival)},
                    {"unit_name", r->unit_name},
                    {"figures", FiguresJson(r->figures)},
                    {"awards", std::move(awarded)},
                    {"models", std::move(models)},
                    {"form_names", std::move(form_names)}});
}

Response Api::FestivalCompliance(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "year", "as_of"}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  const std::string unit = Param(c.target, "unit");
  if (unit.empty()) return ErrorResponse(FieldError("unit", "is required"));
  const std::string today = movement::VietnamDay(deps_.clock.Now());
  std::string y = Param(c.target, "year");
  if (y.empty()) y = today.substr(0, 4);
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
    return ErrorResponse(FieldError("year", "must be a year like 2025"));
  }
  // The tree as it stood at the end of that year, or today while the year runs.
  std::string as_of = Param(c.target, "as_of");
  if (as_of.empty()) as_of = std::min(today, y + "-12-31");
  if (auto s = movement::CheckDate("as_of", as_of); !s) return ErrorResponse(s.error());
  auto reaches = movement_->units().InScope(ScopeOf(c.who), unit, as_of);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", unit, as_of)));
  auto r = (*book)->festivals().ComplianceOf(unit, std::stoi(y), as_of);
  if (!r) return ErrorResponse(r.error());
  json children = json::array();
  for (const auto& line : r->children) {
    children.push_back({{"unit", UnitJson(line.unit)},
                        {"held", line.held},
                        {"festivals", line.festivals},
                        {"figures", FiguresJson(line.figures)}});
  }
  return Json(200, {{"year", r->year},
                    {"as_of", r->as_of},
                    {"unit", UnitJson(r->unit)},
                    {"held", r->held},
                    {"figures", FiguresJson(r->figures)},
                    {"children_held", r->children_held},
                    {"children_total", r->children.size()},
                    {"children", std::move(children)}});
}

Response Api::AddFestivalPhoto(const Call& c) const {
  if (auto s = CheckParams(c.target, {"name"}); !s) return ErrorResponse(s.error());
  auto f = VisibleFestival(c.who, c.params[0]);
  if (!f) return ErrorResponse(f.error());
  // The body is the raw file (the upload convention); its type is decided by its content.
  std::string name = Param(c.target, "name");
  if (name.empty()) name = "photo";
  auto made = (*AwardsBook())->photos().Add(c.who.Actor(), f->id, name, c.request.body);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "festival.photo", "", 0, 0, fmt::format("festival {} photo {} ({} bytes)", f->id, made->id, made->bytes));
  return Json(201, PhotoJson(*made));
}

namespace {

Response Picture(const Result<std::pair<awards::Photo, std::string>>& r, bool thumbnail) {
  if (!r) return ErrorResponse(r.error());
  Response out;
  out.content_type = thumbnail ? "image/jpeg" : r->first.mime;
  out.body = r->second;
  out.headers.emplace_back("Cache-Control", "private, max-age=86400");
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return out;
}

}  // namespace

Response Api::FestivalPhoto(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto f = VisibleFestival(c.who, c.params[0]);
  if (!f) return ErrorResponse(f.error());
  auto id = ParseId(c.params[1], "photo");
  if (!id) return ErrorResponse(id.error());
  return Picture((*AwardsBook())->photos().Read(f->id, *id, false), false);
}

Response Api::FestivalThumbnail(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto f = VisibleFestival(c.who, c.params[0]);
  if (!f) return ErrorResponse(f.error());
  auto id = ParseId(c.params[1], "photo");
  if (!id) return ErrorResponse(id.error());
  return Picture((*AwardsBook())->photos().Read(f->id, *id, true), true);
}

}  // namespace anninh::serve
