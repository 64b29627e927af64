#include "ingest/session_factory.h"

#include <cctype>

#include "ingest/rtsp_session.h"
#include "ingest/stream_session.h"

namespace anninh::ingest {

bool UsesNativeRtsp(const StreamOptions& options) {
  const std::string& url = options.url;
  if (url.size() < 7 || options.transport != Transport::kTcp) return false;
  std::string scheme = url.substr(0, 7);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "rtsp://";
}

std::unique_ptr<Session> MakeSession(StreamOptions options, const Clock& clock,
                                     std::vector<media::PacketSink*> sinks,
                                     rtsp::EventLoop* native_loop) {
  if (native_loop && UsesNativeRtsp(options)) {
    return std::make_unique<RtspSession>(std::move(options), clock, std::move(sinks),
                                         *native_loop);
  }
  return std::make_unique<StreamSession>(std::move(options), clock, std::move(sinks));
}

}  // namespace anninh::ingest
