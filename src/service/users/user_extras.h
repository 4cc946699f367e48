#pragma once
// What the directory keeps about a user beyond the User record: profile
// skills (GET/PUT /api/v2/users/{userId}/profileskills), and the details the
// `expand` values of the user endpoints add (authorization, profile skills, groups,
// routing skills and languages, presence and routing status, out of
// office, geolocation, stations),
// read for a whole page of users at once. The welcome email of Genesys'
// dateWelcomeSent is roleplane's invitation.
//
// Profile skills: free-text strings, trimmed, 1..kMaxSkillLength bytes each,
// at most kMaxSkills; duplicates (ignoring case) collapse to the first one
// given. A PUT replaces the whole list and is audited ("user.profileskills").

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/roles/roles.h"
#include "service/telephony/stations.h"
#include "store/store.h"

namespace rp::service {

// Which details to read.
struct DetailSet {
  bool authorization = false;
  bool profile_skills = false;
  bool date_welcome_sent = false;
  bool groups = false;
  bool routing_skills = false;
  bool routing_languages = false;
  bool presence = false;
  bool routing_status = false;
  bool out_of_office = false;
  bool geolocation = false;
  bool station = false;
  bool any() const {
    return authorization || profile_skills || date_welcome_sent || groups || routing_skills || routing_languages ||
           presence || routing_status || out_of_office || geolocation || station;
  }
};

struct UserDetails {
  std::optional<UserRoles> authorization;  // set when asked for
  std::vector<std::string> profile_skills;
  std::optional<Millis> date_welcome_sent;          // the newest invitation, when asked for and there is one
  std::vector<store::Group> groups;                 // the groups the user is a member of, by name
  std::vector<store::UserSkill> routing_skills;     // by skill name
  std::vector<store::UserSkill> routing_languages;  // by language name
  std::optional<store::StatusInterval> presence;    // the open intervals, when asked for
  std::optional<store::StatusInterval> routing_status;
  std::optional<store::PresenceNote> presence_note;  // with presence, when the user has one
  std::optional<store::OutOfOffice> out_of_office;   // when asked for and ever set
  std::optional<store::Geolocation> geolocation;     // the primary one, when asked for and there is one
  UserStationsView station;                          // when asked for
};

class UserExtrasService {
 public:
  static constexpr std::size_t kMaxSkills = 100;
  static constexpr std::size_t kMaxSkillLength = 255;

  UserExtrasService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // not_found for unknown, deleted and other organizations' users;
  // permission_denied unless `need` is held in the user's division.
  Result<std::vector<std::string>> profile_skills(const Caller& caller, const std::string& user_id,
                                                  const authz::Requirement& need);
  // Replaces the user's profile skills; answers them as stored.
  // invalid_argument naming "body[i]" for a bad skill, "body" for too many.
  Result<std::vector<std::string>> set_profile_skills(const Caller& caller, const std::string& user_id,
                                                      const std::vector<std::string>& skills,
                                                      const authz::Requirement& need);

  // The details of each user id, in the same order, read in one snapshot
  // with one query per kind of detail whatever the number of users.
  Result<std::vector<UserDetails>> details(const Caller& caller, const std::vector<std::string>& user_ids,
                                           DetailSet what);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

// The skills as they are stored (trimmed, duplicates collapsed), or
// invalid_argument naming the offending element.
Result<std::vector<std::string>> normalized_profile_skills(const std::vector<std::string>& skills);

}  // namespace rp::service
