// Users and queue observations over HTTP: how many queues each named user
// is a member of and has joined, now; each named queue's members counted by
// their current presence and routing status, with the detailed metrics'
// instants; what filters name and admit, mediaType changing nothing;
// unknown, other organizations' and out-of-scope users and queues left out;
// 400s naming the member; the permissions allowed and denied.

#include <map>

#include "api/genesys/json_calls.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kQuery = "/api/v2/analytics/users/observations/query";

class UserObservationsApiTest : public JsonCalls<ApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  static json::object user_is(std::string_view id) { return {{"dimension", "userId"}, {"value", id}}; }
  static json::object query_of(std::string_view type, json::array predicates,
                               json::array metrics = {"oActiveQueues", "oMemberQueues"}) {
    return {{"filter", json::object{{"type", type}, {"predicates", std::move(predicates)}}},
            {"metrics", std::move(metrics)}};
  }
  // userId -> metric -> count.
  static std::map<std::string, std::map<std::string, std::int64_t>> counts(const json::object& answer) {
    std::map<std::string, std::map<std::string, std::int64_t>> out;
    for (const auto& r : answer.at("results").as_array()) {
      auto user = str(r.as_object().at("group").as_object(), "userId");
      for (const auto& d : r.as_object().at("data").as_array())
        out[user][str(d.as_object(), "metric")] = num(d.as_object().at("stats").as_object(), "count");
    }
    return out;
  }
};

TEST_F(UserObservationsApiTest, CountsTheQueuesEachNamedUserIsInAndHasJoined) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  auto support = str(ok(send("POST", "/api/v2/routing/queues", json::object{{"name", "Support"}})), "id");
  auto billing = str(ok(send("POST", "/api/v2/routing/queues", json::object{{"name", "Billing"}})), "id");
  for (const auto& q : {support, billing})
    ASSERT_TRUE(has_status(
        send("POST", "/api/v2/routing/queues/" + q + "/members", json::array{json::object{{"id", ann}}}), 204));
  ASSERT_TRUE(
      has_status(send("PATCH", "/api/v2/users/" + ann + "/queues/" + support, json::object{{"joined", true}}), 200));

  auto theirs = other_org();
  auto foreign =
      str(ok(send("POST", "/api/v2/users", json::object{{"name", "Far"}, {"email", "far@example.com"}}, theirs)), "id");
  auto answer =
      ok(send("POST", kQuery, query_of("or", {user_is(ann), user_is(bob), user_is(random_uuid()), user_is(foreign)})));
  using Counts = std::map<std::string, std::map<std::string, std::int64_t>>;
  EXPECT_EQ(counts(answer), (Counts{{ann, {{"oActiveQueues", 1}, {"oMemberQueues", 2}}},
                                    {bob, {{"oActiveQueues", 0}, {"oMemberQueues", 0}}}}));
  // In the order named; only the metrics asked for.
  answer = ok(send("POST", kQuery, query_of("or", {user_is(bob), user_is(ann)}, {"oMemberQueues"})));
  ASSERT_EQ(answer.at("results").as_array().size(), 2u);
  EXPECT_EQ(str(answer.at("results").as_array()[0].as_object().at("group").as_object(), "userId"), bob);
  EXPECT_EQ(counts(answer), (Counts{{ann, {{"oMemberQueues", 2}}}, {bob, {{"oMemberQueues", 0}}}}));
  // mediaType changes nothing; an and of two users admits neither.
  answer = ok(send("POST", kQuery,
                   query_of("and", {user_is(ann), json::object{{"dimension", "mediaType"}, {"value", "voice"}}})));
  EXPECT_EQ(counts(answer).size(), 1u);
  EXPECT_TRUE(counts(ok(send("POST", kQuery, query_of("and", {user_is(ann), user_is(bob)})))).empty());
  // A deleted user is left out.
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + bob), 200));
  EXPECT_EQ(counts(ok(send("POST", kQuery, query_of("or", {user_is(ann), user_is(bob)})))).size(), 1u);
}

TEST_F(UserObservationsApiTest, RefusesWhatItCannotAnswerNamingTheMember) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto refused = [&](const json::object& body, std::string_view field) {
    auto res = send("POST", kQuery, body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body) << res.body;
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body);
  };
  refused({{"metrics", json::array{"oActiveQueues"}}}, "filter");
  refused(query_of("or", {json::object{{"dimension", "mediaType"}, {"value", "voice"}}}), "filter");
  refused(query_of("or", {json::object{{"dimension", "queueId"}, {"value", "q"}}}), "filter.predicates[0].dimension");
  refused(query_of("or", {user_is(ann)}, {}), "metrics");
  refused(query_of("or", {user_is(ann)}, {"oWaiting"}), "metrics[0]");
  auto with_detail = query_of("or", {user_is(ann)});
  with_detail["detailMetrics"] = json::array{"oActiveQueues"};
  refused(with_detail, "detailMetrics");
}

TEST_F(UserObservationsApiTest, ThePermissionHoldsInTheUsersDivision) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto body = query_of("or", {user_is(ann)});
  EXPECT_TRUE(is_error_body(send("POST", kQuery, body, token_holding({"directory:user:view"})), 403,
                            "missing.any.permissions"));
  auto division = str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Elsewhere"}})), "id");
  auto elsewhere = token_holding({"analytics:userObservation:view"}, division);
  EXPECT_TRUE(counts(ok(send("POST", kQuery, body, elsewhere))).empty());
  auto home = str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id");
  EXPECT_EQ(counts(ok(send("POST", kQuery, body, token_holding({"analytics:userObservation:view"}, home)))).size(), 1u);
}

