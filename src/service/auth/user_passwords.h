#pragma once
// Setting users' passwords: a user changing their own (with the old one) and
// an administrator setting someone's. The new password must satisfy the
// configured policy (UserService::password_policy()); it is hashed with
// argon2id and never logged, audited or returned. Both write an audit record
// ("user.password", no password or hash in it) and revoke tokens in the same
// transaction, dropping them from the TokenService's memory before returning:
// a user's own change ends their other sign-in sessions (the session of the
// token used stays); an administrator's set ends all of the user's sessions.

#include <string>
#include <string_view>

#include "authz/engine.h"
#include "core/error.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/auth/sign_in.h"
#include "service/auth/tokens.h"
#include "service/users/users.h"
#include "store/store.h"

namespace rp::service {

class PasswordService {
 public:
  PasswordService(store::Store& store, Access& access, TokenService& tokens, SignInService& sign_in,
                  const UserService& users, const Clock& clock = system_clock())
      : store_(store), access_(access), tokens_(tokens), sign_in_(sign_in), users_(users), clock_(clock) {}

  // The caller's own password. invalid_argument/reason::not_a_user for a token
  // without a user; too_many_requests (retryAfter) when the user or
  // `address` has too many failed sign-ins; invalid_argument naming
  // oldPassword when it is wrong (a failed sign-in), newPassword when the
  // policy refuses it.
  Result<void> change_own(const Caller& caller, std::string_view old_password, std::string_view new_password,
                          std::string_view address);
  // An administrator's set: `need` must be held in the user's division.
  // not_found for unknown or deleted users and other organizations' users;
  // invalid_argument naming newPassword when the policy refuses it.
  Result<void> set(const Caller& caller, const std::string& user_id, std::string_view new_password,
                   const authz::Requirement& need);

 private:
  store::Store& store_;
  Access& access_;
  TokenService& tokens_;
  SignInService& sign_in_;
  const UserService& users_;
  const Clock& clock_;
};

}  // namespace rp::service
