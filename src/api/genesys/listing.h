#pragma once
// The Genesys listing envelope:
//   {entities, pageSize, pageNumber, total, pageCount,
//    firstUri, selfUri, lastUri, nextUri?, previousUri?}
// URIs are relative, carry the listing's filters (`filters`, already
// percent-encoded "k=v&k=v") and the paging parameters. nextUri and
// previousUri are present only when such a page exists.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/error.h"
#include "core/paging.h"
#include "http/message.h"

namespace rp::api::genesys {

inline constexpr std::int64_t kMaxPageSize = 500;

// The paging parameters of a listing request, and the filters its URIs carry.
struct ListingQuery {
  PageRequest page;
  std::string filters;  // percent-encoded "k=v&k=v"

  void add_filter(std::string_view key, std::string_view value);
};

// Reads pageSize (1..kMaxPageSize, default 25) and pageNumber (>= 1, default
// 1); 400 bad.request naming the parameter otherwise.
Result<ListingQuery> listing_query(const http::Request& req);

// sortOrder: ascending | descending (ASC/DESC accepted, any case); true for
// descending, false when absent. Added to the listing's filters when given;
// 400 naming sortOrder otherwise.
Result<bool> sort_descending(const http::Request& req, ListingQuery& listing_q);

boost::json::object listing(boost::json::array entities, std::int64_t page_size, std::int64_t page_number,
                            std::int64_t total, std::string_view path, std::string_view filters);

}  // namespace rp::api::genesys
