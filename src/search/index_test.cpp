// The search over a real SQLite database: the Vietnamese matching rules, ranking, the
// public/signed-in split, and the index following writes it was never told about.
#include "search/index.h"

#include <gtest/gtest.h>

#include <memory>

#include "news/newsroom.h"
#include "store/sqlite/database.h"
#include "support/temp_dir.h"

namespace anninh::search {
namespace {

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    room_ = news::Newsroom::Open(dir_ / "anninh.db", dir_ / "images", clock_).value();
    index_ = Index::Open(dir_ / "anninh.db").value();
    // Another connection writes the movement's tables directly, as the CLI's unit import or
    // another process would: the index must follow without being told.
    other_ = store::sqlite::Database::Open(dir_ / "anninh.db").value();
    ASSERT_TRUE(other_->Exec(
        "INSERT INTO unit_version (code, name, level, parent_code, valid_from) VALUES "
        "('33', 'Tỉnh Hưng Yên', 'province', '', '2025-07-01'),"
        "('12970', 'Xã Tiền Hải', 'commune', '33', '2025-07-01'),"
        "('12971', 'Phường Thuỷ Hoà', 'commune', '33', '2025-07-01');"
        "INSERT INTO person (name, unit_code, phone, created_at_ns) VALUES ('Nguyễn Văn Tiến', '12970', '0912', 1);"
        "INSERT INTO model (name, type, unit_code, status, created_on, created_by, created_at_ns) VALUES "
        "('Camera an ninh thôn Đông', 'camera', '12970', 'active', '2025-08-01', 'lan', 1),"
        "('Tổ tự quản Đông Hải', 'tu_quan', '12970', 'proposed', '2025-08-01', 'lan', 1);"));
  }

  std::int64_t Publish(const std::string& title, const std::string& body) {
    auto a = room_->articles().Create("lan", {title, "", body, "", "12970", ""}).value();
    EXPECT_TRUE(room_->articles().Transition("lan", a.id, news::State::kReview, ""));
    EXPECT_TRUE(room_->articles().Transition("minh", a.id, news::State::kPublished, ""));
    return a.id;
  }
  std::vector<std::string> Titles(const std::string& text, bool public_only = true) {
    auto hits = index_->Search({text, public_only, {}, 50});
    EXPECT_TRUE(hits) << hits.error().ToString();
    std::vector<std::string> out;
    for (const Hit& h : *hits) out.push_back(h.title);
    return out;
  }
  bool Finds(const std::string& text, const std::string& title, bool public_only = true) {
    const auto t = Titles(text, public_only);
    return std::find(t.begin(), t.end(), title) != t.end();
  }

  testing::TempDir dir_;
  SimulatedClock clock_{1'790'000'000'000'000'000};
  std::unique_ptr<news::Newsroom> room_;
  std::unique_ptr<Index> index_;
  std::unique_ptr<store::sqlite::Database> other_;
};

TEST_F(IndexTest, MatchesIgnoringCaseMarksToneStyleAndDd) {
  EXPECT_TRUE(Finds("tien ha", "Xã Tiền Hải"));       // prefixes, no marks
  EXPECT_TRUE(Finds("TIỀN HẢI", "Xã Tiền Hải"));      // case
  EXPECT_TRUE(Finds("Tie\xCC\x80n", "Xã Tiền Hải"));  // NFD input
  EXPECT_TRUE(Finds("thủy hòa", "Phường Thuỷ Hoà"));  // new tone placement finds the old
  EXPECT_TRUE(Finds("thuỷ hoà", "Phường Thuỷ Hoà"));
  EXPECT_TRUE(Finds("thuy hoa", "Phường Thuỷ Hoà"));
  EXPECT_TRUE(Finds("thon dong", "Camera an ninh thôn Đông"));  // đ -> d
  EXPECT_TRUE(Finds("Đông", "Camera an ninh thôn Đông"));
  EXPECT_FALSE(Finds("tien hai xyz", "Xã Tiền Hải"));  // every term must match
  EXPECT_TRUE(Titles("  ").empty());
  EXPECT_TRUE(Titles("\"tien\" OR NEAR(").size() <= 50);  // FTS5 syntax typed in is only words
}

