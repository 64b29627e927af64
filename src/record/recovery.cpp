#include "record/recovery.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "core/sha256.h"
#include "media/mp4_scan.h"
#include "media/packet.h"
#include "media/segment_probe.h"
#include "record/layout.h"
#include "record/retention.h"

namespace anninh::record {

namespace stdfs = std::filesystem;

namespace {

Result<std::string> HashFile(const stdfs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "open " + path.string());
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<std::size_t>(in.gcount());
    h.Update({reinterpret_cast<const std::uint8_t*>(buf.data()), n});
  }
  return h.FinishHex();
}

// Every segment file under root, by relative path.
std::set<std::string> ListSegmentFiles(const stdfs::path& root, RecoveryReport& report) {
  std::set<std::string> out;
  std::error_code ec;
  if (!stdfs::exists(root, ec)) return out;
  for (auto it = stdfs::recursive_directory_iterator(root, ec);
       !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string rel = stdfs::relative(it->path(), root).string();
    if (it->path().extension() != ".mp4") continue;
    if (!ParseSegmentRelPath(rel)) {
      report.problems.push_back("unexpected file (left alone): " + rel);
      continue;
    }
    out.insert(rel);
  }
  return out;
}

}  // namespace

Result<std::optional<store::SegmentRow>> SalvageSegment(const stdfs::path& root,
                                                        const std::string& rel,
                                                        std::vector<std::string>& actions) {
  auto parsed = ParseSegmentRelPath(rel);
  if (!parsed) return Fail(ErrorCode::kInvalidArgument, "not a segment path: " + rel);
  auto confined = fs::ConfinedPath(root, rel);
  if (!confined) return Fail(std::move(confined).error());
  const stdfs::path& path = *confined;
  auto layout = media::ScanMp4File(path);
  if (!layout) return Fail(std::move(layout).error().Wrap("unreadable"));
  if (!layout->has_header || layout->fragments == 0) {
    std::error_code ec;
    stdfs::remove(path, ec);
    (void)fs::FsyncDir(path.parent_path());
    actions.push_back("removed " + rel + " (no complete fragment, " +
                      std::to_string(layout->file_size) + " bytes)");
    return std::optional<store::SegmentRow>();
  }
  if (layout->valid_size < layout->file_size) {
    if (auto s = fs::TruncateDurable(path, layout->valid_size); !s) {
      return Fail(std::move(s).error().Wrap("truncate " + rel));
    }
    actions.push_back("truncated " + rel + " to " + std::to_string(layout->valid_size) +
                      " bytes (" + std::to_string(layout->fragments) + " fragments)");
  }
  auto probe = media::ProbeSegment(path);
  if (!probe) return Fail(std::move(probe).error().Wrap("read back " + rel));
  auto hash = HashFile(path);
  if (!hash) return Fail(std::move(hash).error().Wrap("hash " + rel));
  (void)fs::FsyncDir(path.parent_path());
  store::SegmentRow row;
  row.camera_id = parsed->camera_id;
  row.stream = parsed->stream;
  row.path = rel;
  row.start = parsed->start;
  row.end = parsed->start + media::Ts90ToNs(probe->end_ts - probe->first_dts);
  row.frames = probe->video_frames;
  row.bytes = layout->valid_size;
  row.sha256 = *hash;
  row.codec = probe->codec;
  row.recovered = true;
  return std::optional<store::SegmentRow>(std::move(row));
}

