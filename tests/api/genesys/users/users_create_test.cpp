// POST /api/v2/users: the User answered, validation, body handling and conflicts.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

using UsersCreateTest = ApiTest;

json::array phone_addresses() {
  return json::array{
      json::object{{"address", "+13175550100"}, {"mediaType", "PHONE"}, {"type", "WORK"}},
      json::object{{"address", "+13175550199"}, {"mediaType", "PHONE"}, {"type", "MOBILE"}, {"extension", "42"}},
  };
}

// The first contact in `list` with this address, or an empty object.
json::object contact_with(const json::value* list, std::string_view address) {
  if (!list || !list->is_array()) return {};
  for (const auto& c : list->as_array())
    if (c.is_object() && str(c.as_object(), "address") == address) return c.as_object();
  return {};
}

TEST_F(UsersCreateTest, AnswersTheFullUser) {
  json::object body{{"name", "Ada Lovelace"},         {"email", "ada@example.com"},
                    {"department", "Engineering"},    {"title", "Analyst"},
                    {"addresses", phone_addresses()}, {"password", "Correct-Horse-Battery-9"}};
  auto res = post_user(json::serialize(body), admin());
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_NE(res.header("Content-Type").find("application/json"), std::string::npos) << res.describe();
  auto user = parse_object(res.body);
  EXPECT_TRUE(is_user(user, "Ada Lovelace", "ada@example.com"));
  EXPECT_EQ(str(user, "department"), "Engineering");
  EXPECT_EQ(str(user, "title"), "Analyst");
  EXPECT_EQ(num(user, "version"), 1) << res.body;
  const auto& division = user["division"].as_object();
  EXPECT_EQ(str(division, "name"), "Home") << res.body;
  EXPECT_EQ(str(division, "selfUri"), "/api/v2/authorization/divisions/" + str(division, "id")) << res.body;

  auto work = contact_with(user.if_contains("addresses"), "+13175550100");
  EXPECT_EQ(str(work, "mediaType"), "PHONE") << res.body;
  EXPECT_EQ(str(work, "type"), "WORK") << res.body;
  auto mobile = contact_with(user.if_contains("addresses"), "+13175550199");
  EXPECT_EQ(str(mobile, "mediaType"), "PHONE") << res.body;
  EXPECT_EQ(str(mobile, "type"), "MOBILE") << res.body;
  EXPECT_EQ(str(mobile, "extension"), "42") << res.body;

  EXPECT_EQ(res.body.find("Correct-Horse-Battery-9"), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("assword"), std::string::npos) << res.body;

  // Reading it back answers the same user.
  auto again = get_user(str(user, "id"));
  ASSERT_TRUE(has_status(again, 200));
  EXPECT_EQ(parse_object(again.body), user);
  EXPECT_EQ(again.body.find("Correct-Horse-Battery-9"), std::string::npos) << again.body;
}

TEST_F(UsersCreateTest, MinimalUserOmitsAbsentOptionalStrings) {
  auto user = create_user("Grace Hopper", "grace@example.com");
  ASSERT_FALSE(user.empty());
  EXPECT_TRUE(is_user(user, "Grace Hopper", "grace@example.com"));
  EXPECT_FALSE(user.contains("department")) << json::serialize(user);
  EXPECT_FALSE(user.contains("title")) << json::serialize(user);
}

TEST_F(UsersCreateTest, EachUserGetsItsOwnId) {
  auto a = create_user("User A", "a@example.com");
  auto b = create_user("User B", "b@example.com");
  EXPECT_NE(str(a, "id"), str(b, "id"));
  EXPECT_TRUE(is_uuid(str(a, "id")));
  EXPECT_TRUE(is_uuid(str(b, "id")));
}

TEST_F(UsersCreateTest, InactiveStateAtCreation) {
  auto user = create_user("Idle Ian", "ian@example.com", {{"state", "inactive"}});
  EXPECT_TRUE(is_user(user, "Idle Ian", "ian@example.com", "inactive"));
}

