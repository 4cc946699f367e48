#pragma once
// The SQLite transaction, a ReadWriteTransaction (Store::read hands it out as
// a Reader): every statement it runs is bound to its organization id, so
// rows of other organizations are invisible to it. It runs inside a
// transaction opened by SqliteStore (the writer's batch transaction under a
// per-job savepoint, or a reader's deferred snapshot transaction).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace rp::store::sqlite {

class SqliteOrgTx final : public ReadWriteTransaction {
 public:
  SqliteOrgTx(Connection& conn, OrgId org) : conn_(conn), org_(std::move(org)) {}

  const OrgId& org() const override { return org_; }
  Result<Organization> organization() override;

  Result<Division> get_division(std::string_view id) override;
  Result<std::vector<Division>> list_divisions() override;
  Result<void> insert_division(const Division& d) override;
  Result<void> update_division(const Division& d) override;
  Result<void> delete_division(std::string_view id) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> division_object_counts(std::string_view id) override;

  Result<User> get_user(std::string_view id) override;
  Result<std::optional<User>> find_user_by_email(std::string_view email) override;
  Result<Page<User>> list_users(const UserQuery& q) override;
  Result<void> insert_user(const User& u) override;
  Result<void> insert_users(const std::vector<User>& users) override;
  Result<void> update_user(const User& u, std::int64_t expected_version) override;
  Result<std::vector<User>> direct_reports(std::string_view manager_id) override;
  Result<Page<User>> search_users(const UserSearch& q) override;  // org_tx_search.cpp

  Result<Role> get_role(std::string_view id) override;
  Result<std::vector<Role>> list_roles() override;
  Result<std::vector<std::pair<std::string, std::string>>> default_role_ids() override;
  Result<void> insert_role(const Role& r) override;
  Result<void> update_role(const Role& r) override;
  Result<void> delete_role(std::string_view id) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> role_user_counts() override;

  Result<std::vector<Grant>> list_grants() override;
  Result<std::vector<Grant>> grants_of(std::string_view subject_id) override;
  Result<std::vector<Grant>> grants_of_role(std::string_view role_id) override;
  Result<void> insert_grant(const Grant& g) override;
  Result<void> delete_grant(const Grant& g) override;
  Result<void> delete_grants_of(std::string_view subject_id) override;

  Result<OAuthClient> get_client(std::string_view id) override;
  Result<std::vector<OAuthClient>> list_clients() override;
  Result<void> insert_client(const OAuthClient& c) override;
  Result<void> update_client(const OAuthClient& c) override;
  Result<void> delete_client(std::string_view id) override;

  Result<void> insert_token(const Token& t) override;
  Result<void> delete_token(std::string_view token_hash) override;
  Result<std::vector<Token>> tokens_of_client(std::string_view client_id) override;
  Result<std::vector<Token>> tokens_of_user(std::string_view user_id) override;
  Result<std::vector<std::string>> delete_tokens_of_client(std::string_view client_id) override;
  Result<std::vector<std::string>> delete_tokens_of_user(std::string_view user_id) override;

  Result<std::optional<User>> find_user_by_username(std::string_view username) override;
  Result<void> record_user_activity(std::string_view user_id, std::optional<Millis> date_last_login,
                                    std::optional<Millis> last_token_issued) override;
  Result<void> set_user_password(std::string_view user_id, std::string_view password_hash) override;
  Result<void> insert_code(const AuthorizationCode& c) override;
  Result<AuthorizationCode> get_code(std::string_view code_hash) override;
  Result<bool> use_code(std::string_view code_hash) override;
  Result<void> insert_refresh_token(const RefreshToken& t) override;
  Result<RefreshToken> get_refresh_token(std::string_view token_hash) override;
  Result<bool> rotate_refresh_token(std::string_view token_hash) override;
  Result<std::string> session_of_access_token(std::string_view access_token_hash) override;
  Result<std::vector<std::string>> delete_session_tokens(std::string_view session_id) override;
  Result<std::vector<std::string>> delete_user_tokens(std::string_view user_id, std::string_view keep_session) override;
  Result<std::vector<std::string>> delete_acting_tokens(std::string_view acting_org,
                                                        const std::vector<std::string>& user_ids) override;
  Result<std::vector<std::string>> cap_acting_tokens(std::string_view acting_org, Millis until) override;
  Result<void> purge_expired_sign_ins(Millis now) override;

