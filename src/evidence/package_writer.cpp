#include "evidence/package_writer.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <regex>
#include <vector>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/time_format.h"
#include "evidence/file_io.h"
#include "evidence/readme.h"
#include "evidence/signature_file.h"
#include "evidence/zip_archive.h"
#include "media/remux.h"

namespace anninh::evidence {

namespace stdfs = std::filesystem;

namespace {

constexpr char kPartialSuffix[] = ".partial";

// "2026-11-29T02:15:00.123Z" -> "20261129T021500Z": for names, to the second.
std::string CompactTime(WallNs t) {
  std::string iso = FormatIso8601(t);
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

// Counts work done against the planned total and asks the caller whether to go on.
class Work {
 public:
  explicit Work(const ExportProgressFn& fn) : fn_(fn) {}
  void Plan(ExportPhase phase, std::uint64_t done, std::uint64_t total) {
    p_.phase = phase;
    p_.bytes_done = done;
    p_.bytes_total = total;
  }
  bool Add(std::uint64_t n) {
    p_.bytes_done = std::min(p_.bytes_total, p_.bytes_done + n);
    return !fn_ || fn_(p_);
  }
  std::uint64_t done() const { return p_.bytes_done; }

 private:
  const ExportProgressFn& fn_;
  ExportProgress p_;
};

// Removes what this export made unless Release() is called: all or nothing.
class Undo {
 public:
  ~Undo() {
    if (released_) return;
    std::error_code ec;
    for (const stdfs::path& p : paths_) stdfs::remove_all(p, ec);
  }
  void Add(stdfs::path p) { paths_.push_back(std::move(p)); }
  void Release() { released_ = true; }

 private:
  std::vector<stdfs::path> paths_;
  bool released_ = false;
};

Status CheckSourceSegments(const std::vector<store::SegmentRow>& rows,
                           const std::vector<media::RemuxSegment>& segments, Work& work) {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const store::SegmentRow& row = rows[i];
    const stdfs::path& path = segments[i].path;
    std::error_code ec;
    const std::uint64_t size = stdfs::file_size(path, ec);
    if (ec) {
      problems.push_back(row.path + ": the stored file is missing or unreadable");
      work.Add(row.bytes);
      continue;
    }
    if (size != row.bytes) {
      problems.push_back(fmt::format("{}: the stored file has {} bytes, the index recorded {}",
                                     row.path, size, row.bytes));
      work.Add(row.bytes);
      continue;
    }
    auto digest = HashFile(path, [&](std::uint64_t n) { return work.Add(n); });
    if (!digest) {
      if (IsCancelled(digest.error())) return Fail(CancelledError());
      problems.push_back(row.path + ": " + digest.error().message());
      continue;
    }
    if (row.sha256.empty()) {
      problems.push_back(row.path + ": the index has no SHA-256 for it");
    } else if (digest->sha256 != row.sha256) {
      problems.push_back(fmt::format(
          "{}: the stored file no longer matches the SHA-256 recorded when it was written "
          "(recorded {}, now {})", row.path, row.sha256, digest->sha256));
    }
  }
  if (problems.empty()) return {};
  std::string msg = fmt::format("{} recorded segment(s) in the range changed since recording; "
                                "not exported: ", problems.size());
  for (std::size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
  return Fail(ErrorCode::kDataLoss, msg);
}

}  // namespace

std::string_view ToString(ExportPhase p) {
  switch (p) {
    case ExportPhase::kChecking: return "checking recordings";
    case ExportPhase::kCutting: return "cutting video";
    case ExportPhase::kHashing: return "hashing";
    case ExportPhase::kArchiving: return "archiving";
  }
  return "?";
}

Status ValidateRequest(const ExportRequest& r) {
  static const std::regex kIdPattern("[a-z0-9][a-z0-9_-]{0,62}");
  if (!std::regex_match(r.camera_id, kIdPattern)) {
    return Fail(ErrorCode::kInvalidArgument, "camera: not a camera id: '" + r.camera_id + "'");
  }
  if (!std::regex_match(r.stream, kIdPattern)) {
    return Fail(ErrorCode::kInvalidArgument, "stream: not a stream name: '" + r.stream + "'");
  }
  if (r.from >= r.to) return Fail(ErrorCode::kInvalidArgument, "from must be before to");
  if (r.reason.empty()) return Fail(ErrorCode::kInvalidArgument, "reason: required");
  if (r.exported_by.empty()) return Fail(ErrorCode::kInvalidArgument, "exported_by: required");
  return {};
}

int RemovePartialPackages(const stdfs::path& out_dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& e : stdfs::directory_iterator(out_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".") && name.find(kPartialSuffix) != std::string::npos) {
      std::error_code ec2;
      if (stdfs::remove_all(e.path(), ec2) > 0) ++removed;
    }
  }
  return removed;
}

