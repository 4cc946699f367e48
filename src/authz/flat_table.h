#pragma once
// An immutable open-addressing hash table from string keys to a short list of
// 32-bit words, laid out for lookups with few cache misses: one array of
// 8-byte slots (hash tag and entry offset) and one array holding each entry's
// payload followed by its key bytes. The compiled index keeps its subjects
// (payload: their grants) and its divisions (payload: the division number)
// in such tables.
//
// Thread safety: immutable after Builder::finish(); share it freely.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace rp::authz {

// The hash every FlatTable lookup takes; computed once per key by the caller.
std::uint64_t hash_key(std::string_view key);

class FlatTable {
 public:
  class Builder {
   public:
    explicit Builder(std::size_t expected_entries = 0);
    // Adds an entry. Keys must be distinct; `hash` must be hash_key(key).
    void add(std::string_view key, std::uint64_t hash, std::span<const std::uint32_t> payload);
    FlatTable finish();

   private:
    std::vector<std::uint32_t> data_;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries_;  // (hash, offset)
  };

  FlatTable() = default;

  // The payload of `key`, or nullopt. `hash` must be hash_key(key).
  std::optional<std::span<const std::uint32_t>> find(std::string_view key, std::uint64_t hash) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint32_t tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if (static_cast<std::uint32_t>(slot >> 32) != tag) continue;
      const std::uint32_t off = static_cast<std::uint32_t>(slot) - 1;
      if (data_[off] != key.size()) continue;
      const std::uint32_t n = data_[off + 1];
      if (key_at(off, n) == key) return std::span<const std::uint32_t>(&data_[off + 2], n);
    }
  }

  // Calls f(key, hash, payload) for every entry, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (std::uint64_t slot : slots_) {
      if (slot == 0) continue;
      const std::uint32_t off = static_cast<std::uint32_t>(slot) - 1;
      const std::uint32_t n = data_[off + 1];
      std::string_view key = key_at(off, n);
      f(key, hash_key(key), std::span<const std::uint32_t>(&data_[off + 2], n));
    }
  }

  std::size_t size() const { return size_; }
  // Bytes held by the table's arrays.
  std::size_t memory() const { return slots_.capacity() * 8 + data_.capacity() * 4; }

 private:
  std::string_view key_at(std::uint32_t off, std::uint32_t payload) const {
    return {reinterpret_cast<const char*>(&data_[off + 2 + payload]), data_[off]};
  }

  std::vector<std::uint64_t> slots_;  // (tag << 32) | (offset + 1); 0 is empty
  std::vector<std::uint32_t> data_;   // per entry: key length, payload length, payload, key bytes
  std::uint64_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace rp::authz
