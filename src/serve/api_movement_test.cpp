// The movement's routes with real access control: rights by unit (a village head edits only
// their village's models; guessing another village's ids answers like a missing model),
// every change audited, the unit import's dry run, and one committee's working day through
// the API: create, launch, evaluate twice "yếu", see it flagged, retire it, see the report
// change.
#include <algorithm>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serve/api_world_test.h"

namespace anninh::serve {
namespace {

using nlohmann::json;

const char kUnits[] =
    "code,name,level,parent,effective,predecessors\n"
    "33,Tỉnh Hưng Yên,province,,2004-01-01\n"
    "12970,Xã Tiền Hải,commune,33,2025-07-01\n"
    "12971,Xã Tây Thụy Anh,commune,33,2025-07-01\n"
    "12970.01,Thôn Đông,village,12970,2025-07-01\n"
    "12970.02,Thôn Tây,village,12970,2025-07-01\n";

class ApiMovementTest : public ApiPeopleTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(Populate(kUnits, {{"admin", "admin", {}},
                                              {"officer", "officer", {}},
                                              {"tinh", "province", {"33"}},
                                              {"bcd", "committee", {"12970"}},
                                              {"truong_thon", "village_head", {"12970.01"}},
                                              {"auditor", "auditor", {}}}));
  }

  std::int64_t NewModel(const std::string& who, const std::string& name, const std::string& unit) {
    return Ok(201, who, Method::kPost, "/api/v1/models",
              {{"name", name}, {"type", "tu_quan"}, {"unit_code", unit}, {"points", 1}, {"teams", 2}})
        .value("id", std::int64_t{0});
  }
  void Launch(const std::string& who, std::int64_t id) {
    Ok(200, who, Method::kPost, "/api/v1/models/" + std::to_string(id) + "/transitions",
       {{"to", "launched"}, {"decision_no", "12/QĐ-UBND"}, {"decision_date", "2025-08-05"},
        {"decision_issuer", "UBND xã Tiền Hải"}});
    Ok(200, who, Method::kPost, "/api/v1/models/" + std::to_string(id) + "/transitions", {{"to", "active"}});
  }
};

TEST_F(ApiMovementTest, VillageHeadCannotReachAnotherVillagesModel) {
  const std::int64_t mine = NewModel("truong_thon", "Tự quản thôn Đông", "12970.01");
  const std::int64_t theirs = NewModel("bcd", "Tự quản thôn Tây", "12970.02");
  const std::int64_t other_commune = NewModel("officer", "Tự quản Tây Thụy Anh", "12971");
  ASSERT_GT(mine, 0);
  ASSERT_GT(theirs, 0);

  // Reading, changing or evaluating the other village's model by its id: the same 404 as an
  // id that does not exist, and nothing changes.
  const std::string other = "/api/v1/models/" + std::to_string(theirs);
  Response ghost = As("truong_thon", Method::kGet, "/api/v1/models/99999");
  Response get = As("truong_thon", Method::kGet, other);
  EXPECT_EQ(get.status, 404);
  EXPECT_EQ(json::parse(get.body)["error"]["code"], json::parse(ghost.body)["error"]["code"]);
  EXPECT_EQ(json::parse(get.body)["error"]["message"], "no model " + std::to_string(theirs));
  EXPECT_EQ(As("truong_thon", Method::kPost, other + "/transitions", {{"to", "retired"}, {"reason", "x"}}).status, 404);
  EXPECT_EQ(As("truong_thon", Method::kPost, other + "/evaluations", {{"period", "2025-Q3"}, {"scores", json::object()}})
                .status,
            404);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, other)["model"]["status"], "proposed");
  // Nor can they create one there, nor list it.
  EXPECT_EQ(As("truong_thon", Method::kPost, "/api/v1/models",
               {{"name", "x"}, {"type", "tu_quan"}, {"unit_code", "12970.02"}})
                .status,
            404);
  json listed = Ok(200, "truong_thon", Method::kGet, "/api/v1/models");
  ASSERT_EQ(listed["models"].size(), 1u);
  EXPECT_EQ(listed["models"][0]["id"], mine);
  // Their own village's model they do change.
  Launch("truong_thon", mine);

  // The commune's committee edits both villages but not the neighbouring commune.
  EXPECT_EQ(As("bcd", Method::kPost, other + "/transitions",
               {{"to", "launched"}, {"decision_no", "3/QĐ"}, {"decision_date", "2025-09-01"}, {"decision_issuer", "UBND"}})
                .status,
            200);
  EXPECT_EQ(As("bcd", Method::kGet, "/api/v1/models/" + std::to_string(other_commune)).status, 404);
  // Province staff read everything in the province and change nothing.
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, "/api/v1/models")["models"].size(), 3u);
  EXPECT_EQ(As("tinh", Method::kPost, other + "/transitions", {{"to", "active"}}).status, 403);
  EXPECT_EQ(As("auditor", Method::kGet, "/api/v1/models").status, 403);

  // Every change is in the audit log: 3 creations, 3 transitions.
  EXPECT_EQ(AuditCount("model.create"), 3u);
  EXPECT_EQ(AuditCount("model.transition"), 3u);
}

