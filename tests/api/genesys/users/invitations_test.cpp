// POST /api/v2/users/{userId}/invite, the mail outbox it writes to, and the
// page behind the link (GET/POST /invitations/{token}). Without SMTP the
// message stays in the outbox and its text goes to the server's log, which is
// where these tests pick the link up.

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

#include "api/db_query.h"
#include "api/genesys/authorization/roles_api.h"
#include "core/time.h"
#include "service/common/crypto.h"

namespace rp::test {
namespace {

namespace json = boost::json;

void execute(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

class InvitationsTest : public RolesApiTest {
 protected:
  void SetUp() override {
    RolesApiTest::SetUp();
    service::init_crypto();
  }
  HttpResponse invite(const std::string& id, std::string_view query = {}, std::string_view token = {}) {
    std::string target = "/api/v2/users/" + id + "/invite";
    if (!query.empty()) target += "?" + std::string(query);
    return send("POST", target, {}, token);
  }
  // The paths (/invitations/<token>) of every link in the server's log so far.
  std::vector<std::string> logged_links() {
    static const std::regex link(R"(https?://[^/\s]+(/invitations/[A-Za-z0-9_-]+))");
    std::vector<std::string> out;
    std::string log = server().log_text();
    for (std::sregex_iterator it(log.begin(), log.end(), link), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
  }
  // Waits for the mail sender to log the `n`-th link and returns it.
  std::string nth_link(std::size_t n) {
    for (int i = 0; i < 300; ++i) {
      auto links = logged_links();
      if (links.size() >= n) return links[n - 1];
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no invitation link #" << n << " in the log:\n" << server().log_text();
    return "/invitations/none";
  }
  HttpResponse post_form(const std::string& path, const std::string& body) {
    return http().send("POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
  }
  std::string password_hash(const std::string& user_id) {
    auto rows = query(server().db_path(), "SELECT password_hash FROM users WHERE id = ?1", {user_id});
    return rows.empty() ? "" : rows[0][0];
  }
  static void expect_page_headers(const HttpResponse& res) {
    EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(res.header("Cache-Control"), "no-store");
    EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(res.header("Referrer-Policy"), "no-referrer");
    EXPECT_NE(res.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
    EXPECT_NE(res.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  }
};

TEST_F(InvitationsTest, InviteWritesInvitationOutboxAndAuditTogether) {
  auto user = create_user("Ada", "ada@example.com", {{"state", "inactive"}});
  const std::string id = str(user, "id");
  auto res = invite(id);
  ASSERT_EQ(res.status, 204) << res.describe();
  EXPECT_TRUE(res.body.empty());

  auto mail = query(server().db_path(), "SELECT recipient, subject, body, state, attempts FROM mail_outbox");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0][0], "ada@example.com");
  EXPECT_NE(mail[0][1].find("acme"), std::string::npos) << mail[0][1];
  EXPECT_NE(mail[0][2].find("Hello Ada"), std::string::npos);
  EXPECT_EQ(mail[0][3], "pending");  // no SMTP configured: it stays
  EXPECT_EQ(mail[0][4], "0");

  // The link's token is not stored: only its hash is.
  std::string path = nth_link(1);
  std::string token = path.substr(std::string("/invitations/").size());
  EXPECT_NE(mail[0][2].find(path), std::string::npos);
  auto inv = query(server().db_path(), "SELECT token_hash, user_id, email, used, superseded FROM invitations");
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0][0], service::sha256_hex(token));
  EXPECT_EQ(inv[0][1], id);
  EXPECT_EQ(inv[0][2], "ada@example.com");
  EXPECT_EQ(inv[0][3], "");
  EXPECT_EQ(query(server().db_path(), "SELECT count(*) FROM invitations WHERE token_hash = ?1", {token})[0][0], "0");
  auto audit = query(server().db_path(), "SELECT after_json FROM audit_log WHERE action = 'invitation.create'");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0].find(token), std::string::npos);
  EXPECT_EQ(str(parse_object(audit[0][0]), "userId"), id);
}

TEST_F(InvitationsTest, PermissionsAnd404s) {
  const std::string id = str(create_user("Perm", "perm@example.com"), "id");
  expect_denied(invite(id, {}, token_with({"employee"})), "directory:user:setPassword", "employee");
  expect_denied(invite(id, {}, token_with({"supervisor"})), "directory:user:setPassword", "supervisor");
  EXPECT_EQ(invite(id, {}, token_with_permission("directory:user:setPassword")).status, 204);
  EXPECT_EQ(invite(id, "force=true", token_with_permission("directory:organization:admin")).status, 204);

  EXPECT_TRUE(is_error_body(invite(random_uuid()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(invite("not-a-uuid"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(invite(id, {}, globex()), 404, "not.found"));
  auto bad = invite(id, "force=perhaps");
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "force");
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + id), 200));
  EXPECT_TRUE(is_error_body(invite(id, "force=true"), 404, "not.found"));
  EXPECT_EQ(query(server().db_path(), "SELECT count(*) FROM mail_outbox")[0][0], "2");
}

TEST_F(InvitationsTest, AcceptingSetsThePasswordAndActivates) {
  auto user = create_user("Bea <b>&", "bea@example.com", {{"state", "inactive"}});
  const std::string id = str(user, "id");
  ASSERT_EQ(invite(id).status, 204);
  const std::string path = nth_link(1);

  auto page = http().get(path);
  ASSERT_TRUE(has_status(page, 200));
  expect_page_headers(page);
  EXPECT_NE(page.body.find("Bea &lt;b&gt;&amp;"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("<b>&"), std::string::npos);
  EXPECT_NE(page.body.find("name=\"password\""), std::string::npos);
  EXPECT_NE(page.body.find("method=\"post\""), std::string::npos);

  // Refused forms leave everything as it was.
  auto differ = post_form(path, "password=Correct+horse+1&confirm=Correct+horse+2");
  EXPECT_EQ(differ.status, 400);
  expect_page_headers(differ);
  auto weak = post_form(path, "password=short&confirm=short");
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("8"), std::string::npos);
  EXPECT_EQ(http().send("POST", path, {{"Content-Type", "application/json"}}, "{}").status, 415);
  EXPECT_EQ(password_hash(id), "");

  auto done = post_form(path, "password=Correct+horse+%231&confirm=Correct+horse+%231");
  ASSERT_TRUE(has_status(done, 200));
  expect_page_headers(done);
  EXPECT_NE(done.body.find("id=\"done\""), std::string::npos);
  auto hash = password_hash(id);
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(service::verify_password("Correct horse #1", hash));
  EXPECT_FALSE(service::verify_password("Correct horse 1", hash));

  // The invitation activated the user (a new version) and is used up.
  auto after = ok(get_user(id));
  EXPECT_EQ(str(after, "state"), "active");
  EXPECT_EQ(num(after, "version"), 2);
  auto again = http().get(path);
  EXPECT_EQ(again.status, 410);
  expect_page_headers(again);
  EXPECT_NE(again.body.find("already been used"), std::string::npos);
  EXPECT_EQ(post_form(path, "password=Another+pass+2&confirm=Another+pass+2").status, 410);
  EXPECT_TRUE(service::verify_password("Correct horse #1", password_hash(id)));
  EXPECT_EQ(query(server().db_path(), "SELECT count(*) FROM audit_log WHERE action = 'invitation.accept'")[0][0], "1");
}

TEST_F(InvitationsTest, OutstandingInvitationsNeedForceWhichSupersedesThem) {
  const std::string id = str(create_user("Cy", "cy@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  const std::string first = nth_link(1);
  auto again = invite(id);
  EXPECT_TRUE(is_error_body(again, 409, "general.conflict"));
  EXPECT_NE(again.body.find("force"), std::string::npos);
  EXPECT_EQ(invite(id, "force=false").status, 409);

  ASSERT_EQ(invite(id, "force=true").status, 204);
  const std::string second = nth_link(2);
  EXPECT_NE(first, second);
  auto old = http().get(first);
  EXPECT_EQ(old.status, 410);
  EXPECT_NE(old.body.find("replaced"), std::string::npos);
  EXPECT_EQ(post_form(first, "password=Correct+horse+1&confirm=Correct+horse+1").status, 410);
  EXPECT_EQ(password_hash(id), "");
  EXPECT_EQ(post_form(second, "password=Correct+horse+1&confirm=Correct+horse+1").status, 200);

  // A used invitation is not outstanding: a new one needs no force.
  EXPECT_EQ(invite(id).status, 204);
}

TEST_F(InvitationsTest, ConcurrentAcceptsUseTheInvitationOnce) {
  const std::string id = str(create_user("Race", "race@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  const std::string path = nth_link(1);
  constexpr int kTries = 6;
  std::vector<int> statuses(kTries);
  std::vector<std::thread> threads;
  for (int i = 0; i < kTries; ++i)
    threads.emplace_back([&, i] {
      auto client = server().client();
      std::string pw = "Password+number+" + std::to_string(i);
      statuses[i] = client
                        .send("POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}},
                              "password=" + pw + "&confirm=" + pw)
                        .status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 410), kTries - 1);
  int winner = static_cast<int>(std::find(statuses.begin(), statuses.end(), 200) - statuses.begin());
  EXPECT_TRUE(service::verify_password("Password number " + std::to_string(winner), password_hash(id)));
  EXPECT_EQ(query(server().db_path(), "SELECT count(*) FROM audit_log WHERE action = 'invitation.accept'")[0][0], "1");
}

TEST_F(InvitationsTest, DateWelcomeSentIsTheNewestInvitation) {
  const std::string id = str(create_user("Wes", "wes@example.com"), "id");
  const std::string other = str(create_user("Una", "una@example.com"), "id");
  EXPECT_FALSE(ok(get_user(id, {}, "expand=dateWelcomeSent")).contains("dateWelcomeSent"));
  ASSERT_EQ(invite(id).status, 204);
  ASSERT_EQ(invite(id, "force=true").status, 204);
  auto newest = query(server().db_path(), "SELECT max(created) FROM invitations")[0][0];
  auto u = ok(get_user(id, {}, "expand=dateWelcomeSent"));
  EXPECT_EQ(str(u, "dateWelcomeSent"), to_iso8601(std::stoll(newest)));
  auto list = ok(send("GET", "/api/v2/users?expand=dateWelcomeSent&id=" + id + "&id=" + other));
  for (const auto& e : list.at("entities").as_array())
    EXPECT_EQ(e.as_object().contains("dateWelcomeSent"), str(e.as_object(), "id") == id);
}

TEST_F(InvitationsTest, ExpiredAndUnknownTokens) {
  const std::string id = str(create_user("Dee", "dee@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  const std::string path = nth_link(1);
  EXPECT_EQ(http().get(path).status, 200);
  // Expiry comes from configuration ([invitations] lifetime_seconds, 7 days by default).
  auto inv = query(server().db_path(), "SELECT created, expires FROM invitations");
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(std::stoll(inv[0][1]) - std::stoll(inv[0][0]), 7LL * 24 * 3600 * 1000);

  execute(server().db_path(), "UPDATE invitations SET expires = created");
  auto expired = http().get(path);
  EXPECT_EQ(expired.status, 410);
  expect_page_headers(expired);
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
  EXPECT_EQ(post_form(path, "password=Correct+horse+1&confirm=Correct+horse+1").status, 410);
  EXPECT_EQ(password_hash(id), "");
  // An expired invitation is not outstanding.
  EXPECT_EQ(invite(id).status, 204);

  for (const std::string& p : {std::string("/invitations/unknown"), "/invitations/" + std::string(300, 'a')}) {
    auto res = http().get(p);
    EXPECT_EQ(res.status, 404) << p;
    expect_page_headers(res);
    EXPECT_EQ(post_form(p, "password=Correct+horse+1&confirm=Correct+horse+1").status, 404) << p;
  }
}

class InvitationConfigTest : public InvitationsTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    c.config_toml =
        "[server]\npublic_url = \"https://id.example.com/\"\n"
        "[invitations]\nlifetime_seconds = 3600\n"
        "[passwords]\nmin_length = 12\n";
    return c;
  }
};

TEST_F(InvitationConfigTest, LinksUseThePublicUrlLifetimeAndPolicyComeFromConfiguration) {
  const std::string id = str(create_user("Eve", "eve@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  auto body = query(server().db_path(), "SELECT body FROM mail_outbox")[0][0];
  EXPECT_NE(body.find("https://id.example.com/invitations/"), std::string::npos) << body;
  auto inv = query(server().db_path(), "SELECT created, expires FROM invitations")[0];
  EXPECT_EQ(std::stoll(inv[1]) - std::stoll(inv[0]), 3600LL * 1000);
  const std::string path = nth_link(1);
  EXPECT_NE(http().get(path).body.find("12"), std::string::npos);
  EXPECT_EQ(post_form(path, "password=Elevenchars&confirm=Elevenchars").status, 400);
  EXPECT_EQ(post_form(path, "password=Twelve+chars&confirm=Twelve+chars").status, 200);
}

}  // namespace
}  // namespace rp::test
