#pragma once
// Running child processes from tests: a one-shot command with captured
// output, and a long-running child whose stdout is read line by line.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace rp::test {

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path), waits for it and captures stdout and
// stderr. Throws std::runtime_error if it cannot start or does not finish
// within `timeout` (it is then killed).
CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A child process with stdout on a pipe (read by a background thread) and
// stderr appended to `stderr_path`. Variables named in `unset_env` are removed
// from the child's environment.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& stderr_path,
               const std::vector<std::string>& unset_env = {});
  ~ChildProcess();  // SIGKILL if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Waits for a complete stdout line containing `needle`; returns it, or
  // nullopt when the process exits or the timeout passes first.
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
  // Everything read from stdout so far.
  std::string stdout_text() const;
  // Sends `sig` (no-op when already reaped).
  void signal(int sig);
  // Waits for exit; returns the status as in CommandResult::exit_code, or
  // nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // True if the process has not exited yet.
  bool running();

 private:
  void reap(int status);
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::optional<int> exit_code_;
  mutable std::mutex mu_;
  std::string out_;
  bool out_closed_ = false;
  std::thread reader_;
};

}  // namespace rp::test
