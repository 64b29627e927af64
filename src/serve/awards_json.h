// JSON for commendations and festivals (docs/ref/api.md, "Awards and festivals").
#pragma once

#include <nlohmann/json.hpp>

#include "awards/awards.h"
#include "awards/dossier.h"
#include "awards/festival_photos.h"
#include "awards/festivals.h"

namespace anninh::serve {

nlohmann::json AwardFormJson(const awards::AwardForm& f);
nlohmann::json MedalRuleJson(const awards::MedalRule& r);
nlohmann::json RecipientJson(const awards::Recipient& r);
nlohmann::json AwardJson(const awards::Award& a);
nlohmann::json EligibilityJson(const awards::Eligibility& e);
nlohmann::json ServiceJson(const awards::ServiceRecord& r);
nlohmann::json HoldJson(const awards::PersonHold& h);
nlohmann::json FestivalJson(const awards::Festival& f);
nlohmann::json FiguresJson(const awards::FestivalFigures& f);
nlohmann::json PhotoJson(const awards::Photo& p);
nlohmann::json DossierJson(const awards::DossierLine& d);

}  // namespace anninh::serve
