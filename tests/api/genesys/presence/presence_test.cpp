// PresenceApi and the users' routing status over HTTP: the ten primary
// definitions and an organization's own, a user's presence and routing
// status as the recorded history of intervals (their coupling at one
// instant, no gaps), who may change them (the user itself or
// presence:userPresence:edit in the user's division), 400/404 sides, a
// second organization that sees nothing, and a change that survives kill -9.

#include "api/genesys/json_calls.h"
#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kOffline = "ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5";
constexpr std::string_view kOnQueue = "e08eaf1b-ee47-4fa9-a231-1200e284798f";
constexpr std::string_view kAvailable = "6a3af858-942f-489d-9700-5f9bcdcdae9b";
constexpr std::string_view kTraining = "d2390a99-8546-bad9-8f0a-219548e8aeb0";

class PresenceApiTest : public JsonCalls<SignInApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  std::string presence_uri(std::string_view user) {
    return "/api/v2/users/" + std::string(user) + "/presences/purecloud";
  }
  std::string routing_uri(std::string_view user) { return "/api/v2/users/" + std::string(user) + "/routingstatus"; }

  HttpResponse set_presence(std::string_view user, std::string_view definition, std::string_view token = {},
                            std::optional<std::string> message = std::nullopt) {
    json::object body{{"presenceDefinition", json::object{{"id", definition}}}};
    if (message) body["message"] = *message;
    return send("PATCH", presence_uri(user), body, token);
  }

  // The user's recorded intervals of `kind`: (started, ended, state), by start.
  std::vector<std::vector<std::string>> history(const std::string& user, std::string_view kind) {
    return query(server().db_path(),
                 "SELECT started, ended, CASE kind WHEN 'presence' THEN system_presence ELSE routing_status END"
                 " FROM user_status_history WHERE user_id = ?1 AND kind = ?2 ORDER BY started, rowid",
                 {user, std::string(kind)});
  }
};

TEST_F(PresenceApiTest, UsersStartOfflineAndOnQueueSetsTheRoutingStatusAtTheSameInstant) {
  auto presence = ok(send("GET", presence_uri(user_id_)));
  EXPECT_EQ(str(presence, "source"), "PURECLOUD");
  EXPECT_EQ(str(presence.at("presenceDefinition").as_object(), "id"), kOffline);
  EXPECT_EQ(str(presence.at("presenceDefinition").as_object(), "systemPresence"), "Offline");
  EXPECT_EQ(str(presence, "selfUri"), "/api/v2/users/" + user_id_ + "/presences");
  auto routing = ok(send("GET", routing_uri(user_id_)));
  EXPECT_EQ(str(routing, "status"), "OFF_QUEUE");
  EXPECT_EQ(str(routing, "userId"), user_id_);
  EXPECT_EQ(str(routing, "startTime"), str(presence, "modifiedDate"));

  auto on_queue = ok(set_presence(user_id_, kOnQueue));
  EXPECT_EQ(str(on_queue.at("presenceDefinition").as_object(), "systemPresence"), "On Queue");
  routing = ok(send("GET", routing_uri(user_id_)));
  EXPECT_EQ(str(routing, "status"), "IDLE");
  EXPECT_EQ(str(routing, "startTime"), str(on_queue, "modifiedDate"));

  auto interacting = ok(send("PUT", routing_uri(user_id_), json::object{{"status", "INTERACTING"}}));
  EXPECT_EQ(str(interacting, "status"), "INTERACTING");
  // The same status again starts nothing.
  auto again = ok(send("PUT", routing_uri(user_id_), json::object{{"status", "INTERACTING"}}));
  EXPECT_EQ(str(again, "startTime"), str(interacting, "startTime"));

  auto available = ok(set_presence(user_id_, kAvailable));
  routing = ok(send("GET", routing_uri(user_id_)));
  EXPECT_EQ(str(routing, "status"), "OFF_QUEUE");
  EXPECT_EQ(str(routing, "startTime"), str(available, "modifiedDate"));

  // The history: each kind a chain without gaps, the last one open.
  auto presences = history(user_id_, "presence");
  ASSERT_EQ(presences.size(), 3u);
  EXPECT_EQ(presences[0][2], "OFFLINE");
  EXPECT_EQ(presences[1][2], "ON_QUEUE");
  EXPECT_EQ(presences[2][2], "AVAILABLE");
  auto statuses = history(user_id_, "routing");
  ASSERT_EQ(statuses.size(), 4u);
  EXPECT_EQ(statuses[1][2], "IDLE");
  EXPECT_EQ(statuses[2][2], "INTERACTING");
  EXPECT_EQ(statuses[3][2], "OFF_QUEUE");
  for (const auto* rows : {&presences, &statuses}) {
    for (std::size_t i = 0; i + 1 < rows->size(); ++i) EXPECT_EQ((*rows)[i][1], (*rows)[i + 1][0]);
    EXPECT_EQ(rows->back()[1], "");
  }
  EXPECT_EQ(presences[1][0], statuses[1][0]);  // on queue and idle at one instant
  EXPECT_EQ(presences[2][0], statuses[3][0]);  // off queue with the presence change

  auto audits =
      query(server().db_path(),
            "SELECT action FROM audit_log WHERE entity_id = ?1 AND action LIKE 'user.%' ORDER BY time", {user_id_});
  std::vector<std::string> actions;
  for (const auto& r : audits) actions.push_back(r[0]);
  EXPECT_EQ(actions, (std::vector<std::string>{"user.create", "user.presence.set", "user.routingstatus.set",
                                               "user.presence.set"}));
}

