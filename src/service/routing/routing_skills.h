#pragma once
// Routing skills and languages (the RoutingApi's /routing/skills and
// /routing/languages) and their assignment to users (the UsersApi's
// /users/{userId}/routingskills and /routinglanguages). A language is a
// skill of its own kind (store::SkillKind); every method names the kind.
//
// Skills live in a division (Home unless given) and are seen where the
// caller holds the listing's permission in that division: listings leave
// the others out, reading one is permission_denied. Languages have no
// division. Names: trimmed, 1..255 characters, unique per kind ignoring
// case (conflict, reason::duplicate). Deleting a skill deletes its
// assignments in the same transaction.
//
// Assignments: proficiency 0..5, state active | inactive; the assigning
// permission is checked in the division of the user. Every change is
// written with its audit record ("routing.skill.create|delete",
// "routing.language.create|delete", "user.routingskill.set|remove",
// "user.routinglanguage.set|remove"); a change that changes nothing writes
// nothing. Unknown, malformed and other organizations' ids are not_found.

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

// A skill with the name of its division (empty for languages).
struct SkillView {
  store::RoutingSkill skill;
  std::string division_name;
};

// A skill to assign, or the change of an assignment: absent members keep
// what is stored (an assignment's state defaults to active).
struct UserSkillChange {
  std::string skill_id;
  std::optional<double> proficiency;
  std::optional<std::string> state;  // active | inactive
};

class RoutingSkillService {
 public:
  static constexpr std::size_t kMaxName = 255;
  static constexpr std::size_t kMaxBulk = 50;

  RoutingSkillService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // `need` is the listing's permission: skills outside the divisions where
  // the caller holds it are left out (languages: not consulted).
  Result<Page<SkillView>> list(const Caller& caller, store::SkillKind kind, store::SkillQuery query,
                               const authz::Requirement& need);
  Result<SkillView> get(const Caller& caller, store::SkillKind kind, const std::string& id,
                        const authz::Requirement& need);
  // invalid_argument naming name or divisionId (an unknown division).
  Result<SkillView> create(const Caller& caller, store::SkillKind kind, std::string name,
                           std::optional<std::string> division_id);
  Result<void> remove(const Caller& caller, store::SkillKind kind, const std::string& id);

  // The user's skills of the kind, by name.
  Result<Page<store::UserSkill>> of_user(const Caller& caller, store::SkillKind kind, const std::string& user_id,
                                         const PageRequest& page, bool descending);
  // Assigns a skill (proficiency required) or updates its assignment.
  Result<store::UserSkill> assign(const Caller& caller, store::SkillKind kind, const std::string& user_id,
                                  UserSkillChange change, const authz::Requirement& need);
  // Changes an assignment the user has (not_found otherwise).
  Result<store::UserSkill> update(const Caller& caller, store::SkillKind kind, const std::string& user_id,
                                  UserSkillChange change, const authz::Requirement& need);
  Result<void> unassign(const Caller& caller, store::SkillKind kind, const std::string& user_id,
                        const std::string& skill_id, const authz::Requirement& need);
  // Assigns up to kMaxBulk skills at once (`replace`: and removes every
  // other skill of the kind), all or nothing: invalid_argument naming
  // body[i].<field>, not_found for an unknown skill. Answers the user's
  // skills of the kind afterwards, by name.
  Result<std::vector<store::UserSkill>> assign_all(const Caller& caller, store::SkillKind kind,
                                                   const std::string& user_id, std::vector<UserSkillChange> changes,
                                                   bool replace, const authz::Requirement& need);

 private:
  // assign_all; `bulk` names the body's entries in errors (an unknown skill
  // is then invalid_argument, not not_found).
  Result<std::vector<store::UserSkill>> write_skills(const Caller& caller, store::SkillKind kind,
                                                     const std::string& user_id, std::vector<UserSkillChange> changes,
                                                     bool replace, bool bulk, const authz::Requirement& need);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
