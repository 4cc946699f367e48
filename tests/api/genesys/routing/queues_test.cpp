// RoutingApi queues and their members, and the UsersApi's queues of a user,
// over HTTP: queues with the Genesys members kept as given, names unique
// ignoring case, listings filtered by name wildcards and divisions; members
// that start unjoined, are joined from either side and counted without
// deleted users; 400 naming fields (nothing written), 404 for unknown and
// other organizations' ids, and the permissions in the queue's or the
// user's division, allowed and denied.

#include "api/genesys/json_calls.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kQueues = "/api/v2/routing/queues";

class QueuesApiTest : public JsonCalls<ApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  json::object make_queue(std::string_view name, const json::object& extra = {}) {
    json::object body = extra;
    body["name"] = name;
    return ok(send("POST", kQueues, body));
  }
  static std::string queue_uri(std::string_view id) { return std::string(kQueues) + "/" + std::string(id); }
  static std::string members_uri(std::string_view id) { return queue_uri(id) + "/members"; }
  static std::string user_queues_uri(std::string_view user) { return "/api/v2/users/" + std::string(user) + "/queues"; }

  HttpResponse add_members(std::string_view queue, const std::vector<std::string>& users, std::string_view token = {},
                           bool remove = false) {
    json::array body;
    for (const auto& u : users) body.push_back(json::object{{"id", u}});
    return send("POST", members_uri(queue) + (remove ? "?delete=true" : ""), body, token);
  }

  std::string new_division(std::string_view name) {
    return str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", name}})), "id");
  }
  std::string home() { return str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id"); }
};

