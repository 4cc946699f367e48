// SqliteOrgTx: trusts, their members and grants, pairings and cloned users
// (schema version 17). Every statement about one trust binds ?1 to this
// transaction's organization, ?2 and ?3 to the trustor and the trustee, and
// holds `?1 IN (?2, ?3)`: a trust this organization is no party to is not
// found.
#include <memory>

#include "core/reasons.h"
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

#define RP_PARTY " ?1 IN (?2, ?3)"
#define RP_THE_TRUST " WHERE trustor_org = ?2 AND trustee_org = ?3 AND" RP_PARTY
constexpr char kGetTrust[] = "SELECT " RP_SQL_TRUST_COLUMNS " FROM trusts" RP_THE_TRUST;
constexpr char kCountAsTrustor[] = "SELECT count(*) FROM trusts WHERE trustor_org = ?1";
constexpr char kCountAsTrustee[] = "SELECT count(*) FROM trusts WHERE trustee_org = ?1";
constexpr char kListAsTrustor[] = "SELECT " RP_SQL_TRUST_COLUMNS
                                  " FROM trusts WHERE trustor_org = ?1"
                                  " ORDER BY (SELECT o.name FROM organizations o WHERE o.id = trustee_org)"
                                  " COLLATE NOCASE, trustee_org LIMIT ?2 OFFSET ?3";
constexpr char kListAsTrustee[] = "SELECT " RP_SQL_TRUST_COLUMNS
                                  " FROM trusts WHERE trustee_org = ?1"
                                  " ORDER BY (SELECT o.name FROM organizations o WHERE o.id = trustor_org)"
                                  " COLLATE NOCASE, trustor_org LIMIT ?2 OFFSET ?3";
constexpr char kAllAsTrustor[] =
    "SELECT " RP_SQL_TRUST_COLUMNS " FROM trusts WHERE trustor_org = ?1 ORDER BY trustee_org";
constexpr char kAllAsTrustee[] =
    "SELECT " RP_SQL_TRUST_COLUMNS " FROM trusts WHERE trustee_org = ?1 ORDER BY trustor_org";
constexpr char kGetMember[] =
    "SELECT " RP_SQL_TRUST_MEMBER_COLUMNS " FROM trust_members" RP_THE_TRUST " AND kind = ?4 AND member_id = ?5";
constexpr char kMembers[] =
    "SELECT " RP_SQL_TRUST_MEMBER_COLUMNS " FROM trust_members" RP_THE_TRUST " ORDER BY kind DESC, member_id";
constexpr char kMembershipsOf[] = "SELECT " RP_SQL_TRUST_MEMBER_COLUMNS
                                  " FROM trust_members WHERE trustee_org = ?1 AND member_id = ?2"
                                  " ORDER BY trustor_org, kind DESC";
constexpr char kTrustGrants[] = "SELECT " RP_SQL_TRUST_GRANT_COLUMNS " FROM trust_grants" RP_THE_TRUST
                                " ORDER BY kind DESC, member_id, role_id, division_id";
constexpr char kGrantsOfRole[] = "SELECT count(*) FROM trust_grants WHERE trustor_org = ?1 AND role_id = ?2";
constexpr char kGrantsInDivision[] = "SELECT count(*) FROM trust_grants WHERE trustor_org = ?1 AND division_id = ?2";
constexpr char kGetPairing[] = "SELECT " RP_SQL_PAIRING_COLUMNS " FROM pairings WHERE id = ?2";
constexpr char kClones[] =
    "SELECT " RP_SQL_CLONED_USER_COLUMNS " FROM cloned_users" RP_THE_TRUST " ORDER BY trustee_user_id";
constexpr char kCloneCount[] = "SELECT count(*) FROM cloned_users WHERE trustor_org = ?1";
constexpr char kIsPartner[] =
    "SELECT 1 FROM trusts WHERE (trustor_org = ?1 AND trustee_org = ?2) OR (trustor_org = ?2 AND trustee_org = ?1)";

constexpr char kOrgExists[] = "SELECT 1 FROM organizations WHERE id = ?2";
constexpr char kInsertTrust[] = "INSERT INTO trusts(" RP_SQL_TRUST_COLUMNS ") VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr char kUpdateTrust[] = "UPDATE trusts SET enabled = ?4, uses_default_role = ?5, expires = ?9" RP_THE_TRUST;
constexpr char kDeleteTrust[] = "DELETE FROM trusts" RP_THE_TRUST;
constexpr char kInsertMember[] =
    "INSERT INTO trust_members(" RP_SQL_TRUST_MEMBER_COLUMNS ") SELECT ?2, ?3, ?4, ?5, ?6, ?7 WHERE" RP_PARTY;
