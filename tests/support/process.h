// Child processes for integration tests: the RTSP test camera, `anninh serve` for crash
// tests, ffprobe for checking files.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace anninh::testing {

class Process {
 public:
  // Starts argv[0] (a path) with its stdout on a pipe readable by ReadLine; stderr is
  // inherited so the child's log shows in the test's output.
  explicit Process(std::vector<std::string> argv);
  ~Process();  // SIGTERM, then SIGKILL if it does not exit within 5 s
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // The next line of stdout, or nullopt at EOF or after `timeout`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout);
  void Signal(int sig);
  // The exit status (as from waitpid's WEXITSTATUS, or 128+signal), or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  std::optional<int> status_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs a command to completion through /bin/sh; for ffprobe and the anninh CLI.
CommandResult RunCommand(const std::string& command);

}  // namespace anninh::testing
