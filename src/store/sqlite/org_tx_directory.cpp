// SqliteOrgTx: the directory extras: grants of several subjects, profile
// skills, invitations and the mail outbox (schema version 7).
#include "store/sqlite/codec.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

// ?2 is a JSON array of ids (json_each), so one cached statement serves any
// number of them and each is looked up by key.
constexpr char kGrantsOfSubjects[] =
    "SELECT subject_id, subject_type, role_id, division_id, created FROM grants"
    " WHERE org_id = ?1 AND subject_id IN (SELECT value FROM json_each(?2))"
    " ORDER BY subject_id, subject_type, role_id, division_id";

constexpr char kProfileSkills[] =
    "SELECT skill FROM user_profile_skills WHERE org_id = ?1 AND user_id = ?2 ORDER BY position";
constexpr char kProfileSkillsOf[] =
    "SELECT user_id, skill FROM user_profile_skills"
    " WHERE org_id = ?1 AND user_id IN (SELECT value FROM json_each(?2)) ORDER BY user_id, position";
constexpr char kDeleteProfileSkills[] = "DELETE FROM user_profile_skills WHERE org_id = ?1 AND user_id = ?2";
constexpr char kInsertProfileSkill[] =
    "INSERT INTO user_profile_skills(org_id, user_id, position, skill) VALUES (?1, ?2, ?3, ?4)";

#define RP_INVITATION_COLS "token_hash, id, user_id, email, invited_by, created, expires, used, superseded"
constexpr char kInsertInvitation[] =
    "INSERT INTO invitations(org_id, " RP_INVITATION_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kFindInvitation[] =
    "SELECT " RP_INVITATION_COLS " FROM invitations WHERE org_id = ?1 AND token_hash = ?2";
constexpr char kInvitationsOfUser[] = "SELECT " RP_INVITATION_COLS
                                      " FROM invitations WHERE org_id = ?1 AND user_id = ?2"
                                      " ORDER BY created DESC, id DESC";
constexpr char kLastInvited[] =
    "SELECT user_id, max(created) FROM invitations"
    " WHERE org_id = ?1 AND user_id IN (SELECT value FROM json_each(?2)) GROUP BY user_id ORDER BY user_id";
constexpr char kUpdateInvitation[] =
    "UPDATE invitations SET used = ?3, superseded = ?4 WHERE org_id = ?1 AND token_hash = ?2";

#define RP_MAIL_COLS "id, org_id, recipient, subject, body, state, attempts, last_error, created, next_attempt, sent"
constexpr char kInsertMail[] =
    "INSERT INTO mail_outbox(" RP_MAIL_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr char kUpdateMail[] =
    "UPDATE mail_outbox SET body = ?3, state = ?4, attempts = ?5, last_error = ?6, next_attempt = ?7, sent = ?8"
    " WHERE org_id = ?1 AND id = ?2";
constexpr char kListMail[] = "SELECT " RP_MAIL_COLS " FROM mail_outbox WHERE org_id = ?1 ORDER BY seq";
// The state term repeats the partial index's WHERE (mail_outbox_due_ix) so that SQLite uses it.
constexpr char kDueMail[] = "SELECT " RP_MAIL_COLS
                            " FROM mail_outbox WHERE state = 'pending' AND next_attempt <= ?1"
                            " ORDER BY next_attempt, seq LIMIT ?2";
constexpr char kInvitationOrg[] = "SELECT org_id FROM invitations WHERE token_hash = ?1";

Invitation read_invitation(const Stmt& s) {
  Invitation i;
  i.token_hash = s.text(0);
  i.id = s.text(1);
  i.user_id = s.text(2);
  i.email = s.text(3);
  i.invited_by = s.text(4);
  i.created = s.int64(5);
  i.expires = s.int64(6);
  i.used = s.opt_int64(7);
  i.superseded = s.opt_int64(8);
  return i;
}

MailMessage read_mail(const Stmt& s) {
  MailMessage m;
  m.id = s.text(0);
  m.org_id = s.text(1);
  m.recipient = s.text(2);
  m.subject = s.text(3);
  m.body = s.text(4);
  m.state = s.text(5);
  m.attempts = s.int64(6);
  m.last_error = s.text(7);
  m.created = s.int64(8);
  m.next_attempt = s.int64(9);
  m.sent = s.opt_int64(10);
  return m;
}

}  // namespace

Result<std::vector<MailMessage>> due_mail(Connection& conn, Millis now, std::size_t limit) {
  auto s = RP_TRY(conn.prepare(kDueMail));
  s.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
  std::vector<MailMessage> out;
  while (RP_TRY(s.step())) out.push_back(read_mail(s));
  return out;
}

Result<std::optional<OrgId>> invitation_org(Connection& conn, std::string_view token_hash) {
  auto s = RP_TRY(conn.prepare(kInvitationOrg));
  s.bind(1, token_hash);
  if (!RP_TRY(s.step())) return std::optional<OrgId>{};
  return std::optional<OrgId>(OrgId(s.text(0)));
}

Result<std::vector<Grant>> SqliteOrgTx::grants_of_subjects(const std::vector<std::string>& subject_ids) {
  std::vector<Grant> out;
  if (subject_ids.empty()) return out;
  auto s = RP_TRY(conn_.prepare(kGrantsOfSubjects));
  s.bind(1, org_.value).bind(2, encode_string_array(subject_ids));
  while (RP_TRY(s.step())) {
    auto type = subject_type_from_column(s.text(1));
    if (!type) {
      log_failure("read grant", "unknown subject type");
      return fail(Errc::internal, "storage failure");
    }
    out.push_back(Grant{s.text(0), *type, s.text(2), s.text(3), s.int64(4)});
  }
  return out;
}

