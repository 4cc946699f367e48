#pragma once
// Page requests and pages of results, 1-based as the Genesys dialect counts.

#include <cstdint>
#include <utility>
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

// The page `page` asks for of everything there is, `all`.
template <class T>
Page<T> page_of(std::vector<T> all, const PageRequest& page) {
  Page<T> out;
  out.total = static_cast<std::int64_t>(all.size());
  for (auto i = page.offset(); i < out.total && i < page.offset() + page.page_size; ++i)
    out.items.push_back(std::move(all[static_cast<std::size_t>(i)]));
  return out;
}

}  // namespace rp
