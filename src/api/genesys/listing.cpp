#include "api/genesys/listing.h"

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "core/strings.h"

namespace rp::api::genesys {

void ListingQuery::add_filter(std::string_view key, std::string_view value) {
  if (!filters.empty()) filters += '&';
  filters += key;
  filters += '=';
  filters += percent_encode(value);
}

Result<ListingQuery> listing_query(const http::Request& req) {
  ListingQuery q;
  q.page.page_size = RP_TRY(int_query(req, "pageSize", 25, 1, kMaxPageSize));
  q.page.page_number = RP_TRY(int_query(req, "pageNumber", 1, 1, 1'000'000'000));
  return q;
}

Result<bool> sort_descending(const http::Request& req, ListingQuery& listing_q) {
  auto order = req.query_param("sortOrder");
  if (!order) return false;
  std::string o = to_lower(*order);
  bool descending = o == "descending" || o == "desc";
  if (!descending && o != "ascending" && o != "asc")
    return invalid("sortOrder", "Value [" + std::string(*order) +
                                    "] is not valid for sortOrder. Allowable values are: ascending, descending");
  listing_q.add_filter("sortOrder", *order);
  return descending;
}

boost::json::object listing(boost::json::array entities, std::int64_t page_size, std::int64_t page_number,
                            std::int64_t total, std::string_view path, std::string_view filters) {
  std::int64_t page_count = page_size > 0 ? (total + page_size - 1) / page_size : 0;
  auto uri = [&](std::int64_t n) {
    std::string u(path);
    u += "?pageSize=" + std::to_string(page_size) + "&pageNumber=" + std::to_string(n);
    if (!filters.empty()) {
      u += '&';
      u += filters;
    }
    return u;
  };
  boost::json::object o;
  o["entities"] = std::move(entities);
  o["pageSize"] = page_size;
  o["pageNumber"] = page_number;
  o["total"] = total;
  o["pageCount"] = page_count;
  o["firstUri"] = uri(1);
  o["selfUri"] = uri(page_number);
  o["lastUri"] = uri(page_count > 0 ? page_count : 1);
  if (page_number < page_count) o["nextUri"] = uri(page_number + 1);
  if (page_number > 1) o["previousUri"] = uri(std::min(page_number - 1, page_count > 0 ? page_count : 1));
  return o;
}

}  // namespace rp::api::genesys
