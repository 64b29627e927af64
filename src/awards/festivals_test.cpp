// Festivals: recording one with its parts, the report (awards handed over at it, revoked
// ones out of the figures), the compliance view for a province with communes that did and
// did not hold this year's festival (across the 2025 merge), and photos checked by content.
#include "awards/festivals.h"

#include <gtest/gtest.h>

#include <fstream>

#include "awards/awards_world_test.h"
#include "media/snapshot.h"
#include "support/process.h"
#include "support/synthetic_video.h"

namespace anninh::awards {
namespace {

// Two more communes of Hưng Yên from 01/07/2025 (made-up codes), beside xã Tiền Hải.
constexpr char kMoreCommunes[] =
    "code,name,level,parent,effective\n"
    "12980,Xã Nam Cường,commune,33,2025-07-01\n"
    "12990,Xã Đông Hoàng,commune,33,2025-07-01\n"
    "12980.01,Thôn Nam,village,12980,2025-07-01\n";

class FestivalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    w_.Merge();
    ASSERT_TRUE(movement::ImportUnits(*w_.db, kMoreCommunes, false));
    w_.clock.Advance(std::chrono::nanoseconds(kAug2025 - movement::kJune2025));
  }
  Festival Sample(const std::string& unit, const std::string& held_on) {
    Festival f;
    f.unit_code = unit;
    f.year = 2025;
    f.held_on = held_on;
    f.programme = "Phần lễ: báo cáo kết quả, khen thưởng, ra mắt mô hình. Phần hội: văn nghệ, thể thao.";
    f.participants = 350;
    f.guests = "Đại diện Công an tỉnh Hưng Yên";
    f.points = {{"commune", "Nhà văn hóa xã"}, {"village", "Thôn Đông"}, {"school", "Trường THCS"}};
    f.gifts = {{"Gia đình chính sách", "Quà", 500'000}, {"Hộ nghèo", "Quà", 300'000}};
    return f;
  }
  // 2025-08-30 in Vietnam.
  static constexpr WallNs kAug2025 = 1'756'512'000'000'000'000;
  AwardsWorld w_;
};

