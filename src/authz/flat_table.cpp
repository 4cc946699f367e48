#include "authz/flat_table.h"

#include <bit>
#include <cstring>
#include <functional>

namespace rp::authz {

std::uint64_t hash_key(std::string_view key) { return std::hash<std::string_view>{}(key); }

FlatTable::Builder::Builder(std::size_t expected_entries) { entries_.reserve(expected_entries); }

void FlatTable::Builder::add(std::string_view key, std::uint64_t hash, std::span<const std::uint32_t> payload) {
  const auto off = static_cast<std::uint32_t>(data_.size());
  const std::size_t key_words = (key.size() + 3) / 4;
  data_.resize(data_.size() + 2 + payload.size() + key_words, 0);
  data_[off] = static_cast<std::uint32_t>(key.size());
  data_[off + 1] = static_cast<std::uint32_t>(payload.size());
  std::copy(payload.begin(), payload.end(), data_.begin() + off + 2);
  if (!key.empty()) std::memcpy(&data_[off + 2 + payload.size()], key.data(), key.size());
  entries_.emplace_back(hash, off);
}

FlatTable FlatTable::Builder::finish() {
  FlatTable t;
  t.size_ = entries_.size();
  if (entries_.empty()) return t;
  // At most half full, so that probe sequences stay short.
  const std::uint64_t capacity = std::bit_ceil(std::max<std::uint64_t>(4, entries_.size() * 2));
  t.mask_ = capacity - 1;
  t.slots_.assign(capacity, 0);
  for (const auto& [hash, off] : entries_) {
    std::uint64_t i = hash & t.mask_;
    while (t.slots_[i] != 0) i = (i + 1) & t.mask_;
    t.slots_[i] = (hash >> 32 << 32) | (static_cast<std::uint64_t>(off) + 1);
  }
  data_.shrink_to_fit();
  t.data_ = std::move(data_);
  entries_.clear();
  return t;
}

}  // namespace rp::authz