TEST_F(ApiMovementTest, UnitImportDryRunThenApplyAndBadFilesNameTheProblem) {
  const std::string csv =
      "code,name,level,parent,effective\n12970.03,Tổ dân phố Bắc,village,12970,2025-09-01\n";
  json dry = Ok(200, "admin", Method::kPost, "/api/v1/units/import", {{"csv", csv}, {"dry_run", true}});
  EXPECT_EQ(dry["applied"], false);
  ASSERT_EQ(dry["changes"].size(), 1u);
  EXPECT_EQ(dry["changes"][0]["action"], "create");
  // The facts for the console to word (openapi_test checks the answer against the schema).
  EXPECT_EQ(dry["changes"][0]["name"], "Tổ dân phố Bắc");
  EXPECT_EQ(dry["changes"][0]["level"], "village");
  EXPECT_EQ(dry["changes"][0]["parent"], "12970");
  EXPECT_EQ(dry["changes"][0]["effective"], "2025-09-01");
  EXPECT_EQ(dry["changes"][0]["link_kind"], "");
  EXPECT_EQ(As("admin", Method::kGet, "/api/v1/units/12970.03").status, 404);
  EXPECT_EQ(AuditCount("unit.import"), 0u);
  EXPECT_EQ(Ok(200, "admin", Method::kPost, "/api/v1/units/import", {{"csv", csv}})["applied"], true);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/units/12970.03")["unit"]["name"], "Tổ dân phố Bắc");
  EXPECT_EQ(AuditCount("unit.import"), 1u);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/units?parent=12970")["units"].size(), 3u);

  Response bad = As("admin", Method::kPost, "/api/v1/units/import",
                    {{"csv", "code,name,level,parent,effective\n1297,X,commune,33,2025-09-01\n"}});
  EXPECT_EQ(bad.status, 400);
  json error = json::parse(bad.body)["error"];
  EXPECT_EQ(error["field"], "csv");
  EXPECT_NE(error["message"].get<std::string>().find("line 2: 1297: '1297' is not a commune code"), std::string::npos);
  EXPECT_EQ(As("bcd", Method::kPost, "/api/v1/units/import", {{"csv", csv}}).status, 403);
}

TEST_F(ApiMovementTest, WeakTwiceIsFlaggedThenRetiredAndTheReportChanges) {
  const std::int64_t id = NewModel("bcd", "Camera an ninh thôn Đông", "12970.01");
  Launch("bcd", id);
  const std::string model = "/api/v1/models/" + std::to_string(id);
  json weak = {{"to_chuc", 30}, {"hieu_qua", 20}, {"nhan_dan", 40}};
  EXPECT_EQ(Ok(201, "bcd", Method::kPost, model + "/evaluations", {{"period", "2025-Q2"}, {"scores", weak}})["class"],
            "yeu");
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/reports/flagged?unit=12970")["models"].size(), 0u);
  EXPECT_EQ(Ok(201, "bcd", Method::kPost, model + "/evaluations",
               {{"period", "2025-Q3"}, {"scores", weak}, {"comments", "camera hỏng"}})["class_vi"],
            "yếu");
  json flagged = Ok(200, "bcd", Method::kGet, "/api/v1/reports/flagged?unit=12970");
  ASSERT_EQ(flagged["models"].size(), 1u);
  EXPECT_EQ(flagged["models"][0]["weak_periods"], json({"2025-Q2", "2025-Q3"}));

  json before = Ok(200, "tinh", Method::kGet, "/api/v1/reports/rollup?unit=33&as_of=2025-09-23");
  EXPECT_EQ(before["totals"]["models"], 1);
  EXPECT_EQ(before["totals"]["evaluations"]["yeu"], 1);

  // Retiring straight from active is refused, with the reason in both languages.
  Response skip = As("bcd", Method::kPost, model + "/transitions",
                     {{"to", "retired"}, {"reason", "yếu hai quý"}, {"decision_no", "40/QĐ-BCĐ"}});
  EXPECT_EQ(skip.status, 409);
  EXPECT_NE(skip.body.find("under_review"), std::string::npos) << skip.body;
  Ok(200, "bcd", Method::kPost, model + "/transitions", {{"to", "under_review"}, {"on_date", "2025-09-23"}});
  Ok(200, "bcd", Method::kPost, model + "/transitions",
     {{"to", "retired"}, {"reason", "yếu hai quý liên tiếp"}, {"decision_no", "40/QĐ-BCĐ"}, {"on_date", "2025-09-23"}});
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/reports/flagged")["models"].size(), 0u);
  json after = Ok(200, "tinh", Method::kGet, "/api/v1/reports/rollup?unit=33&as_of=2025-09-23");
  EXPECT_EQ(after["totals"]["models"], 0);
  EXPECT_EQ(after["totals"]["by_status"]["retired"], 1);
  json page = Ok(200, "bcd", Method::kGet, model);
  EXPECT_EQ(page["history"].size(), 5u);
  EXPECT_EQ(page["next_statuses"].size(), 0u);
  // A village head of another commune's village cannot read this report.
  EXPECT_EQ(As("truong_thon", Method::kGet, "/api/v1/reports/rollup?unit=33").status, 404);
}

