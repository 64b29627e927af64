#include "support/testcam.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace anninh::testing {

std::string TestCam::MediaDir() { return ANNINH_TESTCAM_MEDIA; }

TestCam::TestCam(std::vector<std::string> auth) {
  std::vector<std::string> argv = {"/usr/bin/python3", std::string(ANNINH_SOURCE_DIR) + "/tools/testcam/testcam",
                                   "--media", MediaDir(), "--port", "0",
                                   "--control", (dir_ / "control.sock").string()};
  for (auto& a : auth) {
    argv.push_back("--auth");
    argv.push_back(a);
  }
  process_ = std::make_unique<Process>(argv);
  while (auto line = process_->ReadLine(std::chrono::seconds(30))) {
    if (line->rfind("READY port=", 0) == 0) {
      port_ = std::stoi(line->substr(11));
      return;
    }
  }
  throw std::runtime_error("the test camera did not start (no READY line within 30 s)");
}

TestCam::~TestCam() = default;

std::string TestCam::Url(const std::string& path) const {
  return "rtsp://127.0.0.1:" + std::to_string(port_) + path;
}

std::string TestCam::Control(const std::string& command) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string path = (dir_ / "control.sock").string();
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to test camera control socket failed");
  }
  std::string line = command + "\n";
  if (::write(fd, line.data(), line.size()) < 0) { /* the read below reports it */ }
  std::string reply;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') reply.push_back(c);
  ::close(fd);
  return reply;
}

}  // namespace anninh::testing