TEST_F(PresenceApiTest, TheSameDefinitionAgainChangesOnlyTheMessage) {
  auto first = ok(set_presence(user_id_, kTraining, {}, "in class"));
  EXPECT_EQ(str(first, "message"), "in class");
  auto second = ok(set_presence(user_id_, kTraining, {}, "in class"));
  EXPECT_EQ(str(second, "modifiedDate"), str(first, "modifiedDate"));
  auto third = ok(set_presence(user_id_, kTraining, {}, "back at 3"));
  EXPECT_EQ(str(third, "message"), "back at 3");
  EXPECT_EQ(history(user_id_, "presence").size(), 2u);
  EXPECT_EQ(str(ok(send("GET", presence_uri(user_id_))), "message"), "back at 3");
}

TEST_F(PresenceApiTest, TheRoutingStatusIsSetOnlyOnQueueAndNeverToGoOnOrOffQueue) {
  EXPECT_TRUE(is_error_body(send("PUT", routing_uri(user_id_), json::object{{"status", "IDLE"}}), 400, "bad.request"));
  ASSERT_TRUE(has_status(set_presence(user_id_, kOnQueue), 200));
  for (std::string_view bad : {"OFF_QUEUE", "ON_QUEUE", "idle", "BUSY"})
    EXPECT_TRUE(is_error_body(send("PUT", routing_uri(user_id_), json::object{{"status", bad}}), 400, "bad.request"))
        << bad;
  auto missing = send("PUT", routing_uri(user_id_), json::object{});
  EXPECT_TRUE(is_error_body(missing, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(missing), "status");
  auto mismatch = send("PUT", routing_uri(user_id_), json::object{{"status", "IDLE"}, {"userId", random_uuid()}});
  EXPECT_EQ(first_field_name(mismatch), "userId");
  EXPECT_EQ(history(user_id_, "routing").size(), 2u);
}

TEST_F(PresenceApiTest, UnknownDefinitionsSourcesAndUsersAreRefused) {
  auto unknown = set_presence(user_id_, random_uuid());
  EXPECT_TRUE(is_error_body(unknown, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(unknown), "presenceDefinition.id");
  auto none = send("PATCH", presence_uri(user_id_), json::object{{"message", "hi"}});
  EXPECT_EQ(first_field_name(none), "presenceDefinition.id");
  EXPECT_TRUE(is_error_body(send("GET", "/api/v2/users/" + user_id_ + "/presences/MicrosoftTeams"), 404, "not.found"));
  for (const std::string& id : {random_uuid(), std::string("not-a-uuid")}) {
    EXPECT_TRUE(is_error_body(send("GET", presence_uri(id)), 404, "not.found"));
    EXPECT_TRUE(is_error_body(send("GET", routing_uri(id)), 404, "not.found"));
    EXPECT_TRUE(is_error_body(set_presence(id, kAvailable), 404, "not.found"));
  }
  // Another organization: the user is not there, and nothing it did changed.
  std::string globex = other_org();
  EXPECT_TRUE(is_error_body(send("GET", presence_uri(user_id_), nullptr, globex), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", routing_uri(user_id_), nullptr, globex), 404, "not.found"));
  EXPECT_TRUE(is_error_body(set_presence(user_id_, kAvailable, globex), 404, "not.found"));
  EXPECT_EQ(history(user_id_, "presence").size(), 1u);
}

TEST_F(PresenceApiTest, DeletingAUserEndsItOfflineAndOffQueue) {
  ASSERT_TRUE(has_status(set_presence(user_id_, kOnQueue), 200));
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + user_id_), 200));
  auto presences = history(user_id_, "presence");
  ASSERT_EQ(presences.size(), 3u);
  EXPECT_EQ(presences.back()[2], "OFFLINE");
  auto statuses = history(user_id_, "routing");
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_EQ(statuses.back()[2], "OFF_QUEUE");
  EXPECT_EQ(statuses.back()[0], presences.back()[0]);
  // A deleted user's routing status is still answered; its presence is not.
  auto routing = ok(send("GET", routing_uri(user_id_)));
  EXPECT_EQ(str(routing, "status"), "OFF_QUEUE");
  EXPECT_TRUE(is_error_body(send("GET", presence_uri(user_id_)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", routing_uri(user_id_), json::object{{"status", "IDLE"}}), 404, "not.found"));
}

TEST_F(PresenceApiTest, AUserSetsItsOwnPresenceOthersNeedThePermissionInItsDivision) {
  auto [own, refresh] = user_tokens();
  ASSERT_TRUE(has_status(set_presence(user_id_, kOnQueue, own), 200));
  ASSERT_TRUE(has_status(send("PUT", routing_uri(user_id_), json::object{{"status", "COMMUNICATING"}}, own), 200));

  auto other = str(create_user("Bob Other", "bob@example.com"), "id");
  EXPECT_TRUE(is_error_body(set_presence(other, kAvailable, own), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(send("PUT", routing_uri(other), json::object{{"status", "IDLE"}}, own), 403,
                            "missing.any.permissions"));
  // Reading needs nothing.
  EXPECT_TRUE(has_status(send("GET", presence_uri(other), nullptr, own), 200));

  auto unrelated = token_holding({"directory:user:view"});
  EXPECT_TRUE(is_error_body(set_presence(other, kAvailable, unrelated), 403, "missing.any.permissions"));
  auto division = ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Elsewhere"}}));
  auto elsewhere = token_holding({"presence:userPresence:edit"}, str(division, "id"));
  EXPECT_TRUE(is_error_body(set_presence(other, kAvailable, elsewhere), 403, "missing.any.permissions"));
  auto home = str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id");
  auto editor = token_holding({"presence:userPresence:edit"}, home);
  EXPECT_TRUE(has_status(set_presence(other, kAvailable, editor), 200));
  // The refused attempts wrote nothing.
  EXPECT_EQ(history(other, "presence").size(), 2u);
}

TEST_F(PresenceApiTest, DefinitionsPrimaryAndTheOrganizationsOwn) {
  auto listing = ok(send("GET", "/api/v2/presencedefinitions?pageSize=100"));
  EXPECT_EQ(num(listing, "total"), 10);
  for (const auto& d : listing.at("entities").as_array()) EXPECT_TRUE(d.as_object().at("primary").as_bool());
  auto system = send("GET", "/api/v2/systempresences");
  ASSERT_TRUE(has_status(system, 200));
  EXPECT_EQ(json::parse(system.body).as_array().size(), 10u);

  auto made = ok(send("POST", "/api/v2/presencedefinitions",
                      json::object{{"languageLabels", json::object{{"en_US", "Coffee"}, {"fr_FR", "Café"}}},
                                   {"systemPresence", "BREAK"}}));
  EXPECT_FALSE(made.at("primary").as_bool());
  EXPECT_EQ(str(made, "systemPresence"), "Break");
  const std::string uri = "/api/v2/presencedefinitions/" + str(made, "id");
  auto fr = ok(send("GET", uri + "?localeCode=fr_FR"));
  EXPECT_EQ(fr.at("languageLabels").as_object(), (json::object{{"fr_FR", "Café"}}));
  auto set = ok(set_presence(user_id_, str(made, "id")));
  EXPECT_EQ(str(set.at("presenceDefinition").as_object(), "systemPresence"), "Break");
  EXPECT_EQ(history(user_id_, "presence").back()[2], "BREAK");

  // Deactivated, it can no longer be set; deleted, it is listed only when asked for.
  ASSERT_TRUE(has_status(
      send("PUT", uri, json::object{{"languageLabels", json::object{{"en_US", "Tea"}}}, {"deactivated", true}}), 200));
  EXPECT_EQ(first_field_name(set_presence(user_id_, kAvailable)), "");
  EXPECT_EQ(first_field_name(set_presence(user_id_, str(made, "id"))), "presenceDefinition.id");
  auto del = send("DELETE", uri);
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_EQ(num(ok(send("GET", "/api/v2/presencedefinitions")), "total"), 10);
  auto deleted = ok(send("GET", "/api/v2/presencedefinitions?deleted=TRUE"));
  EXPECT_EQ(ids_of(deleted), std::vector<std::string>{str(made, "id")});
  EXPECT_EQ(num(ok(send("GET", "/api/v2/presencedefinitions?deleted=all")), "total"), 11);
  EXPECT_TRUE(is_error_body(send("DELETE", uri), 404, "not.found"));

  // Primaries cannot change; bad bodies name their field.
  EXPECT_TRUE(
      is_error_body(send("DELETE", "/api/v2/presencedefinitions/" + std::string(kOffline)), 400, "invalid.value"));
  EXPECT_TRUE(is_error_body(send("PUT", "/api/v2/presencedefinitions/" + std::string(kOffline),
                                 json::object{{"languageLabels", json::object{{"en_US", "Gone"}}}}),
                            400, "invalid.value"));
  EXPECT_EQ(first_field_name(
                send("POST", "/api/v2/presencedefinitions",
                     json::object{{"languageLabels", json::object{{"en_US", "X"}}}, {"systemPresence", "Sleeping"}})),
            "systemPresence");
  EXPECT_EQ(first_field_name(send("POST", "/api/v2/presencedefinitions", json::object{{"systemPresence", "Away"}})),
            "languageLabels");
  EXPECT_TRUE(is_error_body(send("GET", "/api/v2/presencedefinitions/" + random_uuid()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", "/api/v2/presencedefinitions?deleted=maybe"), 400, "invalid.value"));

  // The other organization sees only the primaries.
  std::string globex = other_org();
  EXPECT_EQ(num(ok(send("GET", "/api/v2/presencedefinitions?deleted=all", nullptr, globex)), "total"), 10);
  EXPECT_TRUE(is_error_body(send("GET", uri, nullptr, globex), 404, "not.found"));

  // Each needs its permission.
  auto viewer = token_holding({"presence:presenceDefinition:view"});
  EXPECT_TRUE(has_status(send("GET", "/api/v2/presencedefinitions/" + std::string(kOffline), nullptr, viewer), 200));
  EXPECT_TRUE(is_error_body(
      send("POST", "/api/v2/presencedefinitions",
           json::object{{"languageLabels", json::object{{"en_US", "Y"}}}, {"systemPresence", "Away"}}, viewer),
      403, "missing.permissions"));
}

TEST_F(PresenceApiTest, TheUsersExpandsShowTheCurrentPresenceAndRoutingStatus) {
  auto other = str(create_user("Eve Expand", "eve@example.com"), "id");
  auto set = ok(set_presence(user_id_, kOnQueue, {}, "taking calls"));
  auto routing = ok(send("GET", routing_uri(user_id_)));

  auto me = ok(send("GET", "/api/v2/users/" + user_id_ + "?expand=presence,routingStatus"));
  ASSERT_TRUE(me.contains("presence") && me.contains("routingStatus")) << json::serialize(me);
  EXPECT_EQ(me.at("presence"), json::value(set));
  EXPECT_EQ(me.at("routingStatus"), json::value(routing));

  // The listing reads them for every user of the page at once.
  auto page = ok(send("GET", "/api/v2/users?pageSize=100&expand=presence,routingStatus"));
  int seen = 0;
  for (const auto& entity : page.at("entities").as_array()) {
    const auto& u = entity.as_object();
    const auto& presence = u.at("presence").as_object();
    const auto& status = u.at("routingStatus").as_object();
    if (str(u, "id") == user_id_) {
      ++seen;
      EXPECT_EQ(str(presence.at("presenceDefinition").as_object(), "id"), kOnQueue);
      EXPECT_EQ(str(presence, "message"), "taking calls");
      EXPECT_EQ(str(status, "status"), "IDLE");
    } else if (str(u, "id") == other) {
      ++seen;
      EXPECT_EQ(str(presence.at("presenceDefinition").as_object(), "id"), kOffline);
      EXPECT_EQ(str(status, "status"), "OFF_QUEUE");
    }
  }
  EXPECT_EQ(seen, 2);
  // Not asked for, not there.
  auto plain = ok(send("GET", "/api/v2/users/" + user_id_));
  EXPECT_FALSE(plain.contains("presence") || plain.contains("routingStatus"));
}

TEST_F(PresenceApiTest, UsersMeListsTheDefinitionsAndTheSkillsItMayView) {
  auto made =
      ok(send("POST", "/api/v2/presencedefinitions",
              json::object{{"languageLabels", json::object{{"en_US", "Lunch walk"}}}, {"systemPresence", "Meal"}}));
  auto skill = ok(send("POST", "/api/v2/routing/skills", json::object{{"name", "Billing"}}));
  auto [own, refresh] = user_tokens();
  auto me = ok(send("GET", "/api/v2/users/me?expand=presencedefinitions,routingskills", nullptr, own));
  const auto& definitions = me.at("presenceDefinitions").as_array();
  ASSERT_EQ(definitions.size(), 11u);
  EXPECT_EQ(str(definitions.back().as_object(), "id"), str(made, "id"));
  // Without routing:skill:view the user sees no skills ...
  EXPECT_EQ(me.at("routingSkills"), json::array{});
  // ... and with it in the skill's division, that skill.
  auto role = ok(send("POST", "/api/v2/authorization/roles",
                      json::object{{"name", "skill viewer"}, {"permissions", json::array{"routing:skill:view"}}}));
  auto home = str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id");
  auto granted =
      send("POST", "/api/v2/authorization/subjects/" + user_id_ + "/divisions/" + home + "/roles/" + str(role, "id"));
  ASSERT_TRUE(granted.status == 200 || granted.status == 204) << granted.describe();
  me = ok(send("GET", "/api/v2/users/me?expand=routingskills", nullptr, own));
  const auto& skills = me.at("routingSkills").as_array();
  ASSERT_EQ(skills.size(), 1u);
  EXPECT_EQ(str(skills[0].as_object(), "id"), str(skill, "id"));
  EXPECT_EQ(str(skills[0].as_object(), "name"), "Billing");
  EXPECT_FALSE(me.contains("presenceDefinitions"));
}

TEST_F(PresenceApiTest, AnAcknowledgedChangeSurvivesKill9) {
  auto set = ok(set_presence(user_id_, kOnQueue, {}, "durable"));
  server().kill9();
  server().restart();
  reconnect();
  auto presence = ok(send("GET", presence_uri(user_id_), nullptr, server().admin_token()));
  EXPECT_EQ(str(presence.at("presenceDefinition").as_object(), "id"), kOnQueue);
  EXPECT_EQ(str(presence, "message"), "durable");
  EXPECT_EQ(str(presence, "modifiedDate"), str(set, "modifiedDate"));
  EXPECT_EQ(str(ok(send("GET", routing_uri(user_id_), nullptr, server().admin_token())), "status"), "IDLE");
}

}  // namespace
}  // namespace rp::test
