#include "support.h"

#include <stdexcept>
#include <thread>

#include "support/process.h"

namespace anninh::testing {

nlohmann::json FfProbe(const std::filesystem::path& file) {
  auto r = RunCommand("ffprobe -v error -show_format -show_streams -of json '" + file.string() + "'");
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(r.output, nullptr, false);
}

ScriptServer::ScriptServer(const std::string& accept_loop)
    : process_({"/usr/bin/python3", "-c",
                "import socket\n"
                "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                "s.bind(('127.0.0.1', 0)); s.listen(8)\n"
                "print(s.getsockname()[1], flush=True)\n" +
                accept_loop}) {
  auto port = process_.ReadLine(std::chrono::seconds(5));
  if (!port) throw std::runtime_error("the script server did not start");
  port_ = *port;
}

int FfProbeVideoPackets(const std::filesystem::path& file) {
  auto r = RunCommand("ffprobe -v error -select_streams v:0 -count_packets -show_entries "
                      "stream=nb_read_packets -of csv=p=0 '" + file.string() + "'");
  if (r.exit_code != 0) return -1;
  return std::stoi(r.output);
}

}  // namespace anninh::testing
