// `anninh export` and `anninh verify` as an operator runs them: the built binary, a config
// file, a real recording, exit codes and messages.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "evidence/file_io.h"
#include "evidence/site_key.h"
#include "evidence/test_recording.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace anninh::app {
namespace {

namespace stdfs = std::filesystem;
using evidence::testing::kT0;

std::string Quote(const stdfs::path& p) { return "'" + p.string() + "'"; }

class EvidenceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_ / "data";
    rec_ = evidence::testing::MakeRecording(data_ / "recordings", data_ / "index.db");
    rec_.index.reset();  // the CLI opens it
    config_ = dir_ / "site.toml";
    std::ofstream(config_) << "[server]\ndata_dir = \"" << data_.string() << "\"\n"
                           << "[http]\nlisten = \"\"\n"
                           << "[[cameras]]\nid = \"cam1\"\nname = \"Cổng làng\"\n"
                           << "  [cameras.main]\n  url = \"rtsp://127.0.0.1:9/none\"\n";
  }

  testing::CommandResult Anninh(const std::string& args) {
    return testing::RunCommand(std::string(ANNINH_BINARY) + " " + args);
  }

  // Exports seconds 1..9 of the recording; returns the archive's path.
  stdfs::path Export() {
    auto r = Anninh("export --config " + Quote(config_) +
                    " --camera cam1 --from 2025-06-15T15:06:41Z --to 2025-06-15T15:06:49Z"
                    " --reason 'vụ việc 12/2026' --by trung.nv --case 12/2026 --out " +
                    Quote(dir_ / "out"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(r.output, m, std::regex("archive: +(\\S+\\.zip)"))) << r.output;
    return m.size() > 1 ? stdfs::path(m[1].str()) : stdfs::path();
  }

  testing::TempDir dir_;
  stdfs::path data_;
  stdfs::path config_;
  evidence::testing::Recording rec_;
};

TEST_F(EvidenceCliTest, ExportThenVerifyIntactAndAltered) {
  const stdfs::path zip = Export();
  ASSERT_TRUE(stdfs::exists(zip)) << zip;
  const stdfs::path folder = zip.parent_path() / zip.stem();
  ASSERT_TRUE(stdfs::is_directory(folder));
  // The site key was made on first use, private to the server's user.
  const stdfs::path key_file = data_ / "keys/site-ed25519.key";
  ASSERT_TRUE(stdfs::exists(key_file));
  EXPECT_EQ(stdfs::status(key_file).permissions() & stdfs::perms::all,
            stdfs::perms::owner_read | stdfs::perms::owner_write);
  const std::string public_key = evidence::SiteKey::Load(key_file).value().PublicKeyHex();

  for (const stdfs::path& form : {zip, folder}) {
    auto ok = Anninh("verify " + Quote(form));
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_NE(ok.output.find(": OK"), std::string::npos) << ok.output;
    EXPECT_NE(ok.output.find("vụ việc 12/2026"), std::string::npos) << ok.output;
    auto keyed = Anninh("verify " + Quote(form) + " --key " + public_key);
    EXPECT_EQ(keyed.exit_code, 0) << keyed.output;
  }

  // A byte flipped in the video inside the archive: exit 1, the file named.
  const std::string video = "video/cam1-main-20250615T150641Z.mp4";
  {
    const std::string content = evidence::ReadSmallFile(folder / video, 1u << 30).value();
    const std::string zbytes = evidence::ReadSmallFile(zip, 1u << 30).value();
    const auto at = zbytes.find(content);
    ASSERT_NE(at, std::string::npos);
    evidence::testing::FlipByte(zip, static_cast<long>(at + content.size() / 2));
  }
  auto altered = Anninh("verify " + Quote(zip));
  EXPECT_EQ(altered.exit_code, 1) << altered.output;
  EXPECT_NE(altered.output.find("ALTERED"), std::string::npos) << altered.output;
  EXPECT_NE(altered.output.find(video + ": SHA-256 mismatch (expected "), std::string::npos)
      << altered.output;

  auto json = Anninh("verify --json " + Quote(zip));
  EXPECT_EQ(json.exit_code, 1);
  auto report = nlohmann::json::parse(json.output);
  EXPECT_FALSE(report["ok"].get<bool>());
  EXPECT_EQ(report["findings"][0]["file"], video);
  EXPECT_EQ(report["findings"][0]["kind"], "hash_mismatch");

  // In the folder: the manifest changed, then an extra file.
  evidence::testing::FlipByte(folder / "manifest.json", 40);
  auto manifest = Anninh("verify " + Quote(folder));
  EXPECT_EQ(manifest.exit_code, 1) << manifest.output;
  EXPECT_NE(manifest.output.find("  manifest.json: "), std::string::npos) << manifest.output;
  evidence::testing::FlipByte(folder / "manifest.json", 40);
  std::ofstream(folder / "video/extra.mp4") << "x";
  auto extra = Anninh("verify " + Quote(folder));
  EXPECT_EQ(extra.exit_code, 1) << extra.output;
  EXPECT_NE(extra.output.find("extra file not in manifest: video/extra.mp4"), std::string::npos)
      << extra.output;
}

