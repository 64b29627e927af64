// One person of the register and their posts (docs/ref/api.md, "Movement"): read, edit, end a
// post. A person outside the caller's units answers "no person N" like a missing id
// (VisiblePerson), and an edit may move them only to a unit the caller reaches. Changes are
// audited by id only: names and phones stay out of the log.
#include <fmt/format.h>

#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

}  // namespace

Response Api::GetPerson(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto person = movement_->people().Get(*id);  // VisiblePerson found the registry enabled
  if (!person) return ErrorResponse(person.error());
  if (!*person) return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no person {}", *id)));
  auto posts = movement_->people().Positions(*id);
  if (!posts) return ErrorResponse(posts.error());
  json list = json::array();
  for (const auto& p : *posts) list.push_back(PositionJson(p));
  return Json(200, {{"person", PersonJson(**person)}, {"positions", std::move(list)}});
}

Response Api::UpdatePerson(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto found = movement_->people().Get(*id);
  if (!found) return ErrorResponse(found.error());
  if (!*found) return ErrorResponse(Error(ErrorCode::kNotFound, fmt::format("no person {}", *id)));
  movement::Person p = **found;
  auto body = ParseBody(c.request, R"({"name": "Nguyễn Thị Lan", "phone": "0912345678"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"name", "birth_year", "gender", "unit_code", "phone"}); !s)
    return ErrorResponse(s.error());
  auto name = JsonOptionalString(*body, "name");
  auto gender = JsonOptionalString(*body, "gender");
  auto unit = JsonOptionalString(*body, "unit_code");
  auto phone = JsonOptionalString(*body, "phone");
  for (const auto* r : {&name, &gender, &unit, &phone}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto year = JsonInt(*body, "birth_year", 0, 9999, p.birth_year);
  if (!year) return ErrorResponse(year.error());
  if (*name) p.name = **name;
  if (*gender) p.gender = **gender;
  if (*phone) p.phone = **phone;
  p.birth_year = *year;
  if (*unit && **unit != p.unit_code) {
    // Moved only into the caller's own units.
    auto reaches = Reaches(c.who, **unit);
    if (!reaches) return ErrorResponse(reaches.error());
    if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + **unit + "'").WithField("unit_code"));
    p.unit_code = **unit;
  }
  auto updated = movement_->people().Update(p);
  if (!updated) return ErrorResponse(updated.error());
  AuditOrLog(c, "person.update", "", 0, 0, fmt::format("person {} in {}", updated->id, updated->unit_code));
  return Json(200, PersonJson(*updated));
}

Response Api::EndPosition(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto position = ParseId(c.params[1], "position");
  if (!position) return ErrorResponse(position.error());
  auto body = ParseBody(c.request, R"({"end_date": "2025-12-31"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"end_date"}); !s) return ErrorResponse(s.error());
  auto end = JsonString(*body, "end_date", true);
  if (!end) return ErrorResponse(end.error());
  auto ended = movement_->people().EndPosition(*id, *position, *end);
  if (!ended) return ErrorResponse(ended.error());
  AuditOrLog(c, "position.end", "", 0, 0, fmt::format("person {} position {} until {}", *id, ended->id, *end));
  return Json(200, PositionJson(*ended));
}

}  // namespace anninh::serve
