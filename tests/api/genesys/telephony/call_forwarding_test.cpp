// UsersApi call forwarding over HTTP: what is answered before it is set,
// PUT replacing and PATCH changing only what it names, routes to stations
// and E.164 numbers (the deprecated phoneNumber included), 400s naming the
// target, a deleted phone's station leaving the routes, and the
// permissions in the user's division.

#include "api/genesys/json_calls.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class CallForwardingApiTest : public JsonCalls<ApiTest> {
 protected:
  static std::string uri(std::string_view user) { return "/api/v2/users/" + std::string(user) + "/callforwarding"; }
  // A new phone's station id.
  std::pair<std::string, std::string> phone_and_station(std::string_view name) {
    auto phone = ok(send("POST", "/api/v2/telephony/providers/edges/phones", json::object{{"name", name}}));
    auto stations = ok(send("GET", "/api/v2/stations?name=" + std::string(name)));
    return {str(phone, "id"), str(stations.at("entities").as_array().at(0).as_object(), "id")};
  }
  static json::object route(std::initializer_list<std::pair<std::string_view, std::string>> targets) {
    json::array out;
    for (const auto& [type, value] : targets) out.push_back(json::object{{"type", type}, {"value", value}});
    return {{"targets", std::move(out)}};
  }
};

TEST_F(CallForwardingApiTest, PutReplacesPatchChangesAndADeletedStationLeaves) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  EXPECT_EQ(ok(send("GET", uri(ann))),
            (json::object{{"user", json::object{{"id", ann}, {"selfUri", "/api/v2/users/" + ann}}},
                          {"enabled", false},
                          {"calls", json::array{}},
                          {"voicemail", "PURECLOUD"}}));
  auto [phone, station] = phone_and_station("Desk-1");
  auto set = ok(send("PUT", uri(ann),
                     json::object{{"enabled", true},
                                  {"calls", json::array{route({{"STATION", station}, {"PHONENUMBER", "+4712345678"}}),
                                                        route({{"PHONENUMBER", "+4787654321"}})}},
                                  {"voicemail", "LASTCALL"}}));
  EXPECT_EQ(str(set, "id"), ann);
  EXPECT_EQ(set.at("enabled"), json::value(true));
  EXPECT_EQ(str(set, "phoneNumber"), "+4712345678");
  EXPECT_EQ(str(set, "voicemail"), "LASTCALL");
  ASSERT_EQ(set.at("calls").as_array().size(), 2u);
  EXPECT_FALSE(str(set, "modifiedDate").empty());
  EXPECT_EQ(ok(send("GET", uri(ann))), set);

  // PATCH changes only what it names.
  auto patched = ok(send("PATCH", uri(ann), json::object{{"voicemail", "NONE"}}));
  EXPECT_EQ(patched.at("calls"), set.at("calls"));
  EXPECT_EQ(str(patched, "voicemail"), "NONE");
  // PUT resets what it leaves out; the deprecated phoneNumber alone is one route.
  auto put = ok(send("PUT", uri(ann), json::object{{"phoneNumber", "+15551234567"}}));
  EXPECT_EQ(put.at("enabled"), json::value(false));
  EXPECT_EQ(str(put, "voicemail"), "PURECLOUD");
  EXPECT_EQ(put.at("calls"), (json::array{route({{"PHONENUMBER", "+15551234567"}})}));

  // A deleted phone's station leaves the routes.
  ok(send("PATCH", uri(ann), json::object{{"calls", json::array{route({{"STATION", station}})}}}));
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/telephony/providers/edges/phones/" + phone), 204));
  EXPECT_EQ(ok(send("GET", uri(ann))).at("calls"), json::array{});  // a route left without targets goes
  EXPECT_EQ(audits("user.callforwarding.set"), 4);
}

TEST_F(CallForwardingApiTest, BadRoutesNameTheTargetAndWriteNothing) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto refused = [&](const json::object& body, std::string_view field) {
    auto res = send("PUT", uri(ann), body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body) << res.body;
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body);
  };
  refused({{"calls", json::array{route({{"PHONENUMBER", "12345678"}})}}}, "calls[0].targets[0].value");
  refused({{"calls", json::array{route({}), route({{"PHONENUMBER", "+1234"}})}}}, "calls[1].targets[0].value");
  refused({{"calls", json::array{route({{"STATION", random_uuid()}})}}}, "calls[0].targets[0].value");
  refused({{"calls", json::array{route({{"FAX", "+4712345678"}})}}}, "calls[0].targets[0].type");
  refused({{"enabled", true}}, "calls");
  refused({{"voicemail", "EMAIL"}}, "voicemail");
  refused({{"phoneNumber", "call me"}}, "phoneNumber");
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(route({{"PHONENUMBER", "+4712345678"}}));
  refused({{"calls", eleven}}, "calls");
  EXPECT_FALSE(ok(send("GET", uri(ann))).contains("modifiedDate"));
  EXPECT_TRUE(is_error_body(send("GET", uri(random_uuid())), 404, "not.found"));
}

TEST_F(CallForwardingApiTest, ThePermissionsHoldInTheUsersDivision) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto division = str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Elsewhere"}})), "id");
  auto home = str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id");
  const json::object off{{"enabled", false}};
  auto elsewhere = token_holding({"conversation:callForwarding:view", "conversation:callForwarding:edit"}, division);
  EXPECT_TRUE(is_error_body(send("GET", uri(ann), nullptr, elsewhere), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(send("PUT", uri(ann), off, elsewhere), 403, "missing.any.permissions"));
  auto viewer = token_holding({"conversation:callForwarding:view"}, home);
  EXPECT_TRUE(has_status(send("GET", uri(ann), nullptr, viewer), 200));
  EXPECT_EQ(send("PATCH", uri(ann), off, viewer).status, 403);
  auto editor = token_holding({"conversation:callForwarding:edit"}, home);
  EXPECT_TRUE(has_status(send("PATCH", uri(ann), off, editor), 200));
  EXPECT_EQ(send("GET", uri(ann), nullptr, editor).status, 403);
}

}  // namespace
}  // namespace rp::test
