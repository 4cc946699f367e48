#include "core/random.h"

#include <pthread.h>
#include <sys/random.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/strings.h"

namespace rp {

namespace {

void kernel_fill(std::uint8_t* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::getrandom(out + done, size - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    done += static_cast<std::size_t>(n);
  }
}

// Small requests (ids, tokens) are served from a per-thread buffer of kernel
// randomness, so a request does not cost a system call. Served bytes are
// wiped from the buffer. A forked child must not reuse its parent's buffer:
// fork bumps a generation that every buffer compares with its own.
std::atomic<unsigned> fork_generation{1};

struct RandomBuffer {
  std::uint8_t bytes[4096];
  std::size_t used = sizeof bytes;
  unsigned generation = 0;
};

}  // namespace

void random_fill(std::span<std::uint8_t> out) {
  static std::once_flag at_fork;
  std::call_once(at_fork, [] { ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); }); });
  thread_local RandomBuffer buf;
  if (out.size() > sizeof buf.bytes / 4) return kernel_fill(out.data(), out.size());
  unsigned generation = fork_generation.load(std::memory_order_relaxed);
  if (buf.generation != generation || buf.used + out.size() > sizeof buf.bytes) {
    kernel_fill(buf.bytes, sizeof buf.bytes);
    buf.used = 0;
    buf.generation = generation;
  }
  std::memcpy(out.data(), buf.bytes + buf.used, out.size());
  std::memset(buf.bytes + buf.used, 0, out.size());
  buf.used += out.size();
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_fill({reinterpret_cast<std::uint8_t*>(raw.data()), raw.size()});
  std::string out = base64url_encode(raw);
  std::fill(raw.begin(), raw.end(), '\0');
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace rp
