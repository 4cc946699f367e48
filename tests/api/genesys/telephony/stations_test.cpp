// Phones, the stations they make, and users' stations over HTTP: a phone's
// one station (its type, line appearance, status), unique names and one
// WebRTC phone per user, station listings and their filters; associating
// (taking over a station another user holds), dissociating, default
// stations and the effective one; a deleted phone leaving every user; 400s
// naming fields, 404s for unknown and other organizations' ids, and the
// permissions on both sides.

#include "api/genesys/json_calls.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kPhones = "/api/v2/telephony/providers/edges/phones";
constexpr std::string_view kStations = "/api/v2/stations";

class StationsApiTest : public JsonCalls<ApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  json::object make_phone(std::string_view name, const json::object& extra = {}) {
    json::object body = extra;
    body["name"] = name;
    return ok(send("POST", kPhones, body));
  }
  // The station of the phone named `name`.
  json::object station_named(std::string_view name) {
    std::string encoded;
    for (char c : name) encoded += c == ' ' ? std::string("%20") : c == '\'' ? std::string("%27") : std::string(1, c);
    auto listing = ok(send("GET", std::string(kStations) + "?name=" + encoded));
    const auto& entities = listing.at("entities").as_array();
    EXPECT_EQ(entities.size(), 1u) << name;
    return entities.empty() ? json::object{} : entities[0].as_object();
  }
  static std::string station_uri(std::string_view user) { return "/api/v2/users/" + std::string(user) + "/station"; }
};

