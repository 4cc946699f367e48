#include "service/users/user_import.h"

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"

namespace rp::service {
namespace {

Result<void> check_length(const std::string& value, std::string_view key) {
  for (const auto& f : person_fields())
    if (f.key == key && f.max_length != 0 && value.size() > f.max_length)
      return invalid(std::string(key),
                     std::string(key) + " must be at most " + std::to_string(f.max_length) + " characters");
  return {};
}

}  // namespace

Result<UserImporter> UserImporter::open(store::Store& store, const OrgId& org, const Clock& clock) {
  UserImporter imp(store, org, clock);
  RP_CHECK(store.read(org, [&](store::Reader& tx) -> Result<void> {
    auto o = RP_TRY(tx.organization());
    imp.home_division_ = o.home_division_id;
    for (const auto& d : RP_TRY(tx.list_divisions())) {
      imp.division_by_name_.emplace(to_lower(d.name), d.id);
      imp.division_ids_.insert(d.id);
    }
    return {};
  }));
  return imp;
}

Result<store::User> UserImporter::prepare(const ImportRecord& r) {
  const NewUser& in = r.user;
  store::User u;
  u.name = std::string(trim(in.name));
  u.email = std::string(trim(in.email));
  if (u.name.empty()) return invalid("name", "name is required");
  RP_CHECK(check_length(u.name, "name"));
  RP_CHECK(check_length(in.title, "title"));
  RP_CHECK(check_length(in.department, "department"));
  if (u.email.empty()) return invalid("email", "email is required");
  RP_CHECK(validate_email(u.email));
  auto state = store::parse_user_state(in.state.value_or("active"));
  if (state != store::UserState::active && state != store::UserState::inactive)
    return invalid("state", "state must be active or inactive");
  u.state = *state;
  for (std::size_t i = 0; i < in.addresses.size(); ++i) RP_CHECK(validate_contact(in.addresses[i], i));
  if (in.password) return invalid("password", "passwords cannot be imported; set them after the import");
  if (!in.manager.empty()) return invalid("manager", "managers cannot be imported; set them after the import");

  if (in.division_id) {
    if (!division_ids_.count(*in.division_id))
      return invalid("divisionId", "The division [" + *in.division_id + "] does not exist");
    u.division_id = *in.division_id;
  } else if (!r.division_name.empty()) {
    auto it = division_by_name_.find(to_lower(r.division_name));
    if (it == division_by_name_.end())
      return invalid("division", "The division named [" + r.division_name + "] does not exist");
    u.division_id = it->second;
  } else {
    u.division_id = home_division_;
  }

  std::string key = to_lower(u.email);
  if (!seen_.insert(key).second)
    return fail(make_error(Errc::conflict, "The email [" + u.email + "] appears twice in the import")
                    .with_field("email")
                    .with_reason(reason::duplicate));
  u.id = new_uuid();
  u.username = u.email;
  u.department = in.department;
  u.title = in.title;
  u.version = 1;
  u.addresses = in.addresses;
  u.created = u.modified = clock_->now();
  return u;
}

Result<void> UserImporter::write(const std::vector<store::User>& batch, std::string_view source,
                                 std::int64_t first_line, std::int64_t last_line) const {
  if (batch.empty()) return {};
  std::string ids = "[";
  for (const auto& u : batch) {
    if (ids.size() > 1) ids += ',';
    ids += '"' + u.id + '"';
  }
  ids += ']';
  Snapshot after;
  after.add("source", source)
      .add("firstLine", first_line)
      .add("lastLine", last_line)
      .add("count", static_cast<std::int64_t>(batch.size()))
      .add_raw("ids", ids);
  Millis now = clock_->now();
  return store_->write(org_, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto inserted = tx.insert_users(batch);
    if (!inserted) {
      if (inserted.error().code == Errc::conflict)
        return fail(make_error(Errc::conflict, "An email or username of lines " + std::to_string(first_line) + "-" +
                                                   std::to_string(last_line) + " is already taken in the organization")
                        .with_field("email")
                        .with_reason(reason::duplicate));
      return inserted;
    }
    return tx.insert_audit(system_audit_record({"user.import", "user", batch.front().id, "", after.str()}, now));
  });
}

}  // namespace rp::service
