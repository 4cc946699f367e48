#include "store/sql/errors.h"
#include "core/reasons.h"

#include <spdlog/spdlog.h>

#include <string>

namespace rp::store::sql {
namespace {

// A unique index or key, recognised by a fragment of the native constraint
// message (SQLite: "UNIQUE constraint failed: index 'users_email_uq'" for
// expression indexes, "UNIQUE constraint failed: users.org_id, users.id" for
// columns), and how to report it. More specific fragments come first. The
// index names are those of the migrations.
struct UniqueKey {
  std::string_view fragment;
  std::string_view field;
  std::string_view message;
};

constexpr UniqueKey kUniqueKeys[] = {
    {"users_email_uq", "email", "email already in use"},
    {"users_username_uq", "username", "username already in use"},
    {"divisions_name_uq", "name", "division name already in use"},
    {"divisions_home_uq", "home", "the organization already has a home division"},
    {"roles_name_uq", "name", "role name already in use"},
    {"groups_name_uq", "name", "group name already in use"},
    {"routing_skills_name_uq", "name", "name already in use"},
    {"organizations.id", "id", "organization already exists"},
    {"divisions.org_id, divisions.id", "id", "division id already exists"},
    {"users.org_id, users.id", "id", "user id already exists"},
    {"roles.org_id, roles.id", "id", "role id already exists"},
    {"oauth_clients.id", "id", "client id already exists"},
    {"tokens.token_hash", "token_hash", "token already exists"},
    {"audit_log.org_id, audit_log.id", "id", "audit record id already exists"},
    {"trusts.trustor_org, trusts.trustee_org", "trustee", "the organizations already have a trust"},
    {"trust_members.trustor_org", "id", "already a member of the trust"},
    {"cloned_users_clone_uq", "id", "the user is already a clone"},
    {"cloned_users.trustor_org", "id", "the user already has a clone in the trust"},
    {"pairings.id", "id", "pairing id already exists"},
};

Error duplicate(std::string_view native) {
  for (const auto& key : kUniqueKeys) {
    if (native.find(key.fragment) != std::string_view::npos)
      return make_error(Errc::conflict, std::string(key.message))
          .with_field(std::string(key.field))
          .with_reason(reason::duplicate);
  }
  return make_error(Errc::conflict, "already exists").with_reason(reason::duplicate);
}

}  // namespace

Error translate(Failure failure, std::string_view driver, std::string_view native, std::string_view what) {
  switch (failure) {
    case Failure::unique: return duplicate(native);
    case Failure::foreign_key:
      return make_error(Errc::conflict, "the change refers to a missing entity or removes one in use")
          .with_reason(reason::reference);
    case Failure::check:
      spdlog::warn("{}: {} failed: {}", driver, what, native);
      return make_error(Errc::invalid_argument, "a value is missing or out of range");
    case Failure::constraint:
      spdlog::warn("{}: {} failed: {}", driver, what, native);
      return make_error(Errc::conflict, "the change violates a constraint").with_reason(reason::constraint);
    case Failure::deadline:
      spdlog::warn("{}: {} stopped at the request deadline", driver, what);
      return make_error(Errc::unavailable, "the request ran past its deadline; retry later")
          .with_reason(reason::deadline);
    case Failure::busy:
      spdlog::warn("{}: {} failed: {}", driver, what, native);
      return make_error(Errc::unavailable, "the database is busy; retry later");
    case Failure::internal: break;
  }
  spdlog::error("{}: {} failed: {}", driver, what, native);
  return make_error(Errc::internal, "storage failure");
}

Error corrupt(std::string_view what, std::string_view detail) {
  spdlog::error("store: {}: {}", what, detail);
  return make_error(Errc::internal, "storage failure");
}

void log_failure(std::string_view driver, std::string_view what, std::string_view detail) {
  spdlog::error("{}: {}: {}", driver, what, detail);
}

}  // namespace rp::store::sql
