// Commendations (docs/ref/api.md, "Awards and festivals"). Awards are scoped by the unit that
// proposed them, like models by theirs: one outside the caller's units answers exactly like a
// missing one (404 "no award N"). A proposal names a recipient the caller reaches too.
#include <fmt/format.h>

#include <sstream>

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

// An optional positive id in a JSON body (0 when absent).
Result<std::int64_t> JsonId(const json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return 0;
  if (!body[name].is_number_integer() || body[name].get<std::int64_t>() <= 0) {
    return Fail(FieldError(name, "must be a positive integer"));
  }
  return body[name].get<std::int64_t>();
}

}  // namespace

Result<awards::Book*> Api::AwardsBook() const {
  if (awards_ == nullptr || movement_ == nullptr) {
    return Fail(ErrorCode::kUnavailable, "commendations and festivals are not enabled");
  }
  return awards_;
}

Result<awards::Award> Api::VisibleAward(const access::Principal& who, const std::string& id_text) const {
  auto book = AwardsBook();
  if (!book) return Fail(std::move(book).error());
  auto id = ParseId(id_text, "award");
  if (!id) return Fail(std::move(id).error());
  auto a = (*book)->awards().Get(*id);
  if (!a) return Fail(std::move(a).error());
  auto reaches = *a ? Reaches(who, (*a)->proposing_unit) : Result<bool>(false);
  if (!reaches) return Fail(std::move(reaches).error());
  if (!*reaches) return Fail(ErrorCode::kNotFound, fmt::format("no award {}", *id));
  return std::move(**a);
}

Result<std::int64_t> Api::VisiblePerson(const access::Principal& who, const std::string& id_text) const {
  auto reg = Movement();
  if (!reg) return Fail(std::move(reg).error());
  auto id = ParseId(id_text, "person");
  if (!id) return Fail(std::move(id).error());
  auto p = (*reg)->people().Get(*id);
  if (!p) return Fail(std::move(p).error());
  auto reaches = *p ? Reaches(who, (*p)->unit_code) : Result<bool>(false);
  if (!reaches) return Fail(std::move(reaches).error());
  if (!*reaches) return Fail(ErrorCode::kNotFound, fmt::format("no person {}", *id));
  return *id;
}

Response Api::AwardForms(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto forms = (*book)->awards().Forms();
  if (!forms) return ErrorResponse(forms.error());
  json list = json::array();
  for (const auto& f : *forms) list.push_back(AwardFormJson(f));
  return Json(200, {{"forms", std::move(list)}});
}

Response Api::MedalRules(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto rules = (*book)->awards().Rules();
  if (!rules) return ErrorResponse(rules.error());
  json list = json::array();
  for (const auto& r : *rules) list.push_back(MedalRuleJson(r));
  return Json(200, {{"rules", std::move(list)}});
}

Response Api::ListAwards(const Call& c) const {
  if (auto s = CheckParams(c.target, {"unit", "status", "form", "festival", "limit", "cursor"}); !s)
    return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  const std::string status = Param(c.target, "status");
  if (!status.empty() && !awards::ParseAwardStatus(status)) {
    return ErrorResponse(FieldError("status", "must be proposed, reviewed, rejected, decided, handed_over or revoked"));
  }
  std::int64_t festival = 0;
  if (const std::string f = Param(c.target, "festival"); !f.empty()) {
    auto id = ParseId(f, "festival");
    if (!id) return ErrorResponse(std::move(id).error().WithField("festival"));
    festival = *id;
  }
  auto list = (*book)->awards().List({Param(c.target, "unit"), status, Param(c.target, "form"), festival},
                                     ScopeOf(c.who));
  if (!list) return ErrorResponse(list.error());
  auto page = PagedJson(c.target, *list, "awards", [](const auto& x) { return AwardJson(x); });
  if (!page) return ErrorResponse(page.error());
  return Json(200, *page);
}

