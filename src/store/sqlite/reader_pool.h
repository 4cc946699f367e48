#pragma once
// A pool of read-only connections, opened on demand up to a cap, most
// recently used first (its page cache is the warmest).

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "store/sqlite/connection.h"

namespace rp::store::sqlite {

struct Reader {
  std::unique_ptr<Connection> conn;
  // Organizations this connection has seen exist. Organizations are never
  // deleted, so a read need not look its organization up again.
  std::unordered_set<std::string> known_orgs;
};

class ReaderPool {
 public:
  ReaderPool(ConnectionOptions options, std::size_t cap) : options_(std::move(options)), cap_(cap) {}

  // A borrowed reader, returned to the pool when the lease is destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Reader> reader) : pool_(&pool), reader_(std::move(reader)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (reader_) pool_->release(std::move(reader_));
    }
    Reader& operator*() const { return *reader_; }
    Reader* operator->() const { return reader_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Reader> reader_;
  };

  // Waits while all `cap` connections are in use (unavailable after a long wait).
  Result<Lease> acquire();
  // Closes the connections not in use (before the database files are removed).
  void close_idle();

 private:
  void release(std::unique_ptr<Reader> reader);

  ConnectionOptions options_;
  std::size_t cap_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Reader>> idle_;  // guarded by mu_
  std::size_t open_ = 0;                       // guarded by mu_: idle + leased
};

}  // namespace rp::store::sqlite
