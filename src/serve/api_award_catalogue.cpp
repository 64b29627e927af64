// The award forms and the medal rules as data an admin edits (docs/ref/api.md, "Awards and
// festivals"; docs/design/0014): catalogues like the model types, so unit.manage. Forms an
// award names are retired, never deleted; a rule row is refused when its dates overlap.
#include <fmt/format.h>

#include "awards/book.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/awards_json.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

// An optional integer field (nullopt when absent).
Result<std::optional<int>> JsonInt(const json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::optional<int>();
  if (!body[name].is_number_integer()) return Fail(FieldError(name, "must be an integer"));
  return std::optional<int>(body[name].get<int>());
}

// A list of words, as a JSON array of strings (nullopt when absent).
Result<std::optional<std::vector<std::string>>> Words(const json& body, const char* name) {
  return JsonStringList(body, name);
}

}  // namespace

Response Api::AddAwardForm(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto body = ParseBody(c.request, R"({"code": "bk_chu_tich_ubnd_xa", "name": "Bằng khen của Chủ tịch UBND xã", )"
                                   R"("issuer": "UBND xã", "recipients": "both"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"code", "name", "issuer", "recipients", "medal"}); !s) return ErrorResponse(s.error());
  auto code = JsonString(*body, "code", true);
  auto name = JsonString(*body, "name", true);
  auto issuer = JsonString(*body, "issuer", true);
  auto recipients = JsonString(*body, "recipients", true);
  for (const auto* v : {&code, &name, &issuer, &recipients}) {
    if (!*v) return ErrorResponse(v->error());
  }
  auto medal = JsonBool(*body, "medal");
  if (!medal) return ErrorResponse(medal.error());
  auto made = (*book)->awards().AddForm({*code, *name, *issuer, *recipients, medal->value_or(false), ""});
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "award_form.add", "", 0, 0, fmt::format("{} '{}'", made->code, made->name));
  return Json(201, AwardFormJson(*made));
}

Response Api::EditAwardForm(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto body = ParseBody(c.request, R"({"name": "…", "retired": true})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"name", "issuer", "recipients", "medal", "retired"}); !s) return ErrorResponse(s.error());
  awards::FormEdit edit;
  auto name = JsonOptionalString(*body, "name");
  auto issuer = JsonOptionalString(*body, "issuer");
  auto recipients = JsonOptionalString(*body, "recipients");
  for (const auto* v : {&name, &issuer, &recipients}) {
    if (!*v) return ErrorResponse(v->error());
  }
  auto medal = JsonBool(*body, "medal");
  if (!medal) return ErrorResponse(medal.error());
  auto retired = JsonBool(*body, "retired");
  if (!retired) return ErrorResponse(retired.error());
  edit.name = *name;
  edit.issuer = *issuer;
  edit.recipients = *recipients;
  edit.medal = *medal;
  edit.retired = *retired;
  auto done = (*book)->awards().EditForm(c.params[0], edit);
  if (!done) return ErrorResponse(done.error());
  AuditOrLog(c, "award_form.edit", "", 0, 0, fmt::format("{}: {}", done->code, body->dump()));
  return Json(200, AwardFormJson(*done));
}

Response Api::RemoveAwardForm(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto done = (*book)->awards().RemoveForm(c.params[0]);
  if (!done) return ErrorResponse(done.error());
  if (!*done) {
    AuditOrLog(c, "award_form.delete", "", 0, 0, c.params[0]);
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
  AuditOrLog(c, "award_form.retire", "", 0, 0, fmt::format("{} on {}", (*done)->code, (*done)->retired_on));
  return Json(200, AwardFormJson(**done));
}

Response Api::AddMedalRule(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto body = ParseBody(c.request, R"({"circular": "05/2027/TT-BCA", "effective_from": "2027-03-01", )"
                                   R"("leader_years": 8, "team_years_men": 12, "team_years_women": 8})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"circular", "effective_from", "effective_to", "leader_years", "team_years_men",
                                 "team_years_women", "hardship_factor", "leader_tracks", "team_tracks",
                                 "leader_prior_award", "deferring_holds"});
      !s)
    return ErrorResponse(s.error());
  // Fields left out take the rule in force today's values, so the next circular states only
  // what it changes... except its number and first day, which it must name.
  auto rules = (*book)->awards().Rules();
  if (!rules) return ErrorResponse(rules.error());
  awards::MedalRule r = rules->empty() ? awards::MedalRule{} : rules->back();
  auto circular = JsonString(*body, "circular", true);
  auto from = JsonString(*body, "effective_from", true);
  auto to = JsonString(*body, "effective_to", false);
  for (const auto* v : {&circular, &from, &to}) {
    if (!*v) return ErrorResponse(v->error());
  }
  r.circular = *circular;
  r.effective_from = *from;
  r.effective_to = *to;
  for (auto [field, target] : {std::pair{"leader_years", &r.leader_years}, std::pair{"team_years_men", &r.team_years_men},
                               std::pair{"team_years_women", &r.team_years_women},
                               std::pair{"hardship_factor", &r.hardship_factor}}) {
    auto v = JsonInt(*body, field);
    if (!v) return ErrorResponse(v.error());
    if (*v) *target = **v;
  }
  for (auto [field, target] : {std::pair{"leader_tracks", &r.leader_tracks}, std::pair{"team_tracks", &r.team_tracks},
                               std::pair{"deferring_holds", &r.deferring_holds}}) {
    auto v = Words(*body, field);
    if (!v) return ErrorResponse(v.error());
    if (*v) *target = std::move(**v);
  }
  auto prior = JsonBool(*body, "leader_prior_award");
  if (!prior) return ErrorResponse(prior.error());
  if (*prior) r.leader_prior_award = **prior;
  auto added = (*book)->awards().AddRule(r);
  if (!added) return ErrorResponse(added.error());
  AuditOrLog(c, "medal_rule.add", "", 0, 0,
             fmt::format("{} from {}{}", added->rule.circular, added->rule.effective_from,
                         added->closed.empty() ? "" : fmt::format(" (closes {})", added->closed)));
  return Json(201, {{"rule", MedalRuleJson(added->rule)}, {"closed", added->closed}});
}

}  // namespace anninh::serve
