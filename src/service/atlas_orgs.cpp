#include "service/atlas_orgs.h"

#include <algorithm>
#include <functional>
#include <map>

#include "service/api_keys.h"
#include "service/audit.h"

namespace rp::service {
namespace {

Error user_not_found(const std::string& id) {
  return make_error(Errc::not_found, "No user with ID " + id + " exists in this organization.")
      .with_reason("user.not_found")
      .with_param("userId", id);
}

// The organization role named `name` of `roles`, or null.
const store::Role* org_role(const std::vector<store::Role>& roles, std::string_view name) {
  auto it =
      std::find_if(roles.begin(), roles.end(), [&](const store::Role& r) { return r.default_role_id == name; });
  return it == roles.end() ? nullptr : &*it;
}

std::vector<std::string> role_names(const std::vector<store::Grant>& grants, const std::vector<store::Role>& roles) {
  std::vector<std::string> out;
  for (const auto& name : atlas_org_roles()) {
    const store::Role* role = org_role(roles, name);
    if (!role) continue;
    if (std::any_of(grants.begin(), grants.end(), [&](const store::Grant& g) { return g.role_id == role->id; }))
      out.push_back(name);
  }
  return out;
}

Result<store::User> user_by_atlas_id(store::OrgTx& tx, const std::string& atlas_user_id) {
  auto user = RP_TRY(tx.find_user_by_atlas_id(atlas_user_id));
  if (!user) return std::unexpected(user_not_found(atlas_user_id));
  return std::move(*user);
}

}  // namespace

Result<store::Organization> AtlasOrgService::own_organization(const Caller& caller) {
  store::Organization org;
  RP_CHECK(store_.read(caller.org, [&](store::OrgTx& tx) -> Result<void> {
    org = RP_TRY(tx.organization());
    return {};
  }));
  return org;
}

Result<store::Organization> AtlasOrgService::organization(const Caller& caller, const std::string& atlas_org_id) {
  auto org = RP_TRY(own_organization(caller));
  if (org.atlas_id != atlas_org_id)
    return std::unexpected(make_error(Errc::permission_denied, "The current user cannot access organization " +
                                                                   atlas_org_id + ".")
                               .with_reason("org.access")
                               .with_param("orgId", atlas_org_id));
  return org;
}

Result<void> AtlasOrgService::require_org_role(const Caller& caller, const std::vector<std::string>& any_of) {
  std::vector<std::string> held;
  RP_CHECK(store_.read(caller.org, [&](store::OrgTx& tx) -> Result<void> {
    held = RP_TRY(org_roles_of(tx, caller.subject_id));
    return {};
  }));
  for (const auto& h : held)
    if (h == "ORG_OWNER" || std::find(any_of.begin(), any_of.end(), h) != any_of.end()) return {};
  if (any_of.size() > 1)
    return std::unexpected(make_error(Errc::permission_denied, "The caller holds no organization role that allows this.")
                               .with_reason("orgRole.required"));
  std::string role = any_of.empty() ? "ORG_OWNER" : any_of.front();
  return std::unexpected(make_error(Errc::permission_denied, "The caller lacks the organization role " + role + ".")
                             .with_reason("orgRole.required")
                             .with_param("role", role));
}

Result<Page<OrgUserView>> AtlasOrgService::list_users(const Caller& caller, const PageRequest& page,
                                                      const std::vector<std::string>& states,
                                                      const std::string& username) {
  Page<OrgUserView> out;
  if (states.empty()) return out;
  RP_CHECK(store_.read(caller.org, [&](store::OrgTx& tx) -> Result<void> {
    Page<store::User> users;
    if (username.empty()) {
      store::UserQuery q;
      q.page = page;
      q.states = states;
      users = RP_TRY(tx.list_users(q));
    } else if (auto one = RP_TRY(tx.find_user_by_email(username));
               one && std::find(states.begin(), states.end(), one->state) != states.end()) {
      users.total = 1;
      if (page.offset() == 0) users.items.push_back(std::move(*one));
    }
    auto roles = RP_TRY(tx.list_roles());
    std::vector<std::string> ids;
    for (const auto& u : users.items) ids.push_back(u.id);
    auto grants = RP_TRY(tx.grants_of_subjects(ids));
    std::map<std::string, std::vector<store::Grant>> by_subject;
    for (auto& g : grants) by_subject[g.subject_id].push_back(std::move(g));
    out.total = users.total;
    for (auto& u : users.items) {
      auto names = role_names(by_subject[u.id], roles);
      out.items.push_back({std::move(u), std::move(names)});
    }
    return {};
  }));
  return out;
}

Result<OrgUserView> AtlasOrgService::get_user(const Caller& caller, const std::string& atlas_user_id) {
  OrgUserView out;
  RP_CHECK(store_.read(caller.org, [&](store::OrgTx& tx) -> Result<void> {
    out.user = RP_TRY(user_by_atlas_id(tx, atlas_user_id));
    out.org_roles = role_names(RP_TRY(tx.grants_of(out.user.id)), RP_TRY(tx.list_roles()));
    return {};
  }));
  return out;
}

namespace {

Result<void> check_role_names(const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (!is_atlas_org_role(name))
      return std::unexpected(make_error(Errc::invalid_argument, "An invalid enumeration value " + name +
                                                                    " was specified.")
                                 .with_reason("role.unknown")
                                 .with_field("orgRoles")
                                 .with_param("role", name));
  return {};
}

}  // namespace

Result<OrgUserView> AtlasOrgService::set_org_roles(const Caller& caller, const std::string& atlas_user_id,
                                                   const std::vector<std::string>& wanted) {
  RP_CHECK(check_role_names(wanted));
  return change_org_roles(caller, atlas_user_id, [&](const std::vector<std::string>&) { return wanted; });
}

Result<OrgUserView> AtlasOrgService::add_org_role(const Caller& caller, const std::string& atlas_user_id,
                                                  const std::string& role) {
  RP_CHECK(check_role_names({role}));
  return change_org_roles(caller, atlas_user_id, [&](std::vector<std::string> had) {
    if (std::find(had.begin(), had.end(), role) == had.end()) had.push_back(role);
    return had;
  });
}

Result<OrgUserView> AtlasOrgService::remove_org_role(const Caller& caller, const std::string& atlas_user_id,
                                                     const std::string& role) {
  RP_CHECK(check_role_names({role}));
  return change_org_roles(caller, atlas_user_id, [&](std::vector<std::string> had) {
    std::erase(had, role);
    return had;
  });
}

Result<OrgUserView> AtlasOrgService::change_org_roles(
    const Caller& caller, const std::string& atlas_user_id,
    const std::function<std::vector<std::string>(const std::vector<std::string>&)>& wanted_of) {
  OrgUserView out;
  RP_CHECK(store_.write(caller.org, [&](store::OrgTx& tx) -> Result<void> {
    Millis now = clock_.now();
    auto org = RP_TRY(tx.organization());
    out.user = RP_TRY(user_by_atlas_id(tx, atlas_user_id));
    auto roles = RP_TRY(tx.list_roles());
    auto before = RP_TRY(tx.grants_of(out.user.id));
    auto had = role_names(before, roles);
    const std::vector<std::string> wanted = wanted_of(had);
    bool keeps_owner = std::find(wanted.begin(), wanted.end(), "ORG_OWNER") != wanted.end();
    bool was_owner = std::find(had.begin(), had.end(), "ORG_OWNER") != had.end();
    if (was_owner && !keeps_owner) {
      const store::Role* owner = org_role(roles, "ORG_OWNER");
      std::int64_t other_owners = 0;
      for (const auto& g : RP_TRY(tx.grants_of_role(owner->id))) {
        if (g.subject_type != store::SubjectType::user || g.subject_id == out.user.id) continue;
        auto other = tx.get_user(g.subject_id);
        if (other && other->state != "deleted") ++other_owners;
      }
      if (other_owners == 0)
        return std::unexpected(
            make_error(Errc::permission_denied, "The last organization owner cannot be demoted.")
                .with_reason("orgOwner.last"));
    }
    if (wanted.empty())
      return std::unexpected(make_error(Errc::permission_denied, "A user must keep at least one organization role.")
                                 .with_reason("orgRoles.empty"));
    for (const auto& g : before) {
      bool is_org_role = std::any_of(atlas_org_roles().begin(), atlas_org_roles().end(), [&](const std::string& n) {
        const store::Role* r = org_role(roles, n);
        return r && r->id == g.role_id;
      });
      if (!is_org_role) continue;
      RP_CHECK(tx.delete_grant(g));
      RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.delete", "grant", g.subject_id, snapshot(g), ""}, now)));
    }
    for (const auto& name : atlas_org_roles()) {
      if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
      const store::Role* role = org_role(roles, name);
      if (!role)
        return std::unexpected(make_error(Errc::invalid_argument, "The role " + name + " is not valid for this organization.")
                                   .with_reason("role.missing")
                                   .with_field("orgRoles")
                                   .with_param("role", name));
      store::Grant g{out.user.id, store::SubjectType::user, role->id, org.home_division_id, now};
      RP_CHECK(tx.insert_grant(g));
      RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.add", "grant", g.subject_id, "", snapshot(g)}, now)));
      out.org_roles.push_back(name);
    }
    return {};
  }));
  RP_CHECK(access_.grants_changed(caller.org, out.user.id));
  return out;
}

}  // namespace rp::service
