#include "service/org_roles/workiva_orgs.h"

#include <algorithm>

#include "core/reasons.h"
#include "service/operations/workiva_ops.h"
#include "service/org_roles/atlas_roles.h"
#include "service/users/users.h"
#include "store/search.h"

namespace rp::service {
namespace {

Error user_not_found(const std::string& id) {
  return make_error(Errc::not_found, "No user with ID " + id + " exists in this organization.")
      .with_reason(reason::user_not_found)
      .with_field("userId");
}

// The user `id`, or Workiva's not-found error.
Result<store::User> workiva_user(store::Reader& tx, const std::string& id) {
  auto u = RP_TRY(find_live_user(tx, id));
  if (!u) return std::unexpected(user_not_found(id));
  return std::move(*u);
}

// The organization roles the organization has (those in `only` when it is
// not null), in short-id order. Their names are their default role ids:
// default roles cannot be renamed.
std::vector<WorkivaRole> org_roles(const AtlasRoles& roles, const std::vector<std::string>* only) {
  std::vector<WorkivaRole> out;
  for (const auto& name : atlas_org_roles()) {
    if (only && std::find(only->begin(), only->end(), name) == only->end()) continue;
    if (roles.id_of(name)) out.push_back({workiva_role_id(name), name});
  }
  return out;
}

}  // namespace

Result<std::vector<WorkivaRole>> WorkivaOrgService::roles(const Caller& caller) {
  std::vector<WorkivaRole> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = org_roles(RP_TRY(AtlasRoles::of(tx)), nullptr);
    return {};
  }));
  return out;
}

Result<std::vector<WorkivaRole>> WorkivaOrgService::user_roles(const Caller& caller, const std::string& user_id) {
  std::vector<WorkivaRole> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    RP_CHECK(workiva_user(tx, user_id));
    auto roles = RP_TRY(AtlasRoles::of(tx));
    auto held = roles.held(RP_TRY(tx.grants_of(user_id)));
    out = org_roles(roles, &held);
    return {};
  }));
  return out;
}

Result<Page<store::User>> WorkivaOrgService::users(const Caller& caller, const PageRequest& page,
                                                   const WorkivaUserFilter& filter) {
  store::UserSearch q;
  q.page = page;
  auto exact = [&](store::UserField field, std::vector<std::string> values) {
    store::Condition c;
    c.match = store::Match::exact;
    c.fields = {field};
    c.values = std::move(values);
    q.conditions.push_back(std::move(c));
  };
  if (!filter.status) exact(store::UserField::state, {"active", "inactive"});
  else exact(store::UserField::state, {*filter.status == "active" ? "active" : "inactive"});
  if (filter.email) exact(store::UserField::email, {*filter.email});
  if (filter.username) exact(store::UserField::username, {*filter.username});
  Page<store::User> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(tx.search_users(q));
    return {};
  }));
  return out;
}

Result<store::User> WorkivaOrgService::user(const Caller& caller, const std::string& user_id) {
  store::User out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(workiva_user(tx, user_id));
    return {};
  }));
  return out;
}

}  // namespace rp::service
