#include "service/operations/workiva_ops.h"
#include "service/access/effects.h"

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/org_roles/atlas_roles.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

bool digits(std::string_view s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Role ids are digit strings (checked by accept), so the stored JSON array is
// read back by taking the quoted runs.
std::string roles_json(const std::vector<std::string>& ids) { return json_string_array(ids); }

std::vector<std::string> parse_roles(const std::string& json) {
  std::vector<std::string> out;
  std::string cur;
  bool in = false;
  for (char c : json) {
    if (c == '"') {
      if (in) out.push_back(cur);
      cur.clear();
      in = !in;
    } else if (in) {
      cur += c;
    }
  }
  return out;
}

std::string detail(std::string_view code, std::string_view message, std::string_view target) {
  Snapshot s;
  s.add("code", code).add("message", message);
  if (!target.empty()) s.add("target", target);
  return "[" + s.str() + "]";
}

bool finished(const store::Operation& op) {
  return op.status == store::OperationStatus::completed || op.status == store::OperationStatus::failed;
}

std::string op_snapshot(const store::Operation& o) {
  return Snapshot()
      .add("id", o.id)
      .add("kind", o.kind)
      .add("userId", o.user_id)
      .add_raw("roles", o.roles_json)
      .add("status", store::to_string(o.status))
      .add("attempts", static_cast<std::int64_t>(o.attempts))
      .str();
}

struct Failure {
  std::string code, message, target;
};

}  // namespace

Millis operation_backoff(int attempts) {
  Millis wait = 1000;
  for (int i = 1; i < attempts && wait < 60'000; ++i) wait *= 2;
  return std::min<Millis>(wait, 60'000);
}

std::string workiva_role_id(std::string_view org_role) {
  const auto& names = atlas_org_roles();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == org_role) return std::to_string(i + 1);
  return "";
}

std::string org_role_of_workiva_id(std::string_view id) {
  const auto& names = atlas_org_roles();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (std::to_string(i + 1) == id) return names[i];
  return "";
}

Result<store::Operation> OperationService::accept(const Caller& caller, std::string_view kind,
                                                  const std::string& user_id,
                                                  const std::vector<std::string>& role_ids) {
  if (kind != kRolesAssignment && kind != kRolesRevocation) return fail(Errc::internal, "unknown operation kind");
  if (role_ids.empty())
    return std::unexpected(make_error(Errc::invalid_argument, "At least one role id is required.")
                               .with_field("body")
                               .with_reason(reason::roles_none_given));
  for (const auto& id : role_ids)
    if (!digits(id))
      return std::unexpected(make_error(Errc::invalid_argument, "Role id '" + id + "' is not a valid role id.")
                                 .with_field("body")
                                 .with_reason(reason::role_invalid));
  store::Operation op;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    if (!RP_TRY(find_live_user(tx, user_id)))
      return std::unexpected(make_error(Errc::not_found, "No user with ID " + user_id + " exists in this organization.")
                                 .with_reason(reason::user_not_found)
                                 .with_field("userId"));
    if (kind == kRolesAssignment) {
      // Ids that name no organization role fail when the operation runs.
      auto roles = RP_TRY(AtlasRoles::of(tx));
      std::vector<std::string> given;
      for (const auto& id : role_ids)
        if (const std::string* role_id = roles.id_of(org_role_of_workiva_id(id))) given.push_back(*role_id);
      auto org = RP_TRY(tx.organization());
      RP_CHECK(
          check_can_grant_org_roles(tx, access_, caller, given, org.home_division_id, RP_TRY(tx.grants_of(user_id))));
    }
    Millis now = clock_.now();
    op = {new_uuid(),
          std::string(kind),
          user_id,
          roles_json(role_ids),
          store::OperationStatus::queued,
          now,
          now,
          caller.subject_id,
          caller.correlation_id,
          ""};
    RP_CHECK(tx.insert_operation(op));
    RP_CHECK(tx.insert_audit(audit_record(caller, {"operation.accept", "operation", op.id, "", op_snapshot(op)}, now)));
    return {};
  }));
  if (on_enqueue_) on_enqueue_();
  return op;
}

Result<store::Operation> OperationService::get(const Caller& caller, const std::string& id) {
  store::Operation op;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto found = tx.get_operation(id);
    if (!found) {
      if (found.error().code != Errc::not_found) return std::unexpected(found.error());
      return std::unexpected(make_error(Errc::not_found, "No operation with ID " + id + " exists.")
                                 .with_reason(reason::operation_not_found)
                                 .with_field("operationId"));
    }
    op = std::move(*found);
    return {};
  }));
  return op;
}