// Reports are read within the caller's units: a job on a unit outside them, and a model
// outside them, answer like ones that do not exist; every start and download is audited.
TEST_F(ApiMovementTest, ReportJobsAndTheCameraPrefillAreScopedByUnit) {
  json job = Ok(202, "bcd", Method::kPost, "/api/v1/reports", {{"unit", "12970"}, {"format", "xlsx"}});
  const std::string id = job.value("id", "");
  EXPECT_EQ(job["request"]["requested_by"].get<std::string>().rfind("bcd", 0), 0u);
  ASSERT_TRUE(world_.report_jobs->Wait(id, std::chrono::seconds(60)));
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/reports/" + id)["state"], "done");
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, "/api/v1/reports/" + id)["state"], "done");  // the province above
  EXPECT_EQ(As("tinh", Method::kGet, "/api/v1/reports/" + id + "/file").status, 200);
  // The village head of one of the commune's villages reaches neither the job nor the commune.
  EXPECT_EQ(As("truong_thon", Method::kGet, "/api/v1/reports/" + id).status, 404);
  EXPECT_EQ(As("truong_thon", Method::kGet, "/api/v1/reports/" + id + "/file").status, 404);
  EXPECT_EQ(As("truong_thon", Method::kDelete, "/api/v1/reports/" + id).status, 404);
  EXPECT_EQ(Ok(200, "truong_thon", Method::kGet, "/api/v1/reports")["reports"].size(), 0u);
  Response outside = As("truong_thon", Method::kPost, "/api/v1/reports", {{"unit", "12970"}, {"format", "xlsx"}});
  EXPECT_EQ(outside.status, 404);
  EXPECT_EQ(json::parse(outside.body)["error"]["field"], "unit");
  Ok(202, "truong_thon", Method::kPost, "/api/v1/reports", {{"unit", "12970.01"}, {"format", "xlsx"}});
  EXPECT_EQ(Ok(200, "truong_thon", Method::kGet, "/api/v1/reports")["reports"].size(), 1u);
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, "/api/v1/reports")["reports"].size(), 2u);
  EXPECT_EQ(AuditCount("report.start"), 2u);
  EXPECT_EQ(AuditCount("report.download"), 1u);

  // A camera model of Thôn Tây, fed by the commune's gate camera.
  world_.cameras.cameras = {StreamingCamera("cong", "Cổng UBND xã", "12970")};
  const std::int64_t cam_model =
      Ok(201, "bcd", Method::kPost, "/api/v1/models",
         {{"name", "Camera thôn Tây"}, {"type", "camera"}, {"unit_code", "12970.02"}, {"created_on", "2025-08-01"}})
          .value("id", std::int64_t{0});
  const std::string path = "/api/v1/models/" + std::to_string(cam_model);
  EXPECT_EQ(Ok(200, "bcd", Method::kPut, path + "/cameras", {{"camera_ids", {"cong"}}, {"on_date", "2025-08-01"}})["camera_ids"],
            json({"cong"}));
  EXPECT_EQ(As("bcd", Method::kPut, path + "/cameras", {{"camera_ids", {"cong", "ghost"}}}).status, 404);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, path + "/cameras")["camera_ids"], json({"cong"}));
  EXPECT_EQ(AuditCount("model.cameras"), 1u);
  EXPECT_EQ(As("truong_thon", Method::kPut, path + "/cameras", {{"camera_ids", json::array()}}).status, 404);
  EXPECT_EQ(As("truong_thon", Method::kGet, path + "/evaluations/prefill?period=2025-Q3").status, 404);
  const std::int64_t other = NewModel("bcd", "Tự quản thôn Tây", "12970.02");
  EXPECT_EQ(As("bcd", Method::kPut, "/api/v1/models/" + std::to_string(other) + "/cameras", {{"camera_ids", {"cong"}}}).status,
            409);

  // 5 of the 10 days from 01/09 recorded; one event on 03/09.
  const WallNs sep1 = 1'756'659'600LL * kNsPerSecond;  // 2025-09-01 00:00 in Vietnam
  const WallNs day = 86400 * kNsPerSecond;
  std::vector<store::SegmentRow> rows(1);
  rows[0].camera_id = "cong";
  rows[0].stream = "main";
  rows[0].path = "cong/main/a.mp4";
  rows[0].start = sep1 + day;
  rows[0].end = sep1 + 6 * day;
  ASSERT_TRUE(world_.index->Commit(rows, {}));
  store::EventRow e;
  e.camera_id = "cong";
  e.rule = "nguoi";
  e.start = sep1 + 2 * day;
  e.last = e.end = e.start + kNsPerSecond;
  ASSERT_TRUE(world_.event_store->Insert(e));
  json pre = Ok(200, "bcd", Method::kGet, path + "/evaluations/prefill?from=2025-09-01&to=2025-09-10");
  ASSERT_EQ(pre["cameras"].size(), 1u);
  EXPECT_DOUBLE_EQ(pre["cameras"][0]["working_pct"].get<double>(), 50.0);
  EXPECT_EQ(pre["cameras"][0]["offline_now"], false);
  EXPECT_EQ(pre["totals"]["events"], 1);
  EXPECT_NE(pre["evidence"].get<std::string>().find("50,0%"), std::string::npos) << pre["evidence"];
  EXPECT_EQ(As("bcd", Method::kGet, "/api/v1/models/" + std::to_string(other) + "/evaluations/prefill?period=2025-Q3").status,
            409);
  EXPECT_EQ(As("bcd", Method::kGet, path + "/evaluations/prefill?from=2025-09-10&to=2025-09-01").status, 400);

  // The gate camera is replaced by the market's from 15/09: a pre-fill for the days before
  // still uses the gate camera, one after uses the market's, and the history keeps both.
  world_.cameras.cameras.push_back(StreamingCamera("cho", "Chợ", "12970"));
  json relinked = Ok(200, "bcd", Method::kPut, path + "/cameras", {{"camera_ids", {"cho"}}, {"on_date", "2025-09-15"}});
  EXPECT_EQ(relinked["camera_ids"], json({"cho"}));
  ASSERT_EQ(relinked["history"].size(), 2u);
  EXPECT_EQ(relinked["history"][0]["camera_id"], "cong");
  EXPECT_EQ(relinked["history"][0]["linked_to"], "2025-09-15");
  EXPECT_EQ(relinked["choices"].size(), 2u);
  json before = Ok(200, "bcd", Method::kGet, path + "/evaluations/prefill?from=2025-09-01&to=2025-09-10");
  ASSERT_EQ(before["cameras"].size(), 1u);
  EXPECT_EQ(before["cameras"][0]["camera_id"], "cong");
  EXPECT_DOUBLE_EQ(before["cameras"][0]["working_pct"].get<double>(), 50.0);
  json after = Ok(200, "bcd", Method::kGet, path + "/evaluations/prefill?from=2025-09-16&to=2025-09-20");
  ASSERT_EQ(after["cameras"].size(), 1u);
  EXPECT_EQ(after["cameras"][0]["camera_id"], "cho");
  // Across the change: both, each over its own days (cong: 5 of the 14 days to 15/09).
  json across = Ok(200, "bcd", Method::kGet, path + "/evaluations/prefill?from=2025-09-01&to=2025-09-20");
  ASSERT_EQ(across["cameras"].size(), 2u);
  EXPECT_EQ(across["cameras"][1]["camera_id"], "cong");
  EXPECT_NEAR(across["cameras"][1]["working_pct"].get<double>(), 100.0 * 5 / 14, 1e-9);
  // History reads in order: no change dated before the last.
  Response back = As("bcd", Method::kPut, path + "/cameras", {{"camera_ids", {"cong"}}, {"on_date", "2025-09-01"}});
  EXPECT_EQ(back.status, 400);
  EXPECT_EQ(json::parse(back.body)["error"]["field"], "on_date");
}

