#include "serve/awards_json.h"

namespace anninh::serve {

using nlohmann::json;

json AwardFormJson(const awards::AwardForm& f) {
  return {{"code", f.code}, {"name", f.name}, {"issuer", f.issuer}, {"recipients", f.recipients}, {"medal", f.medal},
          {"retired_on", f.retired_on}};
}

json MedalRuleJson(const awards::MedalRule& r) {
  return {{"circular", r.circular},
          {"effective_from", r.effective_from},
          {"effective_to", r.effective_to},
          {"leader_years", r.leader_years},
          {"team_years_men", r.team_years_men},
          {"team_years_women", r.team_years_women},
          {"hardship_factor", r.hardship_factor},
          {"leader_tracks", r.leader_tracks},
          {"team_tracks", r.team_tracks},
          {"leader_prior_award", r.leader_prior_award},
          {"deferring_holds", r.deferring_holds}};
}

json RecipientJson(const awards::Recipient& r) {
  json j = {{"kind", r.kind}, {"name", r.name}};
  if (r.kind == "person") j["person_id"] = r.person_id;
  if (r.kind == "model") j["model_id"] = r.model_id;
  if (r.kind == "unit" || r.kind == "team") j["unit_code"] = r.unit_code;
  if (r.kind == "team") j["team_name"] = r.team_name;
  return j;
}

json AwardJson(const awards::Award& a) {
  json j = {{"id", a.id},
            {"form_code", a.form_code},
            {"recipient", RecipientJson(a.recipient)},
            {"proposing_unit", a.proposing_unit},
            {"achievement", a.achievement},
            {"period", a.period},
            {"proposed_on", a.proposed_on},
            {"status", awards::ToString(a.status)},
            {"status_name", awards::VietnameseName(a.status)},
            {"counts", awards::Counts(a.status)},
            {"eligibility", a.eligibility.empty() ? json(nullptr) : json::parse(a.eligibility, nullptr, false)},
            {"decision", a.decision_no.empty() ? json(nullptr)
                                               : json{{"number", a.decision_no},
                                                      {"date", a.decision_date},
                                                      {"signer", a.signer},
                                                      {"issuing_body", a.issuing_body}}},
            {"handed_on", a.handed_on.empty() ? json(nullptr) : json(a.handed_on)},
            {"festival_id", a.festival_id == 0 ? json(nullptr) : json(a.festival_id)},
            {"revocation", a.revoked_on.empty() ? json(nullptr)
                                                : json{{"on_date", a.revoked_on},
                                                       {"reason", a.revoke_reason},
                                                       {"decision_no", a.revoke_decision}}},
            {"by", a.by}};
  return j;
}

json EligibilityJson(const awards::Eligibility& e) {
  return {{"verdict", awards::ToString(e.verdict)},
          {"circular", e.circular},
          {"basis", e.basis.empty() ? json(nullptr) : json(e.basis)},
          {"leader_days", e.leader_days},
          {"leader_days_needed", e.leader_days_needed},
          {"team_days", e.team_days},
          {"team_days_needed", e.team_days_needed},
          {"reasons_vi", e.reasons_vi},
          {"reasons_en", e.reasons_en}};
}

json ServiceJson(const awards::ServiceRecord& r) {
  return {{"id", r.id},           {"track", r.track},       {"post", r.post},
          {"start_date", r.start_date}, {"end_date", r.end_date}, {"hardship", r.hardship}};
}

json HoldJson(const awards::PersonHold& h) {
  return {{"id", h.id},     {"kind", h.kind}, {"opened_on", h.opened_on}, {"closed_on", h.closed_on},
          {"note", h.note}, {"open", h.closed_on.empty()}};
}

json FestivalJson(const awards::Festival& f) {
  json points = json::array(), gifts = json::array();
  for (const auto& p : f.points) points.push_back({{"kind", p.kind}, {"name", p.name}});
  for (const auto& g : f.gifts) {
    gifts.push_back({{"recipient", g.recipient}, {"description", g.description}, {"value_vnd", g.value_vnd}});
  }
  return {{"id", f.id},
          {"unit_code", f.unit_code},
          {"year", f.year},
          {"held_on", f.held_on},
          {"programme", f.programme},
          {"participants", f.participants},
          {"guests", f.guests},
          {"points", std::move(points)},
          {"gifts", std::move(gifts)},
          {"models", f.models},
          {"by", f.by}};
}

json FiguresJson(const awards::FestivalFigures& f) {
  return {{"festivals", f.festivals},
          {"points", f.points},
          {"points_by_kind", f.points_by_kind},
          {"participants", f.participants},
          {"models_launched", f.models_launched},
          {"awards_handed_over", f.awards_handed_over},
          {"awards_by_form", f.awards_by_form},
          {"gifts", f.gifts},
          {"gifts_value_vnd", f.gifts_value_vnd},
          {"photos", f.photos}};
}

json PhotoJson(const awards::Photo& p) {
  return {{"id", p.id}, {"name", p.name}, {"sha256", p.sha256}, {"mime", p.mime}, {"bytes", p.bytes}, {"by", p.by}};
}

json DossierJson(const awards::DossierLine& d) {
  json posts = json::array();
  for (const auto& p : d.posts) {
    posts.push_back({{"what", p.what},
                     {"detail", p.detail},
                     {"start_date", p.start_date},
                     {"end_date", p.end_date},
                     {"hardship", p.hardship}});
  }
  return {{"award", AwardJson(d.award)}, {"form_name", d.form_name}, {"name", d.name},
          {"birth_year", d.birth_year},  {"gender", d.gender},       {"unit_code", d.unit_code},
          {"unit_name", d.unit_name},    {"posts", std::move(posts)}};
}

}  // namespace anninh::serve
