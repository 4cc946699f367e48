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

  // Runs `f(tx)` inside Store::read (tx a Reader) / Store::write (tx a
  // ReadWriteTransaction) and returns its result (or the transaction's error).
  template <class F>
  auto in_read(const OrgId& org, F&& f) {
    return run_in<Reader>(org, std::forward<F>(f));
  }
  template <class F>
  auto in_write(const OrgId& org, F&& f) {
    return run_in<ReadWriteTransaction>(org, std::forward<F>(f));
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;

 private:
  template <class Tx, class F>
  auto run_in(const OrgId& org, F&& f) -> decltype(f(std::declval<Tx&>())) {
    using R = decltype(f(std::declval<Tx&>()));
    std::optional<R> out;
    auto body = [&](Tx& tx) -> Result<void> {
      out.emplace(f(tx));
      if constexpr (std::is_same_v<R, Result<void>>) {
        return *out;
      } else {
        if (!*out) return std::unexpected(out->error());
        return {};
      }
    };
    Result<void> r;
    if constexpr (std::is_same_v<Tx, Reader>) r = store().read(org, body);
    else r = store().write(org, body);
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
