#include "service/oauth_clients/oauth_clients.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/roles/roles.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class OAuthClientsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    clients_ = std::make_unique<OAuthClientService>(*store_, *access_, *tokens_, clock_);
  }
  void TearDown() override {
    clients_.reset();
    ServiceTest::TearDown();
  }

  OAuthClientInput input(const std::string& name, std::vector<RoleDivision> roles = {}) {
    OAuthClientInput in;
    in.name = name;
    in.grant_type = "CLIENT-CREDENTIALS";
    in.role_divisions = std::move(roles);
    return in;
  }

  // The caller acting as a client-credentials token of `v`.
  Caller caller_of(const ClientView& v) {
    auto issued = tokens_->client_credentials(v.client.id, v.secret, "c");
    EXPECT_TRUE(issued) << issued.error().message;
    auto caller = tokens_->authenticate(issued->access_token, "c");
    EXPECT_TRUE(caller);
    return *caller;
  }

  std::unique_ptr<OAuthClientService> clients_;
};

void expect_invalid(const Result<ClientView>& r, std::string_view field) {
  ASSERT_FALSE(r) << "expected invalid_argument naming " << field;
  EXPECT_EQ(r.error().code, Errc::invalid_argument) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
}

TEST_F(OAuthClientsTest, CreateStoresTheHashAndGrantsAndAudits) {
  auto created = clients_->create(admin_, input("job", {{role_id("employee"), "*"}}));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->secret.size(), 43u);
  EXPECT_EQ(created->client.secret_hash, sha256_hex(created->secret));
  EXPECT_EQ(created->client.token_validity_seconds, kDefaultTokenValiditySeconds);
  EXPECT_EQ(created->client.created_by, admin_.subject_id);
  ASSERT_EQ(created->grants.size(), 1u);
  EXPECT_EQ(created->grants[0].subject_type, store::SubjectType::client);

  auto got = clients_->get(admin_, created->client.id);
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->secret.empty());
  auto records = audit(admin_.org);
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[0].action, "grant.add");
  EXPECT_EQ(records[1].action, "oauthClient.create");
  EXPECT_EQ(records[1].after_json.find(created->secret), std::string::npos);
  EXPECT_EQ(records[1].correlation_id, "test-correlation");

  auto listed = clients_->list(admin_, {25, 1});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 2);
}

TEST_F(OAuthClientsTest, ValidationNamesTheField) {
  expect_invalid(clients_->create(admin_, input("  ")), "name");
  auto grant = input("x");
  grant.grant_type = "IMPLICIT";
  expect_invalid(clients_->create(admin_, grant), "authorizedGrantType");
  auto code = input("x");
  code.grant_type = "code";
  expect_invalid(clients_->create(admin_, code), "registeredRedirectUri");
  code.redirect_uris = {"https://a.example.com/cb", "https://b.example.com/cb#frag"};
  expect_invalid(clients_->create(admin_, code), "registeredRedirectUri[1]");
  code.redirect_uris = {"https://a.example.com/cb", "com.example.app:/oauth"};
  auto made = clients_->create(admin_, code);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->client.grant_type, "CODE");
  auto validity = input("x");
  validity.token_validity_seconds = kMaxTokenValiditySeconds + 1;
  expect_invalid(clients_->create(admin_, validity), "accessTokenValiditySeconds");
  validity.token_validity_seconds = kMinTokenValiditySeconds;
  EXPECT_TRUE(clients_->create(admin_, validity));
  expect_invalid(clients_->create(admin_, input("x", {{role_id("employee"), "*"}, {"missing", "*"}})),
                 "roleDivisions[1].roleId");
  expect_invalid(clients_->create(admin_, input("x", {{role_id("employee"), "nowhere"}})),
                 "roleDivisions[0].divisionId");
  auto state = input("x");
  state.state = "paused";
  expect_invalid(clients_->create(admin_, state), "state");
}

