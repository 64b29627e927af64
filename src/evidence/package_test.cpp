// The package writer and verify together, on a real recording: what is exported verifies,
// and any change to any file of the package, in either form, is found and named.
#include <unistd.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "evidence/file_io.h"
#include "evidence/package_writer.h"
#include "evidence/signature_file.h"
#include "evidence/test_recording.h"
#include "evidence/verify.h"
#include "evidence/zip_archive.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace anninh::evidence {
namespace {

using testing::kSecond;
using testing::kT0;
namespace stdfs = std::filesystem;

std::string Slurp(const stdfs::path& p) { return ReadSmallFile(p, 1u << 30).value(); }

bool DirEmpty(const stdfs::path& p) {
  return !stdfs::exists(p) || stdfs::directory_iterator(p) == stdfs::directory_iterator();
}

class PackageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rec_ = testing::MakeRecording(dir_ / "recordings", dir_ / "index.db");
    context_.recordings_root = rec_.root;
    context_.index = rec_.index.get();
    context_.key = &key_;
    context_.clock = &clock_;
    context_.out_dir = dir_ / "exports";
    context_.site_name = "Công an xã Đông Hưng";
    context_.software = "anninh test";
    request_.camera_id = "cam1";
    request_.camera_name = "Cổng làng";
    request_.from = kT0 + 1500 * kNsPerMs;
    request_.to = kT0 + 9500 * kNsPerMs;
    request_.exported_by = "trung.nv";
    request_.reason = "vụ việc 12/2026: trộm xe máy";
    request_.case_ref = "12/2026";
  }

  PackageResult Export() {
    auto r = WritePackage(context_, request_);
    if (!r) ADD_FAILURE() << r.error().ToString();
    return r.value();
  }

  anninh::testing::TempDir dir_;
  testing::Recording rec_;
  SiteKey key_ = SiteKey::Generate();
  SimulatedClock clock_{kT0 + 3600 * kSecond};
  PackageContext context_;
  ExportRequest request_;
};

TEST_F(PackageTest, AnExportVerifiesAsADirectoryAndAsAnArchive) {
  PackageResult p = Export();
  EXPECT_EQ(p.name, "cam1-main-20250615T150641Z-20250615T150649Z");
  EXPECT_TRUE(stdfs::is_directory(p.directory));
  EXPECT_EQ(p.archive, context_.out_dir / (p.name + ".zip"));
  EXPECT_EQ(p.archive_sha256, HashFile(p.archive).value().sha256);
  EXPECT_EQ(p.archive_bytes, stdfs::file_size(p.archive));
  // Nothing else was left behind (temporaries, partials).
  std::vector<std::string> names;
  for (const auto& e : stdfs::directory_iterator(context_.out_dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{p.name, p.name + ".zip"}));

  for (const stdfs::path& form : {p.directory, p.archive}) {
    auto report = VerifyPackage(form, {.expected_key = key_.public_key()});
    ASSERT_TRUE(report.has_value()) << report.error().ToString();
    EXPECT_TRUE(report->ok()) << form << ": " << ReportToJson(*report).dump(2);
    EXPECT_TRUE(report->signature_valid);
    EXPECT_EQ(report->files_checked, 2);
    EXPECT_EQ(report->fingerprint, key_.Fingerprint());
    ASSERT_TRUE(report->manifest.has_value());
    EXPECT_EQ(report->manifest->reason, request_.reason);
  }

  // The manifest ties the clip to the hashes the recorder stored at record time.
  const Manifest& m = p.manifest;
  ASSERT_EQ(m.segments.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(m.segments[i].path, rec_.rows[i].path);
    EXPECT_EQ(m.segments[i].sha256, rec_.rows[i].sha256);
    EXPECT_EQ(m.segments[i].bytes, rec_.rows[i].bytes);
  }
  EXPECT_EQ(m.site_public_key, key_.PublicKeyHex());
  EXPECT_EQ(m.camera_name, "Cổng làng");
  EXPECT_EQ(m.requested_from, request_.from);
  EXPECT_EQ(m.video_start, kT0 + kSecond);  // the keyframe at or before `from`
  EXPECT_EQ(m.exported_by, "trung.nv");
  EXPECT_EQ(m.case_ref, "12/2026");
  EXPECT_EQ(m.created_at, clock_.Now());
  ASSERT_EQ(m.files.size(), 2u);
  EXPECT_EQ(m.files[0].path, "video/cam1-main-20250615T150641Z.mp4");
  EXPECT_EQ(m.files[1].path, "README.txt");
  const std::string readme = Slurp(p.directory / "README.txt");
  EXPECT_NE(readme.find("GÓI CHỨNG CỨ VIDEO"), std::string::npos);
  EXPECT_NE(readme.find(key_.Fingerprint()), std::string::npos);
  EXPECT_NE(readme.find("anninh verify " + p.name + ".zip"), std::string::npos);
}

