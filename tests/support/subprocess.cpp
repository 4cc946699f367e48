#include "support/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

extern char** environ;

namespace rp::test {

namespace {

using clock = std::chrono::steady_clock;

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

// The environment of the calling process without the variables in `unset`.
std::vector<char*> c_env(const std::vector<std::string>& unset) {
  std::vector<char*> out;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    bool drop = false;
    for (const auto& name : unset)
      if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=') drop = true;
    if (!drop) out.push_back(*e);
  }
  out.push_back(nullptr);
  return out;
}

// Only async-signal-safe calls: the child of a multi-threaded parent.
// Runs in the forked child. The child is killed when the test process dies,
// even by a crash, so no server outlives the test that started it.
[[noreturn]] void exec_or_die(char* const* argv, char* const* envp) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::execve(argv[0], argv, envp);
  static constexpr char msg[] = "exec of the server binary failed\n";
  (void)!::write(2, msg, sizeof msg - 1);
  ::_exit(127);
}

std::string join(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  auto args = c_argv(argv);
  auto env = c_env({});
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    exec_or_die(args.data(), env.data());
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  CommandResult r;
  const auto deadline = clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open = 2;
  bool timed_out = false;
  while (open > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    const int n = ::poll(fds, 2, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (timed_out) throw std::runtime_error("command timed out: " + join(argv) + "\nstderr: " + r.err);
  r.exit_code = decode_status(status);
  return r;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& stderr_path,
                           const std::vector<std::string>& unset_env) {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const int err_fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (err_fd < 0) throw std::runtime_error("cannot open " + stderr_path);
  auto args = c_argv(argv);
  auto env = c_env(unset_env);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_fd, 2);
    exec_or_die(args.data(), env.data());
  }
  ::close(out_pipe[1]);
  ::close(err_fd);
  stdout_fd_ = out_pipe[0];
  reader_ = std::thread([this] {
    char buf[4096];
    for (;;) {
      const ssize_t got = ::read(stdout_fd_, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      std::lock_guard lock(mu_);
      if (got <= 0) {
        out_closed_ = true;
        return;
      }
      out_.append(buf, static_cast<std::size_t>(got));
    }
  });
}

ChildProcess::~ChildProcess() {
  if (running()) {
    signal(SIGKILL);
    wait(std::chrono::seconds(30));
  }
  if (reader_.joinable()) reader_.join();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

std::optional<std::string> ChildProcess::wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      std::size_t start = 0;
      for (std::size_t nl; (nl = out_.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string line = out_.substr(start, nl - start);
        if (line.find(needle) != std::string::npos) return line;
      }
      if (out_closed_) return std::nullopt;
    }
    if (!running() || clock::now() >= deadline) {
      // One last look: the line may have arrived together with the exit.
      std::lock_guard lock(mu_);
      std::size_t start = 0;
      for (std::size_t nl; (nl = out_.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string line = out_.substr(start, nl - start);
        if (line.find(needle) != std::string::npos) return line;
      }
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string ChildProcess::stdout_text() const {
  std::lock_guard lock(mu_);
  return out_;
}

void ChildProcess::signal(int sig) {
  if (!exit_code_ && pid_ > 0) ::kill(pid_, sig);
}

void ChildProcess::reap(int status) { exit_code_ = decode_status(status); }

bool ChildProcess::running() {
  if (exit_code_ || pid_ <= 0) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    reap(status);
    return false;
  }
  return true;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  while (running()) {
    if (clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_code_;
}

}  // namespace rp::test
