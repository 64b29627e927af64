// Mediation cases of a "tự hòa giải" model over HTTP (docs/ref/api.md, "Movement"). They hang
// off a model the caller reaches (ModelFor: another village's model answers "no model N"),
// reading needs movement.read and writing movement.edit, and every change is audited with
// the case's id and outcome only — the subject is users' text and stays out of the log.
#include <fmt/format.h>

#include "movement/registry.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

json CaseJson(const movement::MediationCase& c) {
  return {{"id", c.id},
          {"model_id", c.model_id},
          {"received_on", c.received_on},
          {"subject", c.subject},
          {"outcome", c.outcome},
          {"closed_on", c.closed_on},
          {"created_by", c.created_by},
          {"updated_by", c.updated_by}};
}

}  // namespace

Response Api::ListMediationCases(const Call& c) const {
  auto m = ModelFor(c, {"limit", "cursor"});
  if (!m) return ErrorResponse(m.error());
  auto cases = movement_->mediation().ForModel(m->id);  // ModelFor found the registry enabled
  if (!cases) return ErrorResponse(cases.error());
  auto page = PagedJson(c.target, *cases, "cases", [](const auto& x) { return CaseJson(x); });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::AddMediationCase(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  auto body = ParseBody(c.request, R"({"received_on": "2025-09-02", "subject": "Tranh chấp lối đi chung"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"received_on", "subject", "outcome", "closed_on"}); !s) return ErrorResponse(s.error());
  auto received = JsonString(*body, "received_on", false);
  auto subject = JsonString(*body, "subject", true);
  auto outcome = JsonString(*body, "outcome", false);
  auto closed = JsonString(*body, "closed_on", false);
  for (const auto* r : {&received, &subject, &outcome, &closed}) {
    if (!*r) return ErrorResponse(r->error());
  }
  movement::MediationCase in{0, m->id, *received, *subject, outcome->empty() ? "pending" : *outcome, *closed, "", ""};
  auto made = movement_->mediation().Add(c.who.Actor(), std::move(in));
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "mediation.add", "", 0, 0,
             fmt::format("model {} case {} received {} {}", m->id, made->id, made->received_on, made->outcome));
  return Json(201, CaseJson(*made));
}

Response Api::UpdateMediationCase(const Call& c) const {
  auto m = ModelFor(c);
  if (!m) return ErrorResponse(m.error());
  auto id = ParseId(c.params[1], "mediation case");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseBody(c.request, R"({"outcome": "reconciled", "closed_on": "2025-09-20"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"received_on", "subject", "outcome", "closed_on"}); !s) return ErrorResponse(s.error());
  movement::MediationChange change;
  auto subject = JsonOptionalString(*body, "subject");
  auto outcome = JsonOptionalString(*body, "outcome");
  auto closed = JsonOptionalString(*body, "closed_on");
  auto received = JsonOptionalString(*body, "received_on");
  for (const auto* r : {&subject, &outcome, &closed, &received}) {
    if (!*r) return ErrorResponse(r->error());
  }
  change.subject = *subject;
  change.outcome = *outcome;
  change.closed_on = *closed;
  change.received_on = *received;
  auto updated = movement_->mediation().Update(c.who.Actor(), m->id, *id, std::move(change));
  if (!updated) return ErrorResponse(updated.error());
  AuditOrLog(c, "mediation.update", "", 0, 0,
             fmt::format("model {} case {} {} {}", m->id, updated->id, updated->outcome, updated->closed_on));
  return Json(200, CaseJson(*updated));
}

}  // namespace anninh::serve
