// Commendations and festivals through the API with real access control: a village head
// proposes for their own village and cannot see, step or hand over another's award (404,
// like a missing one); a province reader reads but cannot propose; every change audited.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

class ApiAwardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = world_.MakeApi(clock_);
    ASSERT_TRUE(world_.registry->ImportUnits(kUnits, false));
    const struct {
      const char* name;
      const char* role;
      std::vector<std::string> areas;
    } people[] = {{"tinh", "province", {"33"}}, {"dong", "village_head", {"12970.01"}}, {"tay", "village_head", {"12970.02"}}};
    for (const auto& w : people) {
      auto a = world_.access->CreateAccount({"test", ""}, {w.name, "", kWorldPassword, w.role, w.areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      tokens_[w.name] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0)).value().token;
    }
  }
  Response As(const std::string& who, Method m, const std::string& target, const json& body = nullptr) {
    Request r{m, target, "", body.is_null() ? "" : body.dump()};
    r.authorization = "Bearer " + tokens_[who];
    return api_->Handle(r);
  }
  json Ok(int status, const std::string& who, Method m, const std::string& target, const json& body = nullptr) {
    Response r = As(who, m, target, body);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }
  std::size_t AuditCount(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    return world_.audit_store->Query(q).value().size();
  }
  // A security-team member of `village` since 2005 (eligible for the medal).
  std::int64_t Member(const std::string& who, const std::string& name, const std::string& village) {
    const auto id = Ok(201, who, Method::kPost, "/api/v1/people", {{"name", name}, {"gender", "nam"}, {"unit_code", village}})
                        .value("id", std::int64_t{0});
    Ok(201, who, Method::kPost, "/api/v1/people/" + std::to_string(id) + "/positions",
       {{"kind", "security_team_member"}, {"start_date", "2005-01-01"}});
    return id;
  }
  json Medal(std::int64_t person, const std::string& unit) {
    return {{"form_code", "knc_bv_antq"},
            {"recipient", {{"kind", "person"}, {"person_id", person}}},
            {"proposing_unit", unit},
            {"achievement", "20 năm tham gia tổ bảo vệ ANTT"},
            {"period", "2005-2025"}};
  }

  testing::TempDir dir_;
  SimulatedClock clock_{kWorldT0 + 100LL * 24 * 3600 * kNsPerSecond};  // 2025-09-23
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
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

}  // namespace
}  // namespace anninh::serve