  Result<void> insert_audit(const AuditRecord& a) override;
  // Routing skills and languages (org_tx_routing.cpp).
  Result<RoutingSkill> get_routing_skill(SkillKind kind, std::string_view id) override;
  Result<Page<RoutingSkill>> list_routing_skills(SkillKind kind, const SkillQuery& q) override;
  Result<Page<UserSkill>> user_skills(SkillKind kind, std::string_view user_id, const PageRequest& page,
                                      bool descending) override;
  Result<std::vector<UserSkill>> user_skills_of(SkillKind kind, const std::vector<std::string>& user_ids) override;
  Result<void> insert_routing_skill(const RoutingSkill& s) override;
  Result<void> delete_routing_skill(SkillKind kind, std::string_view id) override;
  Result<void> set_user_skill(SkillKind kind, const UserSkill& s) override;
  Result<void> remove_user_skill(SkillKind kind, std::string_view user_id, std::string_view skill_id) override;
  // Queues (org_tx_queues.cpp).
  Result<Queue> get_queue(std::string_view id) override;
  Result<Page<Queue>> list_queues(const QueueQuery& q) override;
  Result<std::vector<QueueMember>> queue_members(std::string_view queue_id) override;
  Result<std::vector<QueueMember>> user_memberships(std::string_view user_id) override;
  Result<void> insert_queue(const Queue& q) override;
  Result<void> update_queue(const Queue& q) override;
  Result<void> delete_queue(std::string_view id) override;
  Result<void> add_queue_members(std::string_view queue_id, const std::vector<std::string>& user_ids) override;
  Result<void> remove_queue_members(std::string_view queue_id, const std::vector<std::string>& user_ids) override;
  Result<void> update_queue_member(const QueueMember& m) override;

  // Phones, stations and users' stations (org_tx_telephony.cpp).
  Result<Phone> get_phone(std::string_view id) override;
  Result<Phone> phone_of_station(std::string_view station_id) override;
  Result<std::vector<Phone>> all_phones() override;
  Result<std::vector<UserStation>> user_stations_of(const std::vector<std::string>& user_ids) override;
  Result<std::vector<UserStation>> station_users(const std::vector<std::string>& station_ids) override;
  Result<void> insert_phone(const Phone& p) override;
  Result<void> delete_phone(std::string_view id) override;
  Result<void> set_user_station(const UserStation& s) override;

  // Out of office, geolocations and call forwarding (org_tx_user_contact.cpp).
  Result<std::optional<OutOfOffice>> out_of_office(std::string_view user_id) override;
  Result<std::vector<OutOfOffice>> out_of_office_of(const std::vector<std::string>& user_ids) override;
  Result<Geolocation> geolocation(std::string_view user_id, std::string_view client_id) override;
  Result<std::vector<Geolocation>> primary_geolocations(const std::vector<std::string>& user_ids) override;
  Result<void> set_out_of_office(const OutOfOffice& o) override;
  Result<void> set_geolocation(const Geolocation& g) override;
  Result<std::optional<CallForwarding>> call_forwarding(std::string_view user_id) override;
  Result<void> set_call_forwarding(const CallForwarding& c) override;

  // Presence (org_tx_presence.cpp).
  Result<PresenceDefinition> get_presence_definition(std::string_view id) override;
  Result<std::vector<PresenceDefinition>> list_presence_definitions() override;
  Result<StatusInterval> open_status(std::string_view user_id, StatusKind kind) override;
  Result<std::vector<StatusInterval>> open_statuses(StatusKind kind, const std::vector<std::string>& user_ids) override;
  Result<std::optional<PresenceNote>> presence_note(std::string_view user_id) override;
  Result<std::vector<std::pair<std::string, PresenceNote>>> presence_notes_of(
      const std::vector<std::string>& user_ids) override;
  Result<void> insert_presence_definition(const PresenceDefinition& d) override;
  Result<void> update_presence_definition(const PresenceDefinition& d) override;
  Result<void> change_status(const StatusInterval& next) override;
  Result<void> set_presence_note(std::string_view user_id, const PresenceNote& note) override;
  // History (org_tx_history.cpp).
  Result<void> scan_history(const HistoryScan& scan,
                            const std::function<Result<void>(const HistoryRow&)>& visit) override;
  // Groups (org_tx_groups.cpp).
  Result<Group> get_group(std::string_view id) override;
  Result<Page<Group>> list_groups(const GroupQuery& q) override;
  Result<std::vector<std::string>> group_members(std::string_view group_id) override;
  Result<std::vector<std::string>> groups_of_user(std::string_view user_id) override;
  Result<std::vector<std::pair<std::string, Group>>> groups_of_users(const std::vector<std::string>& user_ids) override;
  Result<void> insert_group(const Group& g) override;
  Result<void> update_group(const Group& g, std::int64_t expected_version) override;
  Result<void> add_group_members(std::string_view group_id, const std::vector<std::string>& user_ids) override;
  Result<void> remove_group_members(std::string_view group_id, const std::vector<std::string>& user_ids) override;

  Result<Page<AuditRecord>> list_audit(const PageRequest& page) override;
  Result<std::vector<AuditRecord>> trust_audit(const TrustAuditQuery& q) override;

