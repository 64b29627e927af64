// Test helper: plays a media file through FrameSource into a FrameConsumer as fast as it
// decodes, synchronously, so clip tests are deterministic (no queue, no drops).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "analytics/frame_source.h"
#include "analytics/grey_frame.h"
#include "core/error.h"
#include "media/packet.h"

namespace anninh::analytics::testing {

// Frames are dated from `start_wall`. Returns the number of pictures analysed.
Result<int> AnalyseClip(const std::filesystem::path& file, FrameSourceOptions options, FrameConsumer& consumer,
                        WallNs start_wall = 1'700'000'000'000'000'000);

// Plays a media file's video packets into `sink` (OnStart, OnPacket…, OnStop) as fast as it
// reads (or with `pause` after each), as ingest would, dated from `start_wall`. Returns the
// number of packets.
Result<int> FeedClip(const std::filesystem::path& file, media::PacketSink& sink,
                     WallNs start_wall = 1'700'000'000'000'000'000,
                     std::chrono::microseconds pause = std::chrono::microseconds(0));

// Makes a clip with the ffmpeg command line: `args` go between "ffmpeg -y -v error" and
// the output options (H.264, 1 s GOP, no B-frames, like a camera). Fails the test on error.
void MakeClip(const std::string& args, const std::filesystem::path& out);

// vtest.avi (768×576, 10 fps, 79 s of pedestrians) from Debian's opencv-doc, plain or gzipped
// (unpacked into `scratch`); empty when it is not installed.
std::filesystem::path FindVtest(const std::filesystem::path& scratch);

}  // namespace anninh::analytics::testing