TEST_F(StationsApiTest, APhoneMakesOneStationOfItsName) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto desk = make_phone("Desk 1", {{"site", json::object{{"id", "site-1"}, {"name", "HQ"}}},
                                    {"lines", json::array{json::object{{"name", "Desk 1 line"}}}}});
  EXPECT_EQ(str(desk, "name"), "Desk 1");
  EXPECT_EQ(desk.at("site"), (json::object{{"id", "site-1"}, {"name", "HQ"}}));
  ASSERT_EQ(desk.at("lines").as_array().size(), 1u);
  auto line = str(desk.at("lines").as_array()[0].as_object(), "id");
  EXPECT_EQ(ok(send("GET", std::string(kPhones) + "/" + str(desk, "id"))), desk);

  auto station = station_named("desk 1");
  EXPECT_EQ(str(station, "name"), "Desk 1");
  EXPECT_EQ(str(station, "type"), "inin_remote");
  EXPECT_EQ(str(station, "status"), "AVAILABLE");
  EXPECT_EQ(str(station, "lineAppearanceId"), line);
  EXPECT_FALSE(station.contains("userId"));
  EXPECT_EQ(ok(send("GET", std::string(kStations) + "/" + str(station, "id"))), station);

  auto soft = make_phone("Ann's softphone", {{"webRtcUser", json::object{{"id", ann}}}});
  EXPECT_EQ(str(soft.at("webRtcUser").as_object(), "id"), ann);
  auto webrtc = station_named("Ann's softphone");
  EXPECT_EQ(str(webrtc, "type"), "inin_webrtc_softphone");
  EXPECT_EQ(str(webrtc, "webRtcUserId"), ann);
  // A phone without lines gets one named after it.
  EXPECT_EQ(str(soft.at("lines").as_array()[0].as_object(), "name"), "Ann's softphone");

  // Listings: by name, filtered.
  auto all = ok(send("GET", kStations));
  EXPECT_EQ(num(all, "total"), 2);
  EXPECT_EQ(ids_of(all), (std::vector<std::string>{str(webrtc, "id"), str(station, "id")}));
  EXPECT_EQ(ids_of(ok(send("GET", std::string(kStations) + "?webRtcUserId=" + ann))),
            std::vector<std::string>{str(webrtc, "id")});
  EXPECT_EQ(ids_of(ok(send("GET", std::string(kStations) + "?lineAppearanceId=" + line))),
            std::vector<std::string>{str(station, "id")});
  EXPECT_EQ(ids_of(ok(send("GET", std::string(kStations) + "?id=" + str(station, "id")))),
            std::vector<std::string>{str(station, "id")});
  EXPECT_EQ(num(ok(send("GET", kPhones)), "total"), 2);
  EXPECT_EQ(audits("telephony.phone.create"), 2);

  // Refused: names taken ignoring case, a second WebRTC phone, bad members.
  auto dup = send("POST", kPhones, json::object{{"name", "DESK 1"}});
  EXPECT_TRUE(is_error_body(dup, 409, "general.conflict"));
  EXPECT_EQ(first_field_name(dup), "name");
  auto second = send("POST", kPhones, json::object{{"name", "Another"}, {"webRtcUser", json::object{{"id", ann}}}});
  EXPECT_TRUE(is_error_body(second, 409, "general.conflict"));
  EXPECT_EQ(first_field_name(second), "webRtcUser.id");
  auto refused = [&](const json::object& body, std::string_view field) {
    auto res = send("POST", kPhones, body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body);
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body);
  };
  refused({{"description", "no name"}}, "name");
  refused({{"name", "X"}, {"webRtcUser", json::object{{"id", random_uuid()}}}}, "webRtcUser.id");
  refused({{"name", "X"}, {"lines", json::array{json::object{{"name", ""}}}}}, "lines[0].name");
  refused({{"name", "X"}, {"site", "HQ"}}, "site");
  EXPECT_EQ(num(ok(send("GET", kPhones)), "total"), 2);

  // Other organizations see none of it.
  auto theirs = other_org();
  EXPECT_EQ(num(ok(send("GET", kStations, nullptr, theirs)), "total"), 0);
  EXPECT_TRUE(
      is_error_body(send("GET", std::string(kStations) + "/" + str(station, "id"), nullptr, theirs), 404, "not.found"));
  EXPECT_TRUE(
      is_error_body(send("GET", std::string(kPhones) + "/" + str(desk, "id"), nullptr, theirs), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", std::string(kStations) + "/nope"), 404, "not.found"));
}

TEST_F(StationsApiTest, UsersAssociateTakeOverAndDefaultToStations) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  make_phone("Desk 1");
  make_phone("Desk 2");
  auto one = str(station_named("Desk 1"), "id");
  auto two = str(station_named("Desk 2"), "id");
  EXPECT_EQ(ok(send("GET", station_uri(ann))), json::object{});

  ASSERT_TRUE(has_status(send("PUT", station_uri(ann) + "/associatedstation/" + one), 204));
  auto mine = ok(send("GET", station_uri(ann)));
  EXPECT_EQ(str(mine.at("associatedStation").as_object(), "id"), one);
  EXPECT_EQ(str(mine.at("associatedStation").as_object().at("associatedUser").as_object(), "id"), ann);
  EXPECT_FALSE(str(mine.at("associatedStation").as_object(), "associatedDate").empty());
  EXPECT_EQ(str(mine.at("effectiveStation").as_object(), "id"), one);
  // The users' expand answers the same, for a page at once.
  EXPECT_EQ(ok(send("GET", "/api/v2/users/" + ann + "?expand=station")).at("station"), json::value(mine));
  auto users = ok(send("GET", "/api/v2/users?expand=station"));
  for (const auto& u : users.at("entities").as_array())
    if (str(u.as_object(), "id") == bob) {
      EXPECT_EQ(u.as_object().at("station"), json::object{});
    }
  auto station = ok(send("GET", std::string(kStations) + "/" + one));
  EXPECT_EQ(str(station, "status"), "ASSOCIATED");
  EXPECT_EQ(str(station, "userId"), ann);

  // Bob signs in at the same station: it is his, and Ann's last one.
  ASSERT_TRUE(has_status(send("PUT", station_uri(bob) + "/associatedstation/" + one), 204));
  mine = ok(send("GET", station_uri(ann)));
  EXPECT_FALSE(mine.contains("associatedStation"));
  EXPECT_EQ(str(mine.at("lastAssociatedStation").as_object(), "id"), one);
  EXPECT_EQ(str(ok(send("GET", std::string(kStations) + "/" + one)), "userId"), bob);

  // Defaults: one user per station; the effective station falls back to it.
  ASSERT_TRUE(has_status(send("PUT", station_uri(ann) + "/defaultstation/" + two), 204));
  mine = ok(send("GET", station_uri(ann)));
  EXPECT_EQ(str(mine.at("defaultStation").as_object(), "id"), two);
  EXPECT_EQ(str(mine.at("effectiveStation").as_object(), "id"), two);
  EXPECT_EQ(str(mine.at("defaultStation").as_object().at("defaultUser").as_object(), "id"), ann);
  ASSERT_TRUE(has_status(send("PUT", station_uri(bob) + "/defaultstation/" + two), 204));
  EXPECT_FALSE(ok(send("GET", station_uri(ann))).contains("defaultStation"));

  // Dissociating: by the user or by the station; nothing set is still 204.
  ASSERT_TRUE(has_status(send("DELETE", std::string(kStations) + "/" + one + "/associateduser"), 204));
  EXPECT_EQ(str(ok(send("GET", std::string(kStations) + "/" + one)), "status"), "AVAILABLE");
  EXPECT_TRUE(has_status(send("DELETE", station_uri(bob) + "/associatedstation"), 204));
  EXPECT_TRUE(has_status(send("DELETE", station_uri(ann) + "/defaultstation"), 204));
  ASSERT_TRUE(has_status(send("DELETE", station_uri(bob) + "/defaultstation"), 204));
  EXPECT_FALSE(ok(send("GET", station_uri(bob))).contains("defaultStation"));

  // Unknown stations and users are not found.
  EXPECT_TRUE(is_error_body(send("PUT", station_uri(ann) + "/associatedstation/" + random_uuid()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", station_uri(random_uuid()) + "/associatedstation/" + one), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", station_uri("nope")), 404, "not.found"));
}

