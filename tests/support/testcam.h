// The real RTSP test camera (tools/testcam, GStreamer's RTSP server) run as a child
// process on 127.0.0.1, with its control socket for faults: stop, stall, drop, auth.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace anninh::testing {

class TestCam {
 public:
  // `auth`: entries like "/clock/main=admin:secret". Throws if it does not come up.
  explicit TestCam(std::vector<std::string> auth = {});
  ~TestCam();

  // "rtsp://127.0.0.1:<port>/people/main"
  std::string Url(const std::string& path) const;
  int port() const { return port_; }
  // Sends one control command ("stop /people/main"); returns the reply line.
  std::string Control(const std::string& command);

  // The folder of pre-made source clips (made once by tools/testcam/make-sources).
  static std::string MediaDir();

 private:
  TempDir dir_;
  std::unique_ptr<Process> process_;
  int port_ = 0;
};

}  // namespace anninh::testing
