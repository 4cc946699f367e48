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

#include <boost/json/fwd.hpp>

namespace rp::api::genesys {

boost::json::object listing(boost::json::array entities, std::int64_t page_size, std::int64_t page_number,
                            std::int64_t total, std::string_view path, std::string_view filters);

}  // namespace rp::api::genesys
