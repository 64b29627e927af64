#include "serve/movement_json.h"

#include <algorithm>
#include <charconv>

#include "serve/api_util.h"
#include "serve/pagination.h"

namespace anninh::serve {

using nlohmann::json;

movement::UnitScope ScopeOf(const access::Principal& who) {
  movement::UnitScope s;
  s.all = who.scope == access::Scope::kAll;
  s.units = who.areas;
  return s;
}

json UnitJson(const movement::UnitVersion& u) {
  return {{"code", u.code},
          {"name", u.name},
          {"level", std::string(movement::ToString(u.level))},
          {"parent_code", u.parent_code},
          {"valid_from", u.valid_from},
          {"valid_to", u.valid_to}};
}

json PersonJson(const movement::Person& p) {
  return {{"id", p.id},           {"name", p.name},   {"birth_year", p.birth_year}, {"gender", p.gender},
          {"unit_code", p.unit_code}, {"phone", p.phone}};
}

json PositionJson(const movement::Position& p) {
  json j = {{"id", p.id},           {"person_id", p.person_id},   {"kind", p.kind},
            {"unit_code", p.unit_code}, {"start_date", p.start_date}, {"end_date", p.end_date}};
  j["model_id"] = p.model_id == 0 ? json(nullptr) : json(p.model_id);
  return j;
}

json ModelJson(const movement::Model& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"type", m.type},
          {"unit_code", m.unit_code},
          {"status", std::string(movement::ToString(m.status))},
          {"status_vi", std::string(movement::VietnameseName(m.status))},
          {"points", m.points},
          {"teams", m.teams},
          {"goals", m.goals},
          {"decision", {{"no", m.decision_no}, {"date", m.decision_date}, {"issuer", m.decision_issuer}}},
          {"created_on", m.created_on},
          {"created_by", m.created_by}};
}

json EvaluationJson(const movement::Evaluation& e) {
  return {{"id", e.id},
          {"model_id", e.model_id},
          {"period", e.period},
          {"criteria_set_id", e.criteria_set_id},
          {"scores", e.scores},
          {"score", e.score_x10 / 10.0},
          {"class", e.cls},
          {"class_vi", std::string(movement::VietnameseClass(e.cls))},
          {"comments", e.comments},
          {"evidence", e.evidence},
          {"by", e.by}};
}

json TotalsJson(const movement::Totals& t) {
  return {{"models", t.models},   {"points", t.points},   {"teams", t.teams},
          {"members", t.members}, {"by_type", t.by_type}, {"by_status", t.by_status},
          {"evaluations", t.evaluations}, {"mediation_handled", t.mediation_handled},
          {"mediation_reconciled", t.mediation_reconciled}};
}

json ImportJson(const movement::UnitImportReport& r) {
  json changes = json::array();
  for (const auto& c : r.changes) {
    changes.push_back({{"line", c.line},
                       {"code", c.code},
                       {"action", c.action},
                       {"detail", c.detail},
                       {"name", c.name},
                       {"old_name", c.old_name},
                       {"level", c.level},
                       {"parent", c.parent},
                       {"old_parent", c.old_parent},
                       {"effective", c.effective},
                       {"other", c.other},
                       {"link_kind", c.link_kind}});
  }
  return {{"applied", r.applied}, {"rows", r.rows}, {"changes", std::move(changes)}};
}

Result<int> JsonInt(const json& body, const char* name, int min, int max, std::optional<int> fallback) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (fallback) return *fallback;
    return Fail(FieldError(name, "is required"));
  }
  if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max) {
    return Fail(FieldError(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)));
  }
  return static_cast<int>(it->get<std::int64_t>());
}

Result<Page> PageOf(const Target& t, std::size_t total) {
  auto request = ParsePage(t);
  if (!request) return Fail(std::move(request).error());
  // The list is already in its final (collated) order: its positions are the sort keys.
  std::vector<std::string> keys;
  keys.reserve(total);
  for (std::size_t i = 0; i < total; ++i) keys.push_back(NumberKey(static_cast<std::int64_t>(i)));
  const PageSlice slice = SlicePage(keys, *request);
  return Page{slice.begin, slice.end, slice.next};
}

}  // namespace anninh::serve
