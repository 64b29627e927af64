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
  // One change as "line action code: name old_name level parent old_parent effective other
  // link_kind", "" for the facts that do not apply.
  auto facts = [](const UnitImportReport& r) {
    std::vector<std::string> out;
    for (const UnitChange& c : r.changes) {
      out.push_back(std::to_string(c.line) + " " + c.action + " " + c.code + ": " + c.name + "|" + c.old_name + "|" +
                    c.level + "|" + c.parent + "|" + c.old_parent + "|" + c.effective + "|" + c.other + "|" + c.link_kind);
    }
    return out;
  };
  auto merge = ImportUnits(*w.db, kMerge2025, true);
  ASSERT_TRUE(merge) << merge.error().ToString();
  const auto merged = facts(*merge);
  for (const char* expected : {"3 create 12970: Xã Tiền Hải||commune|33||2025-07-01||",
                               "3 retire 90001: |||||2025-07-01|12970|", "3 link 12970: |||||2025-07-01|90001|merge"}) {
    EXPECT_NE(std::find(merged.begin(), merged.end(), expected), merged.end()) << expected << " not in\n" << ::testing::PrintToString(merged);
  }

  auto edits = ImportUnits(*w.db,
                           "code,name,level,parent,effective\n"
                           "90001.01,Thôn Đông Cao,village,90001,2020-03-01\n"  // renamed from 2020
                           "90002.01,Thôn Bắc,village,90001,2010-01-01\n"       // moved to An Ninh
                           "90001.02,Thôn Tây Một,village,90002,2004-01-01\n",  // corrected: same start
                           true);
  ASSERT_TRUE(edits) << edits.error().ToString();
  EXPECT_EQ(facts(*edits), (std::vector<std::string>{
                               "2 rename 90001.01: Thôn Đông Cao|Thôn Đông||||2020-03-01||",
                               "3 move 90002.01: |||90001|90002|2010-01-01||",
                               "4 correct 90001.02: Thôn Tây Một|Thôn Tây||90002|90001|||",
                           }));
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
