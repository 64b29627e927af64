// For the awards' tests: the movement's test world (a real SQLite database, the Thái Bình →
// Hưng Yên unit tree) with the awards and festivals over the same connection.
#pragma once

#include "awards/awards.h"
#include "awards/festival_photos.h"
#include "awards/festivals.h"
#include "movement/movement_world_test.h"

namespace anninh::awards {

struct AwardsWorld : movement::MovementWorld {
  // A person with a security-team post from `since`.
  movement::Person TeamMember(const std::string& name, const std::string& gender, const std::string& since,
                              const std::string& unit = "90001.01") {
    auto p = people.Create({0, name, 1970, gender, unit, ""});
    EXPECT_TRUE(p) << p.error().ToString();
    auto post = people.AddPosition({0, p->id, "security_team_member", "", 0, since, ""});
    EXPECT_TRUE(post) << post.error().ToString();
    return *p;
  }
  Award Medal(std::int64_t person_id, const std::string& on = "2025-06-01") {
    Award a;
    a.form_code = "knc_bv_antq";
    a.recipient.kind = "person";
    a.recipient.person_id = person_id;
    a.proposing_unit = "90001";
    a.achievement = "Nhiều năm tham gia tổ bảo vệ ANTT";
    a.period = "2010-2025";
    a.proposed_on = on;
    return a;
  }
  // A Giấy khen of the commune chairman for a person, proposed by `unit`.
  Award CommuneCertificate(std::int64_t person_id, const std::string& unit, const std::string& on) {
    Award a;
    a.form_code = "gk_chu_tich_ubnd_xa";
    a.recipient = {"person", person_id, 0, "", "", ""};
    a.proposing_unit = unit;
    a.achievement = "Hoàn thành xuất sắc nhiệm vụ";
    a.period = on.substr(0, 4);
    a.proposed_on = on;
    return a;
  }
  // Proposed, reviewed and decided on `decided_on`.
  Award Decided(Award a, const std::string& decided_on) {
    auto made = awards.Propose("t", a);
    EXPECT_TRUE(made) << made.error().ToString();
    Step review;
    review.to = AwardStatus::kReviewed;
    review.on_date = a.proposed_on;
    EXPECT_TRUE(awards.Transition("t", made->id, review));
    Step decide;
    decide.to = AwardStatus::kDecided;
    decide.on_date = decided_on;
    decide.decision_no = "1234/QĐ-BCA";
    decide.decision_date = decided_on;
    decide.signer = "Bộ trưởng Bộ Công an";
    decide.issuing_body = "Bộ Công an";
    auto done = awards.Transition("t", made->id, decide);
    EXPECT_TRUE(done) << done.error().ToString();
    return *done;
  }

  Awards awards{*db, clock};
  Festivals festivals{*db, clock};
};

}  // namespace anninh::awards
