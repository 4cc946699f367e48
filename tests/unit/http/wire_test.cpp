#include "http/wire.h"

#include <gtest/gtest.h>

namespace rp::http::detail {
namespace {

TEST(DecodeTarget, PathAndQueryArePercentDecoded) {
  std::string path;
  Fields query;
  ASSERT_TRUE(decode_target("/api/v2/users/a%20b?name=j%C3%A9r%C3%B4me&id=1&id=2&plus=a+b", path, query));
  EXPECT_EQ(path, "/api/v2/users/a b");
  ASSERT_EQ(query.size(), 4u);
  EXPECT_EQ(query[0], (std::pair<std::string, std::string>{"name", "jérôme"}));
  EXPECT_EQ(query[1], (std::pair<std::string, std::string>{"id", "1"}));
  EXPECT_EQ(query[2], (std::pair<std::string, std::string>{"id", "2"}));
  // As in form encoding and what the SDKs, URLEncoder and urlencode send:
  // '+' is a space in the query; "%2B" is a plus.
  EXPECT_EQ(query[3], (std::pair<std::string, std::string>{"plus", "a b"}));
  ASSERT_TRUE(decode_target("/p+q?name=R+OK&sum=1%2B1", path, query));
  EXPECT_EQ(path, "/p+q");  // not in the path
  EXPECT_EQ(query[0].second, "R OK");
  EXPECT_EQ(query[1].second, "1+1");
}

TEST(DecodeTarget, EncodedSlashAndPercentStayInsideTheirSegment) {
  std::string path;
  Fields query;
  ASSERT_TRUE(decode_target("/users/a%2Fb/x%25y/%2f", path, query));
  EXPECT_EQ(path, "/users/a%2Fb/x%25y/%2f");
  ASSERT_TRUE(decode_target("/users/%41%2541", path, query));
  EXPECT_EQ(path, "/users/A%2541");
}

TEST(DecodeTarget, KeysWithoutValuesAndEmptyPieces) {
  std::string path;
  Fields query;
  ASSERT_TRUE(decode_target("/x?flag&&empty=&k%3D=v%26", path, query));
  ASSERT_EQ(query.size(), 3u);
  EXPECT_EQ(query[0], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(query[1], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ(query[2], (std::pair<std::string, std::string>{"k=", "v&"}));
}

TEST(DecodeTarget, ReusesOutputsAndShrinksQuery) {
  std::string path = "stale";
  Fields query = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
  ASSERT_TRUE(decode_target("/only?z=9", path, query));
  EXPECT_EQ(path, "/only");
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(query[0].first, "z");
  ASSERT_TRUE(decode_target("/none", path, query));
  EXPECT_TRUE(query.empty());
}

TEST(DecodeTarget, AbsoluteForm) {
  std::string path;
  Fields query;
  ASSERT_TRUE(decode_target("http://example.com/a/b?x=1", path, query));
  EXPECT_EQ(path, "/a/b");
  ASSERT_EQ(query.size(), 1u);
  ASSERT_TRUE(decode_target("http://example.com", path, query));
  EXPECT_EQ(path, "/");
}

TEST(DecodeTarget, RejectsMalformedTargets) {
  std::string path;
  Fields query;
  EXPECT_FALSE(decode_target("/bad%zz", path, query));
  EXPECT_FALSE(decode_target("/a?b=%4", path, query));
  EXPECT_FALSE(decode_target("/nul%00byte", path, query));
  EXPECT_FALSE(decode_target("", path, query));
  EXPECT_FALSE(decode_target("relative/path", path, query));
}

TEST(CorrelationId, Validation) {
  EXPECT_TRUE(valid_correlation_id("abc-123"));
  EXPECT_TRUE(valid_correlation_id(std::string(128, 'x')));
  EXPECT_FALSE(valid_correlation_id(std::string(129, 'x')));
  EXPECT_FALSE(valid_correlation_id(""));
  EXPECT_FALSE(valid_correlation_id("tab\there"));
  EXPECT_FALSE(valid_correlation_id("caf\xc3\xa9"));
}

TEST(WriteHead, ServerOwnedFieldsOverrideTheApplication) {
  Response res = Response::json(404, "{}");
  res.headers.emplace_back("Content-Length", "999");
  res.headers.emplace_back("server", "other");
  res.headers.emplace_back("ININ-Correlation-Id", "wrong");
  res.headers.emplace_back("X-Split", "a\r\nInjected: yes");
  res.headers.emplace_back("Bad Name", "v");
  std::string out;
  write_head(out, res,
             HeadOptions{.correlation_header = "ININ-Correlation-Id",
                         .correlation_id = "cid-1",
                         .content_length = 2,
                         .keep_alive = true});
  EXPECT_TRUE(out.starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_TRUE(out.ends_with("\r\n\r\n"));
  EXPECT_NE(out.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(out.find("Content-Length: 2\r\n"), std::string::npos);
  EXPECT_NE(out.find("Server: roleplane\r\n"), std::string::npos);
  EXPECT_NE(out.find("ININ-Correlation-Id: cid-1\r\n"), std::string::npos);
  EXPECT_NE(out.find("Date: "), std::string::npos);
  EXPECT_EQ(out.find("999"), std::string::npos);
  EXPECT_EQ(out.find("other"), std::string::npos);
  EXPECT_EQ(out.find("wrong"), std::string::npos);
  EXPECT_EQ(out.find("Injected"), std::string::npos);
  EXPECT_EQ(out.find("Bad Name"), std::string::npos);
  EXPECT_EQ(out.find("Connection"), std::string::npos);
}

TEST(WriteHead, ConnectionHandling) {
  Response res;
  std::string out;
  write_head(out, res,
             HeadOptions{.correlation_header = "ININ-Correlation-Id", .correlation_id = "c", .keep_alive = false});
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  out.clear();
  write_head(
      out, res,
      HeadOptions{
          .correlation_header = "ININ-Correlation-Id", .correlation_id = "c", .keep_alive = true, .http10 = true});
  EXPECT_NE(out.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(WriteHead, NoContentLengthWithout204Body) {
  Response res;
  res.status = 204;
  std::string out;
  write_head(out, res, HeadOptions{.correlation_header = "ININ-Correlation-Id", .correlation_id = "c"});
  EXPECT_TRUE(out.starts_with("HTTP/1.1 204 No Content\r\n"));
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
}

TEST(RedactTarget, MasksSecretLookingQueryValues) {
  std::string out;
  append_redacted_target(out, "/oauth/token?grant_type=x&client_secret=s3cr3t&access_token=t&pageSize=5");
  EXPECT_EQ(out, "/oauth/token?grant_type=x&client_secret=***&access_token=***&pageSize=5");
  out.clear();
  append_redacted_target(out, "/plain/path");
  EXPECT_EQ(out, "/plain/path");
}

TEST(HttpDate, LooksLikeImfFixdate) {
  auto d = http_date();
  ASSERT_EQ(d.size(), 29u);
  EXPECT_TRUE(d.ends_with(" GMT"));
  EXPECT_EQ(d[3], ',');
}

}  // namespace
}  // namespace rp::http::detail
