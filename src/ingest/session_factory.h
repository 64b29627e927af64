// Chooses how each stream is read: rtsp:// over TCP by anninh's own client on the shared
// event loop (when one is given), everything else by FFmpeg's demuxers.
#pragma once

#include <memory>
#include <vector>

#include "core/clock.h"
#include "ingest/session.h"
#include "media/packet.h"

namespace anninh::rtsp {
class EventLoop;
}

namespace anninh::ingest {

// rtsp:// (not rtsps://) with the TCP transport.
bool UsesNativeRtsp(const StreamOptions& options);

// `native_loop`: the loop for native RTSP sessions, or null to read every stream with
// FFmpeg (`[ingest] rtsp_client = "ffmpeg"`). Sinks and the loop must outlive the session.
std::unique_ptr<Session> MakeSession(StreamOptions options, const Clock& clock,
                                     std::vector<media::PacketSink*> sinks,
                                     rtsp::EventLoop* native_loop);

}  // namespace anninh::ingest