constexpr std::string_view kQueueQuery = "/api/v2/analytics/queues/observations/query";
constexpr std::string_view kOffline = "ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5";
constexpr std::string_view kOnQueue = "e08eaf1b-ee47-4fa9-a231-1200e284798f";

TEST_F(UserObservationsApiTest, QueueObservationsCountTheMembersByTheirState) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  auto carl = str(create_user("Carl Agent", "carl@example.com"), "id");
  auto queue = str(ok(send("POST", "/api/v2/routing/queues", json::object{{"name", "Support"}})), "id");
  ASSERT_TRUE(
      has_status(send("POST", "/api/v2/routing/queues/" + queue + "/members",
                      json::array{json::object{{"id", ann}}, json::object{{"id", bob}}, json::object{{"id", carl}}}),
                 204));
  ASSERT_TRUE(has_status(
      send("PATCH", "/api/v2/routing/queues/" + queue + "/members",
           json::array{json::object{{"id", ann}, {"joined", true}}, json::object{{"id", bob}, {"joined", true}}}),
      200));
  ASSERT_TRUE(has_status(send("PATCH", "/api/v2/users/" + ann + "/presences/purecloud",
                              json::object{{"presenceDefinition", json::object{{"id", kOnQueue}}}}),
                         200));
  auto idle_since = str(ok(send("GET", "/api/v2/users/" + ann + "/routingstatus")), "startTime");

  json::object body{
      {"filter", json::object{{"type", "or"},
                              {"predicates", json::array{json::object{{"dimension", "queueId"}, {"value", queue}}}}}},
      {"metrics", json::array{"oMemberUsers", "oActiveUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserPresences",
                              "oUserRoutingStatuses"}},
      {"detailMetrics", json::array{"oOnQueueUsers"}}};
  auto answer = ok(send("POST", kQueueQuery, body));
  const auto& mapping = answer.at("systemToOrganizationMappings").as_object();
  EXPECT_EQ(mapping.at("ON_QUEUE"), (json::array{kOnQueue}));
  ASSERT_EQ(answer.at("results").as_array().size(), 1u);
  const auto& result = answer.at("results").as_array()[0].as_object();
  EXPECT_EQ(str(result.at("group").as_object(), "queueId"), queue);
  std::map<std::string, std::int64_t> got;  // metric/qualifier -> count
  for (const auto& d : result.at("data").as_array()) {
    const auto& o = d.as_object();
    got[str(o, "metric") + "/" + (o.contains("qualifier") ? str(o, "qualifier") : "")] =
        num(o.at("stats").as_object(), "count");
    if (str(o, "metric") == "oOnQueueUsers") {
      EXPECT_EQ(o.at("observations"), (json::array{json::object{{"observationDate", idle_since}, {"userId", ann}}}));
    } else {
      EXPECT_FALSE(o.contains("observations"));
    }
  }
  const std::string off(kOffline), on(kOnQueue);
  EXPECT_EQ(got, (std::map<std::string, std::int64_t>{{"oMemberUsers/", 3},
                                                      {"oActiveUsers/", 2},
                                                      {"oOnQueueUsers/IDLE", 1},
                                                      {"oOffQueueUsers/" + off, 1},
                                                      {"oUserPresences/" + on, 1},
                                                      {"oUserPresences/" + off, 1},
                                                      {"oUserRoutingStatuses/IDLE", 1},
                                                      {"oUserRoutingStatuses/OFF_QUEUE", 1}}));

  // Refused, naming the member; nothing of it scoped out silently.
  auto refused = [&](json::object b, std::string_view field) {
    auto res = send("POST", kQueueQuery, b);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(b) << res.body;
    EXPECT_EQ(first_field_name(res), field) << json::serialize(b);
  };
  auto with = [&](std::string_view key, json::value v) {
    auto b = body;
    b[key] = std::move(v);
    return b;
  };
  refused(with("metrics", json::array{"oWaiting"}), "metrics[0]");
  refused(with("metrics", json::array{}), "metrics");
  refused(with("detailMetrics", json::array{"oMemberUsers"}), "detailMetrics[0]");
  refused(with("filter",
               json::object{{"type", "or"},
                            {"predicates", json::array{json::object{{"dimension", "mediaType"}, {"value", "voice"}}}}}),
          "filter");
  refused(with("filter", json::object{{"type", "or"}, {"predicates", json::array{user_is(ann)}}}),
          "filter.predicates[0].dimension");

  // The permission, and its divisions; other organizations see no queue.
  EXPECT_EQ(send("POST", kQueueQuery, body, token_holding({"analytics:userObservation:view"})).status, 403);
  auto division = str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Elsewhere"}})), "id");
  EXPECT_EQ(
      ok(send("POST", kQueueQuery, body, token_holding({"analytics:queueObservation:view"}, division))).at("results"),
      json::array{});
  EXPECT_EQ(ok(send("POST", kQueueQuery, body, other_org())).at("results"), json::array{});
}

}  // namespace
}  // namespace rp::test
