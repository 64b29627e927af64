// Writes one segment file as fragmented MP4 (ISO/IEC 14496-12 section 8.8): an ftyp and
// an empty moov first, then one moof+mdat pair per fragment. Packets are stored as they
// came: no decode, no transcode.
//
// The layout is chosen for crash safety: a file cut anywhere still has a valid prefix
// (ftyp, moov and every complete fragment), which recovery keeps (see
// docs/design/0001-recording.md). The writer hashes every byte it writes so the segment's
// SHA-256 is known at close without reading the file back.
//
// Thread-compatible: one writer is used by one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/error.h"
#include "media/packet.h"

namespace anninh::media {

struct WrittenFile {
  std::uint64_t bytes = 0;
  std::string sha256;  // lowercase hex of the whole file
  std::int64_t frames = 0;  // video packets written
  int fd = -1;  // still open (not yet fsynced): the caller fsyncs and closes it
};

class Fmp4Writer {
 public:
  // Creates `path` (which must not exist) and writes the header for `info`'s tracks.
  static Result<std::unique_ptr<Fmp4Writer>> Create(const std::filesystem::path& path,
                                                    const StreamInfo& info);
  ~Fmp4Writer();
  Fmp4Writer(const Fmp4Writer&) = delete;
  Fmp4Writer& operator=(const Fmp4Writer&) = delete;

  // Appends a packet to the current fragment (in memory until Flush). The first packet of
  // a file must be a video keyframe. Timestamps are on the 90 kHz timeline and must be
  // strictly increasing in dts per track.
  Status Write(const Packet& packet);

  // Ends the current fragment and writes it to the file (the page cache; durability is the
  // caller's fsync). A no-op when the fragment is empty.
  Status Flush();

  // Flushes and ends the file. The fd stays open and is handed to the caller, who fsyncs
  // it off the ingest thread. The writer must not be used afterwards.
  Result<WrittenFile> Finish();

  std::uint64_t bytes_written() const;
  std::int64_t frames() const;
  bool fragment_empty() const;

 private:
  struct Impl;
  explicit Fmp4Writer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace anninh::media
