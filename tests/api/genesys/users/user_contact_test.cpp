// UsersApi out of office and geolocations over HTTP: what is answered
// before anything is set, replacing and validating them (400 naming the
// field, nothing written), who may change them (the user itself or
// directory:user:edit in the user's division; others 403 with Genesys'
// codes), one primary geolocation per user, the users' `outOfOffice` and
// `geolocation` expands, and 404 for unknown, deleted and other
// organizations' users.

#include "api/genesys/json_calls.h"
#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UserContactApiTest : public JsonCalls<SignInApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  static std::string ooo_uri(std::string_view user) { return "/api/v2/users/" + std::string(user) + "/outofoffice"; }
  static std::string geo_uri(std::string_view user, std::string_view client) {
    return "/api/v2/users/" + std::string(user) + "/geolocations/" + std::string(client);
  }
};

TEST_F(UserContactApiTest, OutOfOfficeIsInactiveUntilSetAndThenReplacedWhole) {
  auto none = ok(send("GET", ooo_uri(user_id_)));
  EXPECT_EQ(none, (json::object{{"user", json::object{{"id", user_id_}, {"selfUri", "/api/v2/users/" + user_id_}}},
                                {"active", false},
                                {"indefinite", false}}));

  auto [own, refresh] = user_tokens();
  auto set =
      ok(send("PUT", ooo_uri(user_id_),
              json::object{
                  {"active", true}, {"startDate", "2026-12-24T00:00:00.000Z"}, {"endDate", "2027-01-02T00:00:00.000Z"}},
              own));
  EXPECT_EQ(str(set, "id"), user_id_);
  EXPECT_EQ(str(set, "name"), "Ann Example");
  EXPECT_EQ(set.at("active"), json::value(true));
  EXPECT_EQ(str(set, "startDate"), "2026-12-24T00:00:00.000Z");
  EXPECT_EQ(str(set, "endDate"), "2027-01-02T00:00:00.000Z");
  EXPECT_EQ(str(set, "selfUri"), ooo_uri(user_id_));
  EXPECT_EQ(ok(send("GET", ooo_uri(user_id_))), set);
  // The same again writes nothing.
  EXPECT_EQ(ok(send("PUT", ooo_uri(user_id_), set, own)), set);
  EXPECT_EQ(audits("user.outofoffice.set"), 1);

  // Indefinite drops the end; inactive keeps only the dates it is given.
  auto forever = ok(send("PUT", ooo_uri(user_id_),
                         json::object{{"active", true},
                                      {"indefinite", true},
                                      {"startDate", "2027-02-01T00:00:00Z"},
                                      {"endDate", "2027-03-01T00:00:00Z"}},
                         own));
  EXPECT_FALSE(forever.contains("endDate"));
  EXPECT_EQ(forever.at("indefinite"), json::value(true));
  auto back = ok(send("PUT", ooo_uri(user_id_), json::object{{"active", false}}, own));
  EXPECT_EQ(back.at("active"), json::value(false));
  EXPECT_FALSE(back.contains("startDate"));

  // The users' expand shows it; not asked for, it is not there.
  auto user = ok(send("GET", "/api/v2/users/" + user_id_ + "?expand=outOfOffice"));
  EXPECT_EQ(user.at("outOfOffice"), json::value(back));
  EXPECT_FALSE(ok(send("GET", "/api/v2/users/" + user_id_)).contains("outOfOffice"));
}

TEST_F(UserContactApiTest, BadOutOfOfficeBodiesNameTheFieldAndWriteNothing) {
  auto refused = [&](const json::object& body, std::string_view field) {
    auto res = send("PUT", ooo_uri(user_id_), body);
    EXPECT_EQ(res.status, 400) << json::serialize(body) << " " << res.body;
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body);
  };
  refused({{"startDate", "2026-12-24T00:00:00Z"}}, "active");
  refused({{"active", "yes"}}, "active");
  refused({{"active", true}, {"endDate", "2027-01-02T00:00:00Z"}}, "startDate");
  refused({{"active", true}, {"startDate", "2026-12-24T00:00:00Z"}}, "endDate");
  refused({{"active", true}, {"startDate", "2026-12-24T00:00:00Z"}, {"endDate", "2026-12-23T00:00:00Z"}}, "endDate");
  refused({{"active", true}, {"startDate", "Christmas"}, {"endDate", "2027-01-02T00:00:00Z"}}, "startDate");
  EXPECT_EQ(audits("user.outofoffice.set"), 0);
  EXPECT_EQ(ok(send("GET", ooo_uri(user_id_))).at("active"), json::value(false));
}

