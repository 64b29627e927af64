#include "alerts/dead_letter.h"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/temp_dir.h"

namespace anninh::alerts {
namespace {

std::vector<nlohmann::json> Lines(const std::filesystem::path& p) {
  std::vector<nlohmann::json> out;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(DeadLetterLogTest, OneJsonLinePerGiveUpWithPayloadAndReason) {
  testing::TempDir dir;
  DeadLetterLog log({dir / "alerts/dead-letter.jsonl", 1'000'000, 3});
  ASSERT_TRUE(log.Write("webhook:a", "HTTP 500", 5, R"({"id":1})", 1'700'000'000'000'000'000));
  ASSERT_TRUE(log.Write("mqtt", "stopping", 0, "not json", 1'700'000'001'000'000'000));
  auto lines = Lines(dir / "alerts/dead-letter.jsonl");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["sink"], "webhook:a");
  EXPECT_EQ(lines[0]["reason"], "HTTP 500");
  EXPECT_EQ(lines[0]["attempts"], 5);
  EXPECT_EQ(lines[0]["payload"]["id"], 1) << "our JSON payloads stay objects";
  EXPECT_EQ(lines[0]["time"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(lines[1]["payload"], "not json");
  EXPECT_EQ(std::filesystem::status(dir / "alerts/dead-letter.jsonl").permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::none);
}

TEST(DeadLetterLogTest, RotatesBySizeKeepingTheNewestFiles) {
  testing::TempDir dir;
  const auto path = dir / "dl.jsonl";
  DeadLetterLog log({path, 300, 2});
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(log.Write("webhook:a", "HTTP 500", 1, R"({"id":)" + std::to_string(i) + "}", 0));
  }
  EXPECT_LE(std::filesystem::file_size(path), 300u);
  EXPECT_TRUE(std::filesystem::exists(dir / "dl.jsonl.1"));
  EXPECT_TRUE(std::filesystem::exists(dir / "dl.jsonl.2"));
  EXPECT_FALSE(std::filesystem::exists(dir / "dl.jsonl.3"));
  auto newest = Lines(path);
  ASSERT_FALSE(newest.empty());
  EXPECT_EQ(newest.back()["payload"]["id"], 19) << "nothing newest is lost to rotation";
  auto older = Lines(dir / "dl.jsonl.1");
  ASSERT_FALSE(older.empty());
  EXPECT_EQ(older.back()["payload"]["id"].get<int>() + 1, newest.front()["payload"]["id"].get<int>());
}

TEST(DeadLetterLogTest, UnwritableFolderIsAnErrorNotACrash) {
  testing::TempDir dir;
  std::ofstream(dir / "file") << "x";
  DeadLetterLog log({dir / "file/dl.jsonl", 1000, 1});
  auto s = log.Write("webhook:a", "x", 1, "{}", 0);
  EXPECT_FALSE(s);
}

}  // namespace
}  // namespace anninh::alerts
