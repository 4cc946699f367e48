#pragma once
// What a user reports of itself beyond presence: its out of office (GET/PUT
// /api/v2/users/{userId}/outofoffice) and where its clients are (GET/PATCH
// /api/v2/users/{userId}/geolocations/{clientId}).
//
// Reading needs nothing beyond a user of the caller's organization (not
// deleted; not_found otherwise). Changing is for the user itself or a
// caller holding directory:user:edit in the user's division; anyone else is
// permission_denied (reason::out_of_office_update / geolocation_update),
// checked before the body. Every change is written with its audit record
// ("user.outofoffice.set", "user.geolocation.set"); one that changes
// nothing writes nothing. Out of office changes neither presence nor the
// status history.
//
// Out of office: `active` is required; an active one needs `start` and an
// `end` later than it unless `indefinite` (then the end is dropped); an
// inactive one keeps the dates it is given and no others.
// Geolocations: one per client id (1..128 of [A-Za-z0-9._-]); latitude
// (-90..90) and longitude (-180..180) come together; city, region and
// country change only when given (roleplane has no geocoder). A user's
// first client is primary; `primary: true` moves primacy to the client.

#include <optional>
#include <string>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

struct OutOfOfficeChange {
  std::optional<bool> active;
  bool indefinite = false;
  std::optional<Millis> start;
  std::optional<Millis> end;
};

// The user (its id and name are the out of office's) and its out of office
// (nullopt: never set).
struct OutOfOfficeView {
  store::User user;
  std::optional<store::OutOfOffice> out_of_office;
};

// What a PATCH gives; absent members keep what is stored.
struct GeolocationChange {
  std::optional<std::string> type;
  std::optional<bool> primary;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::optional<std::string> country;
  std::optional<std::string> region;
  std::optional<std::string> city;
};

class UserContactService {
 public:
  static constexpr std::size_t kMaxClientId = 128;
  static constexpr std::size_t kMaxPlace = 255;  // city, region, country, type

  UserContactService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  Result<OutOfOfficeView> out_of_office(const Caller& caller, const std::string& user_id);
  // Replaces the user's out of office.
  Result<OutOfOfficeView> set_out_of_office(const Caller& caller, const std::string& user_id, OutOfOfficeChange change);

  // not_found when the client never reported one.
  Result<store::Geolocation> geolocation(const Caller& caller, const std::string& user_id,
                                         const std::string& client_id);
  Result<store::Geolocation> set_geolocation(const Caller& caller, const std::string& user_id,
                                             const std::string& client_id, GeolocationChange change);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
