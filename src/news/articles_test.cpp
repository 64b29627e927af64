#include "news/articles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "news/images.h"
#include "news/links.h"
#include "news/newsroom.h"
#include "support/temp_dir.h"

namespace anninh::news {
namespace {

class ArticlesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    room_ = Newsroom::Open(dir_ / "anninh.db", dir_ / "news" / "images", clock_).value();
  }
  Article Make(const std::string& title) {
    auto a = room_->articles().Create("lan", {title, "Tóm tắt", "Nội dung", "Hoạt động", "12970", "Công an xã"});
    EXPECT_TRUE(a) << a.error().ToString();
    return *a;
  }

  testing::TempDir dir_;
  SimulatedClock clock_{1'790'000'000'000'000'000};
  std::unique_ptr<Newsroom> room_;
};

TEST_F(ArticlesTest, DraftToReviewToPublishedWithHistory) {
  Article a = Make("Ngày hội toàn dân bảo vệ an ninh Tổ quốc");
  EXPECT_EQ(a.state, State::kDraft);
  Articles& arts = room_->articles();
  EXPECT_EQ(arts.ListPublished("").value().size(), 0u);
  ASSERT_TRUE(arts.Transition("lan", a.id, State::kReview, ""));
  clock_.Advance(std::chrono::seconds(60));
  auto back = arts.Transition("minh", a.id, State::kDraft, "Thiếu ảnh");
  ASSERT_TRUE(back);
  ASSERT_TRUE(arts.Transition("lan", a.id, State::kReview, ""));
  auto pub = arts.Transition("minh", a.id, State::kPublished, "");
  ASSERT_TRUE(pub) << pub.error().ToString();
  EXPECT_EQ(pub->published_at, clock_.Now());
  EXPECT_EQ(arts.ListPublished("").value().size(), 1u);
  EXPECT_TRUE(arts.GetPublished(a.id).value().has_value());
  // The editor's list: every state without a filter, one state with it.
  ASSERT_TRUE(arts.Create("lan", {"Bản nháp khác", "", "", "", "", ""}));
  EXPECT_EQ(arts.List({}).value().size(), 2u);
  EXPECT_EQ(arts.List({State::kPublished, ""}).value().size(), 1u);
  EXPECT_EQ(arts.List({State::kDraft, ""}).value().size(), 1u);
  auto history = arts.History(a.id).value();
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0].to_state, "draft");
  EXPECT_EQ(history[2].note, "Thiếu ảnh");
  EXPECT_EQ(history[4].to_state, "published");
  EXPECT_EQ(history[4].by, "minh");
}

TEST_F(ArticlesTest, PublishingSkipsNoStepAndUnpublishingHidesIt) {
  Article a = Make("Bài viết");
  Articles& arts = room_->articles();
  auto skip = arts.Transition("lan", a.id, State::kPublished, "");
  ASSERT_FALSE(skip);
  EXPECT_EQ(skip.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(skip.error().message().find("review"), std::string::npos);
  ASSERT_TRUE(arts.Transition("lan", a.id, State::kReview, ""));
  ASSERT_TRUE(arts.Transition("minh", a.id, State::kPublished, ""));
  const WallNs first = arts.Get(a.id).value()->published_at;
  ASSERT_TRUE(arts.Transition("minh", a.id, State::kUnpublished, "Sai số liệu"));
  EXPECT_FALSE(arts.GetPublished(a.id).value().has_value());
  EXPECT_TRUE(arts.ListPublished("").value().empty());
  clock_.Advance(std::chrono::hours(1));
  ASSERT_TRUE(arts.Transition("minh", a.id, State::kPublished, ""));
  EXPECT_EQ(arts.Get(a.id).value()->published_at, first);  // the first publication date stays
  EXPECT_TRUE(NeedsPublishRight(State::kReview, State::kPublished));
  EXPECT_TRUE(NeedsPublishRight(State::kPublished, State::kUnpublished));
  EXPECT_FALSE(NeedsPublishRight(State::kDraft, State::kReview));
}

TEST_F(ArticlesTest, BadInputIsRefusedAndNothingIsLost) {
  Article a = Make("Tiêu đề gốc");
  Articles& arts = room_->articles();
  auto empty = arts.Update("lan", a.id, {"   ", "", "", "", "", ""});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field(), "title");
  auto bad_utf8 = arts.Update("lan", a.id, {"ok", "\xC3\x28", "", "", "", ""});
  ASSERT_FALSE(bad_utf8);
  EXPECT_EQ(bad_utf8.error().field(), "summary");
  EXPECT_EQ(arts.Get(a.id).value()->fields.title, "Tiêu đề gốc");
  EXPECT_EQ(arts.History(a.id).value().size(), 1u);
  EXPECT_EQ(arts.Transition("lan", 999, State::kReview, "").error().code(), ErrorCode::kNotFound);
  // NFD input is stored NFC.
  auto nfd = arts.Update("lan", a.id, {"Ho\xCC\x80" "a", "", "", "", "", ""});
  ASSERT_TRUE(nfd);
  EXPECT_EQ(nfd->fields.title, "H\xC3\xB2" "a");
}

TEST_F(ArticlesTest, ImagesAreCheckedByContentAndServedOnlyWhenPublished) {
  Article a = Make("Ảnh ngày hội");
  Images& images = room_->images();
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a picture";
  auto html = images.Add("lan", a.id, "anh.png", "<html><script>alert(1)</script>");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().field(), "content");
  auto svg = images.Add("lan", a.id, "anh.svg", "<svg onload=alert(1)></svg>");
  ASSERT_FALSE(svg);
  EXPECT_FALSE(images.Add("lan", 999, "anh.png", png));
  auto img = images.Add("lan", a.id, "../../etc/passwd", png);
  ASSERT_TRUE(img) << img.error().ToString();
  EXPECT_EQ(img->content_type, "image/png");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "news" / "images" / img->sha256));  // the name never became a path
  EXPECT_TRUE(images.Find(img->sha256, false).value().has_value());
  EXPECT_FALSE(images.Find(img->sha256, true).value().has_value());  // a draft's picture is not public
  EXPECT_FALSE(images.Find("../x", false).value().has_value());
  ASSERT_TRUE(room_->articles().Transition("lan", a.id, State::kReview, ""));
  ASSERT_TRUE(room_->articles().Transition("minh", a.id, State::kPublished, ""));
  auto found = images.Find(img->sha256, true).value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(images.Read(*found).value(), png);
  // Altered on disk: reported, not served.
  std::ofstream(dir_ / "news" / "images" / img->sha256, std::ios::binary) << "tampered";
  EXPECT_EQ(images.Read(*found).error().code(), ErrorCode::kDataLoss);
}

TEST_F(ArticlesTest, LinksKeepOnlyWebAddresses) {
  Links& links = room_->links();
  ASSERT_TRUE(links.Add("admin", {0, "Bộ Công an", "https://bocongan.gov.vn/", 1}));
  ASSERT_TRUE(links.Add("admin", {0, "Cổng xã", "http://tienhai.hungyen.gov.vn/", 2}));
  for (const char* url : {"javascript:alert(1)", "/relative", "data:text/html,x", "https://x.vn/\" onclick=\"a"}) {
    auto bad = links.Add("admin", {0, "x", url, 0});
    ASSERT_FALSE(bad) << url;
    EXPECT_EQ(bad.error().field(), "url");
  }
  auto list = links.List().value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].title, "Bộ Công an");
  ASSERT_TRUE(links.Remove(list[0].id));
  EXPECT_EQ(links.Remove(list[0].id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(links.List().value().size(), 1u);
}

}  // namespace
}  // namespace anninh::news