TEST_F(IndexTest, TitleMatchRanksAboveBodyMatch) {
  Publish("Tập huấn nghiệp vụ", "Buổi tập huấn về camera an ninh cho các thôn.");
  Publish("Camera an ninh ở Tiền Hải", "Nội dung bài viết.");
  auto hits = index_->Search({"camera", true, {"news"}, 10}).value();
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].title, "Camera an ninh ở Tiền Hải");
  EXPECT_EQ(hits[1].title, "Tập huấn nghiệp vụ");
  EXPECT_LT(hits[0].rank, hits[1].rank);
}

TEST_F(IndexTest, PublicSearchNeverReturnsDraftsOrPeople) {
  auto draft = room_->articles().Create("lan", {"Tiến độ bản nháp", "", "Tiền Hải", "", "", ""}).value();
  EXPECT_FALSE(Finds("tien", "Tiến độ bản nháp"));
  EXPECT_FALSE(Finds("tien", "Tiến độ bản nháp", false));  // drafts are not indexed at all
  EXPECT_FALSE(Finds("tien", "Nguyễn Văn Tiến"));          // people: signed-in only
  EXPECT_TRUE(Finds("tien", "Nguyễn Văn Tiến", false));
  EXPECT_FALSE(Finds("dong hai", "Tổ tự quản Đông Hải"));  // a proposed model is not public
  EXPECT_TRUE(Finds("dong hai", "Tổ tự quản Đông Hải", false));
  // Published, then unpublished: gone again from every search.
  ASSERT_TRUE(room_->articles().Transition("lan", draft.id, news::State::kReview, ""));
  ASSERT_TRUE(room_->articles().Transition("minh", draft.id, news::State::kPublished, ""));
  EXPECT_TRUE(Finds("tien do", "Tiến độ bản nháp"));
  ASSERT_TRUE(room_->articles().Transition("minh", draft.id, news::State::kUnpublished, ""));
  EXPECT_FALSE(Finds("tien do", "Tiến độ bản nháp", false));
  // The person's phone number is not in the index.
  EXPECT_FALSE(Finds("0912", "Nguyễn Văn Tiến", false));
}

TEST_F(IndexTest, FollowsRenamesAndDeletesAndRebuilds) {
  ASSERT_TRUE(Finds("tien hai", "Xã Tiền Hải"));
  ASSERT_TRUE(other_->Exec("UPDATE person SET name = 'Trần Thị Hoa' WHERE name = 'Nguyễn Văn Tiến'"));
  EXPECT_FALSE(Finds("tien", "Nguyễn Văn Tiến", false));
  EXPECT_TRUE(Finds("hoa", "Trần Thị Hoa", false));
  ASSERT_TRUE(other_->Exec("DELETE FROM person"));
  EXPECT_FALSE(Finds("hoa", "Trần Thị Hoa", false));
  const std::int64_t id = Publish("Bài sẽ sửa", "x");
  ASSERT_TRUE(room_->articles().Update("lan", id, {"Bài đã sửa tiêu đề", "", "x", "", "", ""}));
  EXPECT_TRUE(Finds("tieu de", "Bài đã sửa tiêu đề"));
  // Rebuild from nothing gives the same answers.
  ASSERT_TRUE(other_->Exec("DELETE FROM search_fts; DELETE FROM search_doc;"));
  EXPECT_FALSE(Finds("tien hai", "Xã Tiền Hải"));
  auto n = index_->Rebuild();
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 6);  // 3 units, 2 models, 1 article
  EXPECT_TRUE(Finds("tien hai", "Xã Tiền Hải"));
  EXPECT_TRUE(Finds("tieu de", "Bài đã sửa tiêu đề"));
}

}  // namespace
}  // namespace anninh::search
