#include "service/invitations/invitations.h"

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

constexpr Millis kFirstRetryMs = 30'000;
constexpr Millis kMaxRetryMs = 3'600'000;

Error invitation_error(std::string_view reason, std::string message) {
  return make_error(Errc::not_found, std::move(message)).with_reason(reason);
}

bool outstanding(const store::Invitation& i, Millis now) { return !i.used && !i.superseded && now < i.expires; }

std::string invitation_snapshot(const store::Invitation& i) {
  Snapshot s;
  s.add("id", i.id).add("userId", i.user_id).add("email", i.email).add("expires", to_iso8601(i.expires));
  if (i.used) s.add("used", to_iso8601(*i.used));
  if (i.superseded) s.add("superseded", to_iso8601(*i.superseded));
  return s.str();
}

store::MailMessage invitation_mail(const OrgId& org, const std::string& org_name, const store::User& u,
                                   const std::string& link, Millis now, Millis expires) {
  store::MailMessage m;
  m.id = new_uuid();
  m.org_id = org.value;
  m.recipient = u.email;
  m.subject = "Your " + org_name + " account";
  m.body = "Hello " + u.name + ",\n\n" + "You have been invited to " + org_name +
           ". To choose your password and activate your account, open this link:\n\n" + link +
           "\n\nThe link can be used once and expires at " + to_iso8601(expires) +
           ".\n\nIf you did not expect this message, you can ignore it.\n";
  m.state = store::MailState::pending;
  m.created = now;
  m.next_attempt = now;
  return m;
}

}  // namespace

std::string invitation_link(std::string_view public_url, const std::string& token) {
  while (public_url.ends_with('/')) public_url.remove_suffix(1);
  return std::string(public_url) + "/invitations/" + token;
}

void InvitationService::set_public_url(std::string url) {
  std::lock_guard lock(settings_mu_);
  settings_.public_url = std::move(url);
}

std::string InvitationService::public_url() const {
  std::lock_guard lock(settings_mu_);
  return settings_.public_url;
}

Result<store::Invitation> InvitationService::invite(const Caller& caller, const std::string& user_id, bool force,
                                                    const authz::Requirement& need) {
  if (!is_uuid(user_id)) return fail(user_not_found());
  Millis now = clock_.now();
  const std::string link_base = public_url();
  std::string token = new_secret();
  store::Invitation inv;
  inv.token_hash = sha256_hex(token);
  inv.id = new_uuid();
  inv.user_id = user_id;
  inv.invited_by = caller.subject_id;
  inv.created = now;
  inv.expires = now + settings_.lifetime_seconds * 1000;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto found = tx.get_user(user_id);
    if (!found) return fail(found.error().code == Errc::not_found ? user_not_found() : found.error());
    if (found->state == store::UserState::deleted) return fail(user_not_found());
    RP_CHECK(access_.authorize(caller, need, found->division_id));
    if (found->email.empty()) return invalid("userId", "The user has no email address to send an invitation to");
    inv.email = found->email;
    for (auto earlier : RP_TRY(tx.invitations_of_user(user_id))) {
      if (!outstanding(earlier, now)) continue;
      if (!force)
        return fail(make_error(Errc::conflict,
                               "An invitation is already outstanding for this user; use force=true to send a new one")
                        .with_reason(reason::invitation_outstanding));
      std::string before = invitation_snapshot(earlier);
      earlier.superseded = now;
      RP_CHECK(tx.update_invitation(earlier));
      RP_CHECK(tx.insert_audit(audit_record(
          caller, {"invitation.supersede", "invitation", earlier.id, before, invitation_snapshot(earlier)}, now)));
    }
    auto org = RP_TRY(tx.organization());
    RP_CHECK(tx.insert_invitation(inv));
    RP_CHECK(tx.insert_mail(
        invitation_mail(caller.org, org.name, *found, invitation_link(link_base, token), now, inv.expires)));
    return tx.insert_audit(
        audit_record(caller, {"invitation.create", "invitation", inv.id, "", invitation_snapshot(inv)}, now));
  }));
  if (queued_) queued_();
  return inv;
}

