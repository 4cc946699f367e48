#pragma once
// The decision engine: one compiled OrgIndex per organization, swapped
// atomically when roles, grants or divisions change (rebuilt, or patched
// copy-on-write with OrgIndex::with_role and friends), plus the evaluation of
// route requirements (ANY or ALL of a permission list). Every permission
// decision in the server goes through here.
//
// Thread safety: all members may be called from any thread. Readers take a
// shared lock only to copy the shared_ptr of an organization's index.

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "authz/catalog.h"
#include "authz/index.h"

namespace rp::authz {

// The permissions an endpoint requires.
struct Requirement {
  enum class Mode { none, any, all };
  Mode mode = Mode::none;
  std::vector<std::string> names;  // as declared, e.g. "directory:user:add"
  std::vector<PermissionId> ids;   // resolved against the catalog

  // Resolves `names`; throws std::invalid_argument naming a permission the
  // catalog lacks (a programming error in a route table, caught at start-up).
  static Requirement any_of(std::vector<std::string> names, const Catalog& catalog = Catalog::builtin());
  static Requirement all_of(std::vector<std::string> names, const Catalog& catalog = Catalog::builtin());
  static Requirement none() { return {}; }
};

class Engine {
 public:
  explicit Engine(const Catalog& catalog = Catalog::builtin()) : catalog_(&catalog) {}

  const Catalog& catalog() const { return *catalog_; }

  // The current index of `org`, or null if none has been published.
  std::shared_ptr<const OrgIndex> index(const std::string& org) const;
  // Compiles `input` and publishes it as `org`'s index; returns it.
  std::shared_ptr<const OrgIndex> publish(const std::string& org, const IndexInput& input);
  // Publishes an index made elsewhere (e.g. a patch of the current one).
  void publish(const std::string& org, std::shared_ptr<const OrgIndex> index);
  void forget(const std::string& org);

  // Does `subject` satisfy `req`? With a division, division-aware permissions
  // must be held there; without one, anywhere in the organization.
  static bool satisfies(const OrgIndex& index, std::string_view subject, const Requirement& req,
                        std::optional<std::string_view> division = std::nullopt);

 private:
  const Catalog* catalog_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const OrgIndex>> orgs_;
};

}  // namespace rp::authz
