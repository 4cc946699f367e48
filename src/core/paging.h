#pragma once
// Page requests and pages of results, 1-based as the Genesys dialect counts.

#include <cstdint>
#include <vector>

namespace rp {

struct PageRequest {
  std::int64_t page_size = 25;
  std::int64_t page_number = 1;  // 1-based
  std::int64_t offset() const { return (page_number - 1) * page_size; }
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;  // matching items over all pages
};

}  // namespace rp
