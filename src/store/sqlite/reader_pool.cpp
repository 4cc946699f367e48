#include "store/sqlite/reader_pool.h"

#include <chrono>

namespace rp::store::sqlite {
namespace {

// How long a read waits for a free connection before giving up. Reaching it
// means the pool is far too small for the load, or reads nest inside reads
// on every pooled connection at once; either way an error beats a hang.
constexpr std::chrono::seconds kAcquireTimeout{10};

}  // namespace

Result<ReaderPool::Lease> ReaderPool::acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(reader));
    }
    if (open_ < cap_) {
      ++open_;
      lock.unlock();
      auto conn = Connection::open(options_);  // outside the lock: it touches the file system
      if (!conn) {
        lock.lock();
        --open_;
        cv_.notify_one();
        return std::unexpected(std::move(conn).error());
      }
      auto reader = std::make_unique<Reader>();
      reader->conn = std::move(*conn);
      return Lease(*this, std::move(reader));
    }
    if (cv_.wait_for(lock, kAcquireTimeout) == std::cv_status::timeout && idle_.empty() && open_ >= cap_)
      return fail(Errc::unavailable, "too many concurrent reads; retry later");
  }
}

void ReaderPool::release(std::unique_ptr<Reader> reader) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(reader));
  }
  cv_.notify_one();
}

void ReaderPool::close_idle() {
  std::lock_guard lock(mu_);
  open_ -= idle_.size();
  idle_.clear();
}

}  // namespace rp::store::sqlite
