#include "api/genesys/users/user_expand.h"

#include <algorithm>

#include "api/genesys/authorization/role_json.h"
#include "api/genesys/groups/group_json.h"
#include "api/genesys/listing.h"
#include "api/genesys/presence/presence_json.h"
#include "api/genesys/routing/skill_json.h"
#include "api/genesys/telephony/station_json.h"
#include "api/genesys/users/user_contact_json.h"
#include "api/genesys/users/user_json.h"
#include "core/time.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kUserExpands[] = {"routingStatus",
                                             "presence",
                                             "integrationPresence",
                                             "conversationSummary",
                                             "outOfOffice",
                                             "geolocation",
                                             "station",
                                             "authorization",
                                             "lasttokenissued",
                                             "authorization.unusedRoles",
                                             "team",
                                             "workPlanBidRanks",
                                             "externalContactsSettings",
                                             "groups",
                                             "customAttributes",
                                             "profileSkills",
                                             "certifications",
                                             "locations",
                                             "skills",
                                             "languages",
                                             "languagePreference",
                                             "employerInfo",
                                             "biography",
                                             "dateLastLogin",
                                             "dateWelcomeSent"};

// Expansions of lists roleplane does not keep yet: answered empty.
constexpr std::string_view kEmptyLists[] = {"locations", "certifications"};

constexpr std::string_view kPresenceSources[] = {"MicrosoftTeams", "ZoomPhone", "EightByEight", "RingCentral"};

}  // namespace

Result<std::optional<std::string>> integration_presence_source(const http::Request& req) {
  auto v = req.query_param("integrationPresenceSource");
  if (!v) return std::optional<std::string>{};
  if (std::find(std::begin(kPresenceSources), std::end(kPresenceSources), *v) == std::end(kPresenceSources))
    return invalid("integrationPresenceSource",
                   "Value [" + std::string(*v) +
                       "] is not valid for integrationPresenceSource. Allowable values are: MicrosoftTeams, "
                       "ZoomPhone, EightByEight, RingCentral");
  return std::optional<std::string>(*v);
}

std::span<const std::string_view> user_expand_values() { return kUserExpands; }

bool UserExpand::has(std::string_view v) const { return std::find(values.begin(), values.end(), v) != values.end(); }

service::DetailSet UserExpand::details() const {
  return {.authorization = has("authorization") || has("authorization.unusedRoles"),
          .profile_skills = has("profileSkills"),
          .date_welcome_sent = has("dateWelcomeSent"),
          .groups = has("groups"),
          .routing_skills = has("skills"),
          .routing_languages = has("languages"),
          .presence = has("presence"),
          .routing_status = has("routingStatus"),
          .out_of_office = has("outOfOffice"),
          .geolocation = has("geolocation"),
          .station = has("station")};
}

Result<UserExpand> parse_user_expand(const http::Request& req, std::span<const std::string_view> allowed) {
  return user_expand_of(req.query_list("expand"), allowed);
}

Result<UserExpand> user_expand_of(std::vector<std::string> values, std::span<const std::string_view> allowed) {
  UserExpand out;
  for (auto& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::string all;
      for (auto a : allowed) all += (all.empty() ? "" : ", ") + std::string(a);
      return invalid("expand", "Value [" + v + "] is not valid for expand. Allowable values are: " + all);
    }
    if (!out.has(v)) out.values.push_back(std::move(v));
  }
  return out;
}

void apply_user_expand(json::object& o, const service::UserView& view, const service::UserDetails& details,
                       const UserExpand& expand) {
  const store::User& u = view.user;
  if (details.authorization) o["authorization"] = user_authorization_json(*details.authorization);
  if (expand.has("profileSkills")) {
    json::array skills;
    for (const auto& s : details.profile_skills) skills.emplace_back(s);
    o["profileSkills"] = std::move(skills);
  }
  if (expand.has("groups")) {
    json::array groups;
    for (const auto& g : details.groups) groups.push_back(group_json(g));
    o["groups"] = std::move(groups);
  }
  if (details.presence) {
    const auto& p = *details.presence;
    Millis modified = p.started;
    std::string message;
    if (details.presence_note) {
      message = details.presence_note->message;
      modified = std::max(modified, details.presence_note->modified);
    }
    o["presence"] = user_presence_json(u.id, p.presence_id, p.system_presence, message, modified);
  }
  if (details.routing_status) {
    const auto& r = *details.routing_status;
    // A deleted user is OFF_QUEUE from its deletion (as GET routingstatus answers).
    if (u.state == store::UserState::deleted)
      o["routingStatus"] = routing_status_json(u.id, "OFF_QUEUE", std::max(r.started, u.modified));
    else o["routingStatus"] = routing_status_json(u.id, r.routing_status, r.started);
  }
  if (expand.has("outOfOffice")) o["outOfOffice"] = out_of_office_json(u, details.out_of_office);
  if (details.geolocation) o["geolocation"] = geolocation_json(*details.geolocation);
  if (expand.has("station")) o["station"] = user_stations_json(details.station);
  if (expand.has("skills")) {
    json::array skills;
    for (const auto& s : details.routing_skills) skills.push_back(user_skill_json(store::SkillKind::skill, s));
    o["skills"] = std::move(skills);
  }
  if (expand.has("languages")) {
    json::array languages;
    for (const auto& s : details.routing_languages) languages.push_back(user_skill_json(store::SkillKind::language, s));
    o["languages"] = std::move(languages);
  }
  for (auto list : kEmptyLists)
    if (expand.has(list)) o[list] = json::array{};
  if (expand.has("dateLastLogin") && u.date_last_login) o["dateLastLogin"] = to_iso8601(*u.date_last_login);
  if (details.date_welcome_sent) o["dateWelcomeSent"] = to_iso8601(*details.date_welcome_sent);
  if (expand.has("lasttokenissued") && u.last_token_issued)
    o["lastTokenIssued"] = json::object{{"dateIssued", to_iso8601(*u.last_token_issued)}};
}

Result<service::DetailSet> permitted_details(Call& call, const UserExpand& expand) {
  auto what = expand.details();
  if (what.authorization) {
    auto allowed =
        call.services.access.authorize(call.caller, authz::Requirement::any_of({"authorization:grant:view"}));
    if (!allowed && allowed.error().code != Errc::permission_denied) return fail(allowed.error());
    what.authorization = allowed.has_value();
  }
  return what;
}

Result<std::vector<service::UserDetails>> user_details(Call& call, const std::vector<service::UserView>& views,
                                                       const UserExpand& expand) {
  auto what = RP_TRY(permitted_details(call, expand));
  if (!what.any()) return std::vector<service::UserDetails>(views.size());
  std::vector<std::string> ids;
  ids.reserve(views.size());
  for (const auto& v : views) ids.push_back(v.user.id);
  return call.services.extras.details(call.caller, ids, what);
}

Result<json::array> expanded_users_json(Call& call, const std::vector<service::UserView>& views,
                                        const UserExpand& expand) {
  auto details = RP_TRY(user_details(call, views, expand));
  json::array out;
  out.reserve(views.size());
  for (std::size_t i = 0; i < views.size(); ++i) {
    auto o = user_json(views[i], call.caller.org);
    apply_user_expand(o, views[i], details[i], expand);
    out.push_back(std::move(o));
  }
  return out;
}

Result<json::object> expanded_user_json(Call& call, const service::UserView& view, const UserExpand& expand) {
  auto arr = RP_TRY(expanded_users_json(call, {view}, expand));
  return std::move(arr.front().as_object());
}

}  // namespace rp::api::genesys