constexpr char kDeleteMember[] = "DELETE FROM trust_members" RP_THE_TRUST " AND kind = ?4 AND member_id = ?5";
constexpr char kDeleteMemberGrants[] = "DELETE FROM trust_grants" RP_THE_TRUST " AND kind = ?4 AND member_id = ?5";
constexpr char kInsertGrant[] = "INSERT INTO trust_grants(trustor_org, trustee_org, " RP_SQL_TRUST_GRANT_COLUMNS
                                ") VALUES (?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
constexpr char kInsertPairing[] =
    "INSERT INTO pairings(" RP_SQL_PAIRING_COLUMNS ") VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr char kConsumePairing[] = "UPDATE pairings SET consumed = ?3 WHERE id = ?2 AND consumed IS NULL";
constexpr char kInsertClone[] =
    "INSERT INTO cloned_users(" RP_SQL_CLONED_USER_COLUMNS ") SELECT ?2, ?3, ?4, ?5, ?6 WHERE" RP_PARTY;
constexpr char kDeleteClone[] = "DELETE FROM cloned_users" RP_THE_TRUST " AND trustee_user_id = ?4";

Result<std::int64_t> count(Stmt s) {
  RP_TRY(s.step());
  return s.int64(0);
}

}  // namespace

Result<Trust> SqliteOrgTx::get_trust(std::string_view trustor_org, std::string_view trustee_org) {
  return row_where(kGetTrust, {trustor_org, trustee_org}, read_trust, "trust not found");
}

Result<Page<Trust>> SqliteOrgTx::list_trusts(TrustSide side, const PageRequest& page) {
  RP_CHECK(check_page(page));
  const bool as_trustor = side == TrustSide::trustor;
  Page<Trust> out;
  out.total = RP_TRY(count(RP_TRY(prepare_where(as_trustor ? kCountAsTrustor : kCountAsTrustee, {}))));
  if (page.offset() >= out.total) return out;
  auto s = RP_TRY(prepare_where(as_trustor ? kListAsTrustor : kListAsTrustee, {}));
  s.bind(2, page.page_size).bind(3, page.offset());
  while (RP_TRY(s.step())) out.items.push_back(RP_TRY(read_trust(s, 0)));
  return out;
}

Result<std::vector<Trust>> SqliteOrgTx::all_trusts(TrustSide side) {
  return rows_where(side == TrustSide::trustor ? kAllAsTrustor : kAllAsTrustee, {}, read_trust);
}

Result<TrustMember> SqliteOrgTx::get_trust_member(std::string_view trustor_org, std::string_view trustee_org,
                                                  MemberKind kind, std::string_view member_id) {
  return row_where(kGetMember, {trustor_org, trustee_org, to_string(kind), member_id}, read_trust_member,
                   "trust member not found");
}

Result<std::vector<TrustMember>> SqliteOrgTx::trust_members(std::string_view trustor_org,
                                                            std::string_view trustee_org) {
  return rows_where(kMembers, {trustor_org, trustee_org}, read_trust_member);
}

Result<std::vector<TrustMember>> SqliteOrgTx::memberships_of(std::string_view member_id) {
  return rows_where(kMembershipsOf, {member_id}, read_trust_member);
}

Result<std::vector<TrustGrant>> SqliteOrgTx::trust_grants(std::string_view trustor_org, std::string_view trustee_org) {
  return rows_where(kTrustGrants, {trustor_org, trustee_org}, read_trust_grant);
}

Result<std::int64_t> SqliteOrgTx::trust_grants_of_role(std::string_view role_id) {
  return count(RP_TRY(prepare_where(kGrantsOfRole, {role_id})));
}

Result<std::int64_t> SqliteOrgTx::trust_grants_in_division(std::string_view division_id) {
  return count(RP_TRY(prepare_where(kGrantsInDivision, {division_id})));
}

Result<Pairing> SqliteOrgTx::get_pairing(std::string_view id) {
  return row_where(kGetPairing, {id}, read_pairing, "pairing not found");
}

Result<std::vector<ClonedUser>> SqliteOrgTx::cloned_users(std::string_view trustor_org, std::string_view trustee_org) {
  return rows_where(kClones, {trustor_org, trustee_org}, read_cloned_user);
}

Result<std::int64_t> SqliteOrgTx::clone_count() { return count(RP_TRY(prepare_where(kCloneCount, {}))); }

