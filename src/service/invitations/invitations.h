#pragma once
// Invitations (POST /api/v2/users/{userId}/invite) and the mail outbox that
// delivers them.
//
// invite() makes a single-use invitation that expires after
// `lifetime_seconds`, stores only the SHA-256 of its 256-bit random token,
// and writes, in one transaction, the invitation, a message for the user's
// email address into the mail outbox (with the accept link
// <public_url>/invitations/<token>) and the audit record. Without `force`
// an outstanding invitation (not used, not superseded, not expired) is a
// conflict; with it the outstanding ones are superseded by the new one.
//
// Accepting (the page behind the link): describe() tells whether a token is
// good; accept() checks the password against the policy, sets it (argon2id),
// marks the invitation used and, if the user is inactive, activates it (the
// invitation is Genesys' activation email), all in one audited transaction.
// Unknown, used, superseded and expired tokens, and tokens of users deleted
// since, are not_found with reason invitation.unknown / .used / .superseded /
// .expired.
//
// The outbox: due() lists pending messages across organizations; the mail
// sender (app layer) delivers them and reports sent() or failed() (which
// schedules a retry with exponential backoff until kMaxAttempts).

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/auth/passwords.h"
#include "store/store.h"

namespace rp::service {

struct InvitationSettings {
  std::string public_url = "http://127.0.0.1:8080";  // no trailing slash
  std::int64_t lifetime_seconds = 7 * 24 * 3600;
};

// What the accept page shows for a good token.
struct InvitationView {
  OrgId org;
  store::Invitation invitation;
  std::string user_name;
  std::string email;
  std::string organization_name;
};

class InvitationService {
 public:
  static constexpr std::int64_t kMaxAttempts = 10;

  InvitationService(store::Store& store, Access& access, InvitationSettings settings, PasswordPolicy passwords,
                    const Clock& clock = system_clock())
      : store_(store), access_(access), settings_(std::move(settings)), passwords_(passwords), clock_(clock) {}

  // Called after a message is committed to the outbox (wakes the sender).
  void on_mail_queued(std::function<void()> fn) { queued_ = std::move(fn); }

  // not_found for unknown and deleted users; permission_denied unless `need`
  // is held in the user's division; invalid_argument when the user has no
  // email address; conflict (reason invitation.outstanding) without `force`
  // when an invitation is outstanding.
  Result<store::Invitation> invite(const Caller& caller, const std::string& user_id, bool force,
                                   const authz::Requirement& need);

  Result<InvitationView> describe(const std::string& token);
  // invalid_argument naming "password" when it breaks the policy.
  Result<InvitationView> accept(const std::string& token, const std::string& password,
                                const std::string& correlation_id = {});

  const PasswordPolicy& password_policy() const { return passwords_; }
  // The base of accept links (for a default that depends on the bound port).
  void set_public_url(std::string url);
  std::string public_url() const;

  // The outbox, for the mail sender.
  Result<std::vector<store::MailMessage>> due(std::size_t limit);
  // Marks the message sent; its body (which holds the link) is dropped.
  Result<void> sent(const store::MailMessage& m);
  // Records a failed attempt: retried after 30 s × 2^(attempts-1), at most
  // an hour later; failed for good after kMaxAttempts or when `permanent`.
  Result<void> failed(const store::MailMessage& m, const std::string& error, bool permanent = false);

 private:
  // The invitation of `token` and its organization, checked to be usable.
  Result<std::pair<OrgId, store::Invitation>> usable(store::ReadWriteTransaction* tx, const std::string& token);

  store::Store& store_;
  Access& access_;
  mutable std::mutex settings_mu_;
  InvitationSettings settings_;
  PasswordPolicy passwords_;
  const Clock& clock_;
  std::function<void()> queued_;
};

// The accept link of an invitation token.
std::string invitation_link(std::string_view public_url, const std::string& token);

}  // namespace rp::service
