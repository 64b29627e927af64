// News and search through the API with real access control: a village head writes and
// submits, only an officer publishes; the public pages, feed, pictures and search never show
// a draft or a person; signed-in search sees people only within the caller's units.
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
    "12970.01,Thôn Đông,village,12970,2025-07-01\n";

class ApiNewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.cameras.cameras.push_back(StreamingCamera("cong-cho", "Cổng chợ Tiền Hải", "thon-dong"));
    api_ = world_.MakeApi(clock_);
    ASSERT_TRUE(world_.registry->ImportUnits(kUnits, false));
    ASSERT_TRUE(world_.registry->people().Create({0, "Nguyễn Văn Tiến", 1970, "nam", "12970.01", "0912"}));
    ASSERT_TRUE(world_.registry->people().Create({0, "Lê Thị Tiên", 1980, "nu", "12971", ""}));
    struct Who {
      const char* name;
      const char* role;
      std::vector<std::string> areas;
    } people[] = {{"officer", "officer", {}}, {"truong_thon", "village_head", {"12970.01"}},
                  {"viewer", "viewer", {"thon-dong"}}};
    for (const Who& w : people) {
      auto a = world_.access->CreateAccount({"test", ""}, {w.name, "", kWorldPassword, w.role, w.areas, {}});
      ASSERT_TRUE(a) << a.error().ToString();
      tokens_[w.name] = world_.access->CreateToken({"test", ""}, a->id, "t", std::chrono::seconds(0)).value().token;
    }
  }

  Response As(const std::string& who, Method m, const std::string& target, std::string body = "") {
    Request r{m, target, "", std::move(body)};
    if (!who.empty()) r.authorization = "Bearer " + tokens_[who];
    r.remote = "10.0.0.9";
    return api_->Handle(r);
  }
  json Ok(int status, const std::string& who, Method m, const std::string& target, const json& body = nullptr) {
    Response r = As(who, m, target, body.is_null() ? "" : body.dump());
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }
  std::vector<std::string> Found(const std::string& who, const std::string& q) {
    json r = Ok(200, who, Method::kGet, "/api/v1/search?q=" + q);
    std::vector<std::string> out;
    for (const json& hit : r["results"]) {
      std::string title;
      for (const json& p : hit["title"]) title += p["text"].get<std::string>();
      out.push_back(hit["kind"].get<std::string>() + ":" + title);
    }
    return out;
  }
  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  testing::TempDir dir_;
  SimulatedClock clock_{1'790'000'000'000'000'000};
  ApiWorld world_{dir_.path(), clock_};
  std::unique_ptr<Api> api_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ApiNewsTest, WriteReviewPublishAndReadPublicly) {
  json a = Ok(201, "truong_thon", Method::kPost, "/api/v1/news",
              {{"title", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở Tiền Hải"},
               {"summary", "Xã tổ chức ngày hội"},
               {"body", "Nội dung <script>alert(1)</script> [bấm](javascript:alert(1))"},
               {"category", "Hoạt động"},
               {"byline", "Ban biên tập xã"}});
  const std::string id = std::to_string(a["id"].get<int>());
  EXPECT_EQ(a["state"], "draft");
  // Not public yet: the public page answers like a missing article, lists and search are empty.
  EXPECT_EQ(As("", Method::kGet, "/api/v1/public/news/" + id).status, 404);
  EXPECT_TRUE(Ok(200, "", Method::kGet, "/api/v1/public/news")["articles"].empty());
  EXPECT_FALSE(Has(Found("", "ngay hoi"), "news:Ngày hội toàn dân bảo vệ an ninh Tổ quốc ở Tiền Hải"));
  EXPECT_EQ(As("", Method::kGet, "/api/v1/public/feed.atom").body.find("Ngày hội"), std::string::npos);

  Ok(200, "truong_thon", Method::kPost, "/api/v1/news/" + id + "/transitions", {{"to", "review"}});
  // A village head may not publish; the editor is offered only the moves it may make.
  Response refused = As("truong_thon", Method::kPost, "/api/v1/news/" + id + "/transitions",
                        json({{"to", "published"}}).dump());
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(Ok(200, "truong_thon", Method::kGet, "/api/v1/news/" + id)["next_states"], json::array({"draft"}));
  EXPECT_EQ(Ok(200, "officer", Method::kGet, "/api/v1/news/" + id)["next_states"], json::array({"published", "draft"}));
  Ok(200, "officer", Method::kPost, "/api/v1/news/" + id + "/transitions", {{"to", "published"}});

  json pub = Ok(200, "", Method::kGet, "/api/v1/public/news/" + id);
  EXPECT_EQ(pub["byline"], "Ban biên tập xã");
  const std::string html = pub["html"];
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  // No account names or workflow internals on public answers.
  const std::string raw = As("", Method::kGet, "/api/v1/public/news/" + id).body;
  EXPECT_EQ(raw.find("truong_thon"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("officer"), std::string::npos) << raw;
  EXPECT_EQ(Ok(200, "", Method::kGet, "/api/v1/public/news")["categories"], json::array({"Hoạt động"}));
  Response feed = As("", Method::kGet, "/api/v1/public/feed.atom");
  EXPECT_EQ(feed.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_NE(feed.body.find("Ngày hội toàn dân"), std::string::npos);
  EXPECT_EQ(feed.body.find("truong_thon"), std::string::npos);
  // A published article is changed only with news.publish.
  EXPECT_EQ(As("truong_thon", Method::kPatch, "/api/v1/news/" + id, json({{"title", "x"}}).dump()).status, 403);
  Ok(200, "officer", Method::kPatch, "/api/v1/news/" + id, {{"summary", "Đã sửa"}});
  // History and audit.
  EXPECT_EQ(Ok(200, "officer", Method::kGet, "/api/v1/news/" + id)["history"].size(), 4u);
  store::AuditQuery q;
  q.action = "news.transition";
  EXPECT_EQ(world_.audit_store->Query(q).value().size(), 2u);
}

TEST_F(ApiNewsTest, PicturesAreCheckedByContentAndHiddenUntilPublished) {
  json a = Ok(201, "officer", Method::kPost, "/api/v1/news", {{"title", "Ảnh"}});
  const std::string id = std::to_string(a["id"].get<int>());
  Response html = As("officer", Method::kPost, "/api/v1/news/" + id + "/images?name=a.png", "<script>x</script>");
  EXPECT_EQ(html.status, 400) << html.body;
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "IHDR...";
  Response up = As("officer", Method::kPost, "/api/v1/news/" + id + "/images?name=anh.png", png);
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string url = json::parse(up.body)["url"];
  EXPECT_EQ(As("", Method::kGet, url).status, 404);          // a draft's picture: not public
  EXPECT_EQ(As("viewer", Method::kGet, url).status, 404);    // nor for a viewer without news.read
  Response staff = As("officer", Method::kGet, url);         // the editor's preview
  EXPECT_EQ(staff.status, 200);
  Ok(200, "officer", Method::kPost, "/api/v1/news/" + id + "/transitions", {{"to", "review"}});
  Ok(200, "officer", Method::kPost, "/api/v1/news/" + id + "/transitions", {{"to", "published"}});
  Response pub = As("", Method::kGet, url);
  ASSERT_EQ(pub.status, 200);
  EXPECT_EQ(pub.content_type, "image/png");
  EXPECT_EQ(pub.body, png);
}

TEST_F(ApiNewsTest, SearchIsScopedByWhoAsks) {
  json a = Ok(201, "officer", Method::kPost, "/api/v1/news", {{"title", "Tiến độ lắp camera"}, {"body", "Tiền Hải"}});
  const std::string id = std::to_string(a["id"].get<int>());
  // Anonymous: units, no people, no drafts, no cameras.
  auto anon = Found("", "tien");
  EXPECT_TRUE(Has(anon, "unit:Xã Tiền Hải"));
  EXPECT_FALSE(Has(anon, "person:Nguyễn Văn Tiến"));
  EXPECT_FALSE(Has(anon, "news:Tiến độ lắp camera"));
  EXPECT_FALSE(Has(anon, "camera:Cổng chợ Tiền Hải"));
  Ok(200, "officer", Method::kPost, "/api/v1/news/" + id + "/transitions", {{"to", "review"}});
  Ok(200, "officer", Method::kPost, "/api/v1/news/" + id + "/transitions", {{"to", "published"}});
  EXPECT_TRUE(Has(Found("", "tien do"), "news:Tiến độ lắp camera"));
  // The officer (all units) sees both people and the camera.
  auto officer = Found("officer", "tien");
  EXPECT_TRUE(Has(officer, "person:Nguyễn Văn Tiến"));
  EXPECT_TRUE(Has(officer, "person:Lê Thị Tiên"));
  EXPECT_TRUE(Has(officer, "camera:Cổng chợ Tiền Hải"));
  // The village head sees only their village's person; the viewer only the camera.
  auto head = Found("truong_thon", "tien");
  EXPECT_TRUE(Has(head, "person:Nguyễn Văn Tiến"));
  EXPECT_FALSE(Has(head, "person:Lê Thị Tiên"));
  auto viewer = Found("viewer", "tien");
  EXPECT_FALSE(Has(viewer, "person:Nguyễn Văn Tiến"));
  EXPECT_TRUE(Has(viewer, "camera:Cổng chợ Tiền Hải"));
  // A stale token is simply anonymous on a public route.
  Request r{Method::kGet, "/api/v1/search?q=tien"};
  r.authorization = "Bearer nonsense";
  EXPECT_EQ(api_->Handle(r).status, 200);
  // Highlighting marks the original characters.
  json hl = Ok(200, "", Method::kGet, "/api/v1/search?q=tien%20hai&kinds=unit");
  ASSERT_FALSE(hl["results"].empty());
  EXPECT_EQ(hl["results"][0]["title"],
            json::parse(R"([{"text":"Xã ","hit":false},{"text":"Tiền","hit":true},{"text":" ","hit":false},)"
                        R"({"text":"Hải","hit":true}])"));
  // Viewing people through search is audited.
  store::AuditQuery q;
  q.action = "search.people";
  EXPECT_GE(world_.audit_store->Query(q).value().size(), 1u);
  EXPECT_EQ(As("", Method::kGet, "/api/v1/search?q=x&kinds=secret").status, 400);
  EXPECT_EQ(As("", Method::kGet, "/api/v1/search?q=x&limit=0").status, 400);
}

TEST_F(ApiNewsTest, LinksAreManagedByPublishersAndReadByEveryone) {
  json l = Ok(201, "officer", Method::kPost, "/api/v1/links", {{"title", "Bộ Công an"}, {"url", "https://bocongan.gov.vn/"}});
  EXPECT_EQ(As("officer", Method::kPost, "/api/v1/links", json({{"title", "x"}, {"url", "javascript:alert(1)"}}).dump())
                .status,
            400);
  EXPECT_EQ(Ok(200, "", Method::kGet, "/api/v1/public/links")["links"].size(), 1u);
  Ok(200, "officer", Method::kDelete, "/api/v1/links/" + std::to_string(l["id"].get<int>()));
  EXPECT_TRUE(Ok(200, "", Method::kGet, "/api/v1/public/links")["links"].empty());
}

}  // namespace
}  // namespace anninh::serve
