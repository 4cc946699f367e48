#include "service/divisions/divisions.h"
#include "service/access/effects.h"

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"

namespace rp::service {
namespace {

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxDescription = 1024;

std::unexpected<Error> division_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a division with that divisionId"));
}

Result<void> validate(const DivisionInput& in) {
  if (in.name.empty()) return invalid("name", "name is required");
  if (in.name.size() > kMaxName) return invalid("name", "name must be at most 255 characters");
  if (in.description && in.description->size() > kMaxDescription)
    return invalid("description", "description must be at most 1024 characters");
  return {};
}

std::unexpected<Error> duplicate_name(const std::string& name) {
  return fail(make_error(Errc::conflict, "A division named [" + name + "] already exists")
                  .with_field("name")
                  .with_reason(reason::duplicate)
                  .with_param("name", name));
}

// Another division of `divisions` (other than `except_id`) has `name`, ignoring case.
bool name_taken(const std::vector<store::Division>& divisions, const std::string& name, const std::string& except_id) {
  return std::any_of(divisions.begin(), divisions.end(),
                     [&](const store::Division& d) { return d.id != except_id && iequals(d.name, name); });
}

// Maps a store conflict on the name to the service's duplicate error.
Result<void> name_conflict_as_duplicate(Result<void> r, const std::string& name) {
  if (!r && r.error().code == Errc::conflict) return duplicate_name(name);
  return r;
}

}  // namespace

Result<Page<DivisionView>> DivisionService::list(const Caller& caller, const DivisionQuery& query) {
  Page<DivisionView> page;
  std::string needle = to_lower(query.name);
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto all = RP_TRY(tx.list_divisions());
    std::vector<store::Division> matching;
    for (auto& d : all) {
      if (!query.ids.empty() && std::find(query.ids.begin(), query.ids.end(), d.id) == query.ids.end()) continue;
      if (!needle.empty() && to_lower(d.name).find(needle) == std::string::npos) continue;
      matching.push_back(std::move(d));
    }
    std::sort(matching.begin(), matching.end(), [](const store::Division& a, const store::Division& b) {
      auto la = to_lower(a.name), lb = to_lower(b.name);
      return la != lb ? la < lb : a.id < b.id;
    });
    page.total = static_cast<std::int64_t>(matching.size());
    auto first = std::min<std::int64_t>(query.page.offset(), page.total);
    auto last = std::min<std::int64_t>(first + query.page.page_size, page.total);
    for (auto i = first; i < last; ++i) {
      DivisionView view{std::move(matching[static_cast<std::size_t>(i)]), std::nullopt};
      if (query.object_counts) view.object_counts = RP_TRY(tx.division_object_counts(view.division.id));
      page.items.push_back(std::move(view));
    }
    return {};
  }));
  return page;
}

Result<DivisionView> DivisionService::get(const Caller& caller, const std::string& id, bool object_counts) {
  if (!is_uuid(id)) return division_not_found();
  DivisionView view;
  auto r = store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.division = RP_TRY(tx.get_division(id));
    if (object_counts) view.object_counts = RP_TRY(tx.division_object_counts(id));
    return {};
  });
  if (!r) return r.error().code == Errc::not_found ? division_not_found() : fail(r.error());
  return view;
}

Result<store::Division> DivisionService::home(const Caller& caller) {
  store::Division home;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto org = RP_TRY(tx.organization());
    home = RP_TRY(tx.get_division(org.home_division_id));
    return {};
  }));
  return home;
}

Result<store::Division> DivisionService::create(const Caller& caller, DivisionInput in) {
  in.name = std::string(trim(in.name));
  RP_CHECK(validate(in));
  store::Division d;
  d.id = new_uuid();
  d.name = in.name;
  d.description = in.description.value_or("");
  d.home = false;
  d.created = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        if (name_taken(RP_TRY(tx.list_divisions()), d.name, d.id)) return duplicate_name(d.name);
        RP_CHECK(name_conflict_as_duplicate(tx.insert_division(d), d.name));
        fx.divisions_changed();
        return tx.insert_audit(audit_record(caller, {"division.create", "division", d.id, "", snapshot(d)}, d.created));
      }));
  return d;
}

Result<store::Division> DivisionService::update(const Caller& caller, const std::string& id, DivisionInput in) {
  if (!is_uuid(id)) return division_not_found();
  in.name = std::string(trim(in.name));
  RP_CHECK(validate(in));
  store::Division after;
  auto r = store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    store::Division before = RP_TRY(tx.get_division(id));
    after = before;
    after.name = in.name;
    if (in.description) after.description = *in.description;
    if (name_taken(RP_TRY(tx.list_divisions()), after.name, id)) return duplicate_name(after.name);
    RP_CHECK(name_conflict_as_duplicate(tx.update_division(after), after.name));
    return tx.insert_audit(
        audit_record(caller, {"division.update", "division", id, snapshot(before), snapshot(after)}, clock_.now()));
  });
  if (!r) return r.error().code == Errc::not_found ? division_not_found() : fail(r.error());
  return after;
}

Result<void> DivisionService::remove(const Caller& caller, const std::string& id) {
  if (!is_uuid(id)) return division_not_found();
  auto r = write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        store::Division before = RP_TRY(tx.get_division(id));
        if (before.home)
          return fail(make_error(Errc::invalid_argument, "The Home division cannot be deleted")
                          .with_reason(reason::bad_request));
        auto counts = RP_TRY(tx.division_object_counts(id));
        // Grants through trusts hold the division too.
        if (auto trusted = RP_TRY(tx.trust_grants_in_division(id)); trusted > 0)
          counts.emplace_back("trust grants", trusted);
        store::SkillQuery skills_in;
        skills_in.page.page_size = 1;
        skills_in.divisions = std::vector<std::string>{id};
        if (auto skills = RP_TRY(tx.list_routing_skills(store::SkillKind::skill, skills_in)); skills.total > 0)
          counts.emplace_back("routing skills", skills.total);
        store::QueueQuery queues_in;
        queues_in.page.page_size = 1;
        queues_in.divisions = std::vector<std::string>{id};
        if (auto queues = RP_TRY(tx.list_queues(queues_in)); queues.total > 0)
          counts.emplace_back("queues", queues.total);
        std::string in_use;
        for (const auto& [type, n] : counts) {
          if (n == 0) continue;
          if (!in_use.empty()) in_use += ", ";
          in_use += std::to_string(n) + " " + type;
        }
        if (!in_use.empty())
          return fail(make_error(Errc::conflict, "The division [" + before.name + "] still contains objects (" +
                                                     in_use + "); move or remove them before deleting it")
                          .with_reason(reason::division_not_empty)
                          .with_param("objects", in_use));
        RP_CHECK(tx.delete_division(id));
        fx.divisions_changed();
        return tx.insert_audit(
            audit_record(caller, {"division.delete", "division", id, snapshot(before), ""}, clock_.now()));
      });
  if (!r) return r.error().code == Errc::not_found ? division_not_found() : fail(r.error());
  return {};
}

}  // namespace rp::service
