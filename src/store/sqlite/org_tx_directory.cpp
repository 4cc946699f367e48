// SqliteOrgTx: the directory extras: grants of several subjects, profile
// skills, invitations and the mail outbox (schema version 7).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

// ?2 is a JSON array of ids (json_each), so one cached statement serves any
// number of them and each is looked up by key.
constexpr char kGrantsOfSubjects[] = "SELECT " RP_SQL_GRANT_COLUMNS
                                     " FROM grants"
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

constexpr char kInsertInvitation[] =
    "INSERT INTO invitations(org_id, " RP_SQL_INVITATION_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kFindInvitation[] =
    "SELECT " RP_SQL_INVITATION_COLUMNS " FROM invitations WHERE org_id = ?1 AND token_hash = ?2";
constexpr char kInvitationsOfUser[] = "SELECT " RP_SQL_INVITATION_COLUMNS
                                      " FROM invitations WHERE org_id = ?1 AND user_id = ?2"
                                      " ORDER BY created DESC, id DESC";
constexpr char kLastInvited[] =
    "SELECT user_id, max(created) FROM invitations"
    " WHERE org_id = ?1 AND user_id IN (SELECT value FROM json_each(?2)) GROUP BY user_id ORDER BY user_id";
constexpr char kUpdateInvitation[] =
    "UPDATE invitations SET used = ?3, superseded = ?4 WHERE org_id = ?1 AND token_hash = ?2";

constexpr char kInsertMail[] =
    "INSERT INTO mail_outbox(" RP_SQL_MAIL_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr char kUpdateMail[] =
    "UPDATE mail_outbox SET body = ?3, state = ?4, attempts = ?5, last_error = ?6, next_attempt = ?7, sent = ?8"
    " WHERE org_id = ?1 AND id = ?2";
constexpr char kListMail[] = "SELECT " RP_SQL_MAIL_COLUMNS " FROM mail_outbox WHERE org_id = ?1 ORDER BY seq";
// The state term repeats the partial index's WHERE (mail_outbox_due_ix) so that SQLite uses it.
constexpr char kDueMail[] = "SELECT " RP_SQL_MAIL_COLUMNS
                            " FROM mail_outbox WHERE state = 'pending' AND next_attempt <= ?1"
                            " ORDER BY next_attempt, seq LIMIT ?2";
constexpr char kInvitationOrg[] = "SELECT org_id FROM invitations WHERE token_hash = ?1";

}  // namespace

Result<std::vector<MailMessage>> due_mail(Connection& conn, Millis now, std::size_t limit) {
  auto s = RP_TRY(conn.prepare(kDueMail));
  s.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
  std::vector<MailMessage> out;
  while (RP_TRY(s.step())) out.push_back(RP_TRY(read_mail(s)));
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
  while (RP_TRY(s.step())) out.push_back(RP_TRY(read_grant(s)));
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
  return insert_row(kInsertInvitation, i, bind_invitation);
}

Result<std::optional<Invitation>> SqliteOrgTx::find_invitation(std::string_view token_hash) {
  auto s = RP_TRY(conn_.prepare(kFindInvitation));
  s.bind(1, org_.value).bind(2, token_hash);
  if (!RP_TRY(s.step())) return std::optional<Invitation>{};
  return std::optional<Invitation>(RP_TRY(read_invitation(s)));
}

Result<std::vector<Invitation>> SqliteOrgTx::invitations_of_user(std::string_view user_id) {
  return rows_where(kInvitationsOfUser, {user_id}, read_invitation);
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
  bind_mail(s, m, 1);
  s.bind(2, org_.value);
  return s.run();
}

Result<void> SqliteOrgTx::update_mail(const MailMessage& m) {
  auto s = RP_TRY(conn_.prepare(kUpdateMail));
  s.bind(1, org_.value)
      .bind(2, m.id)
      .bind(3, m.body)
      .bind(4, to_string(m.state))
      .bind(5, m.attempts)
      .bind(6, m.last_error)
      .bind(7, m.next_attempt)
      .bind(8, m.sent);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "message not found");
  return {};
}

Result<std::vector<MailMessage>> SqliteOrgTx::list_mail() { return rows_where(kListMail, {}, read_mail); }

}  // namespace rp::store::sqlite
