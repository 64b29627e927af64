#include "evidence/verify.h"

#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "evidence/file_io.h"
#include "evidence/signature_file.h"
#include "evidence/zip_archive.h"

namespace anninh::evidence {

namespace stdfs = std::filesystem;

namespace {

constexpr std::size_t kMaxManifestBytes = 64u << 20;
constexpr std::size_t kMaxSignatureBytes = 4096;

// The files of a package, whichever form it has; paths are relative to the package's top
// ('/'-separated).
class PackageFiles {
 public:
  struct File {
    bool regular = true;  // false: a symlink, device, ... (never part of a package)
    std::uint64_t size = 0;
  };
  virtual ~PackageFiles() = default;
  const std::map<std::string, File>& files() const { return files_; }
  virtual Result<std::string> Read(const std::string& path, std::size_t max_bytes) = 0;
  virtual Result<FileDigest> Hash(const std::string& path) = 0;
  // How to report a file that fails to read: in a folder it is this machine's problem
  // (kIoError); in an archive, damage to the archive (kUnreadable).
  virtual FindingKind read_failure() const = 0;
  // Names that occur more than once (possible in a ZIP only).
  const std::vector<std::string>& duplicates() const { return duplicates_; }

 protected:
  std::map<std::string, File> files_;
  std::vector<std::string> duplicates_;
};

class DirectoryFiles final : public PackageFiles {
 public:
  explicit DirectoryFiles(stdfs::path root) : root_(std::move(root)) {
    std::error_code ec;
    // Symlinks are listed, not followed: a package never holds one, and following it
    // could hash a file outside the package.
    for (auto it = stdfs::recursive_directory_iterator(root_, ec);
         !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
      const auto st = it->symlink_status(ec);
      if (stdfs::is_directory(st)) continue;
      File f;
      f.regular = stdfs::is_regular_file(st);
      if (f.regular) f.size = it->file_size(ec);
      files_[it->path().lexically_relative(root_).generic_string()] = f;
    }
  }
  Result<std::string> Read(const std::string& path, std::size_t max_bytes) override {
    return ReadSmallFile(root_ / path, max_bytes);
  }
  Result<FileDigest> Hash(const std::string& path) override { return HashFile(root_ / path); }
  FindingKind read_failure() const override { return FindingKind::kIoError; }

 private:
  stdfs::path root_;
};

class ArchiveFiles final : public PackageFiles {
 public:
  explicit ArchiveFiles(std::unique_ptr<ZipReader> zip) : zip_(std::move(zip)) {
    // The package is either at the archive's top or in one folder at its top (as anninh
    // writes it, so unpacking makes one folder).
    const auto& entries = zip_->entries();
    std::vector<std::string> tops;
    bool at_root = false;
    for (const auto& e : entries) {
      if (e.name == kManifestName) at_root = true;
      auto slash = e.name.find('/');
      if (slash != std::string::npos && e.name.substr(slash + 1) == kManifestName) {
        tops.push_back(e.name.substr(0, slash + 1));
      }
    }
    if (!at_root && tops.size() == 1) prefix_ = tops[0];
    // No manifest where expected: still treat one folder holding everything as the
    // package, so its other files are checked by their own names.
    if (!at_root && tops.empty() && !entries.empty()) {
      const std::string first = entries[0].name.substr(0, entries[0].name.find('/') + 1);
      bool one = !first.empty();
      for (const auto& e : entries) one = one && e.name.starts_with(first);
      if (one) prefix_ = first;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].directory) continue;
      std::string name = entries[i].name;
      // Outside the package's folder: still listed (under its full name), so it is
      // reported as an extra file.
      if (!prefix_.empty() && name.starts_with(prefix_)) name = name.substr(prefix_.size());
      if (!index_.emplace(name, i).second) {
        duplicates_.push_back(name);
        continue;
      }
      files_[name] = File{true, entries[i].size};
    }
  }
  Result<std::string> Read(const std::string& path, std::size_t max_bytes) override {
    return zip_->Read(index_.at(path), max_bytes);
  }
  Result<FileDigest> Hash(const std::string& path) override {
    return zip_->Hash(index_.at(path));
  }
  FindingKind read_failure() const override { return FindingKind::kUnreadable; }

 private:
  std::unique_ptr<ZipReader> zip_;
  std::string prefix_;
  std::map<std::string, std::size_t> index_;
};

bool LooksLikeZip(const stdfs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char magic[4] = {};
  ssize_t n = ::read(fd, magic, sizeof magic);
  ::close(fd);
  return n == 4 && magic[0] == 'P' && magic[1] == 'K';
}

// Why a path listed in the manifest cannot be a file of the package; empty when it can.
std::string BadPathReason(const std::string& p) {
  if (p.empty()) return "empty path";
  if (p.front() == '/' || p.find('\\') != std::string::npos || p.find('\0') != std::string::npos) {
    return "not a relative '/'-separated path";
  }
  for (const auto& part : stdfs::path(p)) {
    if (part == ".." || part == ".") return "leaves the package or is not in normal form";
  }
  if (p == kManifestName || p == kSignatureName) return "the manifest cannot list itself";
  return {};
}

