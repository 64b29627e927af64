// An award dossier's documents as report jobs (docs/ref/api.md, "Awards and festivals";
// docs/design/0014): the awards are checked here, before anything is queued — each one the
// caller reaches (404 like a missing one otherwise, as GET /awards/dossier), one form of one
// proposing unit (400 saying which do not fit) — and the job is then read, cancelled and
// downloaded through the report routes, which check the proposing unit's scope again.
#include <fmt/format.h>

#include "awards/book.h"
#include "movement/dates.h"
#include "movement/registry.h"
#include "reports/report_jobs.h"
#include "serve/api.h"
#include "serve/api_util.h"
#include "serve/movement_json.h"

namespace anninh::serve {

using nlohmann::json;

Response Api::StartDossier(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto book = AwardsBook();
  if (!book) return ErrorResponse(book.error());
  if (!reports_) return ErrorResponse(Error(ErrorCode::kUnavailable, "reports are not enabled on this server"));
  auto body = ParseBody(c.request, R"({"ids": [12, 13], "kind": "to-trinh", "format": "docx", "number": "27/TTr-BCĐ"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"ids", "kind", "format", "number", "issuer", "place", "date", "addressee", "signer",
                                 "signer_title"});
      !s)
    return ErrorResponse(s.error());
  if (!body->contains("ids") || !(*body)["ids"].is_array() || (*body)["ids"].empty() || (*body)["ids"].size() > 500) {
    return ErrorResponse(FieldError("ids", "must list 1 to 500 award ids, like [12, 13]"));
  }
  reports::ReportRequest r;
  for (const json& id : (*body)["ids"]) {
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
      return ErrorResponse(FieldError("ids", "must hold positive integers"));
    }
    auto a = VisibleAward(c.who, std::to_string(id.get<std::int64_t>()));
    if (!a) return ErrorResponse(std::move(a).error().WithField("ids"));
    r.dossier.award_ids.push_back(a->id);
  }
  auto kind = JsonString(*body, "kind", true);
  auto format = JsonString(*body, "format", true);
  auto number = JsonString(*body, "number", false);
  auto issuer = JsonString(*body, "issuer", false);
  auto place = JsonString(*body, "place", false);
  auto date = JsonString(*body, "date", false);
  auto addressee = JsonString(*body, "addressee", false);
  auto signer = JsonString(*body, "signer", false);
  auto signer_title = JsonString(*body, "signer_title", false);
  for (const auto* v : {&kind, &format, &number, &issuer, &place, &date, &addressee, &signer, &signer_title}) {
    if (!*v) return ErrorResponse(v->error());
  }
  auto k = reports::ParseDocumentKind(*kind);
  if (!k) return ErrorResponse(k.error());
  auto f = reports::ParseFormat(*format);
  if (!f) return ErrorResponse(f.error());
  auto lines = (*book)->Dossier(r.dossier.award_ids);
  if (!lines) return ErrorResponse(lines.error());
  auto set = awards::CheckDossierSet(*lines);
  if (!set) return ErrorResponse(set.error());
  r.kind = *k;
  r.format = *f;
  r.unit = set->proposing_unit;
  r.as_of = *date;
  r.number = *number;
  r.issuer = *issuer;
  r.place = *place;
  r.dossier.addressee = *addressee;
  r.dossier.signer = *signer;
  r.dossier.signer_title = *signer_title;
  r.requested_by = c.who.Actor();
  if (auto s = reports::Complete(r, deps_.clock.Now()); !s) return ErrorResponse(s.error());
  // The job is read back through the report routes, which check the unit on its date: a
  // letter dated before the caller's unit existed would be theirs to start and not to read.
  auto reaches = movement_->units().InScope(ScopeOf(c.who), r.unit, r.as_of);
  if (!reaches) return ErrorResponse(reaches.error());
  if (!*reaches) {
    return ErrorResponse(
        Error(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", r.unit, r.as_of)).WithField("date"));
  }
  auto id = reports_->Submit(r);
  if (!id) return ErrorResponse(id.error());
  AuditOrLog(c, "dossier.start", "", 0, 0,
             json({{"id", *id}, {"kind", *kind}, {"format", *format}, {"unit", r.unit}, {"award_ids", r.dossier.award_ids}})
                 .dump());
  auto job = reports_->Get(*id);
  if (!job) return ErrorResponse(job.error());
  Response out = Json(202, reports::ReportStatusToJson(*job));
  out.headers.emplace_back("Location", "/api/v1/reports/" + *id);
  return out;
}

}  // namespace anninh::serve