TEST_F(EvidenceCliTest, AnotherKeyIsRefusedWhenTheKeyIsGiven) {
  const stdfs::path zip = Export();
  const std::string other = evidence::SiteKey::Generate().PublicKeyHex();
  auto r = Anninh("verify " + Quote(zip) + " --key " + other);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("manifest.json: signed by key SHA256:"), std::string::npos) << r.output;
  std::ofstream(dir_ / "other.pub") << other << "\n";
  auto by_file = Anninh("verify " + Quote(zip) + " --key-file " + Quote(dir_ / "other.pub"));
  EXPECT_EQ(by_file.exit_code, 1) << by_file.output;
}

TEST_F(EvidenceCliTest, UsageAndIoErrorsExitTwo) {
  EXPECT_EQ(Anninh("verify " + Quote(dir_ / "missing.zip")).exit_code, 2);
  EXPECT_EQ(Anninh("verify " + Quote(config_)).exit_code, 2);  // not a package
  stdfs::create_directories(dir_ / "pkg");
  EXPECT_EQ(Anninh("verify " + Quote(dir_ / "pkg") + " --key 1234").exit_code, 2);
  auto no_key_file = Anninh("verify " + Quote(dir_ / "pkg") + " --key-file " + Quote(dir_ / "x"));
  EXPECT_EQ(no_key_file.exit_code, 2) << no_key_file.output;
  auto bad = Anninh("export --config " + Quote(config_) +
                    " --camera cam1 --from 2025-06-15T15:06:49Z --to 2025-06-15T15:06:41Z"
                    " --reason x");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  auto bad_camera = Anninh("export --config " + Quote(config_) +
                           " --camera 'Cam 1' --from 2025-06-15T15:06:41Z"
                           " --to 2025-06-15T15:06:49Z --reason x");
  EXPECT_EQ(bad_camera.exit_code, 2) << bad_camera.output;
  auto unknown = Anninh("export --config " + Quote(config_) +
                        " --camera cam9 --from 2025-06-15T15:06:41Z --to 2025-06-15T15:06:49Z"
                        " --reason x");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("unknown camera 'cam9'"), std::string::npos) << unknown.output;
}

TEST_F(EvidenceCliTest, AnAlteredRecordingIsNotExported) {
  evidence::testing::FlipByte(data_ / "recordings" / rec_.rows[0].path, 4000);
  auto r = Anninh("export --config " + Quote(config_) +
                  " --camera cam1 --from 2025-06-15T15:06:41Z --to 2025-06-15T15:06:49Z --reason x"
                  " --out " + Quote(dir_ / "out"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(rec_.rows[0].path), std::string::npos) << r.output;
  EXPECT_TRUE(!stdfs::exists(dir_ / "out") || stdfs::is_empty(dir_ / "out"));
}

}  // namespace
}  // namespace anninh::app
