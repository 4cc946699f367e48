#pragma once
// The parts of the Genesys analytics query language every analytics query
// shares, read from its JSON into the dialect-neutral forms of
// service/analytics: `interval` (core/interval.h) and filters (`{type: and |
// or, predicates?, clauses?: [{type, predicates}]}`, each predicate
// `{type?: dimension, dimension, operator?: matches | exists | notExists,
// value}`). Whatever the query may not say is invalid_argument naming its
// path ("filter.clauses[0].predicates[1].dimension"): a predicate of type
// property or metric, a `range`, clauses below clauses, a dimension not in
// `dimensions`, more than kMaxUserIds userId predicates.

#include <span>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "core/error.h"
#include "core/interval.h"
#include "service/analytics/filter.h"

namespace rp::api::genesys {

inline constexpr std::size_t kMaxUserIds = 100;

// `value` is the member at `path` ("interval"); required.
Result<Interval> analytics_interval(const boost::json::value* value, std::string_view path);

// `value` is the member at `path` ("filter", "userFilters[0]"); null or
// absent (nullptr) is no filter.
Result<service::analytics::Filter> analytics_filter(const boost::json::value* value, std::string_view path,
                                                    std::span<const std::string_view> dimensions);

}  // namespace rp::api::genesys