TEST_F(FestivalsTest, OnePerUnitAndYearWithItsParts) {
  auto model = w_.ActiveModel("Camera an ninh thôn Đông", "90001.01", "2025-08-15", "camera");
  Festival f = Sample("12970", "2025-08-15");
  f.models = {model.id};
  auto made = w_.festivals.Create("t", f);
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(made->points.size(), 3u);
  EXPECT_EQ(made->gifts.at(1).value_vnd, 300'000);
  EXPECT_EQ(made->models, std::vector<std::int64_t>{model.id});
  EXPECT_EQ(w_.festivals.Create("t", f).error().code(), ErrorCode::kAlreadyExists);
  Festival bad = Sample("12980", "2024-08-15");
  EXPECT_EQ(w_.festivals.Create("t", bad).error().field(), "held_on");
  bad = Sample("12980", "2025-08-15");
  bad.points[0].kind = "stadium";
  EXPECT_EQ(w_.festivals.Create("t", bad).error().field(), "points.kind");
  bad = Sample("12980", "2025-08-15");
  bad.gifts[0].value_vnd = -1;
  EXPECT_EQ(w_.festivals.Create("t", bad).error().field(), "gifts.value_vnd");
  bad = Sample("12980", "2025-08-15");
  bad.models = {9999};
  EXPECT_EQ(w_.festivals.Create("t", bad).error().field(), "models");
  // A refused festival leaves nothing behind.
  EXPECT_EQ(w_.festivals.List("", 2025, movement::UnitScope{true, {}}).value().size(), 1u);
  // Update replaces the parts.
  Festival edit = *made;
  edit.points = {{"commune", "Sân vận động xã"}};
  edit.participants = 500;
  auto updated = w_.festivals.Update(made->id, edit).value();
  EXPECT_EQ(updated.points.size(), 1u);
  EXPECT_EQ(updated.participants, 500);
}

TEST_F(FestivalsTest, TheReportCountsAwardsHandedOverAtItAndNotRevokedOnes) {
  auto fest = w_.festivals.Create("t", Sample("12970", "2025-08-19")).value();
  const auto p = w_.TeamMember("Trần Văn Hải", "nam", "2005-01-01");
  const auto q = w_.TeamMember("Lê Thị Hoa", "nu", "2010-01-01");
  Award a = w_.Medal(p.id, "2025-07-10");
  a.proposing_unit = "12970";
  Award b = w_.Medal(q.id, "2025-07-10");
  b.proposing_unit = "12970";
  for (Award* x : {&a, &b}) {
    *x = w_.Decided(*x, "2025-08-01");
    Step hand;
    hand.to = AwardStatus::kHandedOver;
    hand.festival_id = fest.id;
    auto handed = w_.awards.Transition("t", x->id, hand);
    ASSERT_TRUE(handed) << handed.error().ToString();
    EXPECT_EQ(handed->handed_on, "2025-08-19");  // the festival's day
  }
  Step revoke;
  revoke.to = AwardStatus::kRevoked;
  revoke.note = "hồ sơ không đúng";
  revoke.decision_no = "9/QĐ-BCA";
  revoke.on_date = "2025-08-25";
  ASSERT_TRUE(w_.awards.Transition("t", b.id, revoke));
  auto r = w_.festivals.Report(fest.id).value();
  EXPECT_EQ(r.unit_name, "Xã Tiền Hải");
  EXPECT_EQ(r.figures.awards_handed_over, 1);
  EXPECT_EQ(r.figures.awards_by_form["knc_bv_antq"], 1);
  ASSERT_EQ(r.awards.size(), 2u);  // the revoked one is listed, marked
  EXPECT_EQ(r.figures.points, 3);
  EXPECT_EQ(r.figures.gifts_value_vnd, 800'000);
  EXPECT_EQ(r.figures.participants, 350);
}

TEST_F(FestivalsTest, ComplianceForAProvinceWithCommunesThatDidAndDidNotHoldIt) {
  // Tiền Hải held it at the commune and (under its old code) in thôn Đông; Nam Cường held
  // it; Đông Hoàng did not. A 2024 festival does not count for 2025.
  ASSERT_TRUE(w_.festivals.Create("t", Sample("12970", "2025-08-15")));
  ASSERT_TRUE(w_.festivals.Create("t", Sample("90001.01", "2025-08-10")));
  ASSERT_TRUE(w_.festivals.Create("t", Sample("12980", "2025-08-12")));
  Festival old = Sample("90001", "2024-08-12");
  old.year = 2024;
  ASSERT_TRUE(w_.festivals.Create("t", old));
  auto c = w_.festivals.ComplianceOf("33", 2025, "2025-08-30").value();
  EXPECT_EQ(c.unit.name, "Tỉnh Hưng Yên");
  ASSERT_EQ(c.children.size(), 3u);
  EXPECT_EQ(c.children_held, 2);
  EXPECT_EQ(c.figures.festivals, 3);
  EXPECT_EQ(c.figures.points, 9);
  EXPECT_EQ(c.figures.participants, 1050);
  EXPECT_EQ(c.figures.gifts_value_vnd, 2'400'000);
  std::map<std::string, const ComplianceLine*> by_code;
  for (const auto& line : c.children) by_code[line.unit.code] = &line;
  EXPECT_TRUE(by_code.at("12970")->held);
  EXPECT_EQ(by_code.at("12970")->festivals.size(), 2u);
  EXPECT_EQ(by_code.at("12970")->figures.participants, 700);
  EXPECT_TRUE(by_code.at("12980")->held);
  EXPECT_FALSE(by_code.at("12990")->held);
  EXPECT_EQ(by_code.at("12990")->figures.festivals, 0);
  // Vietnamese order: Đông Hoàng, Nam Cường, Tiền Hải.
  EXPECT_EQ(c.children[0].unit.code, "12990");

  // A commune's view: its villages (the old ones, through the merge), and whether it held it.
  auto commune = w_.festivals.ComplianceOf("12970", 2025, "2025-08-30").value();
  EXPECT_TRUE(commune.held);
  EXPECT_EQ(commune.children.size(), 3u);
  EXPECT_EQ(commune.children_held, 1);
  auto nam = w_.festivals.ComplianceOf("12990", 2025, "2025-08-30").value();
  EXPECT_FALSE(nam.held);
  EXPECT_EQ(w_.festivals.ComplianceOf("90001", 2025, "2025-08-30").error().code(), ErrorCode::kNotFound);
}

TEST_F(FestivalsTest, PhotosAreCheckedByContentAndGetThumbnails) {
  auto fest = w_.festivals.Create("t", Sample("12970", "2025-08-15")).value();
  FestivalPhotos photos(*w_.db, w_.clock, w_.dir.path() / "photos");
  testing::SyntheticVideo video(320, 240, 25, 25);
  const std::string jpeg = media::KeyframeToJpeg(video.info(), *video.Next().av, {}).value();
  auto added = photos.Add("t", fest.id, "lễ khai mạc.png", jpeg);  // the name says PNG; the content decides
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_EQ(added->mime, "image/jpeg");
  auto thumb = photos.Read(fest.id, added->id, true).value();
  EXPECT_EQ(static_cast<unsigned char>(thumb.second[0]), 0xFF);
  EXPECT_EQ(photos.Read(fest.id, added->id, false).value().second, jpeg);
  // Not a picture; a picture cut short; an unknown festival.
  EXPECT_EQ(photos.Add("t", fest.id, "x.jpg", "<script>alert(1)</script>").error().field(), "content");
  EXPECT_EQ(photos.Add("t", fest.id, "x.jpg", jpeg.substr(0, 40)).error().field(), "content");
  EXPECT_EQ(photos.Add("t", 999, "x.jpg", jpeg).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(photos.ForFestival(fest.id).value().size(), 1u);
  EXPECT_EQ(w_.festivals.Report(fest.id).value().figures.photos, 1);
  // A file altered on disk is reported, not served.
  std::ofstream(w_.dir.path() / "photos" / std::to_string(fest.id) / added->sha256, std::ios::binary) << "tampered";
  EXPECT_EQ(photos.Read(fest.id, added->id, false).error().code(), ErrorCode::kDataLoss);
}

}  // namespace
}  // namespace anninh::awards
