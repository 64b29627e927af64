#include "reports/office_convert.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace anninh::reports {

namespace fs = std::filesystem;

namespace {

// The program's path, or "" when it is not there or not executable.
std::string Locate(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// The last lines LibreOffice wrote, for the error message.
std::string Tail(const fs::path& log) {
  std::ifstream in(log, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
  const std::streamoff from = std::max<std::streamoff>(0, size - 400);
  std::string text(static_cast<std::size_t>(size - from), '\0');
  in.seekg(from);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (from > 0) text = "…" + text;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

Result<fs::path> Convert(const ConvertOptions& options, const fs::path& input, const std::string& target,
                         const fs::path& out_dir, const fs::path& work_dir, const std::function<bool()>& keep_going) {
  const std::string program = Locate(options.soffice);
  if (program.empty()) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("LibreOffice was not found at '{}' ([reports] soffice); install libreoffice-writer-nogui "
                            "and libreoffice-calc-nogui, or set the path",
                            options.soffice));
  }
  std::error_code ec;
  const fs::path profile = work_dir / "lo-profile";
  fs::create_directories(profile, ec);
  if (ec) return Fail(ErrorCode::kInternal, fmt::format("cannot create '{}': {}", profile.string(), ec.message()));
  const fs::path log = work_dir / "soffice.log";
  const std::string ext = target.substr(0, target.find(':'));
  const fs::path output = out_dir / (input.stem().string() + "." + ext);
  fs::remove(output, ec);

  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> args = {program,
                                   "-env:UserInstallation=file://" + fs::absolute(profile).string(),
                                   "--headless",
                                   "--invisible",
                                   "--nologo",
                                   "--norestore",
                                   "--nolockcheck",
                                   "--convert-to",
                                   target,
                                   "--outdir",
                                   out_dir.string(),
                                   input.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0) return Fail(ErrorCode::kInternal, fmt::format("cannot create '{}'", log.string()));

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    return Fail(ErrorCode::kUnavailable, "cannot start LibreOffice: fork failed");
  }
  if (pid == 0) {
    // Its own process group, so a timeout kills soffice.bin too, not only the launcher.
    ::setpgid(0, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from here, so the group exists before any kill below
  ::close(log_fd);

  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    const bool stop = keep_going && !keep_going();
    const bool late = std::chrono::steady_clock::now() >= deadline;
    if (stop || late) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      fs::remove_all(profile, ec);
      fs::remove(output, ec);
      if (stop) return Fail(ErrorCode::kFailedPrecondition, "the conversion was cancelled");
      return Fail(ErrorCode::kDeadlineExceeded,
                  fmt::format("LibreOffice did not finish converting '{}' to {} within {} s ([reports] "
                              "soffice_timeout_s)",
                              input.filename().string(), ext, options.timeout.count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // soffice may leave helpers behind in its group; none should outlive the conversion.
  ::kill(-pid, SIGKILL);
  fs::remove_all(profile, ec);
  const std::string tail = Tail(log);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Fail(ErrorCode::kInternal,
                fmt::format("LibreOffice ('{}') failed converting '{}' to {} (exit {}): {}", program,
                            input.filename().string(), ext, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                            tail.empty() ? "no output" : tail));
  }
  if (!fs::exists(output, ec) || fs::file_size(output, ec) == 0) {
    return Fail(ErrorCode::kInternal, fmt::format("LibreOffice wrote no {} for '{}': {}", ext,
                                                  input.filename().string(), tail.empty() ? "no output" : tail));
  }
  return output;
}

}  // namespace anninh::reports
