// Commendations and festivals through the API with real access control: a village head
// proposes for their own village and cannot see, step or hand over another's award (404,
// like a missing one); a province reader reads but cannot propose; every change audited.
// The dossier's documents are started for a village's own proposals only, bad sets are 400
// with the reason, and the job is read and downloaded through the report routes (404
// outside the unit); award forms are retired when used, a medal rule overlapping another is
// refused, and the eligibility check picks the new circular by the proposal date.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "reports/report_jobs.h"
#include "serve/api_world_test.h"

namespace anninh::serve {
namespace {

using nlohmann::json;

const char kUnits[] =
    "code,name,level,parent,effective\n"
    "33,Tỉnh Hưng Yên,province,,2004-01-01\n"
    "12970,Xã Tiền Hải,commune,33,2004-01-01\n"
    "12970.01,Thôn Đông,village,12970,2004-01-01\n"
    "12970.02,Thôn Tây,village,12970,2004-01-01\n";

class ApiAwardsTest : public ApiPeopleTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(Populate(kUnits, {{"tinh", "province", {"33"}},
                                              {"dong", "village_head", {"12970.01"}},
                                              {"tay", "village_head", {"12970.02"}},
                                              {"admin", "admin", {}}}));
  }
  // A man in `village`'s security team since `since` (2005: eligible for the medal).
  std::int64_t Member(const std::string& who, const std::string& name, const std::string& village,
                      const std::string& since = "2005-01-01") {
    const auto id = Ok(201, who, Method::kPost, "/api/v1/people", {{"name", name}, {"gender", "nam"}, {"unit_code", village}})
                        .value("id", std::int64_t{0});
    Ok(201, who, Method::kPost, "/api/v1/people/" + std::to_string(id) + "/positions",
       {{"kind", "security_team_member"}, {"start_date", since}});
    return id;
  }
  json Medal(std::int64_t person, const std::string& unit) {
    return {{"form_code", "knc_bv_antq"},
            {"recipient", {{"kind", "person"}, {"person_id", person}}},
            {"proposing_unit", unit},
            {"achievement", "20 năm tham gia tổ bảo vệ ANTT"},
            {"period", "2005-2025"}};
  }

  json Proposal(const std::string& form, std::int64_t person, const std::string& unit, const std::string& on = "") {
    json j = {{"form_code", form},
              {"recipient", {{"kind", "person"}, {"person_id", person}}},
              {"proposing_unit", unit},
              {"achievement", "Nhiều năm giữ gìn an ninh thôn"},
              {"period", "2005-2025"}};
    if (!on.empty()) j["proposed_on"] = on;
    return j;
  }
  std::int64_t Propose(const std::string& who, const json& proposal) {
    return Ok(201, who, Method::kPost, "/api/v1/awards", proposal).value("id", std::int64_t{0});
  }
  Response Dossier(const std::string& who, const json& ids, const std::string& kind = "trich-ngang",
                   const std::string& format = "xlsx") {
    return As(who, Method::kPost, "/api/v1/awards/dossier/documents",
              {{"ids", ids}, {"kind", kind}, {"format", format}, {"number", "27/TTr-BCĐ"}});
  }
};

