#include "evidence/manifest.h"

#include <gtest/gtest.h>

#include "evidence/signature_file.h"

namespace anninh::evidence {
namespace {

Manifest Sample() {
  Manifest m;
  m.package_name = "cam1-main-20250615T150640Z-20250615T150650Z";
  m.software = "anninh 0.1.0";
  m.site_name = "Công an xã Đông Hưng";
  m.site_public_key = std::string(64, 'a');
  m.camera_id = "cam1";
  m.camera_name = "Cổng làng thôn Đông";
  m.stream = "main";
  m.requested_from = 1'750'000'000'123'456'789;
  m.requested_to = 1'750'000'010'000'000'000;
  m.video_start = 1'750'000'000'000'000'000;
  m.video_end = 1'750'000'010'000'000'000;
  m.segments.push_back({"cam1/2025-06-15/main-1.mp4", 1, 2, 300, std::string(64, 'b')});
  m.files.push_back({"video/cam1-main-20250615T150640Z.mp4", 1234, std::string(64, 'c')});
  m.exported_by = "cli";
  m.reason = "vụ việc 12/2026: trộm xe máy";
  m.case_ref = "12/2026";
  m.created_at = 1'750'000'100'000'000'000;
  return m;
}

TEST(ManifestTest, RoundTripsAndSerialisesOneWayOnly) {
  const std::string bytes = SerializeManifest(Sample()).value();
  auto parsed = ParseManifest(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->reason, "vụ việc 12/2026: trộm xe máy");
  EXPECT_EQ(parsed->requested_from, 1'750'000'000'123'456'789);
  EXPECT_EQ(parsed->files.at(0).bytes, 1234u);
  EXPECT_EQ(parsed->segments.at(0).sha256, std::string(64, 'b'));
  EXPECT_EQ(parsed->case_ref, "12/2026");
  // Canonical: the same manifest always gives the same bytes.
  EXPECT_EQ(SerializeManifest(*parsed).value(), bytes);
  // Sorted keys, no whitespace between tokens, UTF-8 as is (not \u escapes).
  EXPECT_TRUE(bytes.starts_with(R"({"camera":{"id":"cam1","name":"Cổng làng thôn Đông"},)"))
      << bytes;
  EXPECT_EQ(bytes.find('\n'), std::string::npos);
  EXPECT_EQ(bytes.find("\": "), std::string::npos);
  EXPECT_EQ(bytes.find("\\u"), std::string::npos);
}

TEST(ManifestTest, TimesCarryNanosecondsAndTheUtcOffset) {
  setenv("TZ", "Asia/Ho_Chi_Minh", 1);
  tzset();
  EXPECT_EQ(FormatIso8601Offset(1'750'000'000'123'456'789), "2025-06-15T22:06:40.123456789+07:00");
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(FormatIso8601Offset(1'750'000'000'000'000'001), "2025-06-15T15:06:40.000000001+00:00");
  const std::string bytes = SerializeManifest(Sample()).value();
  const std::string from =
      R"("from":{"iso":"2025-06-15T15:06:40.123456789+00:00","ns":1750000000123456789})";
  EXPECT_NE(bytes.find(from),
            std::string::npos) << bytes;
}

TEST(ManifestTest, TextThatIsNotUtf8IsRefusedNotReplaced) {
  Manifest m = Sample();
  m.reason = "bad \xff byte";
  auto bytes = SerializeManifest(m);
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code(), ErrorCode::kInvalidArgument);
}

TEST(ManifestTest, ParseNamesWhatIsWrong) {
  EXPECT_EQ(ParseManifest("{").error().message(), "not valid JSON");
  EXPECT_EQ(ParseManifest("[]").error().message(), "not a JSON object");
  std::string bytes = SerializeManifest(Sample()).value();
  auto pos = bytes.find("\"reason\"");
  std::string renamed = bytes;
  renamed.replace(pos, 8, "\"raison\"");
  auto m = ParseManifest(renamed);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().message(), "missing \"reason\"");
  EXPECT_EQ(m.error().code(), ErrorCode::kDataLoss);
}

TEST(SignatureFileTest, RoundTripsAndAcceptsOnlyItsOneForm) {
  SiteKey key = SiteKey::Generate();
  const std::string text = MakeSignatureFile(key, "manifest bytes");
  auto sig = ParseSignatureFile(text);
  ASSERT_TRUE(sig.has_value()) << sig.error().ToString();
  EXPECT_EQ(sig->manifest_sha256, Sha256Hex("manifest bytes"));
  EXPECT_TRUE(VerifySignature(key.public_key(), "manifest bytes", sig->signature));
  // The same signature with its hex digits in capitals: still a change to the file.
  std::string upper = text;
  for (std::size_t i = upper.rfind("signature ") + 10; i < upper.size(); ++i) {
    if (upper[i] >= 'a' && upper[i] <= 'f') upper[i] = static_cast<char>(upper[i] - 32);
  }
  ASSERT_NE(upper, text);
  EXPECT_FALSE(ParseSignatureFile(upper).has_value());
  EXPECT_FALSE(ParseSignatureFile(text.substr(0, text.size() - 1)).has_value());
  EXPECT_FALSE(ParseSignatureFile(text + "\n").has_value());
}

}  // namespace
}  // namespace anninh::evidence
