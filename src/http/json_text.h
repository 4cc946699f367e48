#pragma once
// A check every dialect applies to the JSON bodies it accepts: no string and
// no member name may hold a C0 control character other than tab (U+0000 to
// U+001F; "\u0000" would cut the text short in C consumers, and CR, LF or ESC
// would forge lines and terminal output in logs).

#include <optional>
#include <string>

#include <boost/json/fwd.hpp>

namespace rp::http {

// The path of the first offending value, in the dialects' field notation
// ("name", "addresses[0].address", "[2]" for an element of a top-level
// array), or nullopt when there is none. Member names are checked too.
std::optional<std::string> control_character_path(const boost::json::value& v);

}  // namespace rp::http
