#pragma once
// The store conformance suite: one set of tests written against the abstract
// rp::store::Store, run once per driver. Each test gets a fresh database.
//
// A driver is a name, a way to make the URL of a fresh database inside a
// per-test temporary directory, and its capabilities. Adding a driver is one
// entry in store_drivers() (store_suite.cpp).

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace rp::store::test {

struct Driver {
  std::string name;
  // The URL of a fresh, empty database; `dir` is a new temporary directory
  // owned by the test.
  std::function<std::string(const std::filesystem::path& dir)> url;
  // Capability: a store opened again on the same URL sees what was committed.
  bool survives_reopen = true;
};

std::vector<Driver> store_drivers();

// Assertion helpers that print the rp::Error when they fail.
template <class T>
::testing::AssertionResult ok(const Result<T>& r) {
  if (r) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "error " << to_string(r.error().code) << ": " << r.error().message
                                       << (r.error().reason.empty() ? "" : " [" + r.error().reason + "]");
}

template <class T>
::testing::AssertionResult failed(const Result<T>& r, Errc code, std::string_view reason = {}) {
  if (r) return ::testing::AssertionFailure() << "succeeded; expected " << to_string(code);
  if (r.error().code != code)
    return ::testing::AssertionFailure() << "error " << to_string(r.error().code) << " (" << r.error().message
                                         << "); expected " << to_string(code);
  if (!reason.empty() && r.error().reason != reason)
    return ::testing::AssertionFailure() << "reason '" << r.error().reason << "'; expected '" << reason << "'";
  return ::testing::AssertionSuccess();
}

class StoreTest : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Store& store() { return *store_; }
  const Driver& driver() const { return GetParam(); }
  // Closes the store and opens it again on the same database.
  void reopen();

  // Creates an organization with a home division; returns its id.
  OrgId make_org(const std::string& name = "Acme");

  // Runs `f(tx)` inside Store::read / Store::write and returns its result
  // (or the transaction's error).
  template <class F>
  auto in_read(const OrgId& org, F&& f) {
    return run_in(org, std::forward<F>(f), false);
  }
  template <class F>
  auto in_write(const OrgId& org, F&& f) {
    return run_in(org, std::forward<F>(f), true);
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;

 private:
  template <class F>
  auto run_in(const OrgId& org, F&& f, bool write) -> decltype(f(std::declval<OrgTx&>())) {
    using R = decltype(f(std::declval<OrgTx&>()));
    std::optional<R> out;
    auto body = [&](OrgTx& tx) -> Result<void> {
      out.emplace(f(tx));
      if constexpr (std::is_same_v<R, Result<void>>) {
        return *out;
      } else {
        if (!*out) return std::unexpected(out->error());
        return {};
      }
    };
    auto r = write ? store().write(org, body) : store().read(org, body);
    if (!r) return R(std::unexpected(r.error()));
    return std::move(*out);
  }
};

// Records with every field set to a distinctive value.
User sample_user(const std::string& name, const std::string& email);
Role sample_role(const std::string& name);
OAuthClient sample_client(const std::string& name);
AuditRecord sample_audit(const std::string& action, Millis time);
Division sample_division(const std::string& name);

// Field-by-field comparisons, for readable failures, then the whole records
// (operator==), so that no field goes unchecked.
void expect_same(const User& a, const User& b);
void expect_same(const Role& a, const Role& b);
void expect_same(const Division& a, const Division& b);
void expect_same(const OAuthClient& a, const OAuthClient& b);
void expect_same(const AuditRecord& a, const AuditRecord& b);
void expect_same(const Token& a, const Token& b);

}  // namespace rp::store::test