TEST_F(ApiMovementTest, MediationCasesAreScopedAuditedAndRolledUp) {
  // Thôn Đông's mediation team (the village head's) and Thôn Tây's (not theirs).
  auto mediation_model = [&](const std::string& name, const std::string& unit) {
    return Ok(201, "bcd", Method::kPost, "/api/v1/models",
              {{"name", name}, {"type", "tu_hoa_giai"}, {"unit_code", unit}, {"created_on", "2025-07-01"}})
        .value("id", std::int64_t{0});
  };
  const std::string dong = "/api/v1/models/" + std::to_string(mediation_model("Tổ hòa giải thôn Đông", "12970.01"));
  const std::string tay = "/api/v1/models/" + std::to_string(mediation_model("Tổ hòa giải thôn Tây", "12970.02"));

  json c1 = Ok(201, "truong_thon", Method::kPost, dong + "/mediation-cases",
               {{"received_on", "2025-08-02"}, {"subject", "Tranh chấp lối đi chung"}});
  EXPECT_EQ(c1["outcome"], "pending");
  Ok(201, "truong_thon", Method::kPost, dong + "/mediation-cases",
     {{"received_on", "2025-08-05"}, {"subject", "Mâu thuẫn do chăn nuôi"}, {"outcome", "not_reconciled"},
      {"closed_on", "2025-08-20"}});
  const std::string one = dong + "/mediation-cases/" + std::to_string(c1["id"].get<std::int64_t>());
  EXPECT_EQ(Ok(200, "truong_thon", Method::kPatch, one, {{"outcome", "reconciled"}, {"closed_on", "2025-08-10"}})["closed_on"],
            "2025-08-10");
  Ok(201, "bcd", Method::kPost, tay + "/mediation-cases",
     {{"received_on", "2025-09-01"}, {"subject", "Ranh giới đất"}, {"outcome", "reconciled"}, {"closed_on", "2025-09-03"}});

  // Another village's cases: 404 as if missing, for reading and writing; the province reads
  // but cannot write (403 by its role).
  EXPECT_EQ(As("truong_thon", Method::kGet, tay + "/mediation-cases").status, 404);
  EXPECT_EQ(As("truong_thon", Method::kPost, tay + "/mediation-cases", {{"subject", "x"}}).status, 404);
  EXPECT_EQ(As("truong_thon", Method::kPatch, tay + "/mediation-cases/1", {{"outcome", "withdrawn"}}).status, 404);
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, dong + "/mediation-cases")["cases"].size(), 2u);
  EXPECT_EQ(As("tinh", Method::kPost, dong + "/mediation-cases", {{"subject", "x"}}).status, 403);
  // Bad input: 400 naming the field, nothing stored; a model of another type: 409.
  Response bad = As("truong_thon", Method::kPost, dong + "/mediation-cases",
                    {{"received_on", "2025-08-02"}, {"subject", "x"}, {"outcome", "reconciled"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["field"], "closed_on");
  EXPECT_EQ(As("truong_thon", Method::kPost, dong + "/mediation-cases", {{"subject", "x"}, {"party", "Nguyễn Văn A"}}).status,
            400);
  EXPECT_EQ(As("truong_thon", Method::kPatch, one, {{"closed_on", "2025-07-01"}}).status, 400);
  const std::int64_t plain = NewModel("truong_thon", "Tự quản thôn Đông", "12970.01");
  EXPECT_EQ(As("truong_thon", Method::kPost, "/api/v1/models/" + std::to_string(plain) + "/mediation-cases", {{"subject", "x"}})
                .status,
            409);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, dong + "/mediation-cases")["cases"].size(), 2u);
  EXPECT_EQ(AuditCount("mediation.add"), 3u);
  EXPECT_EQ(AuditCount("mediation.update"), 1u);

  // The roll-up: Q3 in the commune, per village.
  json r = Ok(200, "tinh", Method::kGet, "/api/v1/reports/rollup?unit=12970&as_of=2025-09-23&period=2025-Q3");
  EXPECT_EQ(r["from"], "2025-07-01");
  EXPECT_EQ(r["totals"]["mediation_handled"], 3);
  EXPECT_EQ(r["totals"]["mediation_reconciled"], 2);
  for (const json& ch : r["children"]) {
    if (ch["unit"]["code"] == "12970.01") {
      EXPECT_EQ(ch["totals"]["mediation_handled"], 2);
    }
    if (ch["unit"]["code"] == "12970.02") {
      EXPECT_EQ(ch["totals"]["mediation_reconciled"], 1);
    }
  }
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, "/api/v1/reports/rollup?unit=12970&as_of=2025-09-23&from=2025-09-01")["totals"]
                ["mediation_handled"],
            1);
}

