#include "reports/dossier_data.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "awards/book.h"
#include "core/vietnamese.h"
#include "movement/registry.h"
#include "reports/report_data.h"

namespace anninh::reports {

namespace {

std::string GenderText(const std::string& g) {
  if (g == "nam") return "Nam";
  if (g == "nu") return "Nữ";
  if (g == "khac") return "Khác";
  return "";
}

// The register's post kinds and the service tracks, as a clerk writes them.
std::string PostText(const std::string& what) {
  if (what == "committee_head") return "Trưởng Ban chỉ đạo";
  if (what == "committee_deputy") return "Phó Trưởng Ban chỉ đạo";
  if (what == "committee_member") return "Thành viên Ban chỉ đạo";
  if (what == "model_leader") return "Tổ trưởng mô hình";
  if (what == "model_member") return "Thành viên mô hình";
  if (what == "security_team_member" || what == "security_team") return "Tổ viên Tổ bảo vệ ANTT ở cơ sở";
  if (what == "leader") return "Lãnh đạo";
  if (what == "dan_phong") return "Dân phòng";
  if (what == "commune_police") return "Công an xã";
  return what;
}

// The post held last (an open one before any that ended), with the person's unit.
std::string PostAndUnit(const awards::DossierLine& l) {
  const awards::DossierPost* latest = nullptr;
  for (const awards::DossierPost& p : l.posts) {
    const bool open = p.end_date.empty();
    if (latest == nullptr || (open && !latest->end_date.empty()) ||
        (open == latest->end_date.empty() && p.start_date >= latest->start_date)) {
      latest = &p;
    }
  }
  std::string out = latest ? PostText(latest->what) : "";
  if (!l.unit_name.empty()) out += (out.empty() ? "" : ", ") + l.unit_name;
  return out;
}

// The medal's counted service, from the check stored with the proposal (the route that
// qualified and its weighted days); other forms show the period the achievement covers.
std::string ServiceText(const awards::DossierLine& l, bool medal) {
  if (!medal || l.award.eligibility.empty()) return l.award.period;
  const auto e = nlohmann::json::parse(l.award.eligibility, nullptr, false);
  if (e.is_discarded()) return l.award.period;
  const std::string basis = e.value("basis", "");
  const long long days = basis == "leader" ? e.value("leader_days", 0LL) : e.value("team_days", 0LL);
  bool hardship = false;
  for (const auto& p : l.posts) hardship = hardship || p.hardship;
  return fmt::format("{} năm{}", Years(days), hardship ? " (có thời gian ở vùng đặc biệt khó khăn, biên giới, hải đảo tính gấp đôi)" : "");
}

}  // namespace

const std::vector<std::string>& DossierColumns() {
  static const std::vector<std::string> kColumns = {"STT",
                                                     "Họ và tên",
                                                     "Năm sinh",
                                                     "Giới tính",
                                                     "Chức vụ, đơn vị",
                                                     "Số năm công tác",
                                                     "Tóm tắt thành tích",
                                                     "Hình thức đề nghị"};
  return kColumns;
}

std::string Years(long long days) { return Percent(static_cast<double>(days) / 365.2425); }

Result<DossierData> GatherDossier(awards::Book& book, movement::Registry& registry, const ReportRequest& request) {
  auto lines = book.Dossier(request.dossier.award_ids);
  if (!lines) return Fail(std::move(lines).error());
  auto set = awards::CheckDossierSet(*lines);
  if (!set) return Fail(std::move(set).error());
  DossierData d;
  d.request = request;
  auto forms = book.awards().Forms();
  if (!forms) return Fail(std::move(forms).error());
  for (const awards::AwardForm& f : *forms) {
    if (f.code == set->form_code) d.form = f;
  }
  auto unit = registry.units().AsOf(set->proposing_unit, request.as_of);
  if (!unit) return Fail(std::move(unit).error());
  if (!*unit) return Fail(ErrorCode::kNotFound, fmt::format("no unit '{}' on {}", set->proposing_unit, request.as_of));
  d.unit_name = (*unit)->name;
  auto place = PlaceOf(registry, set->proposing_unit, request.as_of);
  if (!place) return Fail(std::move(place).error());
  d.place = request.place.empty() ? *place : request.place;
  d.issuer = request.issuer.empty()
                 ? std::vector<std::string>{"BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ", ViUpper(d.unit_name)}
                 : Lines(request.issuer);
  d.number = request.number.empty() ? "      /TTr-BCĐ" : request.number;
  d.addressee = request.dossier.addressee.empty() ? d.form.issuer : request.dossier.addressee;
  d.signer_title = request.dossier.signer_title.empty() ? "TRƯỞNG BAN" : request.dossier.signer_title;
  d.signer = request.dossier.signer;
  d.subject = "V/v đề nghị tặng " + d.form.name;
  if (d.form.medal) {
    auto rules = book.awards().Rules();
    if (!rules) return Fail(std::move(rules).error());
    // The circular in force on the proposals' date is the one they were checked under.
    if (const awards::MedalRule* r = awards::RuleOn(*rules, lines->front().award.proposed_on)) d.circular = r->circular;
  }
  for (const awards::DossierLine& l : *lines) {
    const bool person = l.award.recipient.kind == "person";
    std::vector<DossierRow>& section = person ? d.individuals : d.collectives;
    DossierRow row;
    row.cells = {std::to_string(section.size() + 1),
                 l.name,
                 person && l.birth_year > 0 ? std::to_string(l.birth_year) : "",
                 person ? GenderText(l.gender) : "",
                 person ? PostAndUnit(l) : d.unit_name,
                 ServiceText(l, d.form.medal),
                 l.award.achievement,
                 d.form.name};
    section.push_back(std::move(row));
  }
  return d;
}

}  // namespace anninh::reports