  // Trusts (org_tx_trusts.cpp).
  Result<Trust> get_trust(std::string_view trustor_org, std::string_view trustee_org) override;
  Result<Page<Trust>> list_trusts(TrustSide side, const PageRequest& page) override;
  Result<std::vector<Trust>> all_trusts(TrustSide side) override;
  Result<TrustMember> get_trust_member(std::string_view trustor_org, std::string_view trustee_org, MemberKind kind,
                                       std::string_view member_id) override;
  Result<std::vector<TrustMember>> trust_members(std::string_view trustor_org, std::string_view trustee_org) override;
  Result<std::vector<TrustMember>> memberships_of(std::string_view member_id) override;
  Result<std::vector<TrustGrant>> trust_grants(std::string_view trustor_org, std::string_view trustee_org) override;
  Result<std::int64_t> trust_grants_of_role(std::string_view role_id) override;
  Result<std::int64_t> trust_grants_in_division(std::string_view division_id) override;
  Result<Pairing> get_pairing(std::string_view id) override;
  Result<std::vector<ClonedUser>> cloned_users(std::string_view trustor_org, std::string_view trustee_org) override;
  Result<std::int64_t> clone_count() override;
  Result<void> insert_trust(const Trust& t) override;
  Result<void> update_trust(const Trust& t) override;
  Result<void> delete_trust(std::string_view trustor_org, std::string_view trustee_org) override;
  Result<void> insert_trust_member(const TrustMember& m) override;
  Result<void> delete_trust_member(std::string_view trustor_org, std::string_view trustee_org, MemberKind kind,
                                   std::string_view member_id) override;
  Result<void> set_member_grants(std::string_view trustor_org, std::string_view trustee_org, MemberKind kind,
                                 std::string_view member_id, const std::vector<TrustGrant>& grants) override;
  Result<void> insert_pairing(const Pairing& p) override;
  Result<bool> consume_pairing(std::string_view id, Millis now) override;
  Result<void> insert_cloned_user(const ClonedUser& c) override;
  Result<void> delete_cloned_user(std::string_view trustor_org, std::string_view trustee_org,
                                  std::string_view trustee_user_id) override;
  Result<Reader*> partner(const OrgId& other) override;
  Result<ReadWriteTransaction*> partner_writer(const OrgId& other) override;

  Result<std::vector<Grant>> grants_of_subjects(const std::vector<std::string>& subject_ids) override;
  Result<std::vector<std::string>> profile_skills(std::string_view user_id) override;
  Result<std::vector<std::pair<std::string, std::string>>> profile_skills_of(
      const std::vector<std::string>& user_ids) override;
  Result<void> set_profile_skills(std::string_view user_id, const std::vector<std::string>& skills) override;
  Result<void> insert_invitation(const Invitation& i) override;
  Result<std::optional<Invitation>> find_invitation(std::string_view token_hash) override;
  Result<std::vector<Invitation>> invitations_of_user(std::string_view user_id) override;
  Result<std::vector<std::pair<std::string, Millis>>> last_invited(const std::vector<std::string>& user_ids) override;
  Result<void> update_invitation(const Invitation& i) override;
  Result<void> insert_mail(const MailMessage& m) override;
  Result<void> update_mail(const MailMessage& m) override;
  Result<std::vector<MailMessage>> list_mail() override;

  Result<std::optional<User>> find_user_by_atlas_id(std::string_view atlas_id) override;
  Result<void> insert_api_key(const ApiKey& k) override;
  Result<std::vector<ApiKey>> list_api_keys() override;
  Result<ApiKey> get_api_key(std::string_view id) override;
  Result<void> update_api_key(const ApiKey& k) override;
  Result<void> delete_api_key(std::string_view id) override;
  Result<void> insert_operation(const Operation& o) override;
  Result<Operation> get_operation(std::string_view id) override;
  Result<void> update_operation(const Operation& o) override;

 private:
  // Runs a multi-statement write under its own savepoint, so that a failure
  // half-way leaves nothing behind even if the caller carries on.
  template <class F>
  Result<void> atomic(F&& body);