TEST_F(ApiAwardsTest, AVillageHeadReachesOnlyTheirVillagesAwards) {
  const auto dong_member = Member("dong", "Trần Văn Đông", "12970.01");
  const auto tay_member = Member("tay", "Lê Văn Tây", "12970.02");
  // Proposing for another village's person, or in another village's name, is refused like
  // a missing record.
  EXPECT_EQ(As("dong", Method::kPost, "/api/v1/awards", Medal(tay_member, "12970.01")).status, 404);
  EXPECT_EQ(As("dong", Method::kPost, "/api/v1/awards", Medal(dong_member, "12970.02")).status, 404);
  const auto award = Ok(201, "dong", Method::kPost, "/api/v1/awards", Medal(dong_member, "12970.01"));
  const std::string path = "/api/v1/awards/" + std::to_string(award["id"].get<std::int64_t>());
  EXPECT_EQ(award["eligibility"]["verdict"], "eligible");
  EXPECT_EQ(AuditCount("award.propose"), 1u);

  // Thôn Tây's head sees nothing of it, and cannot step it.
  Response missing = As("tay", Method::kGet, path);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(As("tay", Method::kGet, "/api/v1/awards/99999").status, 404);
  EXPECT_EQ(As("tay", Method::kPost, path + "/steps", {{"to", "reviewed"}}).status, 404);
  EXPECT_TRUE(Ok(200, "tay", Method::kGet, "/api/v1/awards")["awards"].empty());
  EXPECT_EQ(As("tay", Method::kGet, "/api/v1/people/" + std::to_string(dong_member) + "/awards").status, 404);

  // The province reads it; it has no right to change anything.
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, "/api/v1/awards")["awards"].size(), 1u);
  EXPECT_EQ(As("tinh", Method::kPost, path + "/steps", {{"to", "reviewed"}}).status, 403);

  // A festival of Thôn Tây is not Thôn Đông's to hand an award over at.
  const auto fest = Ok(201, "tay", Method::kPost, "/api/v1/festivals",
                       {{"unit_code", "12970.02"}, {"year", 2025}, {"held_on", "2025-08-19"}});
  Ok(200, "dong", Method::kPost, path + "/steps", {{"to", "reviewed"}});
  Ok(200, "dong", Method::kPost, path + "/steps",
     {{"to", "decided"}, {"decision_no", "1/QĐ-BCA"}, {"decision_date", "2025-09-23"}, {"signer", "Bộ trưởng"},
      {"issuing_body", "Bộ Công an"}});
  Response other = As("dong", Method::kPost, path + "/steps", {{"to", "handed_over"}, {"festival_id", fest["id"]}});
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(Ok(200, "dong", Method::kGet, path)["status"], "decided");
  EXPECT_EQ(AuditCount("award.step"), 2u);
  EXPECT_EQ(AuditCount("festival.create"), 1u);
}

TEST_F(ApiAwardsTest, TheSecondMedalProposalIsRefusedWithTheReason) {
  const auto p = Member("dong", "Trần Văn Đông", "12970.01");
  Ok(201, "dong", Method::kPost, "/api/v1/awards", Medal(p, "12970.01"));
  Response again = As("dong", Method::kPost, "/api/v1/awards", Medal(p, "12970.01"));
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("một lần"), std::string::npos) << again.body;
  EXPECT_EQ(AuditCount("award.propose"), 1u);
}

TEST_F(ApiAwardsTest, AVillageMakesTheListOfItsOwnProposalsAndOnlyItCanReadIt) {
  const auto a = Propose("dong", Proposal("knc_bv_antq", Member("dong", "Trần Văn Đông", "12970.01"), "12970.01"));
  const auto b = Propose("dong", Proposal("knc_bv_antq", Member("dong", "Lê Thị Hoà", "12970.01"), "12970.01"));
  Response started = Dossier("dong", {a, b});
  ASSERT_EQ(started.status, 202) << started.body;
  const json job = json::parse(started.body);
  EXPECT_EQ(job["request"]["kind"], "trich-ngang");
  EXPECT_EQ(job["request"]["unit"], "12970.01");
  EXPECT_EQ(job["request"]["award_ids"], json({a, b}));
  const std::string id = job["id"];
  auto done = world_.report_jobs->Wait(id, std::chrono::seconds(60));
  ASSERT_TRUE(done) << done.error().ToString();
  ASSERT_EQ(done->state, reports::JobState::kDone) << done->error.ToString();
  EXPECT_EQ(AuditCount("dossier.start"), 1u);

  // Through the report routes: its own village reads and downloads it, a real workbook.
  EXPECT_EQ(Ok(200, "dong", Method::kGet, "/api/v1/reports/" + id)["state"], "done");
  Response file = As("dong", Method::kGet, "/api/v1/reports/" + id + "/file");
  ASSERT_EQ(file.status, 200) << file.body;
  ASSERT_TRUE(file.file.has_value());
  std::string bytes(file.file->length, '\0');
  ASSERT_EQ(::pread(file.file->file->fd(), bytes.data(), bytes.size(), static_cast<off_t>(file.file->offset)),
            static_cast<ssize_t>(bytes.size()));
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_EQ(bytes.size(), done->file->bytes);
  // Thôn Tây's head cannot see the job, nor start one on Thôn Đông's awards.
  EXPECT_EQ(As("tay", Method::kGet, "/api/v1/reports/" + id).status, 404);
  EXPECT_EQ(As("tay", Method::kGet, "/api/v1/reports/" + id + "/file").status, 404);
  Response foreign = Dossier("tay", {a});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(AuditCount("dossier.start"), 1u);
}