TEST_F(UsersCreateTest, ExplicitDivisionId) {
  auto first = create_user("First", "first@example.com");
  const std::string home = str(first["division"].as_object(), "id");
  ASSERT_TRUE(is_uuid(home));
  auto user = create_user("Second", "second@example.com", {{"divisionId", home}});
  ASSERT_FALSE(user.empty());
  EXPECT_EQ(str(user["division"].as_object(), "id"), home);
  EXPECT_EQ(str(user["division"].as_object(), "name"), "Home");
}

TEST_F(UsersCreateTest, UnknownDivisionIdIsInvalidValue) {
  for (const std::string& division : std::vector<std::string>{random_uuid(), "not-a-division"}) {
    json::object body{{"name", "Lost"}, {"email", "lost@example.com"}, {"divisionId", division}};
    auto res = post_user(json::serialize(body), admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << "divisionId " << division;
    EXPECT_EQ(first_field_name(res), "divisionId") << res.body;
  }
}

struct InvalidCase {
  std::string label;
  std::string body;
  std::string field;
};

TEST_F(UsersCreateTest, FieldValidationNamesTheField) {
  const std::vector<InvalidCase> cases = {
      {"missing name", R"({"email":"x@example.com"})", "name"},
      {"empty name", R"({"name":"","email":"x@example.com"})", "name"},
      {"missing email", R"({"name":"X"})", "email"},
      {"empty email", R"({"name":"X","email":""})", "email"},
      {"bad email", R"({"name":"X","email":"not-an-email"})", "email"},
      {"bad email domain", R"({"name":"X","email":"x@"})", "email"},
      {"unknown state", R"({"name":"X","email":"x@example.com","state":"sleeping"})", "state"},
      {"deleted state", R"({"name":"X","email":"x@example.com","state":"deleted"})", "state"},
  };
  for (const auto& c : cases) {
    auto res = post_user(c.body, admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << c.label;
    EXPECT_EQ(first_field_name(res), c.field) << c.label << ": " << res.body;
  }
  // None of them was stored.
  EXPECT_EQ(num(list_users("state=any"), "total"), 0);
}

TEST_F(UsersCreateTest, MalformedJsonIsBadRequest) {
  for (const std::string body : {"{", "{\"name\": \"X\",", "not json", ""}) {
    auto res = post_user(body, admin());
    EXPECT_TRUE(is_error_body(res, 400, "bad.request")) << "body '" << body << "'";
  }
}

TEST_F(UsersCreateTest, JsonThatIsNotAnObjectIsRejected) {
  for (const std::string body : {R"([{"name":"X","email":"x@example.com"}])", "42", "\"text\"", "null"}) {
    auto res = post_user(body, admin());
    const bool bad_request = is_error_body(res, 400, "bad.request");
    const bool invalid_value = is_error_body(res, 400, "invalid.value");
    EXPECT_TRUE(bad_request || invalid_value) << "body " << body << "\n" << res.describe();
  }
}

TEST_F(UsersCreateTest, WrongContentTypeIsUnsupportedMediaType) {
  const std::string body = R"({"name":"Typed","email":"typed@example.com"})";
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
    auto res = http().post_json("/api/v2/users", body, admin(), {{"Content-Type", type}});
    EXPECT_TRUE(is_error_body(res, 415, "unsupported.media.type")) << "Content-Type " << type;
  }
  EXPECT_EQ(num(list_users("state=any"), "total"), 0);
}

TEST_F(UsersCreateTest, MissingContentTypeIsReadAsJson) {
  // Only a Content-Type other than JSON is refused (415); a body without one
  // is read as JSON, as clients that omit the header expect.
  auto res = http().send("POST", "/api/v2/users", bearer(admin()), R"({"name":"Bare","email":"bare@example.com"})");
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_TRUE(is_user(parse_object(res.body), "Bare", "bare@example.com"));
  EXPECT_EQ(num(list_users("state=any"), "total"), 1);
}

TEST_F(UsersCreateTest, JsonContentTypeWithCharsetIsAccepted) {
  auto res = http().post_json("/api/v2/users", R"({"name":"Charset","email":"charset@example.com"})", admin(),
                              {{"Content-Type", "application/json; charset=UTF-8"}});
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_TRUE(is_user(parse_object(res.body), "Charset", "charset@example.com"));
}

TEST_F(UsersCreateTest, BodyOverOneMebibyteIsTooLarge) {
  // A valid JSON object just over the 1 MiB limit.
  std::string body = R"({"name":"Big","email":"big@example.com","title":")";
  body += std::string((1 << 20) - body.size() + 16, 'x');
  body += "\"}";
  ASSERT_GT(body.size(), std::size_t{1} << 20);
  auto res = post_user(body, admin());
  EXPECT_TRUE(is_error_body(res, 413, "request.entity.too.large"));
  // The server is still healthy and stored nothing.
  auto fresh = server().client();
  EXPECT_TRUE(has_status(fresh.get("/healthz"), 200));
  auto listing = fresh.get("/api/v2/users?state=any", admin());
  ASSERT_TRUE(has_status(listing, 200));
  EXPECT_EQ(num(parse_object(listing.body), "total"), 0) << listing.body;
}

