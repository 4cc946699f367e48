#include "service/users/users.h"
#include "service/access/effects.h"

#include <algorithm>
#include <unordered_map>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"
#include "service/presence/presence.h"
#include "service/trust/trusts.h"
#include "service/users/user_hierarchy.h"

namespace rp::service {
namespace {

constexpr std::string_view kMediaTypes[] = {"PHONE", "EMAIL", "SMS"};
constexpr std::string_view kContactTypes[] = {"PRIMARY", "WORK",   "WORK2", "WORK3", "WORK4",
                                              "HOME",    "MOBILE", "MAIN",  "OTHER"};

// The person fields: what the field configuration publishes and what
// validation below enforces.
constexpr PersonField kPersonFields[] = {
    {.section = "general", .key = "name", .type = "text", .required = true, .max_length = 255},
    {.section = "general", .key = "title", .type = "text", .max_length = 255},
    {.section = "general", .key = "department", .type = "text", .max_length = 255},
    {.section = "contactInfo", .key = "email", .type = "email", .required = true, .max_length = 255},
    {.section = "contactInfo",
     .key = "addresses",
     .type = "contact",
     .repeatable = true,
     .media_types = kMediaTypes,
     .contact_types = kContactTypes},
};

constexpr const PersonField& person_field(std::string_view key) {
  for (const auto& f : kPersonFields)
    if (f.key == key) return f;
  throw "unknown person field";  // a compile-time error where used in constant expressions
}

constexpr const PersonField& kNameField = person_field("name");
constexpr const PersonField& kTitleField = person_field("title");
constexpr const PersonField& kDepartmentField = person_field("department");
constexpr const PersonField& kEmailField = person_field("email");
constexpr const PersonField& kAddressesField = person_field("addresses");
// Usernames are not a published field; they default to the email and share its limit.
constexpr std::size_t kMaxUsername = kEmailField.max_length;

bool one_of(std::string_view v, std::span<const std::string_view> options) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

std::string listed(std::span<const std::string_view> options) {
  std::string out;
  for (auto o : options) {
    if (!out.empty()) out += ", ";
    out += o;
  }
  return out;
}

// invalid_argument when `value` is longer than the field allows.
Result<void> check_length(const std::string& value, const PersonField& f) {
  if (f.max_length != 0 && value.size() > f.max_length)
    return invalid(std::string(f.key),
                   std::string(f.key) + " must be at most " + std::to_string(f.max_length) + " characters");
  return {};
}

// The display a contact is answered with when none is stored.
store::Contact normalized(store::Contact c) {
  if (c.display == (c.address.empty() ? c.extension : c.address)) c.display.clear();
  return c;
}

bool same_contacts(const std::vector<store::Contact>& a, const std::vector<store::Contact>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (normalized(a[i]) != normalized(b[i])) return false;
  return true;
}

// Ends every grant of a user who is being deleted, auditing each; true if
// there were any (the engine's index must then learn of it).
Result<bool> end_grants(store::ReadWriteTransaction& tx, const Caller& caller, const std::string& id, Millis now) {
  auto grants = RP_TRY(tx.grants_of(id));
  RP_CHECK(tx.delete_grants_of(id));
  for (const auto& g : grants)
    RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.remove", "grant", id, snapshot(g), ""}, now)));
  return !grants.empty();
}

Error version_mismatch() {
  return make_error(Errc::conflict, "The version supplied does not match the current version of the user")
      .with_field("version")
      .with_reason(reason::version_mismatch);
}

}  // namespace

std::span<const PersonField> person_fields() { return kPersonFields; }

Error user_not_found() { return make_error(Errc::not_found, "Unable to find a user with that userId"); }

Result<std::optional<store::User>> find_live_user(store::Reader& tx, std::string_view id) {
  if (!is_uuid(id)) return std::nullopt;
  auto user = tx.get_user(id);
  if (!user) {
    if (user.error().code != Errc::not_found) return std::unexpected(user.error());
    return std::nullopt;
  }
  if (user->state == store::UserState::deleted) return std::nullopt;
  return std::move(*user);
}

Result<store::User> live_user(store::Reader& tx, std::string_view id) {
  auto user = RP_TRY(find_live_user(tx, id));
  if (!user) return fail(user_not_found());
  return std::move(*user);
}

Result<void> validate_email(const std::string& email) {
  auto at = email.find('@');
  bool ok = !email.empty() && email.size() <= kEmailField.max_length && at != std::string::npos && at > 0 &&
            email.find('@', at + 1) == std::string::npos && at + 1 < email.size() &&
            email.find('.', at + 2) != std::string::npos && email.back() != '.' &&
            std::none_of(email.begin(), email.end(), [](char c) { return c == ' ' || c < 0x21; });
  if (!ok) return invalid("email", "The email address [" + email + "] is not valid");
  return {};
}

Result<void> validate_contact(const store::Contact& c, std::size_t index) {
  std::string field = "addresses[" + std::to_string(index) + "]";
  if (!one_of(c.media_type, kAddressesField.media_types))
    return invalid(field + ".mediaType", "mediaType must be one of " + listed(kAddressesField.media_types));
  if (!c.type.empty() && !one_of(c.type, kAddressesField.contact_types))
    return invalid(field + ".type", "type must be one of " + listed(kAddressesField.contact_types));
  if (c.address.empty() && c.extension.empty())
    return invalid(field + ".address", "An address or an extension is required");
  if (c.media_type == "EMAIL" && !c.address.empty()) {
    if (auto r = validate_email(c.address); !r)
      return invalid(field + ".address", "The email address [" + c.address + "] is not valid");
  }
  return {};
}

Result<UserView> UserService::create(const Caller& caller, NewUser in, const authz::Requirement& need) {
  in.name = std::string(trim(in.name));
  in.email = std::string(trim(in.email));
  if (in.name.empty()) return invalid("name", "name is required");
  RP_CHECK(check_length(in.name, kNameField));
  RP_CHECK(check_length(in.title, kTitleField));
  RP_CHECK(check_length(in.department, kDepartmentField));
  if (in.email.empty()) return invalid("email", "email is required");
  RP_CHECK(validate_email(in.email));
  auto state = store::parse_user_state(in.state.value_or("active"));
  if (state != store::UserState::active && state != store::UserState::inactive)
    return invalid("state", "state must be active or inactive when creating a user");
  for (std::size_t i = 0; i < in.addresses.size(); ++i) RP_CHECK(validate_contact(in.addresses[i], i));

  store::User u;
  u.id = new_uuid();
  u.name = in.name;
  u.email = in.email;
  u.username = in.email;
  u.department = in.department;
  u.title = in.title;
  u.state = *state;
  u.version = 1;
  u.addresses = std::move(in.addresses);
  if (in.password) {
    RP_CHECK(check_password(passwords_, *in.password));
    u.password_hash = RP_TRY(hash_password(*in.password));
  }
  u.created = u.modified = clock_.now();

  UserView view;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        if (in.division_id) {
          auto div = tx.get_division(*in.division_id);
          if (!div) {
            if (div.error().code == Errc::not_found)
              return invalid("divisionId", "The division [" + *in.division_id + "] does not exist");
            return fail(div.error());
          }
          view.division = *div;
        } else {
          auto org = RP_TRY(tx.organization());
          view.division = RP_TRY(tx.get_division(org.home_division_id));
        }
        u.division_id = view.division.id;
        RP_CHECK(access_.authorize(caller, need, view.division.id));
        RP_CHECK(check_manager(tx, u.id, in.manager));
        u.manager_id = in.manager;
        auto inserted = tx.insert_user(u);
        if (!inserted) {
          if (inserted.error().code == Errc::conflict)
            return fail(make_error(Errc::conflict, "A user with the email [" + u.email + "] already exists")
                            .with_field("email")
                            .with_reason(reason::duplicate));
          return inserted;
        }
        // A default trust of the organization admits the new user at once.
        RP_CHECK(trustee_user_changed(tx, fx, u.id));
        return tx.insert_audit(audit_record(caller, {"user.create", "user", u.id, "", snapshot(u)}, u.created));
      }));
  view.user = std::move(u);
  return view;
}

