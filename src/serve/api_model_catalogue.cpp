// What models are measured against (docs/ref/api.md, "Movement"): the catalogue of model
// types and the weighted criteria sets evaluations use. Everyone with movement.read reads
// them; extending them is unit.manage's, like the unit list: one catalogue for the whole
// site, so a village head cannot add a type or loosen a threshold for everyone.
#include <fmt/format.h>

#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

json CriteriaSetJson(const movement::CriteriaSet& s) {
  json criteria = json::array();
  for (const auto& c : s.criteria) criteria.push_back({{"key", c.key}, {"name", c.name}, {"weight", c.weight}});
  return {{"id", s.id},
          {"name", s.name},
          {"criteria", std::move(criteria)},
          {"good_min", s.good_min},
          {"fair_min", s.fair_min},
          {"average_min", s.average_min}};
}

}  // namespace

Response Api::ModelTypes(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto types = (*reg)->models().Types();
  if (!types) return ErrorResponse(types.error());
  json list = json::array();
  for (const auto& t : *types) list.push_back({{"code", t.code}, {"name", t.name}, {"builtin", t.builtin}});
  return Json(200, {{"types", std::move(list)}});
}

Response Api::AddModelType(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto body = ParseBody(c.request, R"({"code": "an_toan_giao_thong", "name": "Tự quản an toàn giao thông"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"code", "name"}); !s) return ErrorResponse(s.error());
  auto code = JsonString(*body, "code", true);
  if (!code) return ErrorResponse(code.error());
  auto name = JsonString(*body, "name", true);
  if (!name) return ErrorResponse(name.error());
  auto made = (*reg)->models().AddType(*code, *name);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "model_type.add", "", 0, 0, fmt::format("{} '{}'", made->code, made->name));
  return Json(201, {{"code", made->code}, {"name", made->name}, {"builtin", made->builtin}});
}

Response Api::ListCriteriaSets(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto sets = (*reg)->evaluations().CriteriaSets();
  if (!sets) return ErrorResponse(sets.error());
  json list = json::array();
  for (const auto& s : *sets) list.push_back(CriteriaSetJson(s));
  return Json(200, {{"criteria_sets", std::move(list)}});
}

Response Api::AddCriteriaSet(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto body = ParseBody(c.request, R"({"name": "Mô hình camera 2026", "criteria": [{"key": "hoat_dong", "name": "Camera hoạt động", "weight": 60}, {"key": "phoi_hop", "name": "Phối hợp", "weight": 40}], "good_min": 80, "fair_min": 65, "average_min": 50})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"name", "criteria", "good_min", "fair_min", "average_min"}); !s)
    return ErrorResponse(s.error());
  movement::CriteriaSet set;
  auto name = JsonString(*body, "name", true);
  if (!name) return ErrorResponse(name.error());
  set.name = *name;
  // Thresholds default to the seeded set's (80/65/50); the registry checks their order.
  auto good = JsonInt(*body, "good_min", 1, 100, set.good_min);
  auto fair = JsonInt(*body, "fair_min", 1, 100, set.fair_min);
  auto average = JsonInt(*body, "average_min", 1, 100, set.average_min);
  for (const auto* r : {&good, &fair, &average}) {
    if (!*r) return ErrorResponse(r->error());
  }
  set.good_min = *good;
  set.fair_min = *fair;
  set.average_min = *average;
  const Error shape = FieldError("criteria", "must be a list of {\"key\", \"name\", \"weight\"}");
  auto list = body->find("criteria");
  if (list == body->end() || !list->is_array()) return ErrorResponse(shape);
  for (const json& item : *list) {
    if (!item.is_object()) return ErrorResponse(shape);
    if (auto s = CheckKeys(item, {"key", "name", "weight"}); !s) return ErrorResponse(std::move(s).error().WithField("criteria"));
    // The member's own message ("'weight' must be ..."), reported on the list.
    auto key = JsonString(item, "key", true);
    if (!key) return ErrorResponse(std::move(key).error().WithField("criteria"));
    auto cname = JsonString(item, "name", true);
    if (!cname) return ErrorResponse(std::move(cname).error().WithField("criteria"));
    auto weight = JsonInt(item, "weight", 1, 1000, std::nullopt);
    if (!weight) return ErrorResponse(std::move(weight).error().WithField("criteria"));
    set.criteria.push_back({*key, *cname, *weight});
  }
  auto made = (*reg)->evaluations().AddCriteriaSet(std::move(set));
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "criteria_set.add", "", 0, 0,
             fmt::format("criteria set {} '{}' ({} criteria)", made->id, made->name, made->criteria.size()));
  return Json(201, CriteriaSetJson(*made));
}

}  // namespace anninh::serve
