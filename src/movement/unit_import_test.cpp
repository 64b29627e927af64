// Importing the unit list: dry run against apply, versions and links across the 2025 merge,
// "as of" queries, and bad files refused whole with every problem named.
#include "movement/unit_import.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "movement/movement_world_test.h"
#include "store/sqlite/database.h"

namespace anninh::movement {
namespace {

int CountVersions(store::sqlite::Database& db) {
  auto st = db.Prepare("SELECT COUNT(*) FROM unit_version");
  EXPECT_TRUE(st.has_value());
  EXPECT_TRUE(st->Step().value());
  return static_cast<int>(st->Int(0));
}

bool HasChange(const UnitImportReport& r, const std::string& code, const std::string& action) {
  return std::any_of(r.changes.begin(), r.changes.end(),
                     [&](const UnitChange& c) { return c.code == code && c.action == action; });
}

TEST(UnitImportTest, DryRunReportsWhatApplyDoesAndChangesNothing) {
  MovementWorld w;
  const int before = CountVersions(*w.db);
  auto dry = ImportUnits(*w.db, kMerge2025, true);
  ASSERT_TRUE(dry) << dry.error().ToString();
  EXPECT_FALSE(dry->applied);
  EXPECT_TRUE(HasChange(*dry, "12970", "create"));
  EXPECT_TRUE(HasChange(*dry, "34", "retire"));
  EXPECT_TRUE(HasChange(*dry, "90001", "retire"));
  EXPECT_TRUE(HasChange(*dry, "12970", "link"));
  EXPECT_EQ(CountVersions(*w.db), before);
  EXPECT_FALSE(w.units.AsOf("12970", "2025-08-01").value().has_value());

  auto applied = ImportUnits(*w.db, kMerge2025, false);
  ASSERT_TRUE(applied) << applied.error().ToString();
  EXPECT_TRUE(applied->applied);
  ASSERT_EQ(applied->changes.size(), dry->changes.size());
  for (std::size_t i = 0; i < dry->changes.size(); ++i) {
    EXPECT_EQ(applied->changes[i].action, dry->changes[i].action);
    EXPECT_EQ(applied->changes[i].code, dry->changes[i].code);
  }
  EXPECT_TRUE(w.units.AsOf("12970", "2025-08-01").value().has_value());

  // The same file again changes nothing more.
  auto again = ImportUnits(*w.db, kMerge2025, true);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(HasChange(*again, "12970", "create"));
  EXPECT_FALSE(HasChange(*again, "90001", "retire"));
}

// Each change carries the facts its English `detail` is made of, so the console can word it
// in Vietnamese with its own date format.
TEST(UnitImportTest, EachChangeCarriesItsFactsForTheConsoleToWord) {
  MovementWorld w;
  auto merge = ImportUnits(*w.db, kMerge2025, true);
  ASSERT_TRUE(merge) << merge.error().ToString();
  auto find = [](const UnitImportReport& r, const std::string& code, const std::string& action,
                 const std::string& other = "") -> const UnitChange* {
    for (const UnitChange& c : r.changes) {
      if (c.code == code && c.action == action && (other.empty() || c.other == other)) return &c;
    }
    return nullptr;
  };
  const UnitChange* created = find(*merge, "12970", "create");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->line, 3);
  EXPECT_EQ(created->name, "Xã Tiền Hải");
  EXPECT_EQ(created->level, "commune");
  EXPECT_EQ(created->parent, "33");
  EXPECT_EQ(created->effective, "2025-07-01");
  EXPECT_EQ(created->old_name, "");
  const UnitChange* retired = find(*merge, "90001", "retire");
  ASSERT_NE(retired, nullptr);
  EXPECT_EQ(retired->other, "12970");
  EXPECT_EQ(retired->effective, "2025-07-01");
  const UnitChange* linked = find(*merge, "12970", "link", "90001");
  ASSERT_NE(linked, nullptr);
  EXPECT_EQ(linked->link_kind, "merge");
  EXPECT_EQ(linked->effective, "2025-07-01");

  auto edits = ImportUnits(*w.db,
                           "code,name,level,parent,effective\n"
                           "90001.01,Thôn Đông Cao,village,90001,2020-03-01\n"  // renamed from 2020
                           "90002.01,Thôn Bắc,village,90001,2010-01-01\n"       // moved to An Ninh
                           "90001.02,Thôn Tây Một,village,90002,2004-01-01\n",  // corrected: same start
                           true);
  ASSERT_TRUE(edits) << edits.error().ToString();
  const UnitChange* renamed = find(*edits, "90001.01", "rename");
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(renamed->old_name, "Thôn Đông");
  EXPECT_EQ(renamed->name, "Thôn Đông Cao");
  EXPECT_EQ(renamed->parent, "");  // unchanged
  EXPECT_EQ(renamed->effective, "2020-03-01");
  const UnitChange* moved = find(*edits, "90002.01", "move");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->old_parent, "90002");
  EXPECT_EQ(moved->parent, "90001");
  EXPECT_EQ(moved->name, "");
  EXPECT_EQ(moved->effective, "2010-01-01");
  const UnitChange* corrected = find(*edits, "90001.02", "correct");
  ASSERT_NE(corrected, nullptr);
  EXPECT_EQ(corrected->old_name, "Thôn Tây");
  EXPECT_EQ(corrected->name, "Thôn Tây Một");
  EXPECT_EQ(corrected->old_parent, "90001");
  EXPECT_EQ(corrected->parent, "90002");
}