TEST_F(QueuesApiTest, AQueueKeepsWhatItIsGivenAndIsReadChangedAndDeleted) {
  auto made = make_queue("Support", {{"description", "First line"},
                                     {"skillEvaluationMethod", "BEST"},
                                     {"acwSettings", json::object{{"wrapupPrompt", "OPTIONAL"}, {"timeoutMs", 30000}}},
                                     {"enableTranscription", true}});
  auto id = str(made, "id");
  EXPECT_EQ(str(made, "name"), "Support");
  EXPECT_EQ(str(made, "description"), "First line");
  EXPECT_EQ(str(made, "skillEvaluationMethod"), "BEST");
  EXPECT_EQ(made.at("acwSettings"), (json::object{{"wrapupPrompt", "OPTIONAL"}, {"timeoutMs", 30000}}));
  EXPECT_EQ(made.at("enableTranscription"), json::value(true));
  EXPECT_EQ(str(made.at("division").as_object(), "id"), home());
  EXPECT_EQ(num(made, "memberCount"), 0);
  EXPECT_EQ(num(made, "joinedMemberCount"), 0);
  EXPECT_EQ(str(made, "selfUri"), queue_uri(id));
  EXPECT_FALSE(str(made, "dateCreated").empty());
  EXPECT_EQ(ok(send("GET", queue_uri(id))), made);
  EXPECT_EQ(audits("routing.queue.create"), 1);

  // PUT replaces: what it leaves out is gone; read-only members sent back are ignored.
  auto division = new_division("Sales floor");
  json::object put = made;
  put["name"] = "Support desk";
  put.erase("acwSettings");
  put.erase("description");
  put["division"] = json::object{{"id", division}};
  auto changed = ok(send("PUT", queue_uri(id), put));
  EXPECT_EQ(str(changed, "name"), "Support desk");
  EXPECT_FALSE(changed.contains("acwSettings"));
  EXPECT_FALSE(changed.contains("description"));
  EXPECT_EQ(str(changed, "skillEvaluationMethod"), "BEST");
  EXPECT_EQ(str(changed.at("division").as_object(), "id"), division);
  EXPECT_EQ(str(changed, "dateCreated"), str(made, "dateCreated"));
  EXPECT_EQ(ok(send("GET", queue_uri(id))), changed);
  // The same again changes nothing and writes nothing.
  EXPECT_EQ(ok(send("PUT", queue_uri(id), changed)), changed);
  EXPECT_EQ(audits("routing.queue.update"), 1);

  // A division holding a queue cannot be deleted.
  EXPECT_TRUE(is_error_body(send("DELETE", "/api/v2/authorization/divisions/" + division), 409, "general.conflict"));

  ASSERT_TRUE(has_status(send("DELETE", queue_uri(id) + "?forceDelete=true"), 204));
  EXPECT_TRUE(is_error_body(send("GET", queue_uri(id)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", queue_uri(id)), 404, "not.found"));
  EXPECT_TRUE(has_status(send("DELETE", "/api/v2/authorization/divisions/" + division), 204));
}

TEST_F(QueuesApiTest, BadBodiesAreRefusedNamingTheFieldAndNamesAreUnique) {
  auto refused = [&](const json::object& body, std::string_view field) {
    auto res = send("POST", kQueues, body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body);
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body);
  };
  refused({{"description", "no name"}}, "name");
  refused({{"name", "   "}}, "name");
  refused({{"name", std::string(256, 'q')}}, "name");
  refused({{"name", "Q"}, {"routingRulez", json::array{}}}, "routingRulez");
  refused({{"name", "Q"}, {"mediaSettings", "fast"}}, "mediaSettings");
  refused({{"name", "Q"}, {"skillEvaluationMethod", "SOME"}}, "skillEvaluationMethod");
  refused({{"name", "Q"}, {"divisionId", random_uuid()}}, "divisionId");
  refused({{"name", "Q"}, {"divisionId", "not-a-uuid"}}, "divisionId");
  EXPECT_TRUE(is_error_body(http().send("POST", kQueues, bearer(admin()), "[1]"), 400, "bad.request"));
  EXPECT_EQ(ok(send("GET", kQueues)).at("total"), json::value(0));  // nothing was written

  make_queue("Billing");
  auto dup = send("POST", kQueues, json::object{{"name", "BILLING"}});
  EXPECT_TRUE(is_error_body(dup, 409, "general.conflict"));
  EXPECT_EQ(first_field_name(dup), "name");
}

TEST_F(QueuesApiTest, ListingsFilterByNameIdsAndDivisionsInNameOrder) {
  auto a = str(make_queue("Billing desk"), "id");
  auto b = str(make_queue("billing"), "id");
  auto division = new_division("Returns floor");
  auto c = str(make_queue("Returns", {{"divisionId", division}}), "id");
  auto ids = [&](std::string_view query) { return ids_of(ok(send("GET", std::string(kQueues) + std::string(query)))); };
  EXPECT_EQ(ids(""), (std::vector<std::string>{b, a, c}));
  EXPECT_EQ(ids("?sortOrder=desc"), (std::vector<std::string>{c, a, b}));
  EXPECT_EQ(ids("?name=BILLING"), (std::vector<std::string>{b}));
  EXPECT_EQ(ids("?name=billing*"), (std::vector<std::string>{b, a}));
  EXPECT_EQ(ids("?name=*desk"), (std::vector<std::string>{a}));
  EXPECT_EQ(ids("?id=" + c + "," + a), (std::vector<std::string>{a, c}));
  EXPECT_EQ(ids("?divisionId=" + division), (std::vector<std::string>{c}));
  auto page = ok(send("GET", std::string(kQueues) + "?pageSize=2&pageNumber=2"));
  EXPECT_EQ(ids_of(page), (std::vector<std::string>{c}));
  EXPECT_EQ(num(page, "total"), 3);

  // Another organization sees none of them, and their ids are not found there.
  auto theirs = other_org();
  EXPECT_EQ(num(ok(send("GET", kQueues, nullptr, theirs)), "total"), 0);
  EXPECT_TRUE(is_error_body(send("GET", queue_uri(a), nullptr, theirs), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", members_uri(a), nullptr, theirs), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", queue_uri("nope")), 404, "not.found"));
}

TEST_F(QueuesApiTest, MembersStartUnjoinedAndAreJoinedFromEitherSide) {
  auto queue = str(make_queue("Support"), "id");
  auto other_queue = str(make_queue("Billing"), "id");
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  ASSERT_TRUE(has_status(add_members(queue, {bob, ann}), 204));
  ASSERT_TRUE(has_status(add_members(other_queue, {ann}), 204));
  EXPECT_EQ(audits("routing.queue.members.add"), 2);
  // Adding again changes nothing; an unknown user anywhere refuses it all.
  ASSERT_TRUE(has_status(add_members(queue, {ann}), 204));
  EXPECT_EQ(audits("routing.queue.members.add"), 2);
  auto carl = str(create_user("Carl Agent", "carl@example.com"), "id");
  auto bad = add_members(queue, {carl, random_uuid()});
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "body[1].id");

  auto listing = ok(send("GET", members_uri(queue) + "?expand=presence"));
  EXPECT_FALSE(listing.contains("total"));
  EXPECT_FALSE(listing.contains("pageCount"));
  const auto& entities = listing.at("entities").as_array();
  ASSERT_EQ(entities.size(), 2u);  // carl was not added
  const auto& first = entities[0].as_object();
  EXPECT_EQ(str(first, "id"), ann);
  EXPECT_EQ(str(first, "name"), "Ann Agent");
  EXPECT_EQ(first.at("joined"), json::value(false));
  EXPECT_EQ(num(first, "ringNumber"), 1);
  EXPECT_EQ(str(first, "memberBy"), "user");
  EXPECT_EQ(str(first.at("routingStatus").as_object(), "status"), "OFF_QUEUE");
  EXPECT_EQ(str(first.at("user").as_object(), "email"), "ann@example.com");
  EXPECT_TRUE(first.at("user").as_object().contains("presence"));
  EXPECT_EQ(str(entities[1].as_object(), "id"), bob);
  EXPECT_EQ(num(ok(send("GET", queue_uri(queue))), "memberCount"), 2);

  // Joined from the queue's side ...
  ASSERT_TRUE(has_status(send("PATCH", members_uri(queue) + "/" + ann, json::object{{"joined", true}}), 204));
  auto q = ok(send("GET", queue_uri(queue)));
  EXPECT_EQ(num(q, "joinedMemberCount"), 1);
  // ... seen from the user's: GET lists the joined ones unless asked otherwise.
  EXPECT_EQ(ids_of(ok(send("GET", user_queues_uri(ann)))), (std::vector<std::string>{queue}));
  EXPECT_EQ(ids_of(ok(send("GET", user_queues_uri(ann) + "?joined=false"))), (std::vector<std::string>{other_queue}));
  auto mine = ok(send("GET", user_queues_uri(ann))).at("entities").as_array()[0].as_object();
  EXPECT_EQ(mine.at("joined"), json::value(true));
  EXPECT_EQ(str(mine, "name"), "Support");

  // The user's side joins and leaves.
  auto left = ok(send("PATCH", user_queues_uri(ann) + "/" + queue, json::object{{"joined", false}}));
  EXPECT_EQ(left.at("joined"), json::value(false));
  EXPECT_EQ(num(left, "joinedMemberCount"), 0);
  EXPECT_TRUE(is_error_body(send("PATCH", user_queues_uri(bob) + "/" + other_queue, json::object{{"joined", true}}),
                            404, "not.found"));
  auto missing = send("PATCH", user_queues_uri(ann) + "/" + queue, json::object{{"ringNumber", 2}});
  EXPECT_TRUE(is_error_body(missing, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(missing), "joined");
  // Several at once: a queue the user is not a member of is disregarded.
  auto several = ok(send(
      "PATCH", user_queues_uri(bob),
      json::array{json::object{{"id", queue}, {"joined", true}}, json::object{{"id", other_queue}, {"joined", true}}}));
  EXPECT_EQ(ids_of(several), (std::vector<std::string>{queue}));
  EXPECT_EQ(several.at("entities").as_array()[0].as_object().at("joined"), json::value(true));

  // Members filtered by joined and name.
  EXPECT_EQ(ids_of(ok(send("GET", members_uri(queue) + "?joined=true"))), (std::vector<std::string>{bob}));
  EXPECT_EQ(ids_of(ok(send("GET", members_uri(queue) + "?name=ann"))), (std::vector<std::string>{ann}));
  EXPECT_TRUE(ids_of(ok(send("GET", members_uri(queue) + "?memberBy=group"))).empty());
  EXPECT_TRUE(is_error_body(send("GET", members_uri(queue) + "?pageSize=101"), 400, "invalid.value"));

  // Joining many from the queue's side; a non-member refuses it all.
  auto refused =
      send("PATCH", members_uri(queue),
           json::array{json::object{{"id", ann}, {"joined", true}}, json::object{{"id", carl}, {"joined", true}}});
  EXPECT_TRUE(is_error_body(refused, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(refused), "body[1].id");
  EXPECT_EQ(num(ok(send("GET", queue_uri(queue))), "joinedMemberCount"), 1);
  auto joined = ok(send("PATCH", members_uri(queue), json::array{json::object{{"id", ann}, {"joined", true}}}));
  EXPECT_EQ(ids_of(joined), (std::vector<std::string>{ann}));
  EXPECT_EQ(num(ok(send("GET", queue_uri(queue))), "joinedMemberCount"), 2);

  // A deleted user is neither listed nor counted.
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + bob), 200));
  EXPECT_EQ(ids_of(ok(send("GET", members_uri(queue)))), (std::vector<std::string>{ann}));
  EXPECT_EQ(num(ok(send("GET", queue_uri(queue))), "memberCount"), 1);
  EXPECT_TRUE(is_error_body(send("GET", user_queues_uri(bob)), 404, "not.found"));

  // Removing, one or several.
  ASSERT_TRUE(has_status(send("DELETE", members_uri(queue) + "/" + ann), 204));
  EXPECT_TRUE(is_error_body(send("DELETE", members_uri(queue) + "/" + ann), 404, "not.found"));
  ASSERT_TRUE(has_status(add_members(other_queue, {ann}, {}, true), 204));
  EXPECT_EQ(num(ok(send("GET", queue_uri(other_queue))), "memberCount"), 0);
  EXPECT_EQ(audits("routing.queue.members.remove"), 2);
}