Result<std::vector<std::pair<OrgId, store::Operation>>> OperationService::pending(std::size_t limit) {
  return store_.pending_operations(limit, clock_.now());
}

Result<store::Operation> OperationService::run(const OrgId& org, const std::string& id) {
  auto done = apply(org, id);
  if (!done) {
    if (auto recorded = record_failed_attempt(org, id); !recorded) return std::unexpected(recorded.error());
    return std::unexpected(done.error());
  }
  return done;
}

Result<void> OperationService::record_failed_attempt(const OrgId& org, const std::string& id) {
  return store_.write(org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto op = RP_TRY(tx.get_operation(id));
    if (finished(op)) return {};
    Millis now = clock_.now();
    store::Operation after = op;
    after.updated = now;
    after.attempts = op.attempts + 1;
    std::string_view action = "operation.retry";
    if (after.attempts >= kMaxOperationAttempts) {
      after.status = store::OperationStatus::failed;
      after.details = detail("InternalError",
                             "An internal error kept the operation from being applied; it was tried " +
                                 std::to_string(after.attempts) + " times and nothing was changed.",
                             "");
      action = "operation.fail";
    } else {
      after.next_attempt = now + operation_backoff(after.attempts);
    }
    RP_CHECK(tx.update_operation(after));
    return tx.insert_audit(
        system_audit_record({std::string(action), "operation", op.id, op_snapshot(op), op_snapshot(after)}, now));
  });
}

Result<store::Operation> OperationService::apply(const OrgId& org, const std::string& id) {
  store::Operation op;
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        op = RP_TRY(tx.get_operation(id));
        if (finished(op)) return {};
        Millis now = clock_.now();
        auto home = RP_TRY(tx.organization()).home_division_id;
        auto roles = RP_TRY(AtlasRoles::of(tx));
        std::optional<Failure> failure;
        std::vector<std::string> targets;  // role ids
        if (!RP_TRY(find_live_user(tx, op.user_id)))
          failure = Failure{"NotFound", "The user no longer exists.", "userId"};
        for (const auto& rid : parse_roles(op.roles_json)) {
          if (failure) break;
          const std::string* role_id = roles.id_of(org_role_of_workiva_id(rid));
          if (!role_id) failure = Failure{"BadArgument", "Role '" + rid + "' is not a role of this organization.", rid};
          else targets.push_back(*role_id);
        }
        std::vector<store::Grant> before;
        if (!failure) before = RP_TRY(tx.grants_of(op.user_id));
        if (!failure && op.kind == kRolesRevocation) {
          const std::string* owner = roles.id_of("ORG_OWNER");
          bool drops_owner =
              owner && std::find(targets.begin(), targets.end(), *owner) != targets.end() &&
              std::any_of(before.begin(), before.end(), [&](const auto& g) { return g.role_id == *owner; });
          if (drops_owner && !RP_TRY(another_owner(tx, roles, op.user_id)))
            failure = Failure{"Conflict", "The last organization owner cannot lose the owner role.",
                              workiva_role_id("ORG_OWNER")};
        }
        store::Operation after = op;
        after.updated = now;
        if (failure) {
          after.status = store::OperationStatus::failed;
          after.details = detail(failure->code, failure->message, failure->target);
          RP_CHECK(tx.update_operation(after));
          RP_CHECK(tx.insert_audit(
              system_audit_record({"operation.fail", "operation", op.id, op_snapshot(op), op_snapshot(after)}, now)));
          op = after;
          return {};
        }
        for (const auto& role_id : targets) {
          if (op.kind == kRolesAssignment) {
            store::Grant g{op.user_id, store::SubjectType::user, role_id, home, now};
            RP_CHECK(tx.insert_grant(g));
            RP_CHECK(tx.insert_audit(system_audit_record({"grant.add", "grant", g.subject_id, "", snapshot(g)}, now)));
          } else {
            for (const auto& g : before) {
              if (g.role_id != role_id) continue;
              RP_CHECK(tx.delete_grant(g));
              RP_CHECK(
                  tx.insert_audit(system_audit_record({"grant.delete", "grant", g.subject_id, snapshot(g), ""}, now)));
            }
          }
        }
        after.status = store::OperationStatus::completed;
        RP_CHECK(tx.update_operation(after));
        RP_CHECK(tx.insert_audit(
            system_audit_record({"operation.complete", "operation", op.id, op_snapshot(op), op_snapshot(after)}, now)));
        op = after;
        fx.grants_changed(op.user_id);
        return {};
      }));
  return op;
}

}  // namespace rp::service
