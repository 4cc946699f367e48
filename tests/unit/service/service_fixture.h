#pragma once
// A fresh SQLite store in a temporary directory with one bootstrapped
// organization, and the services over it, for service-level tests.

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "authz/engine.h"
#include "service/access/access.h"
#include "service/auth/tokens.h"
#include "service/common/crypto.h"
#include "service/orgs/orgs.h"
#include "service/users/users.h"
#include "store/store.h"

namespace rp::service {

// The requirements the Genesys routes hand these use cases (their route rows
// in api/genesys), so that the tests call them as the server does.
inline const authz::Requirement kAddUser = authz::Requirement::any_of({"directory:user:add"});
inline const authz::Requirement kEditUser =
    authz::Requirement::any_of({"admin", "directory:user:edit", "directory:organization:admin"});
inline const authz::Requirement kDeleteUser =
    authz::Requirement::any_of({"admin", "directory:user:delete", "directory:organization:admin"});
inline const authz::Requirement kInviteUser =
    authz::Requirement::any_of({"admin", "directory:organization:admin", "directory:user:setPassword"});

class ManualClock : public Clock {
 public:
  Millis now() const override { return now_; }
  void advance(Millis ms) { now_ += ms; }
  Millis now_ = 1'700'000'000'000;
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    init_crypto();
    char tmpl[] = "/tmp/rp-service-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto opened = store::open_store("sqlite:" + dir_ + "/rp.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->migrate());
    access_ = std::make_unique<Access>(*store_, engine_);
    orgs_ = std::make_unique<OrgService>(*store_, *access_, 3600, clock_);
    tokens_ = std::make_unique<TokenService>(*store_, *access_, clock_);
    users_ = std::make_unique<UserService>(*store_, *access_, clock_, PasswordPolicy{}, tokens_.get());
    auto boot = orgs_->bootstrap("Test Org");
    ASSERT_TRUE(boot) << boot.error().message;
    boot_ = *boot;
    admin_ = Caller{OrgId(boot_.organization_id),
                    boot_.client.client_id,
                    store::SubjectType::client,
                    boot_.client.client_id,
                    "",
                    "test-correlation"};
  }
  void TearDown() override {
    users_.reset();
    tokens_.reset();
    orgs_.reset();
    access_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The id of the bootstrapped organization's role named `name` ("" if none).
  std::string role_id(const std::string& name) {
    std::string id;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      for (const auto& r : RP_TRY(tx.list_roles()))
        if (r.name == name) id = r.id;
      return {};
    }));
    return id;
  }

  // The id of the bootstrapped organization's Home division.
  std::string home() {
    std::string id;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      id = RP_TRY(tx.organization()).home_division_id;
      return {};
    }));
    return id;
  }

  std::vector<store::AuditRecord> audit(const OrgId& org) {
    std::vector<store::AuditRecord> out;
    EXPECT_TRUE(store_->read(org, [&](store::Reader& tx) -> Result<void> {
      out = RP_TRY(tx.list_audit({1000, 1})).items;
      return {};
    }));
    return out;
  }

  std::string dir_;
  ManualClock clock_;
  authz::Engine engine_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<OrgService> orgs_;
  std::unique_ptr<TokenService> tokens_;
  std::unique_ptr<UserService> users_;
  BootstrapResult boot_;
  Caller admin_;
};

}  // namespace rp::service