TEST_F(QueuesApiTest, MembersAreFilteredByWhatTheUsersHaveAndAre) {
  auto queue = str(make_queue("Support"), "id");
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  ASSERT_TRUE(has_status(add_members(queue, {ann, bob}), 204));
  auto skill = str(ok(send("POST", "/api/v2/routing/skills", json::object{{"name", "Spanish support"}})), "id");
  ASSERT_TRUE(has_status(
      send("POST", "/api/v2/users/" + ann + "/routingskills", json::object{{"id", skill}, {"proficiency", 4}}), 200));
  ASSERT_TRUE(has_status(
      send("PATCH", "/api/v2/users/" + bob + "/presences/purecloud",
           json::object{{"presenceDefinition", json::object{{"id", "e08eaf1b-ee47-4fa9-a231-1200e284798f"}}}}),
      200));
  auto ids = [&](std::string_view query) { return ids_of(ok(send("GET", members_uri(queue) + std::string(query)))); };
  EXPECT_EQ(ids("?skills=spanish"), (std::vector<std::string>{ann}));
  EXPECT_TRUE(ids("?skills=spanish&skills=french").empty());
  EXPECT_EQ(ids("?presence=On%20Queue"), (std::vector<std::string>{bob}));
  EXPECT_EQ(ids("?presence=OFFLINE"), (std::vector<std::string>{ann}));
  EXPECT_EQ(ids("?routingStatus=IDLE"), (std::vector<std::string>{bob}));
  EXPECT_EQ(ids("?sortOrder=desc"), (std::vector<std::string>{bob, ann}));
  auto bad = send("GET", members_uri(queue) + "?presence=Napping");
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "presence");
  EXPECT_TRUE(is_error_body(send("GET", members_uri(queue) + "?memberBy=team"), 400, "invalid.value"));
}

