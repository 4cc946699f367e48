#include "service/org_roles/atlas_orgs.h"
#include "service/access/effects.h"

#include <algorithm>
#include <functional>
#include <map>

#include "core/reasons.h"
#include "service/common/audit.h"
#include "service/org_roles/atlas_roles.h"

namespace rp::service {
namespace {

Error user_not_found(const std::string& id) {
  return make_error(Errc::not_found, "No user with ID " + id + " exists in this organization.")
      .with_reason(reason::user_not_found)
      .with_param("userId", id);
}

Result<store::User> user_by_atlas_id(store::Reader& tx, const std::string& atlas_user_id) {
  auto user = RP_TRY(tx.find_user_by_atlas_id(atlas_user_id));
  if (!user) return std::unexpected(user_not_found(atlas_user_id));
  return std::move(*user);
}

}  // namespace

Result<store::Organization> AtlasOrgService::admit(const Caller& caller, std::string_view atlas_org_id,
                                                   const std::vector<std::string>& any_of) {
  store::Organization org;
  std::vector<std::string> held;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    org = RP_TRY(tx.organization());
    if (!atlas_org_id.empty() && org.atlas_id != atlas_org_id) return {};
    held = RP_TRY(org_roles_of(tx, caller.subject_id));
    return {};
  }));
  if (!atlas_org_id.empty() && org.atlas_id != atlas_org_id)
    return std::unexpected(make_error(Errc::permission_denied,
                                      "The current user cannot access organization " + std::string(atlas_org_id) + ".")
                               .with_reason(reason::org_no_access)
                               .with_param("orgId", std::string(atlas_org_id)));
  for (const auto& h : held)
    if (h == "ORG_OWNER" || std::find(any_of.begin(), any_of.end(), h) != any_of.end()) return org;
  if (any_of.size() > 1)
    return std::unexpected(
        make_error(Errc::permission_denied, "The caller holds no organization role that allows this.")
            .with_reason(reason::org_role_required));
  std::string role = any_of.empty() ? "ORG_OWNER" : any_of.front();
  return std::unexpected(make_error(Errc::permission_denied, "The caller lacks the organization role " + role + ".")
                             .with_reason(reason::org_role_required)
                             .with_param("role", role));
}

Result<Page<OrgUserView>> AtlasOrgService::list_users(const Caller& caller, const PageRequest& page,
                                                      const std::vector<store::UserState>& states,
                                                      const std::string& username) {
  Page<OrgUserView> out;
  if (states.empty()) return out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
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
    auto roles = RP_TRY(AtlasRoles::of(tx));
    std::vector<std::string> ids;
    for (const auto& u : users.items) ids.push_back(u.id);
    auto grants = RP_TRY(tx.grants_of_subjects(ids));
    std::map<std::string, std::vector<store::Grant>> by_subject;
    for (auto& g : grants) by_subject[g.subject_id].push_back(std::move(g));
    out.total = users.total;
    for (auto& u : users.items) {
      auto names = roles.held(by_subject[u.id]);
      out.items.push_back({std::move(u), std::move(names)});
    }
    return {};
  }));
  return out;
}

Result<OrgUserView> AtlasOrgService::get_user(const Caller& caller, const std::string& atlas_user_id) {
  OrgUserView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out.user = RP_TRY(user_by_atlas_id(tx, atlas_user_id));
    out.org_roles = RP_TRY(org_roles_of(tx, out.user.id));
    return {};
  }));
  return out;
}

namespace {

Result<void> check_role_names(const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (!is_atlas_org_role(name))
      return std::unexpected(
          make_error(Errc::invalid_argument, "An invalid enumeration value " + name + " was specified.")
              .with_reason(reason::role_unknown)
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
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        Millis now = clock_.now();
        auto org = RP_TRY(tx.organization());
        out.user = RP_TRY(user_by_atlas_id(tx, atlas_user_id));
        auto roles = RP_TRY(AtlasRoles::of(tx));
        auto before = RP_TRY(tx.grants_of(out.user.id));
        auto had = roles.held(before);
        const std::vector<std::string> wanted = wanted_of(had);
        auto same = [&] {
          for (const auto& name : atlas_org_roles())
            if ((std::find(wanted.begin(), wanted.end(), name) != wanted.end()) !=
                (std::find(had.begin(), had.end(), name) != had.end()))
              return false;
          return true;
        };
        // Nothing to change: no grant is touched and nothing is audited.
        if (!wanted.empty() && same()) {
          out.org_roles = had;
          return {};
        }
        bool keeps_owner = std::find(wanted.begin(), wanted.end(), "ORG_OWNER") != wanted.end();
        bool was_owner = std::find(had.begin(), had.end(), "ORG_OWNER") != had.end();
        if (was_owner && !keeps_owner && !RP_TRY(another_owner(tx, roles, out.user.id)))
          return std::unexpected(make_error(Errc::permission_denied, "The last organization owner cannot be demoted.")
                                     .with_reason(reason::org_role_last_owner));
        if (wanted.empty())
          return std::unexpected(make_error(Errc::permission_denied, "A user must keep at least one organization role.")
                                     .with_reason(reason::org_role_none_left));
        std::vector<std::string> wanted_ids;
        for (const auto& name : wanted)
          if (const std::string* id = roles.id_of(name)) wanted_ids.push_back(*id);
        RP_CHECK(check_can_grant_org_roles(tx, access_, caller, wanted_ids, org.home_division_id, before));
        for (const auto& g : before) {
          if (!roles.is_org_role_id(g.role_id)) continue;
          RP_CHECK(tx.delete_grant(g));
          RP_CHECK(
              tx.insert_audit(audit_record(caller, {"grant.delete", "grant", g.subject_id, snapshot(g), ""}, now)));
        }
        for (const auto& name : atlas_org_roles()) {
          if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
          const std::string* role_id = roles.id_of(name);
          if (!role_id)
            return std::unexpected(
                make_error(Errc::invalid_argument, "The role " + name + " is not valid for this organization.")
                    .with_reason(reason::role_missing)
                    .with_field("orgRoles")
                    .with_param("role", name));
          store::Grant g{out.user.id, store::SubjectType::user, *role_id, org.home_division_id, now};
          RP_CHECK(tx.insert_grant(g));
          RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.add", "grant", g.subject_id, "", snapshot(g)}, now)));
          out.org_roles.push_back(name);
        }
        fx.grants_changed(out.user.id);
        return {};
      }));
  return out;
}

}  // namespace rp::service