Result<PackageResult> WritePackage(const PackageContext& ctx, const ExportRequest& req,
                                   const ExportProgressFn& progress) {
  if (auto s = ValidateRequest(req); !s) return Fail(std::move(s).error());
  if (!ctx.index || !ctx.key || !ctx.clock) {
    return Fail(ErrorCode::kInternal, "package context is missing the index, key or clock");
  }
  const WallNs created = ctx.clock->Now();

  auto rows = ctx.index->Segments({req.camera_id, req.stream, req.from, req.to});
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("nothing of camera '{}' ({}) is recorded between {} and {}",
                            req.camera_id, req.stream, FormatIso8601(req.from),
                            FormatIso8601(req.to)));
  }
  std::vector<media::RemuxSegment> segments;
  std::uint64_t source_bytes = 0;
  for (const store::SegmentRow& row : *rows) {
    auto path = fs::ConfinedPath(ctx.recordings_root, row.path);
    if (!path) return Fail(std::move(path).error().Wrap("index row " + std::to_string(row.id)));
    segments.push_back({std::move(*path), row.start, row.end});
    source_bytes += row.bytes;
  }

  if (auto s = fs::MakeDirsDurable(ctx.out_dir); !s) return Fail(std::move(s).error());
  // The directory and the archive each hold about the cut video: twice the sources at most.
  if (auto space = fs::Space(ctx.out_dir);
      space && space->free_bytes < 2 * source_bytes + (64u << 20)) {
    return Fail(ErrorCode::kResourceExhausted,
                fmt::format("{} has {} MB free; this export needs up to {} MB",
                            ctx.out_dir.string(), space->free_bytes >> 20,
                            (2 * source_bytes >> 20) + 64));
  }

  // A name made of checked ids and times; a number added if an export of the same range
  // is already there.
  const std::string base = fmt::format("{}-{}-{}-{}", req.camera_id, req.stream,
                                       CompactTime(req.from), CompactTime(req.to));
  std::string name = base;
  std::error_code ec;
  for (int n = 2; stdfs::exists(ctx.out_dir / name, ec) ||
                  stdfs::exists(ctx.out_dir / (name + ".zip"), ec) ||
                  stdfs::exists(ctx.out_dir / ("." + name + kPartialSuffix), ec);
       ++n) {
    name = fmt::format("{}-{}", base, n);
  }
  const stdfs::path staging = ctx.out_dir / ("." + name + kPartialSuffix);
  const stdfs::path final_dir = ctx.out_dir / name;
  const stdfs::path zip_tmp = ctx.out_dir / ("." + name + ".zip" + kPartialSuffix);
  const stdfs::path zip_final = ctx.out_dir / (name + ".zip");
  Undo undo;
  undo.Add(staging);
  if (auto s = fs::MakeDirsDurable(staging / "video"); !s) return Fail(std::move(s).error());

  Work work(progress);
  // Until the video exists its size is estimated as the sources'.
  work.Plan(ExportPhase::kChecking, 0, 5 * source_bytes);
  if (!work.Add(0)) return Fail(CancelledError());
  if (auto s = CheckSourceSegments(*rows, segments, work); !s) return Fail(std::move(s).error());

  work.Plan(ExportPhase::kCutting, source_bytes, 5 * source_bytes);
  const std::string video_rel =
      fmt::format("video/{}-{}-{}.mp4", req.camera_id, req.stream, CompactTime(req.from));
  const stdfs::path video = staging / video_rel;
  media::RemuxOptions remux_options;
  // No faststart: it rewrites the whole file in one step that cannot be cancelled, and a
  // downloaded file plays from disk, where the moov's place does not matter.
  remux_options.faststart = false;
  std::uint64_t last_read = 0;
  remux_options.progress = [&](std::uint64_t read) {
    const std::uint64_t delta = read - last_read;
    last_read = read;
    return work.Add(delta);
  };
  auto cut = media::RemuxRange(segments, req.from, req.to, video, remux_options);
  if (!cut) {
    if (IsCancelled(cut.error())) return Fail(CancelledError());
    return Fail(std::move(cut).error().Wrap("cut " + video_rel));
  }
  if (auto s = FsyncPath(video); !s) return Fail(std::move(s).error());

  const std::uint64_t m = cut->bytes;
  work.Plan(ExportPhase::kHashing, 2 * source_bytes, 2 * source_bytes + 3 * m);
  auto video_digest = HashFile(video, [&](std::uint64_t n) { return work.Add(n); });
  if (!video_digest) return Fail(std::move(video_digest).error());

  Manifest manifest;
  manifest.package_name = name;
  manifest.software = ctx.software;
  manifest.site_name = ctx.site_name;
  manifest.site_public_key = ctx.key->PublicKeyHex();
  manifest.camera_id = req.camera_id;
  manifest.camera_name = req.camera_name.empty() ? req.camera_id : req.camera_name;
  manifest.stream = req.stream;
  manifest.requested_from = req.from;
  manifest.requested_to = req.to;
  manifest.video_start = cut->start;
  manifest.video_end = cut->end;
  manifest.truncated_at_format_change = cut->truncated_at_format_change;
  for (int i = 0; i < cut->segments_used && i < static_cast<int>(rows->size()); ++i) {
    const store::SegmentRow& row = (*rows)[static_cast<std::size_t>(i)];
    manifest.segments.push_back({row.path, row.start, row.end, row.bytes, row.sha256});
  }
  manifest.exported_by = req.exported_by;
  manifest.reason = req.reason;
  manifest.case_ref = req.case_ref;
  manifest.created_at = created;
  manifest.files.push_back({video_rel, video_digest->bytes, video_digest->sha256});

  const std::string readme = MakeReadme(manifest, ctx.key->Fingerprint());
  if (auto s = WriteFileDurable(staging / kReadmeName, readme, 0644); !s) {
    return Fail(std::move(s).error());
  }
  manifest.files.push_back(
      {kReadmeName, readme.size(), Sha256Hex(readme)});

  auto manifest_bytes = SerializeManifest(manifest);
  if (!manifest_bytes) return Fail(std::move(manifest_bytes).error());
  if (auto s = WriteFileDurable(staging / kManifestName, *manifest_bytes, 0644); !s) {
    return Fail(std::move(s).error());
  }
  if (auto s = WriteFileDurable(staging / kSignatureName,
                                MakeSignatureFile(*ctx.key, *manifest_bytes), 0644);
      !s) {
    return Fail(std::move(s).error());
  }
  if (auto s = fs::FsyncDir(staging / "video"); !s) return Fail(std::move(s).error());

  // The directory appears whole, under its final name, or not at all.
  undo.Add(final_dir);
  if (::rename(staging.c_str(), final_dir.c_str()) != 0) {
    return Fail(ErrnoError(errno, "rename " + staging.string()));
  }
  if (auto s = fs::FsyncDir(ctx.out_dir); !s) return Fail(std::move(s).error());

  work.Plan(ExportPhase::kArchiving, work.done(), 2 * source_bytes + 3 * m);
  undo.Add(zip_tmp);
  undo.Add(zip_final);
  std::vector<ZipInput> inputs;
  for (const ManifestFile& f : manifest.files) {
    inputs.push_back({final_dir / f.path, name + "/" + f.path});
  }
  inputs.push_back({final_dir / kManifestName, name + "/" + kManifestName});
  inputs.push_back({final_dir / kSignatureName, name + "/" + kSignatureName});
  if (auto s = WriteZip(inputs, created, zip_tmp, [&](std::uint64_t n) { return work.Add(n); });
      !s) {
    return Fail(std::move(s).error());
  }
  if (auto s = FsyncPath(zip_tmp); !s) return Fail(std::move(s).error());
  auto zip_digest = HashFile(zip_tmp, [&](std::uint64_t n) { return work.Add(n); });
  if (!zip_digest) return Fail(std::move(zip_digest).error());
  if (::rename(zip_tmp.c_str(), zip_final.c_str()) != 0) {
    return Fail(ErrnoError(errno, "rename " + zip_tmp.string()));
  }
  if (auto s = fs::FsyncDir(ctx.out_dir); !s) return Fail(std::move(s).error());
  undo.Release();

  PackageResult out;
  out.name = name;
  out.directory = final_dir;
  out.archive = zip_final;
  out.archive_bytes = zip_digest->bytes;
  out.archive_sha256 = zip_digest->sha256;
  out.manifest_sha256 = Sha256Hex(*manifest_bytes);
  out.manifest = std::move(manifest);
  return out;
}

}  // namespace anninh::evidence