Result<void> SqliteOrgTx::insert_trust(const Trust& t) {
  if (t.trustor_org != org_.value) return fail(Errc::invalid_argument, "the trust's trustor is not this organization");
  if (RP_TRY(column_where(kOrgExists, {t.trustee_org})).empty())
    return fail(Errc::not_found, "trustee organization not found");
  auto s = RP_TRY(conn_.prepare(kInsertTrust));
  bind_trust(s, t, 2);
  return s.run();
}

Result<void> SqliteOrgTx::update_trust(const Trust& t) {
  auto s = RP_TRY(prepare_where(kUpdateTrust, {}));
  bind_trust(s, t, 2);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "trust not found");
  return {};
}

Result<void> SqliteOrgTx::delete_trust(std::string_view trustor_org, std::string_view trustee_org) {
  // The members' grants go by cascade from the members, the members and the
  // clone records from the trust.
  RP_CHECK(run_where(kDeleteTrust, {trustor_org, trustee_org}));
  if (conn_.changes() == 0) return fail(Errc::not_found, "trust not found");
  return {};
}

Result<void> SqliteOrgTx::insert_trust_member(const TrustMember& m) {
  RP_TRY(get_trust(m.trustor_org, m.trustee_org));
  auto s = RP_TRY(prepare_where(kInsertMember, {}));
  bind_trust_member(s, m, 2);
  return s.run();
}

Result<void> SqliteOrgTx::delete_trust_member(std::string_view trustor_org, std::string_view trustee_org,
                                              MemberKind kind, std::string_view member_id) {
  RP_CHECK(run_where(kDeleteMember, {trustor_org, trustee_org, to_string(kind), member_id}));
  if (conn_.changes() == 0) return fail(Errc::not_found, "trust member not found");
  return {};
}

Result<void> SqliteOrgTx::set_member_grants(std::string_view trustor_org, std::string_view trustee_org, MemberKind kind,
                                            std::string_view member_id, const std::vector<TrustGrant>& grants) {
  RP_TRY(get_trust_member(trustor_org, trustee_org, kind, member_id));
  return atomic([&]() -> Result<void> {
    RP_CHECK(run_where(kDeleteMemberGrants, {trustor_org, trustee_org, to_string(kind), member_id}));
    for (const auto& g : grants) {
      auto s = RP_TRY(prepare_where(kInsertGrant, {trustor_org, trustee_org}));
      bind_trust_grant(s, TrustGrant{kind, std::string(member_id), g.role_id, g.division_id}, 4);
      RP_CHECK(s.run());
    }
    return {};
  });
}

Result<void> SqliteOrgTx::insert_pairing(const Pairing& p) {
  if (p.trustee_org != org_.value)
    return fail(Errc::invalid_argument, "the pairing's trustee is not this organization");
  return insert_row(kInsertPairing, p, bind_pairing);
}

Result<bool> SqliteOrgTx::consume_pairing(std::string_view id, Millis now) {
  RP_TRY(get_pairing(id));
  auto s = RP_TRY(prepare_where(kConsumePairing, {id}));
  s.bind(3, now);
  RP_CHECK(s.run());
  return conn_.changes() > 0;
}

Result<void> SqliteOrgTx::insert_cloned_user(const ClonedUser& c) {
  RP_TRY(get_trust(c.trustor_org, c.trustee_org));
  auto s = RP_TRY(prepare_where(kInsertClone, {}));
  bind_cloned_user(s, c, 2);
  return s.run();
}

Result<void> SqliteOrgTx::delete_cloned_user(std::string_view trustor_org, std::string_view trustee_org,
                                             std::string_view trustee_user_id) {
  return run_where(kDeleteClone, {trustor_org, trustee_org, trustee_user_id});
}

Result<SqliteOrgTx*> SqliteOrgTx::partner_tx(const OrgId& other) {
  if (auto found = partners_.find(other.value); found != partners_.end()) return found->second.get();
  if (other == org_ || RP_TRY(column_where(kIsPartner, {other.value})).empty())
    return fail(Errc::not_found, "organization not found");
  auto tx = std::make_unique<SqliteOrgTx>(conn_, other);
  SqliteOrgTx* out = tx.get();
  partners_.emplace(other.value, std::move(tx));
  return out;
}

Result<Reader*> SqliteOrgTx::partner(const OrgId& other) { return RP_TRY(partner_tx(other)); }

Result<ReadWriteTransaction*> SqliteOrgTx::partner_writer(const OrgId& other) { return RP_TRY(partner_tx(other)); }

}  // namespace rp::store::sqlite
