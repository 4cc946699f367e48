#pragma once
// JSON text indented by two spaces (pretty=true).

#include <string>

#include <boost/json.hpp>

namespace rp::api::atlas {

std::string pretty_json(const boost::json::value& v);

}  // namespace rp::api::atlas
