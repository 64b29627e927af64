#include "evidence/test_recording.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "media/fmp4_writer.h"
#include "support/synthetic_video.h"

namespace anninh::evidence::testing {

Recording MakeRecording(const std::filesystem::path& root, const std::filesystem::path& index,
                        const std::string& camera, int segments, int seconds_each) {
  Recording rec;
  rec.root = root;
  std::filesystem::create_directories(index.parent_path());
  auto idx = store::sqlite::SqliteRecordingIndex::Open(index);
  if (!idx) throw std::runtime_error(idx.error().ToString());
  rec.index = std::move(*idx);
  anninh::testing::SyntheticVideo video(320, 240, 25, 25);
  const int frames = seconds_each * 25;
  for (int s = 0; s < segments; ++s) {
    const WallNs start = kT0 + static_cast<WallNs>(s) * seconds_each * kSecond;
    const std::string rel =
        camera + "/2025-06-15/main-" + std::to_string(start) + ".mp4";
    std::filesystem::create_directories((root / rel).parent_path());
    auto writer = media::Fmp4Writer::Create(root / rel, video.info());
    if (!writer) throw std::runtime_error(writer.error().ToString());
    std::int64_t first = -1;
    for (int i = 0; i < frames; ++i) {
      media::Packet p = video.Next();
      if (first < 0) first = p.dts;
      p.dts -= first;
      p.pts -= first;
      if (!(*writer)->Write(p)) throw std::runtime_error("write");
      if (i % 12 == 11 && !(*writer)->Flush()) throw std::runtime_error("flush");
    }
    auto done = (*writer)->Finish();
    if (!done) throw std::runtime_error(done.error().ToString());
    ::close(done->fd);
    store::SegmentRow row;
    row.camera_id = camera;
    row.stream = "main";
    row.path = rel;
    row.start = start;
    row.end = start + static_cast<WallNs>(frames) * kSecond / 25;
    row.frames = done->frames;
    row.bytes = done->bytes;
    row.sha256 = done->sha256;
    row.codec = "h264";
    rec.rows.push_back(row);
  }
  if (auto s = rec.index->Commit(rec.rows, {}); !s) throw std::runtime_error(s.error().ToString());
  return rec;
}

void FlipByte(const std::filesystem::path& file, long offset) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  if (!f) throw std::runtime_error("open " + file.string());
  if (offset < 0) {
    f.seekg(0, std::ios::end);
    offset += static_cast<long>(f.tellg());
  }
  f.seekg(offset);
  char c = 0;
  f.get(c);
  f.seekp(offset);
  f.put(static_cast<char>(c ^ 0xff));
  if (!f) throw std::runtime_error("flip a byte of " + file.string());
}

}  // namespace anninh::evidence::testing