TEST_F(ApiMovementTest, PeopleAreReadEditedAndTheirPostsEndedWithinScope) {
  const std::int64_t lan = Ok(201, "truong_thon", Method::kPost, "/api/v1/people",
                              {{"name", "Nguyễn Thị Lan"}, {"birth_year", 1975}, {"gender", "nu"}, {"unit_code", "12970.01"}})
                               .value("id", std::int64_t{0});
  const std::int64_t hoa = Ok(201, "bcd", Method::kPost, "/api/v1/people",
                              {{"name", "Lê Thị Hoa"}, {"unit_code", "12970.02"}})
                               .value("id", std::int64_t{0});
  const std::string mine = "/api/v1/people/" + std::to_string(lan);
  const std::string theirs = "/api/v1/people/" + std::to_string(hoa);
  const std::int64_t post = Ok(201, "truong_thon", Method::kPost, mine + "/positions",
                               {{"kind", "security_team_member"}, {"start_date", "2025-07-01"}})
                                .value("id", std::int64_t{0});
  json got = Ok(200, "truong_thon", Method::kGet, mine);
  EXPECT_EQ(got["person"]["name"], "Nguyễn Thị Lan");
  ASSERT_EQ(got["positions"].size(), 1u);

  EXPECT_EQ(Ok(200, "truong_thon", Method::kPatch, mine, {{"phone", "0912345678"}})["phone"], "0912345678");
  EXPECT_EQ(Ok(200, "truong_thon", Method::kGet, mine)["person"]["gender"], "nu");  // untouched
  Response bad = As("truong_thon", Method::kPatch, mine, {{"birth_year", 1800}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["field"], "birth_year");
  EXPECT_EQ(As("truong_thon", Method::kPatch, mine, {{"religion", "x"}}).status, 400);
  // Not into another village, and not another village's person.
  EXPECT_EQ(As("truong_thon", Method::kPatch, mine, {{"unit_code", "12970.02"}}).status, 404);
  EXPECT_EQ(As("truong_thon", Method::kGet, theirs).status, 404);
  EXPECT_EQ(As("truong_thon", Method::kPatch, theirs, {{"phone", "0"}}).status, 404);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, theirs)["person"]["phone"], "");

  const std::string post_path = mine + "/positions/" + std::to_string(post);
  EXPECT_EQ(As("truong_thon", Method::kPatch, post_path, {{"end_date", "2025-06-30"}}).status, 400);
  EXPECT_EQ(Ok(200, "truong_thon", Method::kPatch, post_path, {{"end_date", "2025-09-01"}})["end_date"], "2025-09-01");
  EXPECT_EQ(As("truong_thon", Method::kPatch, theirs + "/positions/" + std::to_string(post), {{"end_date", "2025-09-01"}})
                .status,
            404);
  EXPECT_EQ(AuditCount("person.update"), 1u);
  EXPECT_EQ(AuditCount("position.end"), 1u);
}

