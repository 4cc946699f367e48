// The Atlas wrapper's lifecycle rule: a deprecated operation answers 410
// VERSION_GONE from its sunset date on, and works until then.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/atlas/endpoint.h"

namespace rp::api::atlas {
namespace {

constexpr std::string_view kPath = "/api/atlas/v2/orgs/4888442a3354817a7320eb61/users/5e4bc367c85b2b3f1b1c8e3a/roles";

RouteSpec deprecated() {
  return RouteSpec{
      "PUT", "/api/atlas/v2/orgs/{orgId}/users/{userId}/roles", {"2023-01-01"}, {"ORG_OWNER"}, "2027-07-01"};
}

TEST(AtlasVersionGone, BeforeTheSunsetTheOperationWorks) {
  Millis sunset = *parse_iso8601("2027-07-01");
  EXPECT_FALSE(version_gone(deprecated(), "2023-01-01", kPath, sunset - 1));
  RouteSpec current = deprecated();
  current.sunset.clear();
  EXPECT_FALSE(version_gone(current, "2023-01-01", kPath, sunset + 1000));
}

TEST(AtlasVersionGone, FromTheSunsetOnItIs410VersionGone) {
  Millis sunset = *parse_iso8601("2027-07-01");
  for (Millis now : {sunset, sunset + 86'400'000}) {
    auto gone = version_gone(deprecated(), "2023-01-01", kPath, now);
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->status, 410);
    auto body = boost::json::parse(gone->body).as_object();
    EXPECT_EQ(body.at("error").as_int64(), 410);
    EXPECT_EQ(body.at("errorCode").as_string(), "VERSION_GONE");
    EXPECT_EQ(body.at("reason").as_string(), "Gone");
    auto params = body.at("parameters").as_array();
    ASSERT_EQ(params.size(), 2u);
    EXPECT_EQ(params[0].as_string(), "2023-01-01");
    EXPECT_EQ(params[1].as_string(), kPath);
  }
}

}  // namespace
}  // namespace rp::api::atlas