// Anyone can check the signature without anninh: here with the openssl command alone, as
// docs/design/0005-evidence-export.md describes.
TEST_F(PackageTest, TheSignatureChecksWithOpensslAlone) {
  PackageResult p = Export();
  // The raw key as a DER SubjectPublicKeyInfo (RFC 8410): a fixed 12-byte prefix, the key.
  std::string der("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12);
  der.append(reinterpret_cast<const char*>(key_.public_key().data()), kPublicKeyBytes);
  ASSERT_TRUE(WriteFileDurable(dir_ / "site.der", der, 0644).has_value());
  auto sig = ParseSignatureFile(Slurp(p.directory / "manifest.sig")).value();
  const std::string raw(reinterpret_cast<const char*>(sig.signature.data()), kSignatureBytes);
  ASSERT_TRUE(WriteFileDurable(dir_ / "sig.bin", raw, 0644).has_value());
  const std::string check = "openssl pkeyutl -verify -pubin -keyform DER -inkey '" +
                            (dir_ / "site.der").string() + "' -rawin -sigfile '" +
                            (dir_ / "sig.bin").string() + "' -in '" +
                            (p.directory / "manifest.json").string() + "'";
  auto ok = anninh::testing::RunCommand(check);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("Signature Verified Successfully"), std::string::npos) << ok.output;
  testing::FlipByte(p.directory / "manifest.json", 100);
  auto altered = anninh::testing::RunCommand(check);
  EXPECT_NE(altered.exit_code, 0) << altered.output;
}

TEST_F(PackageTest, FfprobeReadsTheVideoAndItsDurationIsTheRangeWithinOneGop) {
  PackageResult p = Export();
  const stdfs::path video = p.directory / p.manifest.files[0].path;
  auto probe = anninh::testing::RunCommand(
      "ffprobe -v error -show_entries format=duration:stream=codec_name -of "
      "default=noprint_wrappers=1 '" + video.string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_NE(probe.output.find("codec_name=h264"), std::string::npos) << probe.output;
  auto pos = probe.output.find("duration=");
  ASSERT_NE(pos, std::string::npos) << probe.output;
  const double duration = std::stod(probe.output.substr(pos + 9));
  const double requested = static_cast<double>(request_.to - request_.from) / 1e9;
  EXPECT_NEAR(duration, requested, 1.0) << probe.output;  // the GOP is 1 s
  // And every packet decodes: the cut is on a keyframe and nothing was re-encoded.
  auto decode = anninh::testing::RunCommand("ffmpeg -v error -xerror -i '" + video.string() +
                                            "' -f null -");
  EXPECT_EQ(decode.exit_code, 0) << decode.output;
}

TEST_F(PackageTest, AStoredSegmentAlteredBeforeExportIsReportedAndNothingIsExported) {
  testing::FlipByte(rec_.root / rec_.rows[1].path, 5000);
  auto r = WritePackage(context_, request_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss);
  EXPECT_NE(r.error().message().find(rec_.rows[1].path), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find(rec_.rows[1].sha256), std::string::npos);
  EXPECT_EQ(r.error().message().find(rec_.rows[0].path), std::string::npos);
  EXPECT_TRUE(DirEmpty(context_.out_dir));
}

TEST_F(PackageTest, AMissingStoredSegmentIsReported) {
  stdfs::remove(rec_.root / rec_.rows[2].path);
  auto r = WritePackage(context_, request_);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find(rec_.rows[2].path + ": the stored file is missing"),
            std::string::npos) << r.error().message();
}