Response Api::ProposeAward(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto body = ParseBody(c.request, R"({"form_code": "knc_bv_antq", "recipient": {"kind": "person", "person_id": 7}, )"
                                   R"("proposing_unit": "12970", "achievement": "...", "period": "2010-2025"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"form_code", "recipient", "proposing_unit", "achievement", "period", "proposed_on"});
      !s)
    return ErrorResponse(s.error());
  if (!body->contains("recipient") || !(*body)["recipient"].is_object()) {
    return ErrorResponse(FieldError("recipient", "must be an object like {\"kind\": \"person\", \"person_id\": 7}"));
  }
  const json& rj = (*body)["recipient"];
  if (auto s = CheckKeys(rj, {"kind", "person_id", "model_id", "unit_code", "team_name"}); !s)
    return ErrorResponse(s.error());
  awards::Award a;
  auto form = JsonString(*body, "form_code", true);
  auto unit = JsonString(*body, "proposing_unit", true);
  auto achievement = JsonString(*body, "achievement", true);
  auto period = JsonString(*body, "period", true);
  auto proposed_on = JsonString(*body, "proposed_on", false);
  auto kind = JsonString(rj, "kind", true);
  auto r_unit = JsonString(rj, "unit_code", false);
  auto team = JsonString(rj, "team_name", false);
  for (const auto* r : {&form, &unit, &achievement, &period, &proposed_on, &kind, &r_unit, &team}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto person_id = JsonId(rj, "person_id");
  if (!person_id) return ErrorResponse(std::move(person_id).error().WithField("recipient.person_id"));
  auto model_id = JsonId(rj, "model_id");
  if (!model_id) return ErrorResponse(std::move(model_id).error().WithField("recipient.model_id"));
  // The proposing unit and the recipient are the caller's: a commune proposes its own people.
  auto reaches = Reaches(c.who, *unit);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + *unit + "'").WithField("proposing_unit"));
  if (*kind == "person") {
    auto p = VisiblePerson(c.who, std::to_string(*person_id));
    if (!p) return ErrorResponse(std::move(p).error().WithField("recipient.person_id"));
  } else if (*kind == "model") {
    auto m = VisibleModel(c.who, std::to_string(*model_id));
    if (!m) return ErrorResponse(std::move(m).error().WithField("recipient.model_id"));
  } else if (*kind == "unit" || *kind == "team") {
    auto r = Reaches(c.who, *r_unit);
    if (!r) return ErrorResponse(r.error());
    if (!*r) {
      return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + *r_unit + "'").WithField("recipient.unit_code"));
    }
  }
  a.form_code = *form;
  a.recipient = {*kind, *person_id, *model_id, *r_unit, *team, ""};
  a.proposing_unit = *unit;
  a.achievement = *achievement;
  a.period = *period;
  a.proposed_on = *proposed_on;
  auto made = (*book)->awards().Propose(c.who.Actor(), a);
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "award.propose", "", 0, 0,
             fmt::format("award {} {} to {} {}", made->id, made->form_code, made->recipient.kind,
                         made->recipient.kind == "person" ? std::to_string(made->recipient.person_id)
                                                          : made->recipient.name));
  return Json(201, AwardJson(*made));
}

Response Api::GetAward(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto a = VisibleAward(c.who, c.params[0]);
  if (!a) return ErrorResponse(a.error());
  auto steps = (*AwardsBook())->awards().Steps(a->id);
  if (!steps) return ErrorResponse(steps.error());
  json j = AwardJson(*a), list = json::array();
  for (const auto& s : *steps) {
    list.push_back({{"status", s.status}, {"on_date", s.on_date}, {"note", s.note}, {"by", s.by}});
  }
  j["steps"] = std::move(list);
  return Json(200, j);
}