TEST_F(StationsApiTest, ADeletedPhonesStationLeavesEveryUser) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  auto desk = make_phone("Desk 1");
  auto one = str(station_named("Desk 1"), "id");
  ASSERT_TRUE(has_status(send("PUT", station_uri(ann) + "/associatedstation/" + one), 204));
  ASSERT_TRUE(has_status(send("PUT", station_uri(ann) + "/defaultstation/" + one), 204));
  ASSERT_TRUE(has_status(send("DELETE", std::string(kPhones) + "/" + str(desk, "id")), 204));
  EXPECT_EQ(ok(send("GET", station_uri(ann))), json::object{});
  EXPECT_TRUE(is_error_body(send("GET", std::string(kStations) + "/" + one), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", std::string(kPhones) + "/" + str(desk, "id")), 404, "not.found"));
  EXPECT_EQ(audits("telephony.phone.delete"), 1);
  // Its name is free again.
  make_phone("Desk 1");
}

TEST_F(StationsApiTest, PermissionsHoldInTheUsersDivision) {
  auto ann = str(create_user("Ann Agent", "ann@example.com"), "id");
  make_phone("Desk 1");
  auto one = str(station_named("Desk 1"), "id");
  auto stranger = token_holding({"directory:user:view"});
  EXPECT_EQ(send("POST", kPhones, json::object{{"name", "Mine"}}, stranger).status, 403);
  EXPECT_EQ(send("GET", kPhones, nullptr, stranger).status, 403);
  EXPECT_TRUE(has_status(send("GET", kStations, nullptr, stranger), 200));  // stations are readable
  EXPECT_EQ(send("GET", station_uri(ann), nullptr, stranger).status, 403);
  EXPECT_EQ(send("PUT", station_uri(ann) + "/associatedstation/" + one, nullptr, stranger).status, 403);
  EXPECT_EQ(send("DELETE", std::string(kStations) + "/" + one + "/associateduser", nullptr, stranger).status, 403);

  auto division = str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Elsewhere"}})), "id");
  auto elsewhere =
      token_holding({"telephony:otherStationAssociation:view", "telephony:otherStationAssociation:edit"}, division);
  EXPECT_TRUE(is_error_body(send("GET", station_uri(ann), nullptr, elsewhere), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(send("PUT", station_uri(ann) + "/associatedstation/" + one, nullptr, elsewhere), 403,
                            "missing.any.permissions"));
  auto home = str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id");
  auto editor =
      token_holding({"telephony:otherStationAssociation:view", "telephony:otherStationAssociation:edit"}, home);
  EXPECT_TRUE(has_status(send("PUT", station_uri(ann) + "/associatedstation/" + one, nullptr, editor), 204));
  EXPECT_TRUE(has_status(send("GET", station_uri(ann), nullptr, editor), 200));
  auto assigner = token_holding({"telephony:phone:assign"}, home);
  EXPECT_TRUE(has_status(send("PUT", station_uri(ann) + "/defaultstation/" + one, nullptr, assigner), 204));
  EXPECT_EQ(send("PUT", station_uri(ann) + "/defaultstation/" + one, nullptr, editor).status, 403);
}

}  // namespace
}  // namespace rp::test