TEST_F(UserContactApiTest, OnlyTheUserOrAnEditorInItsDivisionChangesThem) {
  auto other = str(create_user("Bob Other", "bob@example.com"), "id");
  auto [own, refresh] = user_tokens();
  const json::object away{{"active", true}, {"indefinite", true}, {"startDate", "2027-01-01T00:00:00Z"}};
  // Refused before the body is read: an invalid body is still 403.
  EXPECT_TRUE(is_error_body(send("PUT", ooo_uri(other), away, own), 403, "outofoffice.update.error"));
  EXPECT_TRUE(is_error_body(send("PUT", ooo_uri(other), json::object{}, own), 403, "outofoffice.update.error"));
  EXPECT_TRUE(is_error_body(send("PATCH", geo_uri(other, "web"), json::object{{"city", "Oslo"}}, own), 403,
                            "geolocation.update.error"));
  // Reading needs nothing.
  EXPECT_TRUE(has_status(send("GET", ooo_uri(other), nullptr, own), 200));

  auto division = str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Elsewhere"}})), "id");
  auto elsewhere = token_holding({"directory:user:edit"}, division);
  EXPECT_TRUE(is_error_body(send("PUT", ooo_uri(other), away, elsewhere), 403, "outofoffice.update.error"));
  auto home = str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id");
  auto editor = token_holding({"directory:user:edit"}, home);
  EXPECT_TRUE(has_status(send("PUT", ooo_uri(other), away, editor), 200));
  EXPECT_TRUE(has_status(send("PATCH", geo_uri(other, "web"), json::object{{"city", "Oslo"}}, editor), 200));
  EXPECT_EQ(audits("user.outofoffice.set"), 1);

  // Other organizations, unknown and deleted users are not found.
  auto theirs = other_org();
  EXPECT_TRUE(is_error_body(send("GET", ooo_uri(other), nullptr, theirs), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", geo_uri(other, "web"), nullptr, theirs), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", ooo_uri(random_uuid()), away), 404, "not.found"));
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + other), 200));
  EXPECT_TRUE(is_error_body(send("GET", ooo_uri(other)), 404, "not.found"));
}

TEST_F(UserContactApiTest, GeolocationsArePerClientWithOnePrimary) {
  EXPECT_TRUE(is_error_body(send("GET", geo_uri(user_id_, "web-1")), 404, "not.found"));
  auto [own, refresh] = user_tokens();
  auto web = ok(send("PATCH", geo_uri(user_id_, "web-1"),
                     json::object{{"type", "web"}, {"latitude", 59.91}, {"longitude", 10.75}, {"city", "Oslo"}}, own));
  EXPECT_EQ(str(web, "id"), "web-1");
  EXPECT_EQ(web.at("primary"), json::value(true));  // the user's first client
  EXPECT_EQ(web.at("latitude"), json::value(59.91));
  EXPECT_EQ(str(web, "city"), "Oslo");
  EXPECT_EQ(str(web, "selfUri"), geo_uri(user_id_, "web-1"));
  EXPECT_EQ(ok(send("GET", geo_uri(user_id_, "web-1"))), web);

  auto phone = ok(send("PATCH", geo_uri(user_id_, "ios.2"), json::object{{"type", "ios"}, {"country", "Norway"}}, own));
  EXPECT_EQ(phone.at("primary"), json::value(false));
  // Only the members given change.
  auto moved = ok(send("PATCH", geo_uri(user_id_, "web-1"), json::object{{"region", "Oslo"}}, own));
  EXPECT_EQ(str(moved, "city"), "Oslo");
  EXPECT_EQ(moved.at("longitude"), json::value(10.75));
  EXPECT_EQ(str(moved, "region"), "Oslo");
  // Primacy moves; the expand shows the primary one.
  EXPECT_EQ(ok(send("PATCH", geo_uri(user_id_, "ios.2"), json::object{{"primary", true}}, own)).at("primary"),
            json::value(true));
  EXPECT_EQ(ok(send("GET", geo_uri(user_id_, "web-1"))).at("primary"), json::value(false));
  auto user = ok(send("GET", "/api/v2/users/" + user_id_ + "?expand=geolocation"));
  EXPECT_EQ(str(user.at("geolocation").as_object(), "id"), "ios.2");
  auto other = str(create_user("Bob Other", "bob@example.com"), "id");
  EXPECT_FALSE(ok(send("GET", "/api/v2/users/" + other + "?expand=geolocation")).contains("geolocation"));

  auto refused = [&](std::string_view client, const json::object& body, std::string_view field) {
    auto res = send("PATCH", geo_uri(user_id_, client), body, own);
    EXPECT_EQ(res.status, 400) << json::serialize(body) << " " << res.body;
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body);
  };
  refused("web-1", {{"latitude", 10}}, "longitude");
  refused("web-1", {{"latitude", 91}, {"longitude", 0}}, "latitude");
  refused("web-1", {{"latitude", 0}, {"longitude", -181}}, "longitude");
  refused("web-1", {{"city", 7}}, "city");
  refused("bad%20client", {{"city", "Oslo"}}, "clientId");
  refused(std::string(129, 'c'), {{"city", "Oslo"}}, "clientId");
  EXPECT_EQ(audits("user.geolocation.set"), 4);
}

}  // namespace
}  // namespace rp::test
