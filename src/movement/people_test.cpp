#include "movement/people.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "movement/movement_world_test.h"
#include "store/sqlite/database.h"

namespace anninh::movement {
namespace {

// Law 91/2025/QH15: faith is sensitive personal data and the work needs no one's. No column
// of any table may hold it, whatever it is called.
TEST(PeopleTest, NoTableHasAReligionColumn) {
  MovementWorld w;
  auto tables = w.db->Prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
  ASSERT_TRUE(tables);
  int columns = 0;
  while (tables->Step().value()) {
    const std::string table = tables->Text(0);
    auto cols = w.db->Prepare("SELECT name FROM pragma_table_info(?1)");
    ASSERT_TRUE(cols);
    cols->Bind(1, table);
    while (cols->Step().value()) {
      std::string name = cols->Text(0);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      ++columns;
      for (const char* word : {"religion", "faith", "ton_giao", "tongiao", "belief", "tin_nguong"}) {
        EXPECT_EQ(name.find(word), std::string::npos) << table << "." << name;
      }
    }
  }
  EXPECT_GT(columns, 50);  // the walk did see the schema
}

TEST(PeopleTest, RegistersPeopleAndPostsWithValidation) {
  MovementWorld w;
  auto lan = w.people.Create({0, "Nguyễn Thị Lan", 1975, "nu", "90001", "0912345678"});
  ASSERT_TRUE(lan) << lan.error().ToString();
  auto minh = w.people.Create({0, "  Đỗ Văn Minh ", 1960, "nam", "90001.01", ""});
  ASSERT_TRUE(minh);
  EXPECT_EQ(minh->name, "Đỗ Văn Minh");
  auto an = w.people.Create({0, "Bùi An", 0, "", "90002", "+84912345678"});
  ASSERT_TRUE(an);

  struct Bad {
    Person p;
    const char* field;
  } bad[] = {{{0, "", 1970, "nam", "90001", ""}, "name"},
             {{0, "A", 1800, "nam", "90001", ""}, "birth_year"},
             {{0, "A", 1970, "male", "90001", ""}, "gender"},
             {{0, "A", 1970, "nam", "77777", ""}, "unit_code"},
             {{0, "A", 1970, "nam", "90001", "09-12"}, "phone"},
             {{0, "A", 1970, "nam", "90001", "12+3"}, "phone"}};
  for (const Bad& b : bad) {
    auto r = w.people.Create(b.p);
    ASSERT_FALSE(r) << b.field;
    EXPECT_EQ(r.error().field(), b.field);
  }

  ASSERT_TRUE(w.people.AddPosition({0, lan->id, "committee_head", "90001", 0, "2021-01-01", ""}));
  ASSERT_TRUE(w.people.AddPosition({0, lan->id, "committee_member", "90001", 0, "2016-01-01", "2021-01-01"}));
  EXPECT_EQ(w.people.AddPosition({0, lan->id, "bishop", "90001", 0, "2021-01-01", ""}).error().field(), "kind");
  EXPECT_EQ(w.people.AddPosition({0, lan->id, "model_member", "", 0, "2021-01-01", ""}).error().field(), "model_id");
  EXPECT_EQ(w.people.AddPosition({0, lan->id, "committee_member", "", 0, "2021-01-01", "2020-01-01"}).error().field(),
            "end_date");
  EXPECT_EQ(w.people.AddPosition({0, 999, "committee_member", "", 0, "2021-01-01", ""}).error().code(),
            ErrorCode::kNotFound);
  auto posts = w.people.Positions(lan->id).value();
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].kind, "committee_member");  // by start date

  // Lists: vi order, scoped to the caller's units, searchable without diacritics.
  UnitScope all{true, {}};
  auto everyone = w.people.List({}, all).value();
  ASSERT_EQ(everyone.size(), 3u);
  EXPECT_EQ(everyone[0].name, "Bùi An");
  EXPECT_EQ(everyone[1].name, "Đỗ Văn Minh");
  EXPECT_EQ(everyone[2].name, "Nguyễn Thị Lan");
  UnitScope village{false, {"90001.01"}};
  auto mine = w.people.List({}, village).value();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].name, "Đỗ Văn Minh");
  EXPECT_EQ(w.people.List({"", "do van"}, all).value().size(), 1u);
  EXPECT_EQ(w.people.List({"90001", ""}, all).value().size(), 2u);
}

TEST(PeopleTest, EditsAPersonAndEndsAPostWithTheSameChecks) {
  MovementWorld w;
  auto lan = w.people.Create({0, "Nguyễn Thị Lan", 1975, "nu", "90001", ""}).value();
  Person changed = lan;
  changed.name = " Nguyễn Thị Lan Anh ";
  changed.phone = "0987654321";
  changed.unit_code = "90001.01";
  auto updated = w.people.Update(changed);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->name, "Nguyễn Thị Lan Anh");
  EXPECT_EQ(w.people.Get(lan.id).value()->unit_code, "90001.01");
  // A bad edit names its field and changes nothing.
  changed.phone = "09-87";
  EXPECT_EQ(w.people.Update(changed).error().field(), "phone");
  changed.phone = "";
  changed.unit_code = "77777";
  EXPECT_EQ(w.people.Update(changed).error().field(), "unit_code");
  EXPECT_EQ(w.people.Get(lan.id).value()->phone, "0987654321");
  Person ghost = lan;
  ghost.id = 999;
  EXPECT_EQ(w.people.Update(ghost).error().code(), ErrorCode::kNotFound);

  auto post = w.people.AddPosition({0, lan.id, "committee_member", "", 0, "2025-01-01", ""}).value();
  EXPECT_EQ(w.people.EndPosition(lan.id, post.id, "2025-01-01").error().field(), "end_date");
  EXPECT_EQ(w.people.EndPosition(lan.id, post.id, "1/6/2025").error().field(), "end_date");
  EXPECT_EQ(w.people.EndPosition(lan.id + 1, post.id, "2025-06-01").error().code(), ErrorCode::kNotFound);
  auto ended = w.people.EndPosition(lan.id, post.id, "2025-06-01");
  ASSERT_TRUE(ended) << ended.error().ToString();
  EXPECT_EQ(w.people.Positions(lan.id).value()[0].end_date, "2025-06-01");
}

}  // namespace
}  // namespace anninh::movement