namespace {

// Indexes a file that has no row: the segment a crash interrupted.
void RecoverFile(store::RecordingIndex& index, const stdfs::path& root, const std::string& rel,
                 const RecoveryOptions& options, RecoveryReport& report) {
  const stdfs::path path = root / rel;
  auto layout = media::ScanMp4File(path);
  if (!layout) {
    report.problems.push_back(rel + ": unreadable: " + layout.error().message());
    return;
  }
  if (!layout->has_header || layout->fragments == 0) {
    report.problems.push_back(rel + ": no complete fragment (" +
                              std::to_string(layout->file_size) + " bytes)");
  } else {
    if (layout->valid_size < layout->file_size) {
      report.problems.push_back(rel + ": torn tail of " +
                                std::to_string(layout->file_size - layout->valid_size) +
                                " bytes");
    }
    report.problems.push_back(rel + ": not in the index");
  }
  if (!options.repair) return;
  auto row = SalvageSegment(root, rel, report.actions);
  if (!row) {
    report.actions.push_back("could not recover " + rel + ": " + row.error().message() +
                             "; left unindexed");
    return;
  }
  if (!row->has_value()) return;  // removed: nothing survived
  std::vector<store::SegmentRow> rows{**row};
  if (auto s = index.Commit(rows, {}); !s) {
    report.actions.push_back("could not index " + rel + ": " + s.error().message());
    return;
  }
  ++report.recovered;
  report.actions.push_back("indexed " + rel + " (" + std::to_string(rows[0].frames) +
                           " frames, recovered)");
}

}  // namespace

Result<RecoveryReport> Reconcile(store::RecordingIndex& index, const stdfs::path& root,
                                 const RecoveryOptions& options) {
  RecoveryReport report;
  // Interrupted deletions first: retention had decided these go, and their files must not
  // come back as "not in the index" below.
  auto deleting = index.DeletingSegments();
  if (!deleting) return Fail(std::move(deleting).error());
  std::set<std::string> being_deleted;
  for (const store::SegmentRow& row : *deleting) {
    being_deleted.insert(row.path);
    if (!options.repair) {
      report.problems.push_back(row.path + ": deletion interrupted (start-up or fsck --repair "
                                "finishes it)");
    }
  }
  if (options.repair && !deleting->empty()) {
    if (auto s = FinishDeletions(index, root, *deleting, &report.actions); !s) {
      report.problems.push_back("could not finish an interrupted deletion: " +
                                s.error().ToString());
    }
  }
  auto rows = index.Segments({});
  if (!rows) return Fail(std::move(rows).error());
  std::set<std::string> files = ListSegmentFiles(root, report);
  report.files_checked = static_cast<int>(files.size());
  report.rows_checked = static_cast<int>(rows->size());

  std::set<std::string> indexed;
  for (const store::SegmentRow& row : *rows) {
    indexed.insert(row.path);
    auto path = fs::ConfinedPath(root, row.path);
    if (!path) {
      report.problems.push_back("row " + std::to_string(row.id) + ": bad path: " + row.path);
      continue;
    }
    std::error_code ec;
    auto size = stdfs::file_size(*path, ec);
    if (ec) {
      report.problems.push_back(row.path + ": in the index but the file is missing");
      if (options.repair) {
        std::vector<store::GapRow> gaps{
            {0, row.camera_id, row.stream, row.start, row.end, "recording lost (file missing)"}};
        if (auto s = index.DeleteSegment(row.id); s) {
          (void)index.Commit({}, gaps);
          report.actions.push_back("removed row for " + row.path + ", recorded a gap");
        }
      }
      continue;
    }
    if (size != row.bytes) {
      report.problems.push_back(row.path + ": size " + std::to_string(size) + " but the index says " +
                                std::to_string(row.bytes));
      continue;
    }
    if (options.verify_hashes) {
      auto hash = HashFile(*path);
      if (!hash || *hash != row.sha256) {
        report.problems.push_back(row.path + ": SHA-256 does not match the index");
      }
    }
  }

  for (const std::string& rel : files) {
    if (being_deleted.count(rel)) continue;  // its deletion failed above; reported there
    if (!indexed.count(rel)) RecoverFile(index, root, rel, options, report);
  }
  for (const auto& p : report.problems) spdlog::warn("reconcile: {}", p);
  for (const auto& a : report.actions) spdlog::info("reconcile: {}", a);
  return report;
}

}  // namespace anninh::record