TEST(UnitImportTest, AsOfQueriesFollowTheMerge) {
  MovementWorld w;
  w.Merge();
  // Before 01/07/2025: An Ninh in Tiền Hải district, Thái Bình.
  EXPECT_EQ(w.units.AsOf("90001", "2025-06-30").value()->name, "Xã An Ninh");
  EXPECT_TRUE(w.units.Within("90001.01", "34", "2025-06-30").value());
  EXPECT_FALSE(w.units.Within("90001.01", "33", "2025-06-30").value());
  // From 01/07/2025: An Ninh is gone; its village is in xã Tiền Hải, Hưng Yên.
  EXPECT_FALSE(w.units.AsOf("90001", "2025-07-01").value().has_value());
  EXPECT_EQ(w.units.Resolve("90001", "2025-07-01").value(), std::vector<std::string>{"12970"});
  EXPECT_TRUE(w.units.Within("90001.01", "12970", "2025-07-01").value());
  EXPECT_TRUE(w.units.Within("90001.01", "33", "2025-07-01").value());
  EXPECT_FALSE(w.units.Within("90002.01", "90001", "2025-07-01").value());
  auto links = w.units.Links("12970").value();
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].kind, "merge");
  // The province list as of each date.
  auto before = w.units.Children("", "2025-06-30").value();
  auto after = w.units.Children("", "2025-07-01").value();
  EXPECT_EQ(before.size(), 2u);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].code, "33");
}

TEST(UnitImportTest, RenameMakesANewVersionAndKeepsTheOld) {
  MovementWorld w;
  auto r = ImportUnits(*w.db,
                       "code,name,level,parent,effective\n90001.01,Thôn Đông Cao,village,90001,2020-03-01\n", false);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(HasChange(*r, "90001.01", "rename"));
  EXPECT_EQ(w.units.AsOf("90001.01", "2019-12-31").value()->name, "Thôn Đông");
  EXPECT_EQ(w.units.AsOf("90001.01", "2020-03-01").value()->name, "Thôn Đông Cao");
  EXPECT_EQ(w.units.History("90001.01").value().size(), 2u);
}

TEST(UnitImportTest, BadFilesAreRefusedWholeWithEveryProblemByLine) {
  MovementWorld w;
  w.Merge();
  const int before = CountVersions(*w.db);
  // Line 2 is fine and must not be applied alone; lines 3-7 each have a problem.
  const char csv[] =
      "code,name,level,parent,effective,predecessors\n"
      "12970.01,Thôn Mới,village,12970,2025-08-01\n"
      "90001,Xã An Ninh,commune,33,2025-09-01\n"
      "123,Xã Sai Mã,commune,33,2025-09-01\n"
      "12971,Xã Không Cha,commune,99,2025-09-01\n"
      "12972,,commune,33,2025-09-01\n"
      "12973,Xã Ngày Sai,commune,33,2025-02-30\n";
  auto r = ImportUnits(*w.db, csv, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  const std::string& m = r.error().message();
  EXPECT_NE(m.find("5 problems"), std::string::npos) << m;
  EXPECT_NE(m.find("line 3: 90001: this code ended on 2025-07-01; codes are never reused"), std::string::npos) << m;
  EXPECT_NE(m.find("line 4: 123: '123' is not a commune code"), std::string::npos) << m;
  EXPECT_NE(m.find("line 5: 12971: parent '99' does not exist"), std::string::npos) << m;
  EXPECT_NE(m.find("line 6: 12972: the name is empty"), std::string::npos) << m;
  EXPECT_NE(m.find("line 7: 12973:"), std::string::npos) << m;
  EXPECT_EQ(CountVersions(*w.db), before);
  EXPECT_FALSE(w.units.AsOf("12970.01", "2025-08-02").value().has_value());

  EXPECT_FALSE(ImportUnits(*w.db, "", false));
  EXPECT_FALSE(ImportUnits(*w.db, "ma,ten\n", false));
  auto quoted = ImportUnits(*w.db, "code,name,level,parent,effective\n\"12970.02\",\"Tổ 2, khu A\",village,12970,2025-08-01\n",
                            false);
  ASSERT_TRUE(quoted) << quoted.error().ToString();
  EXPECT_EQ(w.units.AsOf("12970.02", "2025-08-01").value()->name, "Tổ 2, khu A");
}

// The demo's sample (demo/units-sample.csv) imports into an empty database, says it is a
// sample, and gives the merge it illustrates.
TEST(UnitImportTest, TheDemoSampleImportsAndSaysItIsASample) {
  std::ifstream in(std::string(ANNINH_SOURCE_DIR) + "/demo/units-sample.csv");
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_NE(text.str().find("NOT the official list"), std::string::npos);
  testing::TempDir dir;
  auto db = OpenDatabase(dir.path() / "index.db").value();
  auto r = ImportUnits(*db, text.str(), false);
  ASSERT_TRUE(r) << r.error().ToString();
  Units units(*db);
  EXPECT_TRUE(units.Within("90001.01", "34", "2025-06-30").value());
  EXPECT_TRUE(units.Within("90001.01", "12970", "2025-07-01").value());
  EXPECT_TRUE(units.Within("90001.01", "33", "2025-07-01").value());
}

}  // namespace
}  // namespace anninh::movement