Result<UserView> UserService::get(const Caller& caller, const std::string& id, bool include_deleted) {
  UserView view;
  auto not_found = [] { return fail(user_not_found()); };
  if (!is_uuid(id)) return not_found();
  auto r = store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.user = RP_TRY(tx.get_user(id));
    view.division = RP_TRY(tx.get_division(view.user.division_id));
    return {};
  });
  if (!r) return fail(r.error().code == Errc::not_found ? user_not_found() : r.error());
  if (view.user.state == store::UserState::deleted && !include_deleted) return not_found();
  return view;
}

Result<Page<UserView>> with_divisions(store::Reader& tx, Page<store::User> users) {
  auto divisions = RP_TRY(tx.list_divisions());
  std::unordered_map<std::string, store::Division> by_id;
  for (auto& d : divisions) by_id.emplace(d.id, std::move(d));
  Page<UserView> page;
  page.total = users.total;
  page.items.reserve(users.items.size());
  for (auto& u : users.items) {
    auto it = by_id.find(u.division_id);
    store::Division d = it != by_id.end() ? it->second : store::Division{u.division_id};
    page.items.push_back({std::move(u), std::move(d)});
  }
  return page;
}

Result<Page<UserView>> UserService::list(const Caller& caller, const store::UserQuery& query) {
  Page<UserView> page;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    page = RP_TRY(with_divisions(tx, RP_TRY(tx.list_users(query))));
    return {};
  }));
  return page;
}

