#pragma once
// The `expand` values of the user endpoints (GET /api/v2/users, /users/{id},
// superiors, directreports, adjacents, favorites, and whoever else answers
// User objects) and the User JSON with them applied.
//
// What each value adds to a User:
//   authorization, authorization.unusedRoles
//                    `authorization`: UserAuthorization {roles, unusedRoles,
//                    permissions, permissionPolicies} from the user's grants,
//                    only for callers who may read grants
//                    (authorization:grant:view, as GET /users/{id}/roles
//                    needs); left out for others (expands are best-effort)
//   profileSkills    `profileSkills`: the user's profile skills
//   groups           `groups`: the Groups the user is a member of, by name
//   skills, languages
//                    `skills` / `languages`: the user's UserRoutingSkills /
//                    UserRoutingLanguages, by name
//   presence, routingStatus
//                    `presence` (UserPresence) / `routingStatus`
//                    (RoutingStatus): the user's current state, as the
//                    presence and routing-status routes answer it
//   outOfOffice      `outOfOffice`: OutOfOffice, as GET .../outofoffice answers it
//   geolocation      `geolocation`: the primary Geolocation, when there is one
//   station          `station`: UserStations, as GET .../station answers it
//   locations, certifications
//                    an empty array (roleplane keeps none of these yet)
//   dateLastLogin    `dateLastLogin` when the user has signed in
//   lasttokenissued  `lastTokenIssued` {dateIssued} when a token was issued
//   dateWelcomeSent  `dateWelcomeSent`: when the newest invitation was made
//   anything else Genesys lists (conversationSummary, integrationPresence, ...)
//                    accepted; nothing is added, as Genesys leaves out
//                    expansions it cannot produce ("best-effort")
// A value Genesys does not list is 400 naming expand.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "api/genesys/endpoint.h"
#include "service/users/user_extras.h"
#include "service/users/users.h"

namespace rp::api::genesys {

// Every expand value the User endpoints list (USER_EXPANDS).
std::span<const std::string_view> user_expand_values();

struct UserExpand {
  std::vector<std::string> values;  // as requested, each once

  bool has(std::string_view v) const;
  bool empty() const { return values.empty(); }
  service::DetailSet details() const;
};

// The expand values of the request (repeated and/or comma-separated), each
// one of `allowed`; 400 naming expand otherwise.
Result<UserExpand> parse_user_expand(const http::Request& req,
                                     std::span<const std::string_view> allowed = user_expand_values());

// The same check of values already read (a search request's `expand`).
Result<UserExpand> user_expand_of(std::vector<std::string> values,
                                  std::span<const std::string_view> allowed = user_expand_values());

// Adds the expansions of `expand` to `user` (a user_json() object) from `details`.
void apply_user_expand(boost::json::object& user, const service::UserView& view, const service::UserDetails& details,
                       const UserExpand& expand);

// The details `expand` asks for that the caller may see, read for all of
// `views` at once (in the same order).
Result<std::vector<service::UserDetails>> user_details(Call& call, const std::vector<service::UserView>& views,
                                                       const UserExpand& expand);

// user_json() of each view with `expand` applied; the details of all of them
// are read at once.
Result<boost::json::array> expanded_users_json(Call& call, const std::vector<service::UserView>& views,
                                               const UserExpand& expand);
Result<boost::json::object> expanded_user_json(Call& call, const service::UserView& view, const UserExpand& expand);

}  // namespace rp::api::genesys
