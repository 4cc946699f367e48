#pragma once
// What a user reports of itself beyond presence: its out of office (GET/PUT
// /api/v2/users/{userId}/outofoffice), where its clients are (GET/PATCH
// /api/v2/users/{userId}/geolocations/{clientId}), and where its calls are
// forwarded (GET/PUT/PATCH /api/v2/users/{userId}/callforwarding).
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
// Call forwarding: read and changed with the route's permission in the
// user's division ("user.callforwarding.set"); at most 10 routes of at most
// 10 targets, a STATION a station of the organization, a PHONENUMBER `+`
// and 7..15 digits; enabled needs a target; voicemail PURECLOUD, LASTCALL
// or NONE. A deprecated phoneNumber alone becomes one PHONENUMBER route.

#include <optional>
#include <string>
#include <vector>

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

// What a PUT (absent members: their defaults) or a PATCH (absent members:
// unchanged) gives.
struct CallForwardingChange {
  std::optional<bool> enabled;
  std::optional<std::vector<std::vector<store::CallTarget>>> calls;
  std::optional<std::string> voicemail;
  std::optional<std::string> phone_number;  // deprecated: one PHONENUMBER route when calls are not given
};

struct CallForwardingView {
  store::User user;
  std::optional<store::CallForwarding> forwarding;  // nullopt: never set
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

  // `need` is the route's requirement, checked in the user's division.
  Result<CallForwardingView> call_forwarding(const Caller& caller, const std::string& user_id,
                                             const authz::Requirement& need);
  // `replace`: a PUT; otherwise a PATCH. invalid_argument naming
  // calls[i].targets[j].value, calls, voicemail, ...
  Result<CallForwardingView> set_call_forwarding(const Caller& caller, const std::string& user_id,
                                                 CallForwardingChange change, bool replace,
                                                 const authz::Requirement& need);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