Result<UserView> UserService::update(const Caller& caller, const std::string& id, UserPatch in,
                                     const authz::Requirement& need) {
  auto not_found = [] { return fail(user_not_found()); };
  if (!in.version && !in.any_version) return invalid("version", "version is required");
  if (in.name) {
    in.name = std::string(trim(*in.name));
    if (in.name->empty()) return invalid("name", "name must not be empty");
    RP_CHECK(check_length(*in.name, kNameField));
  }
  if (in.title) RP_CHECK(check_length(*in.title, kTitleField));
  if (in.department) RP_CHECK(check_length(*in.department, kDepartmentField));
  if (in.email) {
    in.email = std::string(trim(*in.email));
    if (in.email->empty()) return invalid("email", "email must not be empty");
    RP_CHECK(validate_email(*in.email));
  }
  if (in.username) {
    in.username = std::string(trim(*in.username));
    if (in.username->empty()) return invalid("username", "username must not be empty");
    if (in.username->size() > kMaxUsername)
      return invalid("username", "username must be at most " + std::to_string(kMaxUsername) + " characters");
  }
  std::optional<store::UserState> new_state;
  if (in.state) {
    new_state = store::parse_user_state(*in.state);
    if (!new_state)
      return invalid(
          "state", "Value [" + *in.state + "] is not valid for state. Allowable values are: active, inactive, deleted");
  }
  if (in.addresses)
    for (std::size_t i = 0; i < in.addresses->size(); ++i) RP_CHECK(validate_contact((*in.addresses)[i], i));
  if (!is_uuid(id)) return not_found();

  UserView view;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto found = tx.get_user(id);
        if (!found) return found.error().code == Errc::not_found ? not_found() : fail(found.error());
        const store::User before = *found;
        const bool state_change = new_state && *new_state != before.state;
        // A deleted user exists only for a patch that restores it.
        if (before.state == store::UserState::deleted && !state_change) return not_found();
        RP_CHECK(access_.authorize(caller, need, before.division_id));
        if (in.version && *in.version != before.version) return fail(version_mismatch());

        store::User after = before;
        if (in.name) after.name = *in.name;
        if (in.email) after.email = *in.email;
        if (in.username) after.username = *in.username;
        if (in.department) after.department = *in.department;
        if (in.title) after.title = *in.title;
        if (in.addresses && !same_contacts(*in.addresses, before.addresses)) after.addresses = *in.addresses;
        if (in.manager) after.manager_id = *in.manager;
        if (in.acd_auto_answer) after.acd_auto_answer = *in.acd_auto_answer;
        if (state_change) {
          bool other = after.name != before.name || after.email != before.email || after.username != before.username ||
                       after.department != before.department || after.title != before.title ||
                       after.addresses != before.addresses || after.manager_id != before.manager_id ||
                       after.acd_auto_answer != before.acd_auto_answer;
          if (other) return invalid("state", "When state is specified it is the only field that may be changed");
          after.state = *new_state;
        }
        if (after.manager_id != before.manager_id) RP_CHECK(check_manager(tx, id, after.manager_id));
        // A restored user keeps its manager unless the links made while it was
        // deleted would now close a cycle through it.
        if (state_change && before.state == store::UserState::deleted && !after.manager_id.empty())
          if (auto kept = check_manager(tx, id, after.manager_id);
              !kept && kept.error().reason == reason::manager_cycle)
            after.manager_id.clear();
        // Email and username must be free among users that are not deleted.
        if (after.state != store::UserState::deleted &&
            (before.state == store::UserState::deleted || !iequals(after.email, before.email))) {
          auto holder = RP_TRY(tx.find_user_by_email(after.email));
          if (holder && holder->id != id)
            return fail(make_error(Errc::conflict, "A user with the email [" + after.email + "] already exists")
                            .with_field("email")
                            .with_reason(reason::duplicate));
        }
        after.version = before.version + 1;
        after.modified = clock_.now();
        auto updated = tx.update_user(after, before.version);
        if (!updated) {
          if (updated.error().reason == reason::version_mismatch) return fail(version_mismatch());
          if (updated.error().code == Errc::conflict)
            // The email was checked above: what is left is the username.
            return fail(make_error(Errc::conflict, "A user with the username [" + after.username + "] already exists")
                            .with_field("username")
                            .with_reason(reason::duplicate));
          return updated;
        }
        std::string action = "user.update";
        if (state_change && after.state == store::UserState::deleted) {
          action = "user.delete";
          if (RP_TRY(end_grants(tx, caller, id, after.modified))) fx.grants_changed(id);
          fx.tokens_revoked(RP_TRY(tx.delete_user_tokens(id, "")));
          RP_CHECK(leave_trusts(tx, fx, caller, store::MemberKind::user, id, after.modified));
        } else if (state_change && before.state == store::UserState::deleted) {
          action = "user.restore";
        } else if (state_change && after.state == store::UserState::inactive) {
          // An inactive user can neither sign in nor refresh; its live sessions end too.
          fx.tokens_revoked(RP_TRY(tx.delete_user_tokens(id, "")));
        }
        if (state_change) RP_CHECK(trustee_user_changed(tx, fx, id));
        if (state_change && after.state != store::UserState::active) RP_CHECK(go_offline(tx, id, after.modified));
        RP_CHECK(tx.insert_audit(
            audit_record(caller, {action, "user", id, snapshot(before), snapshot(after)}, after.modified)));
        view.division = RP_TRY(tx.get_division(after.division_id));
        view.user = std::move(after);
        return {};
      }));
  return view;
}