Response Api::StepAward(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto a = VisibleAward(c.who, c.params[0]);
  if (!a) return ErrorResponse(a.error());
  auto body = ParseBody(c.request, R"({"to": "decided", "decision_no": "1234/QĐ-BCA", "decision_date": "2025-08-01", )"
                                   R"("signer": "...", "issuing_body": "Bộ Công an"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"to", "on_date", "note", "decision_no", "decision_date", "signer", "issuing_body",
                                 "festival_id"});
      !s)
    return ErrorResponse(s.error());
  auto to = JsonString(*body, "to", true);
  auto on_date = JsonString(*body, "on_date", false);
  auto note = JsonString(*body, "note", false);
  auto number = JsonString(*body, "decision_no", false);
  auto date = JsonString(*body, "decision_date", false);
  auto signer = JsonString(*body, "signer", false);
  auto issuer = JsonString(*body, "issuing_body", false);
  for (const auto* r : {&to, &on_date, &note, &number, &date, &signer, &issuer}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto status = awards::ParseAwardStatus(*to);
  if (!status) return ErrorResponse(FieldError("to", "must be reviewed, rejected, decided, handed_over or revoked"));
  auto festival = JsonId(*body, "festival_id");
  if (!festival) return ErrorResponse(festival.error());
  if (*festival != 0) {
    auto f = VisibleFestival(c.who, std::to_string(*festival));
    if (!f) return ErrorResponse(std::move(f).error().WithField("festival_id"));
  }
  awards::Step step{*status, *on_date, *note, *number, *date, *signer, *issuer, *festival};
  auto done = (*AwardsBook())->awards().Transition(c.who.Actor(), a->id, step);
  if (!done) return ErrorResponse(done.error());
  AuditOrLog(c, "award.step", "", 0, 0,
             fmt::format("award {} {} -> {}", a->id, awards::ToString(a->status), awards::ToString(done->status)));
  return Json(200, AwardJson(*done));
}