TEST_F(ApiMovementTest, PeopleArePagedInViOrderWithinScope) {
  for (const char* name : {"Vũ Văn Yên", "Đặng Thị Ân", "Bùi Văn An", "Dương Văn Bình"}) {
    Ok(201, "bcd", Method::kPost, "/api/v1/people", {{"name", name}, {"birth_year", 1970}, {"unit_code", "12970.01"}});
  }
  json first = Ok(200, "bcd", Method::kGet, "/api/v1/people?limit=3");
  ASSERT_EQ(first["people"].size(), 3u);
  EXPECT_EQ(first["people"][0]["name"], "Bùi Văn An");
  EXPECT_EQ(first["people"][1]["name"], "Dương Văn Bình");
  EXPECT_EQ(first["people"][2]["name"], "Đặng Thị Ân");
  json second = Ok(200, "bcd", Method::kGet, "/api/v1/people?limit=3&cursor=" + first["next"].get<std::string>());
  ASSERT_EQ(second["people"].size(), 1u);
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/people?q=dang%20thi")["people"].size(), 1u);
  EXPECT_EQ(As("bcd", Method::kPost, "/api/v1/people", {{"name", "X"}, {"unit_code", "12971"}}).status, 404);
  const std::int64_t id = first["people"][0]["id"];
  EXPECT_EQ(Ok(201, "bcd", Method::kPost, "/api/v1/people/" + std::to_string(id) + "/positions",
               {{"kind", "security_team_member"}, {"start_date", "2025-07-01"}})["unit_code"],
            "12970.01");
  EXPECT_EQ(As("officer", Method::kPost, "/api/v1/people", {{"name", "X"}, {"unit_code", "12971"}, {"religion", "x"}})
                .status,
            400);  // no such field, on purpose (Law 91/2025)
}

