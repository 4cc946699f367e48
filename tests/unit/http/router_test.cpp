#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rp::http {
namespace {

Handler tagged(std::string tag) {
  return [tag](Request&) { return Response::json(200, tag); };
}

Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

std::string call(const Router::Match& m, Request& req) { return (*m.handler)(req).body; }

TEST(Router, MatchesLiteralTemplates) {
  Router router;
  router.add("GET", "/api/v2/users", tagged("list"));
  router.add("POST", "/api/v2/users", tagged("create"));
  auto req = request("GET", "/api/v2/users");
  auto m = router.match(req);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(call(m, req), "list");
  auto post = request("POST", "/api/v2/users");
  auto pm = router.match(post);
  ASSERT_EQ(pm.outcome, Router::Outcome::found);
  EXPECT_EQ(call(pm, post), "create");
}

TEST(Router, CapturesFillPathParams) {
  Router router;
  router.add("GET", "/api/v2/users/{userId}/roles/{roleId}", tagged("role"));
  auto req = request("GET", "/api/v2/users/u-1/roles/r-2");
  auto m = router.match(req);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(req.path_param("userId"), "u-1");
  EXPECT_EQ(req.path_param("roleId"), "r-2");
  EXPECT_EQ(req.path_param("missing"), "");
  ASSERT_EQ(req.path_params.size(), 2u);
}

TEST(Router, LiteralBeatsCapture) {
  Router router;
  router.add("GET", "/api/v2/users/{userId}", tagged("by-id"));
  router.add("GET", "/api/v2/users/me", tagged("me"));
  auto me = request("GET", "/api/v2/users/me");
  auto m = router.match(me);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(call(m, me), "me");
  EXPECT_TRUE(me.path_params.empty());
  auto other = request("GET", "/api/v2/users/abc");
  auto o = router.match(other);
  ASSERT_EQ(o.outcome, Router::Outcome::found);
  EXPECT_EQ(call(o, other), "by-id");
  EXPECT_EQ(other.path_param("userId"), "abc");
}

TEST(Router, LiteralBeatsCaptureForItsOwnMethodsOnly) {
  Router router;
  router.add("PATCH", "/api/v2/users/{userId}", tagged("patch-one"));
  router.add("GET", "/api/v2/users/{userId}", tagged("get-one"));
  router.add("PATCH", "/api/v2/users/bulk", tagged("patch-bulk"));
  auto bulk = request("PATCH", "/api/v2/users/bulk");
  auto m = router.match(bulk);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(call(m, bulk), "patch-bulk");
  EXPECT_TRUE(bulk.path_params.empty());
  auto one = request("PATCH", "/api/v2/users/u-1");
  auto o = router.match(one);
  ASSERT_EQ(o.outcome, Router::Outcome::found);
  EXPECT_EQ(call(o, one), "patch-one");
  // A method the literal route lacks falls through to the capture.
  auto get = request("GET", "/api/v2/users/bulk");
  auto g = router.match(get);
  ASSERT_EQ(g.outcome, Router::Outcome::found);
  EXPECT_EQ(call(g, get), "get-one");
  EXPECT_EQ(get.path_param("userId"), "bulk");
}

TEST(Router, CaptureMatchesWhenLiteralBranchLeadsNowhere) {
  Router router;
  router.add("GET", "/users/me/roles", tagged("my-roles"));
  router.add("GET", "/users/{id}/grants", tagged("grants"));
  auto req = request("GET", "/users/me/grants");
  auto m = router.match(req);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(call(m, req), "grants");
  EXPECT_EQ(req.path_param("id"), "me");
}

TEST(Router, CaptureNamesMayDifferPerRoute) {
  Router router;
  router.add("GET", "/orgs/{orgId}", tagged("get"));
  router.add("DELETE", "/orgs/{id}", tagged("delete"));
  auto del = request("DELETE", "/orgs/o1");
  ASSERT_EQ(router.match(del).outcome, Router::Outcome::found);
  EXPECT_EQ(del.path_param("id"), "o1");
  auto get = request("GET", "/orgs/o1");
  ASSERT_EQ(router.match(get).outcome, Router::Outcome::found);
  EXPECT_EQ(get.path_param("orgId"), "o1");
}

TEST(Router, NotFoundVersusMethodNotAllowed) {
  Router router;
  router.add("GET", "/api/v2/roles/{roleId}", tagged("get"));
  router.add("PUT", "/api/v2/roles/{roleId}", tagged("put"));
  router.add("DELETE", "/api/v2/roles/{roleId}", tagged("delete"));

  auto missing = request("GET", "/api/v2/nothing");
  auto m = router.match(missing);
  EXPECT_EQ(m.outcome, Router::Outcome::not_found);
  EXPECT_EQ(m.handler, nullptr);

  auto post = request("POST", "/api/v2/roles/r1");
  auto p = router.match(post);
  EXPECT_EQ(p.outcome, Router::Outcome::method_not_allowed);
  EXPECT_EQ(p.allowed, "GET, PUT, DELETE");
  EXPECT_EQ(p.handler, nullptr);
}

TEST(Router, AllowListsMethodsOfEveryMatchingTemplate) {
  Router router;
  router.add("GET", "/users/me", tagged("me"));
  router.add("DELETE", "/users/{id}", tagged("delete"));
  // DELETE /users/me falls through to the capture route.
  auto del = request("DELETE", "/users/me");
  EXPECT_EQ(router.match(del).outcome, Router::Outcome::found);
  auto patch = request("PATCH", "/users/me");
  auto m = router.match(patch);
  EXPECT_EQ(m.outcome, Router::Outcome::method_not_allowed);
  EXPECT_EQ(m.allowed, "GET, DELETE");
}

TEST(Router, HeadFallsBackToGet) {
  Router router;
  router.add("GET", "/things/{id}", tagged("get"));
  router.add("POST", "/other", tagged("post"));
  auto head = request("HEAD", "/things/7");
  auto m = router.match(head);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(head.path_param("id"), "7");
  auto other = request("HEAD", "/other");
  m = router.match(other);
  EXPECT_EQ(m.outcome, Router::Outcome::method_not_allowed);
  EXPECT_EQ(m.allowed, "POST");
}

TEST(Router, EncodedSlashIsPartOfTheCapturedSegment) {
  Router router;
  router.add("GET", "/users/{id}", tagged("get"));
  auto req = request("GET", "/users/a%2Fb%2541");  // as decode_target leaves "a/b%41" encoded
  ASSERT_EQ(router.match(req).outcome, Router::Outcome::found);
  EXPECT_EQ(req.path_param("id"), "a/b%41");
}

TEST(Router, SegmentsMustMatchExactly) {
  Router router;
  router.add("GET", "/users/{id}", tagged("get"));
  for (const char* path : {"/users", "/users/", "/users/a/b", "users/a", "", "/Users/a"}) {
    auto req = request("GET", path);
    EXPECT_EQ(router.match(req).outcome, Router::Outcome::not_found) << path;
  }
}

TEST(Router, RootPath) {
  Router router;
  router.add("GET", "/", tagged("root"));
  auto req = request("GET", "/");
  EXPECT_EQ(router.match(req).outcome, Router::Outcome::found);
}

TEST(Router, RejectsDuplicatesAndBadTemplates) {
  Router router;
  router.add("GET", "/a/{id}", tagged("1"));
  EXPECT_THROW(router.add("GET", "/a/{id}", tagged("2")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{other}", tagged("2")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/a/{id}", tagged("3")));
  EXPECT_THROW(router.add("GET", "no-slash", tagged("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{}", tagged("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/x{id}", tagged("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/b", Handler{}), std::invalid_argument);
}

TEST(Router, CapturesMayEndInACustomMethodSuffix) {
  Router router;
  router.add("GET", "/orgs/{orgId}/users/{userId}", tagged("get"));
  router.add("POST", "/orgs/{orgId}/users/{userId}:addRole", tagged("add"));
  router.add("POST", "/orgs/{orgId}/users/{userId}:removeRole", tagged("remove"));
  auto add = request("POST", "/orgs/o1/users/u1:addRole");
  auto m = router.match(add);
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(call(m, add), "add");
  EXPECT_EQ(add.path_param("userId"), "u1");
  EXPECT_EQ(add.path_param("orgId"), "o1");
  auto remove = request("POST", "/orgs/o1/users/u1:removeRole");
  auto r = router.match(remove);
  ASSERT_EQ(r.outcome, Router::Outcome::found);
  EXPECT_EQ(call(r, remove), "remove");
  // The plain capture takes the whole segment, suffix or not.
  auto get = request("GET", "/orgs/o1/users/u1:addRole");
  auto g = router.match(get);
  ASSERT_EQ(g.outcome, Router::Outcome::found);
  EXPECT_EQ(get.path_param("userId"), "u1:addRole");
  // An unknown verb or an empty capture before the suffix is the plain capture's.
  auto other = request("POST", "/orgs/o1/users/u1:other");
  EXPECT_EQ(router.match(other).outcome, Router::Outcome::method_not_allowed);
  auto empty = request("POST", "/orgs/o1/users/:addRole");
  EXPECT_EQ(router.match(empty).outcome, Router::Outcome::method_not_allowed);
  EXPECT_THROW(router.add("GET", "/a/{id}x", tagged("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{id}:", tagged("x")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{id}:{v}", tagged("x")), std::invalid_argument);
}

TEST(Router, IsMovable) {
  Router a;
  a.add("GET", "/x", tagged("x"));
  Router b(std::move(a));
  auto req = request("GET", "/x");
  EXPECT_EQ(b.match(req).outcome, Router::Outcome::found);
  Router c;
  c = std::move(b);
  EXPECT_EQ(c.match(req).outcome, Router::Outcome::found);
}

}  // namespace
}  // namespace rp::http
