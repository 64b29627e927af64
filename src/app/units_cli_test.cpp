// `anninh units import` as an operator runs it: the built binary, a config file, the demo's
// sample list; a dry run changes nothing, applying does, a bad file is refused whole.
#include <fstream>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "movement/registry.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace anninh::app {
namespace {

namespace stdfs = std::filesystem;

std::string Quote(const stdfs::path& p) { return "'" + p.string() + "'"; }

class UnitsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_ / "data";
    config_ = dir_ / "site.toml";
    std::ofstream(config_) << "[server]\ndata_dir = \"" << data_.string() << "\"\n"
                           << "[http]\nlisten = \"\"\n"
                           << "[[cameras]]\nid = \"cam1\"\nname = \"Cổng làng\"\n"
                           << "  [cameras.main]\n  url = \"rtsp://127.0.0.1:9/none\"\n";
  }
  testing::CommandResult Anninh(const std::string& args) {
    return testing::RunCommand(std::string(ANNINH_BINARY) + " " + args);
  }
  bool Known(const std::string& code) {
    auto reg = movement::Registry::Open(data_ / "index.db", data_ / "attachments", SystemClock::Get()).value();
    return !reg->units().History(code).value().empty();
  }

  testing::TempDir dir_;
  stdfs::path data_;
  stdfs::path config_;
};

TEST_F(UnitsCliTest, DryRunThenApplyTheSample) {
  const std::string sample = Quote(stdfs::path(ANNINH_SOURCE_DIR) / "demo" / "units-sample.csv");
  auto dry = Anninh("units import -c " + Quote(config_) + " " + sample + " --dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_NE(dry.output.find("create    12970"), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find("(dry run: nothing applied)"), std::string::npos) << dry.output;
  EXPECT_FALSE(Known("12970"));
  auto applied = Anninh("units import -c " + Quote(config_) + " " + sample);
  ASSERT_EQ(applied.exit_code, 0) << applied.output;
  EXPECT_TRUE(Known("12970"));
}

TEST_F(UnitsCliTest, ABadFileChangesNothingAndNamesTheLine) {
  std::ofstream(dir_ / "bad.csv") << "code,name,level,parent,effective\n33,Tỉnh Hưng Yên,province,,2004-01-01\n"
                                  << "1297,Xã Sai,commune,33,2025-07-01\n";
  auto r = Anninh("units import -c " + Quote(config_) + " " + Quote(dir_ / "bad.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("line 3: 1297"), std::string::npos) << r.output;
  EXPECT_FALSE(Known("33"));
}

}  // namespace
}  // namespace anninh::app
