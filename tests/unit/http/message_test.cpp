#include "http/message.h"

#include <gtest/gtest.h>

namespace rp::http {
namespace {

TEST(Request, HeaderLookupIsCaseInsensitive) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"ININ-Correlation-Id", "abc"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("inin-correlation-id"), "abc");
  EXPECT_EQ(r.header("Authorization"), "");
}

TEST(Request, QueryListTakesRepeatsAndCommasInOrder) {
  Request r;
  r.query = {{"id", "a"}, {"pageSize", "5"}, {"id", "b, c"}, {"id", ""}, {"id", "d,,e"}};
  EXPECT_EQ(r.query_list("id"), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(r.query_param("id"), "a");
  EXPECT_EQ(r.query_param("pageSize"), "5");
  EXPECT_FALSE(r.query_param("pagesize").has_value());  // keys are case-sensitive
  EXPECT_TRUE(r.query_list("missing").empty());
}

TEST(Request, EmptyQueryValueIsPresent) {
  Request r;
  r.query = {{"flag", ""}};
  ASSERT_TRUE(r.query_param("flag").has_value());
  EXPECT_EQ(*r.query_param("flag"), "");
}

TEST(Request, PathParam) {
  Request r;
  r.path_params = {{"userId", "u1"}};
  EXPECT_EQ(r.path_param("userId"), "u1");
  EXPECT_EQ(r.path_param("roleId"), "");
}

TEST(Response, SetHeaderReplacesCaseInsensitively) {
  Response res;
  res.set_header("Retry-After", "5");
  res.headers.emplace_back("retry-after", "6");
  res.set_header("RETRY-AFTER", "1");
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.header("retry-after"), "1");
  res.set_header("Location", "/x");
  EXPECT_EQ(res.headers.size(), 2u);
  EXPECT_EQ(res.header("location"), "/x");
  EXPECT_EQ(res.header("missing"), "");
}

TEST(Response, Json) {
  auto res = Response::json(201, R"({"id":1})");
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  EXPECT_EQ(res.body, R"({"id":1})");
}

}  // namespace
}  // namespace rp::http