TEST_F(PackageTest, NothingRecordedInTheRangeIsNotFound) {
  request_.from = kT0 - 100 * kSecond;
  request_.to = kT0 - 50 * kSecond;
  auto r = WritePackage(context_, request_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
}

TEST_F(PackageTest, RequestsAreCheckedBeforeAnythingIsMade) {
  ExportRequest bad = request_;
  bad.camera_id = "../etc";
  EXPECT_EQ(WritePackage(context_, bad).error().code(), ErrorCode::kInvalidArgument);
  bad = request_;
  bad.reason = "";
  EXPECT_EQ(WritePackage(context_, bad).error().code(), ErrorCode::kInvalidArgument);
  bad = request_;
  bad.to = bad.from;
  EXPECT_EQ(WritePackage(context_, bad).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(DirEmpty(context_.out_dir));
}

TEST_F(PackageTest, ASecondExportOfTheSameRangeGetsItsOwnName) {
  PackageResult a = Export();
  PackageResult b = Export();
  EXPECT_EQ(b.name, a.name + "-2");
  EXPECT_TRUE(VerifyPackage(b.archive).value().ok());
}

TEST_F(PackageTest, CancellingInAnyPhaseLeavesNothing) {
  int calls = 0;
  std::map<ExportPhase, int> first_call;  // of each phase
  ASSERT_TRUE(WritePackage(context_, request_, [&](const ExportProgress& p) {
                ++calls;
                first_call.emplace(p.phase, calls);
                EXPECT_LE(p.bytes_done, p.bytes_total);
                return true;
              }).has_value());
  ASSERT_EQ(first_call.size(), 4u);
  stdfs::remove_all(context_.out_dir);
  std::vector<int> stops{calls / 2, calls - 2, calls};
  for (const auto& [phase, call] : first_call) stops.push_back(call);
  for (int stop_at : stops) {
    int n = 0;
    std::set<ExportPhase> seen;
    auto r = WritePackage(context_, request_, [&](const ExportProgress& p) {
      seen.insert(p.phase);
      return ++n < stop_at;
    });
    ASSERT_FALSE(r.has_value()) << "stopped at call " << stop_at << " of " << calls;
    EXPECT_TRUE(IsCancelled(r.error())) << r.error().ToString();
    EXPECT_TRUE(DirEmpty(context_.out_dir)) << "stopped at call " << stop_at;
    if (stop_at == calls) {
      EXPECT_TRUE(seen.count(ExportPhase::kArchiving));
    }
  }
}

TEST_F(PackageTest, APackageSignedByAnotherKeyFailsWhenTheKeyIsGiven) {
  SiteKey other = SiteKey::Generate();
  context_.key = &other;
  PackageResult p = Export();
  // On its own it is a valid package, by a key a person must then compare...
  auto open = VerifyPackage(p.archive).value();
  EXPECT_TRUE(open.ok());
  EXPECT_EQ(open.fingerprint, other.Fingerprint());
  // ...and it is refused when the site's key is expected.
  for (const stdfs::path& form : {p.directory, p.archive}) {
    auto report = VerifyPackage(form, {.expected_key = key_.public_key()}).value();
    ASSERT_FALSE(report.ok());
    ASSERT_EQ(report.findings.size(), 1u);
    EXPECT_EQ(report.findings[0].kind, FindingKind::kWrongKey);
    EXPECT_EQ(report.findings[0].file, "manifest.json");
    EXPECT_NE(report.findings[0].message.find(key_.Fingerprint()), std::string::npos);
  }
}

TEST_F(PackageTest, EveryByteOfTheSignatureFileIsCovered) {
  PackageResult p = Export();
  const stdfs::path sig = p.directory / "manifest.sig";
  const auto size = static_cast<long>(stdfs::file_size(sig));
  for (long i = 0; i < size; ++i) {
    for (unsigned char mask : {0x01, 0x20}) {
      std::string original = Slurp(sig);
      std::string changed = original;
      char& c = changed[static_cast<std::size_t>(i)];
      c = static_cast<char>(c ^ mask);
      std::ofstream(sig, std::ios::binary | std::ios::trunc) << changed;
      auto report = VerifyPackage(p.directory).value();
      ASSERT_FALSE(report.ok()) << "byte " << i << " ^ " << int(mask);
      for (const Finding& f : report.findings) {
        EXPECT_EQ(f.file, "manifest.sig") << "byte " << i << ": " << f.message;
      }
      std::ofstream(sig, std::ios::binary | std::ios::trunc) << original;
    }
  }
  EXPECT_TRUE(VerifyPackage(p.directory).value().ok());
}

TEST_F(PackageTest, EveryByteOfTheManifestIsCovered) {
  PackageResult p = Export();
  const stdfs::path manifest = p.directory / "manifest.json";
  const auto size = static_cast<long>(stdfs::file_size(manifest));
  for (long i = 0; i < size; i += 3) {
    testing::FlipByte(manifest, i);
    auto report = VerifyPackage(p.directory).value();
    ASSERT_FALSE(report.ok()) << "byte " << i;
    EXPECT_EQ(report.findings.at(0).file, "manifest.json") << report.findings[0].message;
    testing::FlipByte(manifest, i);
  }
}

// --- Tampering, in both forms ---

enum class Tamper { kFlipVideo, kFlipManifest, kFlipSignature, kFlipReadme, kTruncateVideo,
                    kDeleteVideo, kDeleteSignature, kDeleteManifest, kAddExtra };
enum class Form { kDirectory, kArchive };

struct TamperCase {
  Tamper tamper;
  Form form;
};

std::string Named(Tamper t, const std::string& video) {
  switch (t) {
    case Tamper::kFlipVideo:
    case Tamper::kTruncateVideo:
    case Tamper::kDeleteVideo: return video;
    case Tamper::kFlipManifest:
    case Tamper::kDeleteManifest: return "manifest.json";
    case Tamper::kFlipSignature:
    case Tamper::kDeleteSignature: return "manifest.sig";
    case Tamper::kFlipReadme: return "README.txt";
    case Tamper::kAddExtra: return "notes.txt";
  }
  return "";
}

// Edits one entry of a ZIP the way someone with a ZIP tool would: libzip rewrites it.
void EditArchive(const stdfs::path& archive, const std::string& entry,
                 const std::optional<std::string>& content) {
  int err = 0;
  zip_t* za = zip_open(archive.c_str(), 0, &err);
  ASSERT_NE(za, nullptr);
  zip_int64_t idx = zip_name_locate(za, entry.c_str(), 0);
  if (!content) {
    ASSERT_GE(idx, 0) << entry;
    ASSERT_EQ(zip_delete(za, static_cast<zip_uint64_t>(idx)), 0);
  } else {
    // The buffer must outlive zip_close, which does the writing.
    auto* copy = new std::string(*content);
    zip_source_t* src = zip_source_buffer(za, copy->data(), copy->size(), 0);
    ASSERT_NE(src, nullptr);
    if (idx >= 0) {
      ASSERT_EQ(zip_file_replace(za, static_cast<zip_uint64_t>(idx), src, 0), 0);
    } else {
      idx = zip_file_add(za, entry.c_str(), src, 0);
      ASSERT_GE(idx, 0);
    }
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
    ASSERT_EQ(zip_close(za), 0) << zip_strerror(za);
    delete copy;
    return;
  }
  ASSERT_EQ(zip_close(za), 0) << zip_strerror(za);
}

// Flips one byte of `file`'s content where it lies inside the archive (a stored entry's
// bytes are the file's bytes), as bit rot or a hex editor would.
void FlipInArchive(const stdfs::path& archive, const std::string& content) {
  const std::string zip = Slurp(archive);
  const std::size_t at = zip.find(content);
  ASSERT_NE(at, std::string::npos);
  testing::FlipByte(archive, static_cast<long>(at + content.size() / 2));
}

class TamperTest : public PackageTest, public ::testing::WithParamInterface<TamperCase> {};

TEST_P(TamperTest, VerifyFailsAndNamesTheFile) {
  PackageResult p = Export();
  const std::string video = p.manifest.files[0].path;
  const Tamper t = GetParam().tamper;
  const bool archive = GetParam().form == Form::kArchive;
  const std::string named = Named(t, video);
  const stdfs::path in_dir = p.directory / named;
  const std::string entry = p.name + "/" + named;

  switch (t) {
    case Tamper::kFlipVideo:
    case Tamper::kFlipManifest:
    case Tamper::kFlipSignature:
    case Tamper::kFlipReadme:
      if (archive) {
        FlipInArchive(p.archive, Slurp(in_dir));
      } else {
        testing::FlipByte(in_dir, static_cast<long>(stdfs::file_size(in_dir) / 2));
      }
      break;
    case Tamper::kTruncateVideo:
      if (archive) {
        std::string content = Slurp(in_dir);
        EditArchive(p.archive, entry, content.substr(0, content.size() - 1000));
      } else {
        stdfs::resize_file(in_dir, stdfs::file_size(in_dir) - 1000);
      }
      break;
    case Tamper::kDeleteVideo:
    case Tamper::kDeleteSignature:
    case Tamper::kDeleteManifest:
      if (archive) {
        EditArchive(p.archive, entry, std::nullopt);
      } else {
        stdfs::remove(in_dir);
      }
      break;
    case Tamper::kAddExtra:
      if (archive) {
        EditArchive(p.archive, entry, "added later\n");
      } else {
        std::ofstream(in_dir) << "added later\n";
      }
      break;
  }

  auto report = VerifyPackage(archive ? p.archive : p.directory);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_FALSE(report->ok());
  const Finding& first = report->findings.at(0);
  EXPECT_EQ(first.file, named) << first.message;
  EXPECT_NE(first.message.find(named), std::string::npos) << first.message;
  // Outside the manifest, a change is reported against that file alone.
  if (named != "manifest.json") {
    for (const Finding& f : report->findings) EXPECT_EQ(f.file, named) << f.message;
  }
  switch (t) {
    case Tamper::kFlipVideo:
    case Tamper::kFlipReadme:
      EXPECT_EQ(first.kind, FindingKind::kHashMismatch) << first.message;
      EXPECT_NE(first.message.find(": SHA-256 mismatch (expected "), std::string::npos);
      break;
    case Tamper::kTruncateVideo: EXPECT_EQ(first.kind, FindingKind::kSizeMismatch); break;
    case Tamper::kDeleteVideo:
      EXPECT_EQ(first.kind, FindingKind::kMissing);
      EXPECT_EQ(first.message, video + ": missing");
      break;
    case Tamper::kAddExtra:
      EXPECT_EQ(first.kind, FindingKind::kExtraFile);
      EXPECT_EQ(first.message, "extra file not in manifest: notes.txt");
      break;
    case Tamper::kFlipManifest:
    case Tamper::kFlipSignature:
    case Tamper::kDeleteSignature:
    case Tamper::kDeleteManifest:
      EXPECT_TRUE(first.kind == FindingKind::kSignatureInvalid ||
                  first.kind == FindingKind::kManifestInvalid) << first.message;
      break;
  }
}

std::string CaseName(const ::testing::TestParamInfo<TamperCase>& info) {
  static const char* kNames[] = {"FlipVideo", "FlipManifest", "FlipSignature", "FlipReadme",
                                 "TruncateVideo", "DeleteVideo", "DeleteSignature",
                                 "DeleteManifest", "AddExtra"};
  return std::string(kNames[static_cast<int>(info.param.tamper)]) +
         (info.param.form == Form::kArchive ? "InArchive" : "InDirectory");
}

std::vector<TamperCase> AllCases() {
  std::vector<TamperCase> out;
  for (int t = 0; t <= static_cast<int>(Tamper::kAddExtra); ++t) {
    for (Form f : {Form::kDirectory, Form::kArchive}) out.push_back({static_cast<Tamper>(t), f});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(AnyFileEitherForm, TamperTest, ::testing::ValuesIn(AllCases()), CaseName);

TEST_F(PackageTest, AFileThatCannotBeReadHereIsAnIoErrorNotAnAlteration) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  PackageResult p = Export();
  const stdfs::path video = p.directory / p.manifest.files[0].path;
  stdfs::permissions(video, stdfs::perms::none);
  auto report = VerifyPackage(p.directory).value();
  stdfs::permissions(video, stdfs::perms::owner_read | stdfs::perms::owner_write);
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.io_error());
  EXPECT_EQ(report.findings.at(0).kind, FindingKind::kIoError);
  EXPECT_EQ(report.findings.at(0).file, p.manifest.files[0].path);
}

TEST(ZipArchiveTest, WritesStoredEntriesAndStopsWhenTold) {
  anninh::testing::TempDir dir;
  std::string big(3u << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7919 >> 3);
  ASSERT_TRUE(WriteFileDurable(dir / "big.bin", big, 0644).has_value());
  const std::vector<ZipInput> inputs{{dir / "big.bin", "pkg/big.bin"}};

  std::uint64_t reported = 0;
  ASSERT_TRUE(WriteZip(inputs, kT0, dir / "a.zip", [&](std::uint64_t n) {
                reported += n;
                return true;
              }).has_value());
  EXPECT_GE(reported, big.size() * 9 / 10);  // libzip reports fractions of the whole
  auto zip = ZipReader::Open(dir / "a.zip").value();
  ASSERT_EQ(zip->entries().size(), 1u);
  EXPECT_EQ(zip->entries()[0].name, "pkg/big.bin");
  EXPECT_EQ(zip->Hash(0).value().sha256, HashFile(dir / "big.bin").value().sha256);
  // Stored, not compressed: the archive is the file plus headers.
  EXPECT_LT(stdfs::file_size(dir / "a.zip"), big.size() + 1024);

  // Cancelled while libzip copies the data: an error, and no archive or temporary left.
  int calls = 0;
  auto r = WriteZip(inputs, kT0, dir / "b.zip", [&](std::uint64_t) { return ++calls < 3; });
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(IsCancelled(r.error())) << r.error().ToString();
  for (const auto& e : stdfs::directory_iterator(dir.path())) {
    EXPECT_FALSE(e.path().filename().string().starts_with("b.zip")) << e.path();
  }
}

TEST(VerifyTest, NothingToVerifyIsAnErrorNotAFinding) {
  anninh::testing::TempDir dir;
  auto missing = VerifyPackage(dir / "nope.zip");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  std::ofstream(dir / "text.txt") << "hello";
  auto text = VerifyPackage(dir / "text.txt");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code(), ErrorCode::kInvalidArgument);
  // A ZIP too damaged to open is a package that was altered: a finding naming it.
  std::ofstream(dir / "broken.zip") << "PK\x03\x04 and then nothing";
  auto broken = VerifyPackage(dir / "broken.zip");
  ASSERT_TRUE(broken.has_value());
  ASSERT_FALSE(broken->ok());
  EXPECT_EQ(broken->findings[0].file, "broken.zip");
}

}  // namespace
}  // namespace anninh::evidence
