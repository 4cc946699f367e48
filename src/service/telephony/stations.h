#pragma once
// Phones (the TelephonyProvidersEdgeApi's /telephony/providers/edges/phones),
// the stations they make (the StationsApi), and users' stations (the
// UsersApi's /users/{userId}/station...).
//
// Each phone makes exactly one station of the same name: of type
// inin_webrtc_softphone when the phone is a user's WebRTC phone, else
// inin_remote; its line appearance is the phone's first line. Phone names
// are 1..255 characters, unique ignoring case (conflict, reason::duplicate);
// a user has at most one WebRTC phone. Deleting a phone deletes its station
// and clears it from every user in the same transaction.
//
// A user's stations: associated (where the user signed in; a station has at
// most one associated user, and associating one another user holds takes it
// over, the other user's becoming its last associated station), default
// (one default user per station: setting another user's default moves it),
// last associated, and effective (the associated one, else the default).
// Dissociating or clearing what is not set succeeds. The users' routes
// check their permission in the user's division. Every change is written
// with its audit record ("telephony.phone.create|delete",
// "user.station.associate|dissociate|default"); unknown, malformed and
// other organizations' ids are not_found.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

struct PhoneInput {
  std::string name;
  std::string description;
  std::string web_rtc_user_id;          // "" for none
  std::vector<std::string> line_names;  // empty: one line named after the phone
  std::string site;                     // a JSON object's text, "" for none
  std::string base_settings;
};

// A station as answered: its phone and who holds it.
struct StationView {
  store::Phone phone;
  std::string associated_user;  // "" when AVAILABLE
  std::optional<Millis> associated_at;
  std::string default_user;  // "" for none
};
std::string_view station_type(const store::Phone& p);  // inin_webrtc_softphone | inin_remote

// Which stations a listing answers; every filter given must match.
struct StationFilter {
  PageRequest page;
  std::string name;  // equal ignoring case
  std::string web_rtc_user_id;
  std::vector<std::string> ids;
  std::string line_appearance_id;
};

struct UserStationsView {
  std::optional<StationView> associated;
  std::optional<StationView> default_station;
  std::optional<StationView> last;
  // The associated station, else the default one.
  const std::optional<StationView>& effective() const { return associated ? associated : default_station; }
};

// The stations of each of the users, in the same order, read in `tx` with
// a fixed number of queries (the users' `station` expand).
Result<std::vector<UserStationsView>> user_stations_of(store::Reader& tx, const std::vector<std::string>& user_ids);

class StationService {
 public:
  static constexpr std::size_t kMaxName = 255;
  static constexpr std::size_t kMaxLines = 10;

  StationService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // invalid_argument naming name, webRtcUser.id or lines[i].name.
  Result<store::Phone> create_phone(const Caller& caller, PhoneInput input);
  Result<store::Phone> phone(const Caller& caller, const std::string& id);
  Result<Page<store::Phone>> phones(const Caller& caller, const PageRequest& page);
  Result<void> delete_phone(const Caller& caller, const std::string& id);

  Result<Page<StationView>> stations(const Caller& caller, const StationFilter& filter);
  Result<StationView> station(const Caller& caller, const std::string& id);
  // Ends the station's association, whoever holds it.
  Result<void> disassociate_station(const Caller& caller, const std::string& station_id);

  // `need` is the route's requirement, checked in the user's division.
  Result<UserStationsView> user_stations(const Caller& caller, const std::string& user_id,
                                         const authz::Requirement& need);
  Result<void> associate(const Caller& caller, const std::string& user_id, const std::string& station_id,
                         const authz::Requirement& need);
  Result<void> dissociate(const Caller& caller, const std::string& user_id, const authz::Requirement& need);
  Result<void> set_default(const Caller& caller, const std::string& user_id, const std::string& station_id,
                           const authz::Requirement& need);
  Result<void> clear_default(const Caller& caller, const std::string& user_id, const authz::Requirement& need);

 private:
  // Writes a change of the user's stations: `change` gets them as stored
  // once the user is found and `need` is held in its division.
  using StationChange =
      std::function<Result<void>(store::ReadWriteTransaction& tx, const store::UserStation& mine, Millis now)>;
  Result<void> change_stations(const Caller& caller, const std::string& user_id, const authz::Requirement& need,
                               const StationChange& change);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