// Activities and attachments hang off a model the caller reaches: a village head logs and
// attaches to their village's model, and another village's answers "no model N" whatever
// the route, leaving nothing behind.
TEST_F(ApiMovementTest, ActivitiesAndAttachmentsFollowTheModelsScope) {
  const std::int64_t mine = NewModel("truong_thon", "Tự quản thôn Đông", "12970.01");
  const std::int64_t theirs = NewModel("bcd", "Tự quản thôn Tây", "12970.02");
  const std::string own = "/api/v1/models/" + std::to_string(mine);
  const std::string other = "/api/v1/models/" + std::to_string(theirs);

  json act = Ok(201, "truong_thon", Method::kPost, own + "/activities", {{"on_date", "2025-09-20"}, {"text", "Tuần tra đêm"}});
  EXPECT_EQ(act["by"].get<std::string>().rfind("truong_thon", 0), 0u) << act;  // "truong_thon (token N)"
  Ok(201, "truong_thon", Method::kPost, own + "/activities", {{"text", "Họp tổ hòa giải"}});  // today
  json acts = Ok(200, "truong_thon", Method::kGet, own + "/activities?limit=1");
  ASSERT_EQ(acts["activities"].size(), 1u);
  EXPECT_EQ(acts["activities"][0]["text"], "Tuần tra đêm");
  EXPECT_EQ(Ok(200, "truong_thon", Method::kGet, own + "/activities?cursor=" + acts["next"].get<std::string>())
                ["activities"][0]["on_date"],
            "2025-09-23");
  EXPECT_EQ(As("truong_thon", Method::kPost, own + "/activities", {{"text", ""}}).status, 400);

  const std::string pdf = "%PDF-1.4\nBiên bản họp thôn";
  Response up = Raw("truong_thon", Method::kPost, own + "/attachments?name=Bi%C3%AAn%20b%E1%BA%A3n.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  json file = json::parse(up.body);
  EXPECT_EQ(file["name"], "Biên bản.pdf");
  EXPECT_EQ(file["bytes"], pdf.size());
  const std::string file_path = own + "/attachments/" + std::to_string(file["id"].get<std::int64_t>());
  Response down = As("truong_thon", Method::kGet, file_path);
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.content_type, "application/pdf");
  bool named = false;
  for (const auto& [k, v] : down.headers) {
    if (k == "Content-Disposition") named = v.find("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf") != std::string::npos;
  }
  EXPECT_TRUE(named);
  // Content, not name, decides: an executable named .pdf is refused and nothing is kept.
  Response fake = Raw("truong_thon", Method::kPost, own + "/attachments?name=QD.pdf", "MZ\x90 not a pdf");
  EXPECT_EQ(fake.status, 400);
  EXPECT_EQ(json::parse(fake.body)["error"]["field"], "content");
  EXPECT_EQ(Raw("truong_thon", Method::kPost, own + "/attachments", pdf).status, 400);  // no name
  EXPECT_EQ(Ok(200, "truong_thon", Method::kGet, own + "/attachments")["attachments"].size(), 1u);
  // The same file id under another model's path is not found.
  EXPECT_EQ(As("bcd", Method::kGet, other + "/attachments/" + std::to_string(file["id"].get<std::int64_t>())).status, 404);

  // Another village's model: the same 404 on every route, and nothing added.
  for (Response r : {As("truong_thon", Method::kGet, other + "/activities"),
                     As("truong_thon", Method::kPost, other + "/activities", {{"text", "x"}}),
                     As("truong_thon", Method::kGet, other + "/attachments"),
                     Raw("truong_thon", Method::kPost, other + "/attachments?name=a.pdf", pdf),
                     As("truong_thon", Method::kGet, other + "/attachments/1")}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(json::parse(r.body)["error"]["message"], "no model " + std::to_string(theirs));
  }
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, other)["activities"].size(), 0u);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, other)["attachments"].size(), 0u);
  // Province staff read, but add nothing.
  EXPECT_EQ(Ok(200, "tinh", Method::kGet, own + "/attachments")["attachments"].size(), 1u);
  EXPECT_EQ(As("tinh", Method::kPost, own + "/activities", {{"text", "x"}}).status, 403);

  EXPECT_EQ(AuditCount("activity.add"), 2u);
  EXPECT_EQ(AuditCount("attachment.add"), 1u);
}