class Checker {
 public:
  Checker(PackageFiles& files, const VerifyOptions& options, VerifyReport& report)
      : files_(files), options_(options), report_(report) {}

  void Run() {
    for (const std::string& d : files_.duplicates()) {
      Add(FindingKind::kBadPath, d, d + ": appears more than once in the archive");
    }
    std::optional<std::string> manifest_bytes = ReadListed(kManifestName, kMaxManifestBytes,
                                                           FindingKind::kManifestInvalid);
    std::optional<std::string> sig_text = ReadListed(kSignatureName, kMaxSignatureBytes,
                                                     FindingKind::kSignatureInvalid);
    std::optional<SignatureFile> sig;
    if (sig_text) {
      auto parsed = ParseSignatureFile(*sig_text);
      if (parsed) {
        sig = *parsed;
      } else {
        Add(FindingKind::kSignatureInvalid, kSignatureName,
            std::string(kSignatureName) + ": " + parsed.error().message());
      }
    }
    std::optional<PublicKey> key = options_.expected_key;
    if (manifest_bytes) {
      auto m = ParseManifest(*manifest_bytes);
      if (m) {
        report_.manifest = std::move(*m);
        key = ManifestKey(*report_.manifest);
      } else {
        Add(FindingKind::kManifestInvalid, kManifestName,
            std::string(kManifestName) + ": " + m.error().message());
      }
    }
    if (manifest_bytes && sig) CheckSignature(*manifest_bytes, *sig, key);
    if (report_.manifest) CheckFiles(*report_.manifest);
  }

 private:
  void Add(FindingKind kind, std::string file, std::string message) {
    report_.findings.push_back({kind, std::move(file), std::move(message)});
  }

  std::optional<std::string> ReadListed(const std::string& name, std::size_t max,
                                        FindingKind kind) {
    auto it = files_.files().find(name);
    if (it == files_.files().end()) {
      Add(kind, name, name + ": missing");
      return std::nullopt;
    }
    auto bytes = files_.Read(name, max);
    if (!bytes) {
      // Too large is the package's fault; a failed read may be this machine's.
      Add(bytes.error().code() == ErrorCode::kInvalidArgument ? kind : files_.read_failure(),
          name, name + ": " + bytes.error().message());
      return std::nullopt;
    }
    return *bytes;
  }

  // The key the manifest names, checked against the expected one.
  std::optional<PublicKey> ManifestKey(const Manifest& m) {
    auto key = ParsePublicKeyHex(m.site_public_key);
    if (!key) {
      Add(FindingKind::kManifestInvalid, kManifestName,
          std::string(kManifestName) + ": site public key: " + key.error().message());
      return options_.expected_key;
    }
    report_.public_key_hex = m.site_public_key;
    report_.fingerprint = Fingerprint(*key);
    if (options_.expected_key && *options_.expected_key != *key) {
      Add(FindingKind::kWrongKey, kManifestName,
          fmt::format("{}: signed by key {}, not the expected key {}", kManifestName,
                      report_.fingerprint, Fingerprint(*options_.expected_key)));
    }
    return *key;
  }

  // The signature alone decides; the hash in manifest.sig only says which file to blame.
  void CheckSignature(const std::string& bytes, const SignatureFile& sig,
                      const std::optional<PublicKey>& key) {
    const std::string actual = Sha256Hex(bytes);
    const bool hash_matches = actual == sig.manifest_sha256;
    if (!key) {
      // No key to check with (the manifest did not parse and none was given).
      if (!hash_matches) {
        Add(FindingKind::kSignatureInvalid, kManifestName,
            fmt::format("{}: changed since it was signed (SHA-256 signed {}, now {})",
                        kManifestName, sig.manifest_sha256, actual));
      }
      return;
    }
    report_.signature_valid = VerifySignature(*key, bytes, sig.signature);
    if (report_.signature_valid && hash_matches) return;
    if (report_.signature_valid) {
      Add(FindingKind::kSignatureInvalid, kSignatureName,
          fmt::format("{}: its manifest-sha256 line was altered (says {}, the signed manifest "
                      "has {})", kSignatureName, sig.manifest_sha256, actual));
    } else if (!hash_matches) {
      Add(FindingKind::kSignatureInvalid, kManifestName,
          fmt::format("{}: signature does not match: the manifest changed since it was "
                      "signed (SHA-256 signed {}, now {})",
                      kManifestName, sig.manifest_sha256, actual));
    } else {
      Add(FindingKind::kSignatureInvalid, kSignatureName,
          fmt::format("{}: signature does not match the manifest (the manifest is as signed; "
                      "the signature was altered or made with another key)",
                      kSignatureName));
    }
  }