Result<std::pair<OrgId, store::Invitation>> InvitationService::usable(store::ReadWriteTransaction* tx,
                                                                      const std::string& token) {
  auto unknown = [] {
    return fail(invitation_error(reason::invitation_unknown, "This invitation link is not valid."));
  };
  if (token.empty() || token.size() > 256) return unknown();
  std::string hash = sha256_hex(token);
  std::optional<OrgId> org;
  if (tx) org = tx->org();
  else org = RP_TRY(store_.find_invitation_org(hash));
  if (!org) return unknown();
  std::optional<store::Invitation> inv;
  auto look = [&](store::Reader& t) -> Result<void> {
    inv = RP_TRY(t.find_invitation(hash));
    return {};
  };
  if (tx) RP_CHECK(look(*tx));
  else RP_CHECK(store_.read(*org, look));
  if (!inv) return unknown();
  if (inv->used) return fail(invitation_error(reason::invitation_used, "This invitation has already been used."));
  if (inv->superseded)
    return fail(invitation_error(reason::invitation_superseded,
                                 "This invitation was replaced by a newer one; use the latest link sent."));
  if (clock_.now() >= inv->expires)
    return fail(invitation_error(reason::invitation_expired, "This invitation has expired."));
  return std::pair<OrgId, store::Invitation>(*org, *inv);
}

Result<InvitationView> InvitationService::describe(const std::string& token) {
  auto [org, inv] = RP_TRY(usable(nullptr, token));
  InvitationView view;
  view.org = org;
  view.invitation = inv;
  RP_CHECK(store_.read(org, [&](store::Reader& tx) -> Result<void> {
    auto user = tx.get_user(inv.user_id);
    if (!user || user->state == store::UserState::deleted)
      return fail(invitation_error(reason::invitation_unknown, "This invitation link is not valid."));
    view.user_name = user->name;
    view.email = user->email;
    view.organization_name = RP_TRY(tx.organization()).name;
    return {};
  }));
  return view;
}

Result<InvitationView> InvitationService::accept(const std::string& token, const std::string& password,
                                                 const std::string& correlation_id) {
  auto view = RP_TRY(describe(token));
  RP_CHECK(check_password(passwords_, password));
  std::string hash = RP_TRY(hash_password(password));  // slow: outside the write transaction
  Caller system;
  system.org = view.org;
  system.correlation_id = correlation_id;
  RP_CHECK(store_.write(view.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto [_, inv] = RP_TRY(usable(&tx, token));  // again, inside the transaction: used once only
    auto found = tx.get_user(inv.user_id);
    if (!found || found->state == store::UserState::deleted)
      return fail(invitation_error(reason::invitation_unknown, "This invitation link is not valid."));
    Millis now = clock_.now();
    store::User before = *found;
    store::User after = before;
    after.password_hash = hash;
    if (after.state == store::UserState::inactive) after.state = store::UserState::active;
    after.version = before.version + 1;
    after.modified = now;
    RP_CHECK(tx.update_user(after, before.version));
    std::string inv_before = invitation_snapshot(inv);
    inv.used = now;
    RP_CHECK(tx.update_invitation(inv));
    // The actor is the invited user, proving it with the token.
    system.subject_id = inv.user_id;
    system.subject_type = store::SubjectType::user;
    RP_CHECK(tx.insert_audit(
        audit_record(system, {"invitation.accept", "invitation", inv.id, inv_before, invitation_snapshot(inv)}, now)));
    return tx.insert_audit(
        audit_record(system, {"user.update", "user", after.id, snapshot(before), snapshot(after)}, now));
  }));
  return view;
}

Result<std::vector<store::MailMessage>> InvitationService::due(std::size_t limit) {
  return store_.due_mail(clock_.now(), limit);
}

Result<void> InvitationService::sent(const store::MailMessage& m) {
  store::MailMessage done = m;
  done.state = store::MailState::sent;
  done.sent = clock_.now();
  done.attempts = m.attempts + 1;
  done.last_error.clear();
  done.body.clear();
  return store_.write(OrgId(m.org_id), [&](store::ReadWriteTransaction& tx) { return tx.update_mail(done); });
}

Result<void> InvitationService::failed(const store::MailMessage& m, const std::string& error, bool permanent) {
  store::MailMessage next = m;
  next.attempts = m.attempts + 1;
  next.last_error = error.substr(0, 500);
  if (permanent || next.attempts >= kMaxAttempts) {
    next.state = store::MailState::failed;
  } else {
    Millis delay = kFirstRetryMs;
    for (std::int64_t i = 1; i < next.attempts && delay < kMaxRetryMs; ++i) delay *= 2;
    next.next_attempt = clock_.now() + std::min(delay, kMaxRetryMs);
  }
  return store_.write(OrgId(m.org_id), [&](store::ReadWriteTransaction& tx) { return tx.update_mail(next); });
}

}  // namespace rp::service