// The catalogue is one for the site: unit.manage extends it, and a new criteria set with its
// own weights and thresholds classifies the evaluations that name it.
TEST_F(ApiMovementTest, TypesAndCriteriaSetsExtendTheCatalogue) {
  Ok(201, "admin", Method::kPost, "/api/v1/model-types", {{"code", "an_toan_giao_thong"}, {"name", "Tự quản ATGT"}});
  EXPECT_EQ(As("admin", Method::kPost, "/api/v1/model-types", {{"code", "an_toan_giao_thong"}, {"name", "x"}}).status, 409);
  EXPECT_EQ(As("admin", Method::kPost, "/api/v1/model-types", {{"code", "Sai Mã"}, {"name", "x"}}).status, 400);
  EXPECT_EQ(As("bcd", Method::kPost, "/api/v1/model-types", {{"code", "x"}, {"name", "x"}}).status, 403);
  json types = Ok(200, "truong_thon", Method::kGet, "/api/v1/model-types")["types"];
  EXPECT_TRUE(std::any_of(types.begin(), types.end(), [](const json& t) { return t["code"] == "an_toan_giao_thong"; }));
  Ok(201, "truong_thon", Method::kPost, "/api/v1/models",
     {{"name", "ATGT thôn Đông"}, {"type", "an_toan_giao_thong"}, {"unit_code", "12970.01"}});

  // Strict: 90 or more is tốt, under 70 yếu.
  json set = Ok(201, "admin", Method::kPost, "/api/v1/criteria-sets",
                {{"name", "Camera 2026"},
                 {"criteria", {{{"key", "hoat_dong"}, {"name", "Camera hoạt động"}, {"weight", 3}},
                               {{"key", "phoi_hop"}, {"name", "Phối hợp"}, {"weight", 1}}}},
                 {"good_min", 90}, {"fair_min", 80}, {"average_min", 70}});
  const std::int64_t set_id = set["id"];
  EXPECT_EQ(As("admin", Method::kPost, "/api/v1/criteria-sets",
               {{"name", "Ngược"}, {"criteria", {{{"key", "a"}, {"name", "A"}, {"weight", 1}}}}, {"good_min", 50}, {"fair_min", 60}})
                .status,
            400);
  Response bad_weight = As("admin", Method::kPost, "/api/v1/criteria-sets",
                           {{"name", "Nặng"}, {"criteria", {{{"key", "a"}, {"name", "A"}, {"weight", 0}}}}});
  EXPECT_EQ(bad_weight.status, 400);
  EXPECT_EQ(json::parse(bad_weight.body)["error"]["field"], "criteria");
  EXPECT_EQ(As("bcd", Method::kPost, "/api/v1/criteria-sets", set).status, 403);
  EXPECT_EQ(Ok(200, "bcd", Method::kGet, "/api/v1/criteria-sets")["criteria_sets"].size(), 2u);

  const std::int64_t id = NewModel("bcd", "Camera thôn Đông", "12970.01");
  Launch("bcd", id);
  // (3*80 + 1*40) / 4 = 70: trung bình under this set (yếu below 70), khá under the default.
  json e = Ok(201, "bcd", Method::kPost, "/api/v1/models/" + std::to_string(id) + "/evaluations",
              {{"period", "2025-Q3"}, {"criteria_set_id", set_id}, {"scores", {{"hoat_dong", 80}, {"phoi_hop", 40}}}});
  EXPECT_EQ(e["score"], 70.0);
  EXPECT_EQ(e["class"], "trung_binh");
  EXPECT_EQ(AuditCount("model_type.add"), 1u);
  EXPECT_EQ(AuditCount("criteria_set.add"), 1u);
}

}  // namespace
}  // namespace anninh::serve
