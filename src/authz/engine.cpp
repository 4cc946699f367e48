#include "authz/engine.h"

#include <mutex>
#include <stdexcept>

namespace rp::authz {
namespace {

Requirement resolve(Requirement::Mode mode, std::vector<std::string> names, const Catalog& catalog) {
  Requirement req;
  req.mode = names.empty() ? Requirement::Mode::none : mode;
  for (const auto& n : names) {
    auto id = catalog.find(n);
    if (!id) throw std::invalid_argument("permission not in the catalog: " + n);
    req.ids.push_back(*id);
  }
  req.names = std::move(names);
  return req;
}

}  // namespace

Requirement Requirement::any_of(std::vector<std::string> names, const Catalog& catalog) {
  return resolve(Mode::any, std::move(names), catalog);
}

Requirement Requirement::all_of(std::vector<std::string> names, const Catalog& catalog) {
  return resolve(Mode::all, std::move(names), catalog);
}

std::shared_ptr<const OrgIndex> Engine::index(const std::string& org) const {
  std::shared_lock lock(mu_);
  auto it = orgs_.find(org);
  return it == orgs_.end() ? nullptr : it->second;
}

std::shared_ptr<const OrgIndex> Engine::publish(const std::string& org, const IndexInput& input) {
  auto built = OrgIndex::build(input, *catalog_);
  std::unique_lock lock(mu_);
  orgs_[org] = built;
  return built;
}

void Engine::publish(const std::string& org, std::shared_ptr<const OrgIndex> index) {
  std::unique_lock lock(mu_);
  orgs_[org] = std::move(index);
}

void Engine::forget(const std::string& org) {
  std::unique_lock lock(mu_);
  orgs_.erase(org);
}

bool Engine::satisfies(const OrgIndex& index, std::string_view subject, const Requirement& req,
                       std::optional<std::string_view> division) {
  auto holds = [&](PermissionId p) {
    return division ? index.check(subject, p, *division) : index.holds_anywhere(subject, p);
  };
  switch (req.mode) {
    case Requirement::Mode::none: return true;
    case Requirement::Mode::any:
      for (auto p : req.ids)
        if (holds(p)) return true;
      return false;
    case Requirement::Mode::all:
      for (auto p : req.ids)
        if (!holds(p)) return false;
      return true;
  }
  return false;
}

}  // namespace rp::authz
