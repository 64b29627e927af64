// What the ingest layer needs to know about one camera stream. Filled in from the config
// by the app; ingest never reads the config file itself.
#pragma once

#include <chrono>
#include <string>

namespace anninh::ingest {

enum class Transport { kTcp, kUdp };

struct StreamOptions {
  std::string camera_id;
  std::string stream = "main";  // "main" or "sub"
  std::string url;              // rtsp://, rtsps://, http(s)://, file:// or a path
  std::string username;         // kept out of logs; added to the URL at connect time
  std::string password;
  Transport transport = Transport::kTcp;
  std::chrono::milliseconds connect_timeout{10'000};
  // A connection that delivers no packet for this long is stalled and restarted.
  std::chrono::milliseconds stall_timeout{10'000};
  std::chrono::milliseconds backoff_initial{1'000};
  std::chrono::milliseconds backoff_max{30'000};
  // Files: start again at the end (demos), and play at the speed they were recorded.
  bool loop = false;
  bool realtime = true;
};

// True for sources read from the local disk rather than the network.
bool IsFileSource(const std::string& url);

// The URL with user and password inserted, for FFmpeg; never log its result.
std::string UrlWithCredentials(const StreamOptions& options);

// The URL with any password replaced by "***", safe for logs and the API.
std::string RedactedUrl(const std::string& url);

}  // namespace anninh::ingest
