// UsersApi for the signed-in user and passwords: GET /api/v2/users/me,
// POST /api/v2/users/me/password, POST /api/v2/users/{userId}/password.

#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/oauth/handlers.h"
#include "api/genesys/presence/presence_json.h"
#include "api/genesys/respond.h"
#include "api/genesys/routing/skill_json.h"
#include "api/genesys/trust/trust_json.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_expand.h"
#include "api/genesys/users/user_json.h"
#include "core/reasons.h"

namespace rp::api::genesys {
namespace {

Error not_a_user() {
  return make_error(Errc::invalid_argument,
                    "This request requires a user context. Client credentials cannot be used for requests to this "
                    "resource.")
      .with_reason(reason::not_a_user);
}

// The expand values of GET /users/me: those of every user endpoint plus the
// UserMe ones (genesys-models.txt, getUsersMe).
const std::vector<std::string_view>& me_expand_values() {
  static const std::vector<std::string_view> values = [] {
    auto user = user_expand_values();
    std::vector<std::string_view> all(user.begin(), user.end());
    for (std::string_view v :
         {"date", "geolocationsettings", "organization", "presencedefinitions", "divisionedpresencedefinitions",
          "locationdefinitions", "orgauthorization", "orgproducts", "favorites", "superiors", "directreports",
          "adjacents", "routingskills", "routinglanguages", "fieldconfigs", "token", "trustors", "logCapture",
          "autoanswersettings"})
      all.push_back(v);
    return all;
  }();
  return values;
}

// UserMe lists of what roleplane keeps none of (divisioned presence
// definitions, sites, favorites, the organization's routing languages):
// asked for, they are answered empty. `presencedefinitions`,
// `routingskills`, `token` and `trustors` are answered below; the other
// UserMe values are accepted and add nothing.
constexpr std::pair<std::string_view, std::string_view> kEmptyMeLists[] = {
    {"divisionedpresencedefinitions", "divisionedPresenceDefinitions"},
    {"locationdefinitions", "locationDefinitions"},
    {"favorites", "favorites"},
    {"routinglanguages", "routingLanguages"},
};

// The caller's own User, answered as GET /api/v2/users/{userId} answers it
// (the same query parameters) for the caller's user id, with the UserMe
// expand values besides.
}  // namespace

Result<http::Response> get_users_me(Call& call) {
  if (call.caller.subject_type != store::SubjectType::user) return fail(not_a_user());
  auto expand = RP_TRY(parse_user_expand(call.req, me_expand_values()));
  RP_TRY(integration_presence_source(call.req));
  const bool trust_session = !call.caller.home_org.value.empty();
  service::Caller home = call.caller;
  if (trust_session) home.org = call.caller.home_org;
  // In a trust session: the home user, or its clone in the trustor when it has one.
  std::optional<std::string> clone;
  if (trust_session) clone = RP_TRY(call.services.tokens.info(call.caller)).clone_user_id;
  auto view = clone ? RP_TRY(call.services.users.get(call.caller, *clone, false))
                    : RP_TRY(call.services.users.get(home, call.caller.subject_id, false));
  auto user = trust_session ? user_json(view, clone ? call.caller.org : home.org)
                            : RP_TRY(expanded_user_json(call, view, expand));
  for (auto [value, member] : kEmptyMeLists)
    if (expand.has(value)) user[member] = boost::json::array();
  // The first 100 presence definitions; the first 50 routing skills of the
  // divisions where the caller may view them.
  if (expand.has("presencedefinitions")) {
    boost::json::array definitions;
    for (const auto& d : RP_TRY(call.services.presence.definitions(call.caller, service::DeletedFilter::not_deleted))) {
      if (definitions.size() == 100) break;
      definitions.push_back(presence_definition_json(d));
    }
    user["presenceDefinitions"] = std::move(definitions);
  }
  if (expand.has("routingskills")) {
    store::SkillQuery first;
    first.page = {50, 1};
    boost::json::array skills;
    for (const auto& s : RP_TRY(call.services.skills.list(call.caller, store::SkillKind::skill, first,
                                                          needs_any({"routing:skill:view"})))
                             .items)
      skills.push_back(routing_skill_json(s));
    user["routingSkills"] = std::move(skills);
  }
  if (expand.has("token")) user["token"] = token_info_json(RP_TRY(call.services.tokens.info(call.caller)), call.caller);
  if (expand.has("trustors")) {
    boost::json::array trustors;
    if (!trust_session) {
      PageRequest all{500, 1};
      for (const auto& v :
           RP_TRY(call.services.trusts.trustors_of_user(call.caller, call.caller.subject_id, all)).items)
        trustors.push_back(user_trustor_json(v));
    }
    user["trustors"] = std::move(trustors);
  }
  return json_response(200, std::move(user));
}

// ChangeMyPasswordRequest {oldPassword, newPassword}.
Result<http::Response> post_users_me_password(Call& call) {
  // The password of a trust session's user lives in its home organization.
  if (call.caller.subject_type != store::SubjectType::user || !call.caller.home_org.value.empty())
    return fail(not_a_user());
  auto body = RP_TRY(json_object_body(call.req));
  auto old_password = RP_TRY(optional_string(body, "oldPassword")).value_or("");
  auto new_password = RP_TRY(optional_string(body, "newPassword")).value_or("");
  RP_CHECK(call.services.passwords.change_own(call.caller, old_password, new_password, call.req.remote_address));
  return no_content();
}

// ChangePasswordRequest {newPassword}.
Result<http::Response> post_user_password(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto new_password = RP_TRY(optional_string(body, "newPassword")).value_or("");
  RP_CHECK(
      call.services.passwords.set(call.caller, std::string(call.req.path_param("userId")), new_password, call.need));
  return no_content();
}

}  // namespace rp::api::genesys
