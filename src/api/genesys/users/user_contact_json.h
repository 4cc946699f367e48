#pragma once
// The Genesys OutOfOffice and Geolocation shapes, shared by their routes
// (user_contact.cpp) and the users' `outOfOffice` and `geolocation` expands
// (user_expand.cpp).

#include <optional>

#include <boost/json.hpp>

#include "store/records.h"

namespace rp::api::genesys {

// OutOfOffice {id, name, user {id, selfUri}, startDate, endDate, active,
// indefinite, selfUri}; never set: {user, active: false, indefinite: false}.
boost::json::object out_of_office_json(const store::User& user, const std::optional<store::OutOfOffice>& o);
// Geolocation {id (the client id), type, primary, latitude, longitude,
// country, region, city, selfUri}; absent members left out.
boost::json::object geolocation_json(const store::Geolocation& g);

}  // namespace rp::api::genesys