// ---- Profile skills ------------------------------------------------------------

Result<std::vector<std::string>> SqliteOrgTx::profile_skills(std::string_view user_id) {
  auto s = RP_TRY(conn_.prepare(kProfileSkills));
  s.bind(1, org_.value).bind(2, user_id);
  std::vector<std::string> out;
  while (RP_TRY(s.step())) out.push_back(s.text(0));
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteOrgTx::profile_skills_of(
    const std::vector<std::string>& user_ids) {
  std::vector<std::pair<std::string, std::string>> out;
  if (user_ids.empty()) return out;
  auto s = RP_TRY(conn_.prepare(kProfileSkillsOf));
  s.bind(1, org_.value).bind(2, encode_string_array(user_ids));
  while (RP_TRY(s.step())) out.emplace_back(s.text(0), s.text(1));
  return out;
}

Result<void> SqliteOrgTx::set_profile_skills(std::string_view user_id, const std::vector<std::string>& skills) {
  return atomic([&]() -> Result<void> {
    {
      auto del = RP_TRY(conn_.prepare(kDeleteProfileSkills));
      del.bind(1, org_.value).bind(2, user_id);
      RP_CHECK(del.run());
    }
    for (std::size_t i = 0; i < skills.size(); ++i) {
      auto ins = RP_TRY(conn_.prepare(kInsertProfileSkill));
      ins.bind(1, org_.value).bind(2, user_id).bind(3, static_cast<std::int64_t>(i)).bind(4, skills[i]);
      RP_CHECK(ins.run());
    }
    return {};
  });
}

// ---- Invitations -----------------------------------------------------------------

Result<void> SqliteOrgTx::insert_invitation(const Invitation& i) {
  auto s = RP_TRY(conn_.prepare(kInsertInvitation));
  s.bind(1, org_.value)
      .bind(2, i.token_hash)
      .bind(3, i.id)
      .bind(4, i.user_id)
      .bind(5, i.email)
      .bind(6, i.invited_by)
      .bind(7, i.created)
      .bind(8, i.expires)
      .bind(9, i.used)
      .bind(10, i.superseded);
  return s.run();
}

Result<std::optional<Invitation>> SqliteOrgTx::find_invitation(std::string_view token_hash) {
  auto s = RP_TRY(conn_.prepare(kFindInvitation));
  s.bind(1, org_.value).bind(2, token_hash);
  if (!RP_TRY(s.step())) return std::optional<Invitation>{};
  return std::optional<Invitation>(read_invitation(s));
}

Result<std::vector<Invitation>> SqliteOrgTx::invitations_of_user(std::string_view user_id) {
  auto s = RP_TRY(conn_.prepare(kInvitationsOfUser));
  s.bind(1, org_.value).bind(2, user_id);
  std::vector<Invitation> out;
  while (RP_TRY(s.step())) out.push_back(read_invitation(s));
  return out;
}

Result<std::vector<std::pair<std::string, Millis>>> SqliteOrgTx::last_invited(
    const std::vector<std::string>& user_ids) {
  std::vector<std::pair<std::string, Millis>> out;
  if (user_ids.empty()) return out;
  auto s = RP_TRY(conn_.prepare(kLastInvited));
  s.bind(1, org_.value).bind(2, encode_string_array(user_ids));
  while (RP_TRY(s.step())) out.emplace_back(s.text(0), s.int64(1));
  return out;
}

Result<void> SqliteOrgTx::update_invitation(const Invitation& i) {
  auto s = RP_TRY(conn_.prepare(kUpdateInvitation));
  s.bind(1, org_.value).bind(2, i.token_hash).bind(3, i.used).bind(4, i.superseded);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "invitation not found");
  return {};
}

// ---- Mail outbox -----------------------------------------------------------------

Result<void> SqliteOrgTx::insert_mail(const MailMessage& m) {
  if (m.org_id != org_.value) return invalid("org_id", "the message belongs to another organization");
  auto s = RP_TRY(conn_.prepare(kInsertMail));
  s.bind(1, m.id)
      .bind(2, org_.value)
      .bind(3, m.recipient)
      .bind(4, m.subject)
      .bind(5, m.body)
      .bind(6, m.state)
      .bind(7, m.attempts)
      .bind(8, m.last_error)
      .bind(9, m.created)
      .bind(10, m.next_attempt)
      .bind(11, m.sent);
  return s.run();
}

Result<void> SqliteOrgTx::update_mail(const MailMessage& m) {
  auto s = RP_TRY(conn_.prepare(kUpdateMail));
  s.bind(1, org_.value)
      .bind(2, m.id)
      .bind(3, m.body)
      .bind(4, m.state)
      .bind(5, m.attempts)
      .bind(6, m.last_error)
      .bind(7, m.next_attempt)
      .bind(8, m.sent);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "message not found");
  return {};
}

Result<std::vector<MailMessage>> SqliteOrgTx::list_mail() {
  auto s = RP_TRY(conn_.prepare(kListMail));
  s.bind(1, org_.value);
  std::vector<MailMessage> out;
  while (RP_TRY(s.step())) out.push_back(read_mail(s));
  return out;
}

}  // namespace rp::store::sqlite
