#include "service/auth/user_passwords.h"
#include "service/access/effects.h"

#include "core/ids.h"
#include "core/reasons.h"
#include "service/auth/passwords.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"

namespace rp::service {
namespace {

Error wrong_old_password() {
  return make_error(Errc::invalid_argument, "The old password is incorrect").with_field("oldPassword");
}

std::string audit_after(std::string_view by, std::size_t revoked) {
  return Snapshot()
      .add("passwordSet", true)
      .add("setBy", by)
      .add("revokedTokens", static_cast<std::int64_t>(revoked))
      .str();
}

}  // namespace

Result<void> PasswordService::change_own(const Caller& caller, std::string_view old_password,
                                         std::string_view new_password, std::string_view address) {
  if (caller.subject_type != store::SubjectType::user)
    return fail(make_error(Errc::invalid_argument,
                           "This request requires a user context. Client credentials cannot be used for requests to "
                           "this resource.")
                    .with_reason(reason::not_a_user));
  if (old_password.empty()) return invalid("oldPassword", "oldPassword is required");
  if (new_password.empty()) return invalid("newPassword", "newPassword is required");
  RP_CHECK(sign_in_.check_failures(caller.org, caller.subject_id, address));

  store::User user;
  auto found = store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    user = RP_TRY(tx.get_user(caller.subject_id));
    return {};
  });
  if (!found) return fail(found.error().code == Errc::not_found ? user_not_found() : found.error());
  if (user.state == store::UserState::deleted) return fail(user_not_found());
  if (!verify_password(old_password, user.password_hash)) {
    sign_in_.count_failure(caller.org, caller.subject_id, address);
    return fail(wrong_old_password());
  }
  RP_CHECK(check_password(users_.password_policy(), new_password, "newPassword"));
  std::string hash = RP_TRY(hash_password(new_password));

  std::vector<std::string> revoked;
  RP_CHECK(write_with_effects(
      store_, access_, &tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto now_user = tx.get_user(user.id);
        if (!now_user) return fail(now_user.error().code == Errc::not_found ? user_not_found() : now_user.error());
        if (now_user->state == store::UserState::deleted) return fail(user_not_found());
        // Changed meanwhile: the old password given is no longer the password.
        if (now_user->password_hash != user.password_hash) return fail(wrong_old_password());
        RP_CHECK(tx.set_user_password(user.id, hash));
        std::string keep = RP_TRY(tx.session_of_access_token(caller.token_hash));
        if (!keep.empty()) revoked = RP_TRY(tx.delete_user_tokens(user.id, keep));
        fx.tokens_revoked(revoked);
        return tx.insert_audit(audit_record(
            caller, {"user.password", "user", user.id, "", audit_after("self", revoked.size())}, clock_.now()));
      }));
  return {};
}

Result<void> PasswordService::set(const Caller& caller, const std::string& user_id, std::string_view new_password,
                                  const authz::Requirement& need) {
  if (!is_uuid(user_id)) return fail(user_not_found());
  if (new_password.empty()) return invalid("newPassword", "newPassword is required");
  // The user's existence and the caller's permission come before the policy,
  // so that the answer for a user the caller may not touch says no more.
  std::string division;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto user = tx.get_user(user_id);
    if (!user) return fail(user.error().code == Errc::not_found ? user_not_found() : user.error());
    if (user->state == store::UserState::deleted) return fail(user_not_found());
    division = user->division_id;
    return {};
  }));
  RP_CHECK(access_.authorize(caller, need, division));
  RP_CHECK(check_password(users_.password_policy(), new_password, "newPassword"));
  std::string hash = RP_TRY(hash_password(new_password));

  std::vector<std::string> revoked;
  RP_CHECK(write_with_effects(
      store_, access_, &tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto user = tx.get_user(user_id);
        if (!user) return fail(user.error().code == Errc::not_found ? user_not_found() : user.error());
        if (user->state == store::UserState::deleted) return fail(user_not_found());
        RP_CHECK(access_.authorize(caller, need, user->division_id));
        RP_CHECK(tx.set_user_password(user_id, hash));
        revoked = RP_TRY(tx.delete_user_tokens(user_id, ""));
        fx.tokens_revoked(revoked);
        return tx.insert_audit(
            audit_record(caller, {"user.password", "user", user_id, "", audit_after("administrator", revoked.size())},
                         clock_.now()));
      }));
  return {};
}

}  // namespace rp::service
