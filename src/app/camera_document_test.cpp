// Camera documents (the API's JSON form of a [[cameras]] entry): validated by the config
// file's own reader with all problems at once, credentials split from URLs and kept across
// edits, and never answered.
#include "app/camera_document.h"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace anninh::app {
namespace {

using nlohmann::json;

Config Site() {
  Config c;
  c.file = "/etc/anninh/anninh.toml";
  c.camera_defaults.retention.days = 45;
  c.camera_defaults.connect_timeout_s = 4;
  return c;
}

std::set<std::string> Keys(const std::vector<ConfigIssue>& issues) {
  std::set<std::string> out;
  for (const auto& i : issues) out.insert(i.key);
  return out;
}

TEST(CameraDocument, AValidDocumentReadsLikeTheConfigFileWithTheSitesDefaults) {
  json doc = {{"id", "cong-cho"},
              {"name", "Cổng chợ"},
              {"area", "thon-dong"},
              {"main", {{"url", "rtsp://10.0.0.5/stream1"}, {"username", "admin"}, {"password", "bi-mat"}}},
              {"sub", {{"url", "rtsp://10.0.0.5/stream2"}}},
              {"analytics",
               {{"decode", "keyframes"},
                {"zones", {{{"id", "san"}, {"points", {{0.1, 0.2}, {0.6, 0.2}, {0.6, 0.9}}}}}},
                {"privacy_masks", {{{"points", {{0, 0}, {0.3, 0}, {0.3, 0.3}}}}}},
                {"lines", {{{"id", "cong"}, {"points", {{0.5, 0}, {0.5, 1}}}}}},
                {"rules",
                 {{{"id", "vao"}, {"kind", "enter"}, {"zone", "san"}, {"classes", {"person"}}},
                  {{"id", "qua"}, {"kind", "cross"}, {"line", "cong"}, {"direction", "left"}},
                  {{"id", "lang-vang"}, {"kind", "dwell"}, {"zone", "san"}, {"dwell_s", 30}, {"schedule", "22:00-05:00"}}}}}}};
  std::vector<ConfigIssue> issues;
  CameraConfig cam = ParseCameraDocument(doc, Site(), issues);
  ASSERT_TRUE(issues.empty()) << issues.front().ToString();
  EXPECT_EQ(cam.id, "cong-cho");
  EXPECT_EQ(cam.retention.days, 45);
  ASSERT_TRUE(cam.main && cam.sub);
  EXPECT_EQ(cam.main->options.password, "bi-mat");
  EXPECT_EQ(cam.main->options.connect_timeout, std::chrono::milliseconds(4000));
  EXPECT_TRUE(cam.main->record);
  EXPECT_FALSE(cam.sub->record);
  EXPECT_TRUE(cam.analytics.enabled);
  EXPECT_EQ(cam.analytics.stream, "sub");
  EXPECT_EQ(cam.analytics.decode, AnalyticsConfig::Decode::kKeyframes);
  ASSERT_EQ(cam.analytics.rules.rules.size(), 3u);
  EXPECT_EQ(cam.analytics.privacy_masks.size(), 1u);
  ASSERT_TRUE(cam.analytics.rules.rules[2].schedule);
  EXPECT_EQ(cam.analytics.rules.rules[2].schedule->start_minute, 22 * 60);

  // The answered form of a file camera round-trips through the reader.
  json back = ToDocument(cam);
  back["main"]["password"] = "bi-mat";
  back["main"].erase("password_set");
  back["sub"].erase("password_set");
  std::vector<ConfigIssue> again;
  CameraConfig twice = ParseCameraDocument(back, Site(), again);
  ASSERT_TRUE(again.empty()) << again.front().ToString();
  EXPECT_EQ(twice.analytics.rules.rules.size(), 3u);
  EXPECT_EQ(back["analytics"]["decode"], "keyframes");
  EXPECT_EQ(twice.analytics.decode, AnalyticsConfig::Decode::kKeyframes) << "the answered form keeps `decode`";
  EXPECT_EQ(twice.analytics.rules.lines[0].b.y, 1.0f);
}

TEST(CameraDocument, EveryProblemIsReportedAtOnce) {
  json doc = {{"id", "Sai ID"},
              {"area", "thôn đông"},
              {"retain_days", -1},
              {"typo", true},
              {"main", {{"url", "ftp://10.0.0.5/x"}}},
              {"analytics",
               {{"model", "/etc/shadow"},
                {"zones", {{{"id", "san"}, {"points", {{0.1, 0.2}, {1.5, 0.2}, {0.6, 0.9}}}}}},
                {"lines", {{{"id", "l"}, {"points", {{0.1, 0.2}, {0.3, 0.2}, {0.6, 0.9}}}}}},
                {"rules", {{{"id", "r"}, {"kind", "dwell"}, {"zone", "san"}}, {{"id", "x"}, {"kind", "fly"}}}}}}};
  std::vector<ConfigIssue> issues;
  ParseCameraDocument(doc, Site(), issues);
  const auto keys = Keys(issues);
  for (const char* k : {"id", "area", "retain_days", "typo", "main.url", "analytics.model", "analytics.zones[0].points",
                        "analytics.lines[0].points", "analytics.rules[0].dwell_s", "analytics.rules[1].kind"}) {
    EXPECT_TRUE(keys.count(k)) << k << " missing; got " << issues.size() << " issue(s)";
  }
}

TEST(CameraDocument, LocalFilesAreRefusedFromTheApi) {
  std::vector<ConfigIssue> issues;
  ParseCameraDocument({{"id", "a"}, {"main", {{"url", "/etc/passwd"}}}}, Site(), issues);
  EXPECT_TRUE(Keys(issues).count("main.url"));
  issues.clear();
  ParseCameraDocument({{"id", "a"}, {"main", {{"url", "file:///etc/passwd"}}}}, Site(), issues);
  EXPECT_TRUE(Keys(issues).count("main.url"));
  issues.clear();
  ParseCameraDocument(json::array(), Site(), issues);
  EXPECT_EQ(issues.size(), 1u);
}

TEST(CameraDocument, CredentialsLeaveTheUrlAndSurviveAnEditThatOmitsThem) {
  json first = WithSecrets({{"id", "a"}, {"main", {{"url", "rtsp://admin:p%40ss@10.0.0.5:554/s1"}}}}, nullptr);
  EXPECT_EQ(first["main"]["url"], "rtsp://10.0.0.5:554/s1");
  EXPECT_EQ(first["main"]["username"], "admin");
  EXPECT_EQ(first["main"]["password"], "p@ss");

  json answered = Redacted(first);
  EXPECT_FALSE(answered["main"].contains("password"));
  EXPECT_EQ(answered["main"]["password_set"], true);
  EXPECT_EQ(answered.dump().find("p@ss"), std::string::npos);

  answered["source"] = "api";
  answered["name"] = "Đổi tên";
  json edited = WithSecrets(answered, &first);
  EXPECT_EQ(edited["main"]["password"], "p@ss");
  EXPECT_FALSE(edited.contains("source"));
  EXPECT_FALSE(edited["main"].contains("password_set"));

  json cleared = answered;
  cleared["main"]["password"] = "";
  EXPECT_EQ(WithSecrets(cleared, &first)["main"]["password"], "");
}

}  // namespace
}  // namespace anninh::app