  void CheckFiles(const Manifest& m) {
    std::set<std::string> listed{kManifestName, kSignatureName};
    for (const ManifestFile& f : m.files) {
      if (std::string why = BadPathReason(f.path); !why.empty()) {
        Add(FindingKind::kBadPath, f.path, f.path + ": listed in the manifest but " + why);
        continue;
      }
      if (!listed.insert(f.path).second) {
        Add(FindingKind::kBadPath, f.path, f.path + ": listed in the manifest more than once");
        continue;
      }
      auto it = files_.files().find(f.path);
      if (it == files_.files().end()) {
        Add(FindingKind::kMissing, f.path, f.path + ": missing");
        continue;
      }
      if (!it->second.regular) {
        Add(FindingKind::kUnreadable, f.path, f.path + ": not a regular file");
        continue;
      }
      auto digest = files_.Hash(f.path);
      if (!digest) {
        Add(files_.read_failure(), f.path, f.path + ": " + digest.error().message());
        continue;
      }
      ++report_.files_checked;
      if (digest->bytes != f.bytes) {
        Add(FindingKind::kSizeMismatch, f.path,
            fmt::format("{}: size mismatch ({} bytes, expected {}; SHA-256 expected {}, got {})",
                        f.path, digest->bytes, f.bytes, f.sha256, digest->sha256));
      } else if (digest->sha256 != f.sha256) {
        Add(FindingKind::kHashMismatch, f.path,
            fmt::format("{}: SHA-256 mismatch (expected {}, got {})", f.path, f.sha256,
                        digest->sha256));
      }
    }
    for (const auto& [path, file] : files_.files()) {
      if (!listed.count(path)) {
        Add(FindingKind::kExtraFile, path, "extra file not in manifest: " + path);
      }
    }
  }

  PackageFiles& files_;
  const VerifyOptions& options_;
  VerifyReport& report_;
};

}  // namespace

std::string_view ToString(FindingKind k) {
  switch (k) {
    case FindingKind::kUnreadable: return "unreadable";
    case FindingKind::kIoError: return "io_error";
    case FindingKind::kManifestInvalid: return "manifest_invalid";
    case FindingKind::kSignatureInvalid: return "signature_invalid";
    case FindingKind::kWrongKey: return "wrong_key";
    case FindingKind::kMissing: return "missing";
    case FindingKind::kSizeMismatch: return "size_mismatch";
    case FindingKind::kHashMismatch: return "hash_mismatch";
    case FindingKind::kExtraFile: return "extra_file";
    case FindingKind::kBadPath: return "bad_path";
  }
  return "unknown";
}

bool VerifyReport::io_error() const {
  for (const Finding& f : findings) {
    if (f.kind == FindingKind::kIoError) return true;
  }
  return false;
}

Result<VerifyReport> VerifyPackage(const stdfs::path& path, const VerifyOptions& options) {
  VerifyReport report;
  report.package = path.string();
  std::error_code ec;
  const auto st = stdfs::status(path, ec);
  if (!stdfs::exists(st)) {
    return Fail(ErrorCode::kNotFound, path.string() + ": no such file or folder");
  }
  std::unique_ptr<PackageFiles> files;
  if (stdfs::is_directory(st)) {
    files = std::make_unique<DirectoryFiles>(path);
  } else if (stdfs::is_regular_file(st) && LooksLikeZip(path)) {
    report.archive = true;
    auto zip = ZipReader::Open(path);
    if (!zip) {
      const std::string name = path.filename().string();
      report.findings.push_back(
          {FindingKind::kUnreadable, name, name + ": " + zip.error().message()});
      return report;
    }
    files = std::make_unique<ArchiveFiles>(std::move(*zip));
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                path.string() + ": not an evidence package (a folder or a .zip)");
  }
  Checker(*files, options, report).Run();
  return report;
}

nlohmann::json ReportToJson(const VerifyReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : r.findings) {
    findings.push_back({{"kind", ToString(f.kind)}, {"file", f.file}, {"message", f.message}});
  }
  nlohmann::json out = {{"ok", r.ok()},
                        {"io_error", r.io_error()},
                        {"package", r.package},
                        {"archive", r.archive},
                        {"signature_valid", r.signature_valid},
                        {"public_key", r.public_key_hex},
                        {"fingerprint", r.fingerprint},
                        {"files_checked", r.files_checked},
                        {"findings", std::move(findings)},
                        {"manifest", nullptr}};
  if (r.manifest) {
    const Manifest& m = *r.manifest;
    out["manifest"] = {
        {"package", m.package_name},
        {"site", m.site_name},
        {"camera_id", m.camera_id},
        {"camera_name", m.camera_name},
        {"stream", m.stream},
        {"from_ns", m.requested_from},
        {"to_ns", m.requested_to},
        {"from", FormatIso8601Offset(m.requested_from)},
        {"to", FormatIso8601Offset(m.requested_to)},
        {"exported_by", m.exported_by},
        {"reason", m.reason},
        {"case_ref", m.case_ref ? nlohmann::json(*m.case_ref) : nlohmann::json(nullptr)},
        {"created_at", FormatIso8601Offset(m.created_at)},
        {"segments", m.segments.size()},
        {"software", m.software},
    };
  }
  return out;
}

}  // namespace anninh::evidence