TEST_F(OAuthClientsTest, TheCallerMustHoldEveryPermissionOfTheRolesItGives) {
  auto limited = clients_->create(admin_, input("limited", {{role_id("employee"), home()}}));
  ASSERT_TRUE(limited);
  Caller caller = caller_of(*limited);
  auto stronger = clients_->create(caller, input("stronger", {{role_id("admin"), home()}}));
  ASSERT_FALSE(stronger);
  EXPECT_EQ(stronger.error().code, Errc::permission_denied);
  auto wider = clients_->create(caller, input("wider", {{role_id("employee"), "*"}}));
  ASSERT_FALSE(wider);
  EXPECT_EQ(wider.error().code, Errc::permission_denied);
  EXPECT_TRUE(clients_->create(caller, input("same", {{role_id("employee"), home()}})));
}

TEST_F(OAuthClientsTest, DisablingAndDeletingRevokeTokensAndRolesApplyAtOnce) {
  auto made = clients_->create(admin_, input("worker", {{role_id("employee"), "*"}}));
  ASSERT_TRUE(made);
  auto issued = tokens_->client_credentials(made->client.id, made->secret, "c");
  ASSERT_TRUE(issued);
  auto caller = tokens_->authenticate(issued->access_token, "c");
  ASSERT_TRUE(caller);
  auto add_user = authz::Requirement::any_of({"directory:user:add"});
  EXPECT_FALSE(access_->authorize(*caller, add_user));

  auto promoted = clients_->update(admin_, made->client.id, input("worker", {{role_id("admin"), "*"}}));
  ASSERT_TRUE(promoted) << promoted.error().message;
  EXPECT_TRUE(access_->authorize(*caller, add_user));

  auto disabled_input = input("worker", {{role_id("admin"), "*"}});
  disabled_input.state = "disabled";
  ASSERT_TRUE(clients_->update(admin_, made->client.id, disabled_input));
  EXPECT_FALSE(tokens_->authenticate(issued->access_token, "c"));
  EXPECT_FALSE(tokens_->client_credentials(made->client.id, made->secret, "c"));

  ASSERT_TRUE(clients_->update(admin_, made->client.id, input("worker")));
  auto again = tokens_->client_credentials(made->client.id, made->secret, "c");
  ASSERT_TRUE(again);
  ASSERT_TRUE(clients_->remove(admin_, made->client.id));
  EXPECT_FALSE(tokens_->authenticate(again->access_token, "c"));
  auto gone = clients_->get(admin_, made->client.id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, Errc::not_found);
  // A fresh TokenService loading from the store does not bring them back.
  TokenService fresh(*store_, *access_, clock_);
  ASSERT_TRUE(fresh.warm());
  EXPECT_FALSE(fresh.authenticate(again->access_token, "c"));
}

TEST_F(OAuthClientsTest, RegeneratingTheSecretReplacesIt) {
  auto made = clients_->create(admin_, input("rotating"));
  ASSERT_TRUE(made);
  auto rotated = clients_->regenerate_secret(admin_, made->client.id);
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->secret, made->secret);
  EXPECT_FALSE(tokens_->client_credentials(made->client.id, made->secret, "c"));
  EXPECT_TRUE(tokens_->client_credentials(made->client.id, rotated->secret, "c"));
  auto missing = clients_->regenerate_secret(admin_, new_uuid());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(OAuthClientsTest, SystemClientsAreNotBoundByACaller) {
  auto made = clients_->create_as_system(admin_.org, input("cli", {{role_id("admin"), "*"}}));
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->client.created_by, "system");
  auto records = audit(admin_.org);
  auto it = std::find_if(records.begin(), records.end(),
                         [](const store::AuditRecord& r) { return r.action == "oauthClient.create"; });
  ASSERT_NE(it, records.end());
  EXPECT_EQ(it->actor_type, "system");
}

}  // namespace
}  // namespace rp::service
