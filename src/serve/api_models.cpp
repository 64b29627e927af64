// The movement's models and their evaluations (docs/ref/api.md, "Movement"). A model outside
// the caller's units answers like one that does not exist (404 "no model N"): a village head
// guessing another village's model ids learns nothing and changes nothing.
#include <fmt/format.h>

#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

std::string Param(const Target& t, const char* name) {
  auto it = t.query.find(name);
  return it == t.query.end() ? std::string() : it->second;
}

}  // namespace

Result<movement::Model> Api::VisibleModel(const access::Principal& who, const std::string& id_text) const {
  auto reg = Movement();
  if (!reg) return Fail(std::move(reg).error());
  auto id = ParseId(id_text, "model");
  if (!id) return Fail(std::move(id).error());
  auto m = (*reg)->models().Get(*id);
  if (!m) return Fail(std::move(m).error());
  auto reaches = *m ? Reaches(who, (*m)->unit_code) : Result<bool>(false);
  if (!reaches) return Fail(std::move(reaches).error());
  if (!*reaches) return Fail(ErrorCode::kNotFound, fmt::format("no model {}", *id));
  return std::move(**m);
}

Result<movement::Model> Api::ModelFor(const Call& c, std::initializer_list<std::string_view> params) const {
  if (auto s = CheckParams(c.target, params); !s) return Fail(std::move(s).error());
  return VisibleModel(c.who, c.params[0]);
}

Response Api::ListModels(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "status", "type", "q", "limit", "cursor"}); !s)
    return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  const std::string status = Param(c.target, "status");
  if (!status.empty() && !movement::ParseModelStatus(status)) {
    return ErrorResponse(
        FieldError("status", "must be proposed, launched, active, under_review, replicated or retired"));
  }
  auto models = (*reg)->models().List(
      {Param(c.target, "unit"), status, Param(c.target, "type"), Param(c.target, "q")}, ScopeOf(c.who));
  if (!models) return ErrorResponse(models.error());
  auto page = PagedJson(c.target, *models, "models", [](const auto& x) { return ModelJson(x); });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::CreateModel(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto reg = Movement();
  if (!reg) return ErrorResponse(reg.error());
  auto body = ParseBody(c.request, R"({"name": "Camera an ninh thôn Đông", "type": "camera", "unit_code": "12970"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"name", "type", "unit_code", "points", "teams", "goals", "created_on"}); !s)
    return ErrorResponse(s.error());
  auto name = JsonString(*body, "name", true);
  auto type = JsonString(*body, "type", true);
  auto unit = JsonString(*body, "unit_code", true);
  auto goals = JsonString(*body, "goals", false);
  auto created_on = JsonString(*body, "created_on", false);
  for (const auto* r : {&name, &type, &unit, &goals, &created_on}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto points = JsonInt(*body, "points", 0, 100000, 0);
  if (!points) return ErrorResponse(points.error());
  auto teams = JsonInt(*body, "teams", 0, 100000, 0);
  if (!teams) return ErrorResponse(teams.error());
  auto reaches = Reaches(c.who, *unit);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + *unit + "'").WithField("unit_code"));
  movement::Model m;
  m.name = *name;
  m.type = *type;
  m.unit_code = *unit;
  m.goals = *goals;
  m.created_on = *created_on;
  m.points = *points;
  m.teams = *teams;
  auto made = (*reg)->models().Create(c.who.Actor(), m);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "model.create", "", 0, 0, fmt::format("model {} '{}' in {}", made->id, made->name, made->unit_code));
  return Json(201, ModelJson(*made));
}

Response Api::GetModel(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  movement::Registry& reg = *movement_;  // ModelFor found it enabled
  const std::int64_t id = m->id;
  auto history = reg.models().History(id);
  auto spawned = reg.models().Spawned(id);
  auto activities = reg.models().Activities(id);
  auto evaluations = reg.evaluations().ForModel(id);
  auto files = reg.attachments().ForModel(id);
  if (!files) return ErrorResponse(files.error());
  if (!history) return ErrorResponse(history.error());
  if (!spawned) return ErrorResponse(spawned.error());
  if (!activities) return ErrorResponse(activities.error());
  if (!evaluations) return ErrorResponse(evaluations.error());
  json out = {{"model", ModelJson(*m)}};
  json h = json::array(), a = json::array(), e = json::array(), next = json::array();
  for (const auto& s : *history) {
    h.push_back({{"from", s.from}, {"to", s.to}, {"on_date", s.on_date}, {"reason", s.reason},
                 {"decision_no", s.decision_no}, {"by", s.by}});
  }
  for (const auto& x : *activities) a.push_back({{"id", x.id}, {"on_date", x.on_date}, {"text", x.text}, {"by", x.by}});
  for (const auto& x : *evaluations) e.push_back(EvaluationJson(x));
  for (auto s : movement::NextStatuses(m->status)) next.push_back(std::string(movement::ToString(s)));
  out["history"] = std::move(h);
  out["spawned"] = *spawned;
  out["activities"] = std::move(a);
  out["evaluations"] = std::move(e);
  out["next_statuses"] = std::move(next);
  json attachments = json::array();
  for (const auto& f : *files) {
    attachments.push_back({{"id", f.id}, {"name", f.name}, {"sha256", f.sha256}, {"bytes", f.bytes}, {"by", f.by}});
  }
  out["attachments"] = std::move(attachments);
  return Json(200, out);
}