Result<void> UserService::remove(const Caller& caller, const std::string& id, const authz::Requirement& need) {
  auto not_found = [] { return fail(user_not_found().with_reason(reason::user_not_found_on_delete)); };
  if (!is_uuid(id)) return not_found();
  RP_CHECK(write_with_effects(store_, access_, tokens_, caller.org,
                              [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
                                auto found = tx.get_user(id);
                                if (!found || found->state == store::UserState::deleted) {
                                  if (!found && found.error().code != Errc::not_found) return fail(found.error());
                                  return not_found();
                                }
                                RP_CHECK(access_.authorize(caller, need, found->division_id));
                                return delete_user(tx, fx, caller, *found, clock_.now());
                              }));
  return {};
}

Result<void> delete_user(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, const store::User& user,
                         Millis now) {
  store::User after = user;
  after.state = store::UserState::deleted;
  after.version = user.version + 1;
  after.modified = now;
  RP_CHECK(tx.update_user(after, user.version));
  if (RP_TRY(end_grants(tx, caller, user.id, now))) fx.grants_changed(user.id);
  fx.tokens_revoked(RP_TRY(tx.delete_user_tokens(user.id, "")));
  RP_CHECK(leave_trusts(tx, fx, caller, store::MemberKind::user, user.id, now));
  RP_CHECK(trustee_user_changed(tx, fx, user.id));
  RP_CHECK(go_offline(tx, user.id, now));
  return tx.insert_audit(audit_record(caller, {"user.delete", "user", user.id, snapshot(user), snapshot(after)}, now));
}

}  // namespace rp::service