Response Api::MedalEligibility(const Call& c) const {
  if (auto s = CheckParams(c.target, {"person", "date"}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto person = VisiblePerson(c.who, Param(c.target, "person"));
  if (!person) return ErrorResponse(std::move(person).error().WithField("person"));
  std::string date = Param(c.target, "date");
  if (date.empty()) date = movement::VietnamDay(deps_.clock.Now());
  auto e = (*book)->awards().CheckMedal(*person, date);
  if (!e) return ErrorResponse(e.error());
  json j = EligibilityJson(*e);
  j["person_id"] = *person;
  j["date"] = date;
  return Json(200, j);
}

Response Api::PersonAwards(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto person = (*movement_).people().Get(*id);
  if (!person || !*person) return ErrorResponse(person ? Error(ErrorCode::kNotFound, "no person") : person.error());
  auto history = (*book)->awards().History({"person", *id, 0, "", "", ""});
  auto service = (*book)->awards().Services(*id);
  auto holds = (*book)->awards().Holds(*id);
  auto posts = movement_->people().Positions(*id);
  if (!history) return ErrorResponse(history.error());
  if (!service) return ErrorResponse(service.error());
  if (!holds) return ErrorResponse(holds.error());
  if (!posts) return ErrorResponse(posts.error());
  json a = json::array(), s = json::array(), h = json::array(), p = json::array();
  int counting = 0;
  for (const auto& x : *history) {
    a.push_back(AwardJson(x));
    counting += awards::Counts(x.status) ? 1 : 0;
  }
  for (const auto& x : *service) s.push_back(ServiceJson(x));
  for (const auto& x : *holds) h.push_back(HoldJson(x));
  for (const auto& x : *posts) p.push_back(PositionJson(x));
  return Json(200, {{"person", PersonJson(**person)},
                    {"awards", std::move(a)},
                    {"counting", counting},
                    {"positions", std::move(p)},
                    {"service", std::move(s)},
                    {"holds", std::move(h)}});
}

Response Api::CollectiveHistory(const Call& c) const {
  if (auto s = CheckParams(c.target, {"model", "unit", "team"}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  awards::Recipient who;
  if (const std::string m = Param(c.target, "model"); !m.empty()) {
    auto model = VisibleModel(c.who, m);
    if (!model) return ErrorResponse(std::move(model).error().WithField("model"));
    who = {"model", 0, model->id, "", "", ""};
  } else if (const std::string u = Param(c.target, "unit"); !u.empty()) {
    auto r = Reaches(c.who, u);
    if (!r) return ErrorResponse(r.error());
    if (!*r) return ErrorResponse(Error(ErrorCode::kNotFound, "no unit '" + u + "'").WithField("unit"));
    const std::string team = Param(c.target, "team");
    who = {team.empty() ? "unit" : "team", 0, 0, u, team, ""};
  } else {
    return ErrorResponse(FieldError("model", "or 'unit' (with 'team' for a team) is required"));
  }
  auto history = (*book)->awards().History(who);
  if (!history) return ErrorResponse(history.error());
  json list = json::array();
  for (const auto& x : *history) list.push_back(AwardJson(x));
  return Json(200, {{"recipient", RecipientJson(who)}, {"awards", std::move(list)}});
}

Response Api::AwardDossier(const Call& c) const {
  if (auto s = CheckParams(c.target, {"ids"}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  std::vector<std::int64_t> ids;
  std::istringstream in(Param(c.target, "ids"));
  for (std::string item; std::getline(in, item, ',');) {
    auto a = VisibleAward(c.who, item);
    if (!a) return ErrorResponse(std::move(a).error().WithField("ids"));
    ids.push_back(a->id);
  }
  if (ids.empty() || ids.size() > 500) return ErrorResponse(FieldError("ids", "must list 1 to 500 award ids"));
  auto lines = (*book)->Dossier(ids);
  if (!lines) return ErrorResponse(lines.error());
  json list = json::array();
  for (const auto& l : *lines) list.push_back(DossierJson(l));
  return Json(200, {{"lines", std::move(list)}});
}

Response Api::AddService(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto body = ParseBody(c.request, R"({"track": "dan_phong", "start_date": "2005-01-01", "end_date": "2010-01-01"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"track", "post", "start_date", "end_date", "hardship"}); !s)
    return ErrorResponse(s.error());
  auto track = JsonString(*body, "track", true);
  auto post = JsonString(*body, "post", false);
  auto start = JsonString(*body, "start_date", true);
  auto end = JsonString(*body, "end_date", false);
  for (const auto* r : {&track, &post, &start, &end}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto hardship = JsonBool(*body, "hardship");
  if (!hardship) return ErrorResponse(hardship.error());
  auto made = (*book)->awards().AddService(c.who.Actor(), {0, *id, *track, *post, *start, *end, hardship->value_or(false)});
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "service.add", "", 0, 0, fmt::format("person {} {} from {}", *id, made->track, made->start_date));
  return Json(201, ServiceJson(*made));
}

Response Api::AddPersonHold(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto body = ParseBody(c.request, R"({"kind": "complaint", "opened_on": "2025-05-01"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"kind", "opened_on", "note"}); !s) return ErrorResponse(s.error());
  auto kind = JsonString(*body, "kind", true);
  auto opened = JsonString(*body, "opened_on", true);
  auto note = JsonString(*body, "note", false);
  for (const auto* r : {&kind, &opened, &note}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto made = (*book)->awards().AddHold(c.who.Actor(), {0, *id, *kind, *opened, "", *note});
  if (!made) return ErrorResponse(made.error());
  AuditOrLog(c, "hold.add", "", 0, 0, fmt::format("person {} {} from {}", *id, made->kind, made->opened_on));
  return Json(201, HoldJson(*made));
}

Response Api::ClosePersonHold(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  auto id = VisiblePerson(c.who, c.params[0]);
  if (!id) return ErrorResponse(id.error());
  auto hold = ParseId(c.params[1], "hold");
  if (!hold) return ErrorResponse(hold.error());
  auto body = ParseBody(c.request, R"({"closed_on": "2025-06-10"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"closed_on"}); !s) return ErrorResponse(s.error());
  auto closed = JsonString(*body, "closed_on", true);
  if (!closed) return ErrorResponse(closed.error());
  auto done = (*book)->awards().CloseHold(*id, *hold, *closed);
  if (!done) return ErrorResponse(done.error());
  AuditOrLog(c, "hold.close", "", 0, 0, fmt::format("person {} hold {} on {}", *id, *hold, *closed));
  return Json(200, HoldJson(*done));
}

}  // namespace anninh::serve