TEST_F(ApiAwardsTest, BadSetsAreRefusedWithTheReasonBeforeAnyJob) {
  const auto member = Member("dong", "Trần Văn Đông", "12970.01");
  const auto medal = Propose("dong", Proposal("knc_bv_antq", member, "12970.01"));
  const auto certificate = Propose("dong", Proposal("gk_chu_tich_ubnd_xa", member, "12970.01"));
  auto field = [](const Response& r) { return json::parse(r.body, nullptr, false)["error"].value("field", ""); };
  Response empty = Dossier("dong", json::array());
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(field(empty), "ids");
  EXPECT_EQ(Dossier("dong", "12").status, 400);
  EXPECT_EQ(Dossier("dong", {"x"}).status, 400);
  Response unknown = Dossier("dong", {medal, 999});
  EXPECT_EQ(unknown.status, 404) << unknown.body;  // like another village's: ids cannot be probed
  EXPECT_EQ(field(unknown), "ids");
  Response mixed = Dossier("dong", {medal, certificate});
  EXPECT_EQ(mixed.status, 400);
  EXPECT_NE(mixed.body.find("one award form"), std::string::npos) << mixed.body;
  Response twice = Dossier("dong", {medal, medal});
  EXPECT_EQ(twice.status, 400);
  EXPECT_NE(twice.body.find("twice"), std::string::npos) << twice.body;
  Response kind = Dossier("dong", {medal}, "bien-ban");
  EXPECT_EQ(kind.status, 400);
  EXPECT_EQ(field(kind), "kind");
  Response letter_as_sheet = Dossier("dong", {medal}, "to-trinh", "xlsx");
  EXPECT_EQ(letter_as_sheet.status, 400);
  EXPECT_EQ(field(letter_as_sheet), "format");
  EXPECT_TRUE(world_.report_jobs->List().empty());
  EXPECT_EQ(AuditCount("dossier.start"), 0u);
}

TEST_F(ApiAwardsTest, AUsedAwardFormIsRetiredNotDeletedAndCannotBeProposedAgain) {
  const json form = {{"code", "gk_truong_cong_an_xa"}, {"name", "Giấy khen của Trưởng Công an xã"},
                     {"issuer", "Công an xã"}, {"recipients", "both"}};
  EXPECT_EQ(As("dong", Method::kPost, "/api/v1/award-forms", form).status, 403);
  EXPECT_EQ(Ok(201, "admin", Method::kPost, "/api/v1/award-forms", form)["retired_on"], "");
  EXPECT_EQ(As("admin", Method::kPost, "/api/v1/award-forms", form).status, 409);
  const auto renamed = Ok(200, "admin", Method::kPut, "/api/v1/award-forms/gk_truong_cong_an_xa",
                          {{"name", "Giấy khen của Trưởng Công an xã Tiền Hải"}});
  EXPECT_EQ(renamed["name"], "Giấy khen của Trưởng Công an xã Tiền Hải");
  const auto member = Member("dong", "Trần Văn Đông", "12970.01");
  const auto award = Propose("dong", Proposal("gk_truong_cong_an_xa", member, "12970.01"));

  // Who receives it cannot change once an award names it.
  Response who = As("admin", Method::kPut, "/api/v1/award-forms/gk_truong_cong_an_xa", {{"recipients", "collective"}});
  EXPECT_EQ(who.status, 409) << who.body;
  // Removing it retires it: the award keeps its form, a new proposal is refused.
  const auto retired = Ok(200, "admin", Method::kDelete, "/api/v1/award-forms/gk_truong_cong_an_xa");
  EXPECT_EQ(retired["retired_on"], "2025-09-23");
  EXPECT_EQ(Ok(200, "dong", Method::kGet, "/api/v1/awards/" + std::to_string(award))["form_code"],
            "gk_truong_cong_an_xa");
  Response again = As("dong", Method::kPost, "/api/v1/awards", Proposal("gk_truong_cong_an_xa", member, "12970.01"));
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(again.body.find("retired"), std::string::npos) << again.body;
  // An unused form is deleted outright.
  Ok(201, "admin", Method::kPost, "/api/v1/award-forms",
     {{"code", "bk_thu_nghiem"}, {"name", "Bằng khen thử"}, {"issuer", "UBND xã"}, {"recipients", "person"}});
  EXPECT_EQ(As("admin", Method::kDelete, "/api/v1/award-forms/bk_thu_nghiem").status, 204);
  EXPECT_EQ(As("admin", Method::kDelete, "/api/v1/award-forms/bk_thu_nghiem").status, 404);
  bool listed = false, retired_listed = false;
  const json forms = Ok(200, "dong", Method::kGet, "/api/v1/award-forms");
  for (const json& f : forms["forms"]) {
    listed = listed || f["code"] == "bk_thu_nghiem";
    retired_listed = retired_listed || (f["code"] == "gk_truong_cong_an_xa" && f["retired_on"] == "2025-09-23");
  }
  EXPECT_FALSE(listed);
  EXPECT_TRUE(retired_listed);
  EXPECT_EQ(AuditCount("award_form.add"), 2u);
  EXPECT_EQ(AuditCount("award_form.edit"), 1u);
  EXPECT_EQ(AuditCount("award_form.retire"), 1u);
  EXPECT_EQ(AuditCount("award_form.delete"), 1u);
}

