#pragma once
// Access: keeps the engine's per-organization index in step with the store
// and answers permission questions for callers.
//
// The index of an organization is compiled from its roles and grants on first
// use. After every committed write that changes roles or grants, and before
// that write is acknowledged, role_changed() or grants_changed() reads only
// the changed role or subject and publishes a patched copy of the index (see
// authz::OrgIndex::with_role); refresh() recompiles it whole. Refreshes and
// patches of one organization are serialized, so a later one always reads a
// snapshot at least as new as an earlier one.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "authz/engine.h"
#include "core/error.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

class Access {
 public:
  Access(store::Store& store, authz::Engine& engine) : store_(store), engine_(engine) {}

  // The organization's index, compiling it if it is not loaded yet.
  Result<std::shared_ptr<const authz::OrgIndex>> index(const OrgId& org);
  // Recompiles the organization's index from the store.
  Result<std::shared_ptr<const authz::OrgIndex>> refresh(const OrgId& org);
  // Call after a committed write, before acknowledging it:
  // a role's policies changed, or the role was created or deleted;
  Result<void> role_changed(const OrgId& org, std::string_view role_id);
  // a subject's grants changed;
  Result<void> grants_changed(const OrgId& org, std::string_view subject_id);
  // a division was created or deleted.
  Result<void> divisions_changed(const OrgId& org);

  // permission_denied (listing the permissions) unless `caller` satisfies `req`,
  // in `division` when given.
  Result<void> authorize(const Caller& caller, const authz::Requirement& req,
                         std::optional<std::string_view> division = std::nullopt);

  // The divisions in which `caller` satisfies `req` (all of them for a
  // requirement of none, or when an organization-wide grant holds it).
  Result<authz::DivisionScope> scope(const Caller& caller, const authz::Requirement& req);

  authz::Engine& engine() { return engine_; }

 private:
  std::mutex& org_mutex(const std::string& org);
  // refresh() with the organization's mutex already held.
  Result<std::shared_ptr<const authz::OrgIndex>> rebuild_locked(const OrgId& org);

  store::Store& store_;
  authz::Engine& engine_;
  std::mutex mutexes_mu_;
  std::unordered_map<std::string, std::unique_ptr<std::mutex>> mutexes_;
};

// Converts a stored role into the engine's definition.
authz::RoleDef role_def(const store::Role& role);
// Converts stored roles and grants into the engine's input.
authz::IndexInput index_input(const std::vector<store::Role>& roles, const std::vector<store::Grant>& grants);

}  // namespace rp::service