  // A new user's first presence and routing intervals (org_tx_presence.cpp).
  Result<void> open_first_statuses(const User& u);
  Result<std::vector<Contact>> load_contacts(std::string_view user_id);
  Result<void> store_contacts(const User& u);
  Result<std::vector<Policy>> load_policies(std::string_view role_id);
  Result<void> store_policies(const Role& r);
  // The tokens `select_sql` (?1 org, ?2 id) finds; delete_tokens_where
  // removes them with `delete_sql` (same parameters) and returns their hashes.
  Result<std::vector<Token>> tokens_where(const char* select_sql, std::string_view id);
  // Runs `sql` whose ?1 is the organization and ?2.. are `keys`: the first
  // row through the codec's `read`, or not_found with `missing`; every row.
  template <class R>
  Result<R> row_where(const char* sql, std::initializer_list<std::string_view> keys,
                      Result<R> (*read)(const sql::Row&, int), std::string_view missing);
  template <class R>
  Result<std::vector<R>> rows_where(const char* sql, std::initializer_list<std::string_view> keys,
                                    Result<R> (*read)(const sql::Row&, int));
  // Runs `sql` whose ?1 is the organization and ?2.. the record's columns as
  // the codec's `bind` binds them.
  template <class R>
  Result<void> insert_row(const char* sql, const R& record, void (*bind)(sql::Params&, const R&, int));
  // Binds ?1 to the organization and ?2.. to `keys`.
  Result<Stmt> prepare_where(const char* sql, std::initializer_list<std::string_view> keys);
  // Runs `sql` whose ?1 is the organization and ?2.. are `args`; the first
  // column of each row.
  Result<std::vector<std::string>> column_where(const char* sql, std::initializer_list<std::string_view> args);
  // Runs a statement with the same parameters.
  Result<void> run_where(const char* sql, std::initializer_list<std::string_view> args);
  Result<std::vector<std::string>> delete_tokens_where(const char* select_sql, const char* delete_sql,
                                                       std::string_view id);

  // The transaction of a trust partner, made on first use (org_tx_trusts.cpp).
  Result<SqliteOrgTx*> partner_tx(const OrgId& other);

  Connection& conn_;
  OrgId org_;
  std::unordered_map<std::string, std::unique_ptr<SqliteOrgTx>> partners_;
};

namespace detail {
inline constexpr char kOpSavepoint[] = "SAVEPOINT rp_op";
inline constexpr char kOpRelease[] = "RELEASE rp_op";
inline constexpr char kOpRollbackTo[] = "ROLLBACK TO rp_op";
}  // namespace detail

template <class R>
Result<R> SqliteOrgTx::row_where(const char* sql, std::initializer_list<std::string_view> keys,
                                 Result<R> (*read)(const sql::Row&, int), std::string_view missing) {
  auto s = RP_TRY(prepare_where(sql, keys));
  if (!RP_TRY(s.step())) return fail(Errc::not_found, std::string(missing));
  return read(s, 0);
}

template <class R>
Result<std::vector<R>> SqliteOrgTx::rows_where(const char* sql, std::initializer_list<std::string_view> keys,
                                               Result<R> (*read)(const sql::Row&, int)) {
  auto s = RP_TRY(prepare_where(sql, keys));
  std::vector<R> out;
  while (RP_TRY(s.step())) out.push_back(RP_TRY(read(s, 0)));
  return out;
}

template <class R>
Result<void> SqliteOrgTx::insert_row(const char* sql, const R& record, void (*bind)(sql::Params&, const R&, int)) {
  auto s = RP_TRY(conn_.prepare(sql));
  s.bind(1, org_.value);
  bind(s, record, 2);
  return s.run();
}

template <class F>
Result<void> SqliteOrgTx::atomic(F&& body) {
  {
    auto sp = RP_TRY(conn_.prepare(detail::kOpSavepoint));
    RP_CHECK(sp.run());
  }
  Result<void> r = body();
  if (r) {
    auto rel = RP_TRY(conn_.prepare(detail::kOpRelease));
    if (auto done = rel.run(); done) return done;
    else r = std::move(done);
  }
  if (conn_.in_transaction()) {
    if (auto back = conn_.prepare(detail::kOpRollbackTo); back) (void)back->run();
    if (auto rel = conn_.prepare(detail::kOpRelease); rel) (void)rel->run();
  }
  return r;
}

// not_found unless organization `org` exists. Run first in every transaction.
Result<void> require_org(Connection& conn, const OrgId& org);
// Inserts the organization row (conflict if the id is taken).
Result<void> insert_organization(Connection& conn, const Organization& o);

// The cross-organization lookups of the directory extras (org_tx_directory.cpp).
Result<std::vector<MailMessage>> due_mail(Connection& conn, Millis now, std::size_t limit);
Result<std::optional<OrgId>> invitation_org(Connection& conn, std::string_view token_hash);
// The cross-organization lookups of the Atlas dialect (org_tx_atlas.cpp).
Result<std::optional<Organization>> org_by_atlas_id(Connection& conn, std::string_view atlas_id);
Result<std::optional<std::pair<OrgId, ApiKey>>> api_key_by_public_key(Connection& conn, std::string_view public_key);
// Unfinished Workiva operations across organizations (org_tx_operations.cpp).
Result<std::vector<std::pair<OrgId, Operation>>> pending_operations(Connection& conn, std::size_t limit, Millis now);

// Validates a page request (positive size and number).
Result<void> check_page(const PageRequest& page);

}  // namespace rp::store::sqlite