TEST_F(UsersCreateTest, BodyJustUnderTheLimitIsAccepted) {
  std::string body = R"({"name":"Almost","email":"almost@example.com","department":")";
  body += std::string((1 << 20) - body.size() - 2, 'y');
  body += "\"}";
  ASSERT_EQ(body.size(), std::size_t{1} << 20);
  auto res = post_user(body, admin());
  // A department this long may be refused as a value, but not as a body size.
  EXPECT_NE(res.status, 413) << res.describe();
  EXPECT_TRUE(res.status == 200 || is_error_body(res, 400, "invalid.value")) << res.describe();
}

TEST_F(UsersCreateTest, DuplicateEmailIsConflictCaseInsensitively) {
  auto first = create_user("Dup One", "dup@example.com");
  ASSERT_FALSE(first.empty());
  auto same = post_user(R"({"name":"Dup Two","email":"dup@example.com"})", admin());
  EXPECT_TRUE(is_error_body(same, 409, "general.conflict"));
  auto upper = post_user(R"({"name":"Dup Three","email":"DUP@Example.COM"})", admin());
  EXPECT_TRUE(is_error_body(upper, 409, "general.conflict"));
  EXPECT_EQ(num(list_users("state=any"), "total"), 1);
}

TEST_F(UsersCreateTest, EmailOfADeletedUserCanBeReused) {
  auto first = create_user("Gone", "reuse@example.com");
  ASSERT_FALSE(first.empty());
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(first, "id"), admin()), 200));
  auto second = create_user("Back", "reuse@example.com");
  ASSERT_FALSE(second.empty());
  EXPECT_NE(str(second, "id"), str(first, "id"));
  EXPECT_TRUE(is_user(second, "Back", "reuse@example.com"));
}

// A C0 control character (other than tab) in any JSON string is refused
// with a 400 naming the field: "\u0000" shows as a truncated name in C
// consumers, CR/LF/ESC forge log lines. Nothing is written.
TEST_F(UsersCreateTest, ControlCharactersInStringsAreRefused) {
  for (std::string name : {"Nul\\u0000Hidden Admin", "Line\\r\\nBreak", "Esc\\u001b[31m"}) {
    auto res = post_user("{\"name\": \"" + name + "\", \"email\": \"c@example.com\"}", admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << name << " " << res.body;
    EXPECT_EQ(first_field_name(res), "name") << name;
  }
  auto nested = post_user(
      R"({"name": "N", "email": "n@example.com", "addresses": [{"address": "+1\u0007", "mediaType": "PHONE", "type": "WORK"}]})",
      admin());
  EXPECT_TRUE(is_error_body(nested, 400, "invalid.value")) << nested.body;
  EXPECT_EQ(first_field_name(nested), "addresses[0].address");
  auto list = list_users();
  EXPECT_EQ(num(list, "total"), 0) << "nothing was written";
  // A tab is text.
  EXPECT_TRUE(has_status(post_user(R"({"name": "Tab\tName", "email": "t@example.com"})", admin()), 200));
}

}  // namespace
}  // namespace rp::test