Response Api::TransitionModel(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  movement::Registry& reg = *movement_;  // ModelFor found it enabled
  const std::int64_t id = m->id;
  auto body = ParseBody(c.request, R"({"to": "launched", "decision_no": "12/QĐ-UBND", "decision_date": "2025-08-05", "decision_issuer": "UBND xã Tiền Hải"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"to", "on_date", "reason", "decision_no", "decision_date", "decision_issuer", "spawned"});
      !s)
    return ErrorResponse(s.error());
  auto to = JsonString(*body, "to", true);
  auto on_date = JsonString(*body, "on_date", false);
  auto reason = JsonString(*body, "reason", false);
  auto decision_no = JsonString(*body, "decision_no", false);
  auto decision_date = JsonString(*body, "decision_date", false);
  auto decision_issuer = JsonString(*body, "decision_issuer", false);
  for (const auto* r : {&to, &on_date, &reason, &decision_no, &decision_date, &decision_issuer}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto status = movement::ParseModelStatus(*to);
  if (!status) {
    return ErrorResponse(FieldError("to", "must be launched, active, under_review, replicated or retired"));
  }
  movement::TransitionRequest t;
  t.to = *status;
  t.on_date = *on_date;
  t.reason = *reason;
  t.decision_no = *decision_no;
  t.decision_date = *decision_date;
  t.decision_issuer = *decision_issuer;
  if (auto it = body->find("spawned"); it != body->end()) {
    if (!it->is_array()) return ErrorResponse(FieldError("spawned", "must be a list of model ids"));
    for (const json& v : *it) {
      if (!v.is_number_integer()) return ErrorResponse(FieldError("spawned", "must be a list of model ids"));
      // The spawned models are named by the caller: each must be one they can see.
      auto other = VisibleModel(c.who, std::to_string(v.get<std::int64_t>()));
      if (!other) return ErrorResponse(std::move(other).error().WithField("spawned"));
      t.spawned.push_back(v.get<std::int64_t>());
    }
  }
  auto moved = reg.models().Transition(c.who.Actor(), id, t);
  if (!moved) return ErrorResponse(moved.error());
  AuditOrLog(c, "model.transition", "", 0, 0,
             fmt::format("model {} {} -> {}{}", id, movement::ToString(m->status), *to,
                         t.decision_no.empty() ? "" : " (" + t.decision_no + ")"));
  return Json(200, ModelJson(*moved));
}

Response Api::EvaluateModel(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  movement::Registry& reg = *movement_;  // ModelFor found it enabled
  const std::int64_t id = m->id;
  auto body = ParseBody(c.request, R"({"period": "2025-H2", "scores": {"to_chuc": 80, "hieu_qua": 70, "nhan_dan": 90}})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"period", "criteria_set_id", "scores", "comments", "evidence"}); !s)
    return ErrorResponse(s.error());
  auto period = JsonString(*body, "period", true);
  auto comments = JsonString(*body, "comments", false);
  auto evidence = JsonString(*body, "evidence", false);
  for (const auto* r : {&period, &comments, &evidence}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto set = JsonInt(*body, "criteria_set_id", 0, 2'000'000'000, 0);
  if (!set) return ErrorResponse(set.error());
  movement::Evaluation e;
  e.model_id = id;
  e.period = *period;
  e.criteria_set_id = *set;
  e.comments = *comments;
  e.evidence = *evidence;
  auto scores = body->find("scores");
  if (scores == body->end() || !scores->is_object()) {
    return ErrorResponse(FieldError("scores", "must be an object of criterion key -> score 0-100"));
  }
  for (const auto& [key, value] : scores->items()) {
    if (!value.is_number_integer()) return ErrorResponse(FieldError("scores", "each score must be an integer 0-100"));
    const std::int64_t v = value.get<std::int64_t>();
    e.scores[key] = v < -1 || v > 101 ? -1 : static_cast<int>(v);
  }
  auto made = reg.evaluations().Record(c.who.Actor(), e);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "evaluation.add", "", 0, 0,
             fmt::format("model {} {} {} ({})", id, made->period, made->cls, made->score_x10 / 10.0));
  return Json(201, EvaluationJson(*made));
}

}  // namespace anninh::serve