TEST_F(QueuesApiTest, PermissionsHoldInTheQueuesAndTheUsersDivisions) {
  auto division = new_division("Elsewhere");
  auto here = str(make_queue("Home queue"), "id");
  auto there = str(make_queue("Elsewhere queue", {{"divisionId", division}}), "id");
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  ASSERT_TRUE(has_status(add_members(here, {ann}), 204));
  ASSERT_TRUE(has_status(add_members(there, {ann}), 204));

  auto viewer = token_holding({"routing:queue:view"}, division);
  EXPECT_EQ(ids_of(ok(send("GET", kQueues, nullptr, viewer))), (std::vector<std::string>{there}));
  EXPECT_TRUE(has_status(send("GET", queue_uri(there), nullptr, viewer), 200));
  EXPECT_TRUE(is_error_body(send("GET", queue_uri(here), nullptr, viewer), 403, "missing.permissions"));
  EXPECT_TRUE(has_status(send("GET", members_uri(there), nullptr, viewer), 200));
  EXPECT_TRUE(is_error_body(send("GET", members_uri(here), nullptr, viewer), 403, "missing.any.permissions"));
  // Viewing is not changing.
  EXPECT_EQ(send("POST", kQueues, json::object{{"name", "Mine"}}, viewer).status, 403);
  EXPECT_EQ(send("PUT", queue_uri(there), json::object{{"name", "Renamed"}}, viewer).status, 403);
  EXPECT_EQ(send("DELETE", queue_uri(there), nullptr, viewer).status, 403);
  EXPECT_EQ(add_members(there, {ann}, viewer, true).status, 403);
  // The user is in Home: its queues are read with the permission there.
  EXPECT_TRUE(is_error_body(send("GET", user_queues_uri(ann), nullptr, viewer), 403, "missing.any.permissions"));
  auto home_viewer = token_holding({"routing:queue:view"}, home());
  EXPECT_TRUE(has_status(send("GET", user_queues_uri(ann) + "?joined=false", nullptr, home_viewer), 200));

  auto editor = token_holding({"routing:queue:add", "routing:queue:edit", "routing:queue:delete"}, division);
  auto made = send("POST", kQueues, json::object{{"name", "Editor's"}, {"divisionId", division}}, editor);
  EXPECT_TRUE(has_status(made, 200));
  EXPECT_TRUE(is_error_body(send("POST", kQueues, json::object{{"name", "Editor's home"}}, editor), 403,
                            "missing.any.permissions"));
  EXPECT_TRUE(has_status(send("PUT", queue_uri(there), json::object{{"name", "Renamed"}}, editor), 200));
  EXPECT_TRUE(
      is_error_body(send("PUT", queue_uri(there), json::object{{"name", "Moved"}, {"divisionId", home()}}, editor), 403,
                    "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(add_members(here, {ann}, editor, true), 403, "missing.any.permissions"));
  EXPECT_TRUE(has_status(add_members(there, {ann}, editor, true), 204));

  auto joiner = token_holding({"routing:queue:join"}, home());
  EXPECT_TRUE(
      has_status(send("PATCH", user_queues_uri(ann) + "/" + here, json::object{{"joined", true}}, joiner), 200));
  auto stranger = token_holding({"directory:user:view"});
  EXPECT_EQ(send("PATCH", user_queues_uri(ann) + "/" + here, json::object{{"joined", false}}, stranger).status, 403);
  EXPECT_EQ(send("GET", user_queues_uri(ann), nullptr, stranger).status, 403);
  EXPECT_EQ(send("GET", kQueues, nullptr, stranger).status, 403);
}

}  // namespace
}  // namespace rp::test