TEST_F(ApiAwardsTest, TheNextCircularIsARowAndTheProposalDatePicksIt) {
  // In the team since 2012: 13 years and 8 months on 2025-09-01, short of TT 20/2025's 15
  // years for men; the next circular asks 12.
  const auto member = Member("dong", "Trần Văn Đông", "12970.01", "2012-01-01");
  const json next = {{"circular", "05/2025/TT-BCA-thu"}, {"effective_from", "2025-09-01"}, {"team_years_men", 12}};
  EXPECT_EQ(As("dong", Method::kPost, "/api/v1/awards/rules", next).status, 403);
  const auto added = Ok(201, "admin", Method::kPost, "/api/v1/awards/rules", next);
  EXPECT_EQ(added["closed"], "20/2025/TT-BCA");
  EXPECT_EQ(added["rule"]["team_years_men"], 12);
  EXPECT_EQ(added["rule"]["team_years_women"], 10);  // what it does not say, it keeps
  EXPECT_EQ(AuditCount("medal_rule.add"), 1u);

  // Overlapping another circular's days, or naming one twice, is refused with the reason.
  Response overlap = As("admin", Method::kPost, "/api/v1/awards/rules",
                        {{"circular", "99/2025/TT-BCA"}, {"effective_from", "2025-06-01"}, {"effective_to", "2025-07-01"}});
  EXPECT_EQ(overlap.status, 409);
  EXPECT_NE(overlap.body.find("20/2025/TT-BCA"), std::string::npos) << overlap.body;
  EXPECT_EQ(As("admin", Method::kPost, "/api/v1/awards/rules", next).status, 409);
  Response bad = As("admin", Method::kPost, "/api/v1/awards/rules",
                    {{"circular", "x"}, {"effective_from", "2026-01-01"}, {"team_years_men", 0}});
  EXPECT_EQ(bad.status, 400);
  Response track = As("admin", Method::kPost, "/api/v1/awards/rules",
                      {{"circular", "x"}, {"effective_from", "2026-01-01"}, {"team_tracks", {"bao_ve"}}});
  EXPECT_EQ(track.status, 400);
  EXPECT_EQ(AuditCount("medal_rule.add"), 1u);
  bool closed = false;
  const json rules = Ok(200, "dong", Method::kGet, "/api/v1/awards/rules");
  for (const json& r : rules["rules"]) {
    closed = closed || (r["circular"] == "20/2025/TT-BCA" && r["effective_to"] == "2025-09-01");
  }
  EXPECT_TRUE(closed);

  // The eligibility check and the proposal take the circular in force on their date.
  const std::string check = "/api/v1/awards/eligibility?person=" + std::to_string(member);
  const auto before = Ok(200, "dong", Method::kGet, check + "&date=2025-08-31");
  EXPECT_EQ(before["circular"], "20/2025/TT-BCA");
  EXPECT_EQ(before["verdict"], "ineligible");
  const auto after = Ok(200, "dong", Method::kGet, check + "&date=2025-09-15");
  EXPECT_EQ(after["circular"], "05/2025/TT-BCA-thu");
  EXPECT_EQ(after["verdict"], "eligible");
  EXPECT_EQ(As("dong", Method::kPost, "/api/v1/awards", Proposal("knc_bv_antq", member, "12970.01", "2025-08-31")).status,
            409);
  const auto made = Ok(201, "dong", Method::kPost, "/api/v1/awards",
                       Proposal("knc_bv_antq", member, "12970.01", "2025-09-15"));
  EXPECT_EQ(made["eligibility"]["circular"], "05/2025/TT-BCA-thu");
}

}  // namespace
}  // namespace anninh::serve
