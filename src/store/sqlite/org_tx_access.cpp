// SqliteOrgTx: roles and their policies, grants, OAuth clients, tokens and
// audit records.
#include <limits>
#include <unordered_map>

#include "core/reasons.h"
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kGetRole[] = "SELECT " RP_SQL_ROLE_COLUMNS " FROM roles WHERE org_id = ?1 AND id = ?2";
constexpr char kListRoles[] =
    "SELECT " RP_SQL_ROLE_COLUMNS " FROM roles WHERE org_id = ?1 ORDER BY name COLLATE NOCASE, id";
constexpr char kDefaultRoleIds[] =
    "SELECT default_role_id, id FROM roles WHERE org_id = ?1 AND default_role_id != '' ORDER BY default_role_id";
constexpr char kInsertRole[] =
    "INSERT INTO roles(org_id, " RP_SQL_ROLE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kUpdateRole[] =
    "UPDATE roles SET name = ?3, description = ?4, default_role_id = ?5, base = ?6, created = ?7,"
    " modified = ?8, needs_update = ?9, definition_hash = ?10 WHERE org_id = ?1 AND id = ?2";
// Policies and grants of the role go with it (ON DELETE CASCADE).
constexpr char kDeleteRole[] = "DELETE FROM roles WHERE org_id = ?1 AND id = ?2";
// Grants of subject type user joined to users of the same organization that
// are not deleted; a grant naming no stored user counts for nothing.
constexpr char kRoleUserCounts[] =
    "SELECT g.role_id, count(DISTINCT g.subject_id) FROM grants g"
    " JOIN users u ON u.org_id = g.org_id AND u.id = g.subject_id"
    " WHERE g.org_id = ?1 AND g.subject_type = 'user' AND u.state != 'deleted'"
    " GROUP BY g.role_id ORDER BY g.role_id";

constexpr char kLoadPolicies[] = "SELECT " RP_SQL_POLICY_COLUMNS
                                 " FROM role_policies"
                                 " WHERE org_id = ?1 AND role_id = ?2 ORDER BY position";
constexpr char kLoadAllPolicies[] = "SELECT role_id, " RP_SQL_POLICY_COLUMNS
                                    " FROM role_policies"
                                    " WHERE org_id = ?1 ORDER BY role_id, position";
constexpr char kDeletePolicies[] = "DELETE FROM role_policies WHERE org_id = ?1 AND role_id = ?2";
constexpr char kInsertPolicy[] = "INSERT INTO role_policies(org_id, role_id, position, " RP_SQL_POLICY_COLUMNS
                                 ")"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

#define RP_GRANT_ORDER " ORDER BY subject_id, subject_type, role_id, division_id"
constexpr char kListGrants[] = "SELECT " RP_SQL_GRANT_COLUMNS " FROM grants WHERE org_id = ?1" RP_GRANT_ORDER;
constexpr char kGrantsOf[] =
    "SELECT " RP_SQL_GRANT_COLUMNS " FROM grants WHERE org_id = ?1 AND subject_id = ?2" RP_GRANT_ORDER;
constexpr char kGrantsOfRole[] =
    "SELECT " RP_SQL_GRANT_COLUMNS " FROM grants WHERE org_id = ?1 AND role_id = ?2" RP_GRANT_ORDER;
// An existing grant keeps its original creation time.
constexpr char kInsertGrant[] = "INSERT INTO grants(org_id, " RP_SQL_GRANT_COLUMNS
                                ")"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
constexpr char kDeleteGrant[] =
    "DELETE FROM grants WHERE org_id = ?1 AND subject_id = ?2 AND subject_type = ?3 AND role_id = ?4"
    " AND division_id = ?5";
constexpr char kDeleteGrantsOf[] = "DELETE FROM grants WHERE org_id = ?1 AND subject_id = ?2";

constexpr char kGetClient[] = "SELECT " RP_SQL_CLIENT_COLUMNS " FROM oauth_clients WHERE org_id = ?1 AND id = ?2";
constexpr char kListClients[] =
    "SELECT " RP_SQL_CLIENT_COLUMNS " FROM oauth_clients WHERE org_id = ?1 ORDER BY name COLLATE NOCASE, id";
constexpr char kInsertClient[] = "INSERT INTO oauth_clients(org_id, " RP_SQL_CLIENT_COLUMNS
                                 ")"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
constexpr char kUpdateClient[] =
    "UPDATE oauth_clients SET name = ?3, description = ?4, secret_hash = ?5, grant_type = ?6,"
    " token_validity_seconds = ?7, state = ?8, created_by = ?9, created = ?10, modified = ?11,"
    " redirect_uris = ?12, date_to_delete = ?13, modified_by = ?14 WHERE org_id = ?1 AND id = ?2";
constexpr char kDeleteClient[] = "DELETE FROM oauth_clients WHERE org_id = ?1 AND id = ?2";

constexpr char kInsertToken[] = "INSERT INTO tokens(" RP_SQL_TOKEN_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kDeleteToken[] = "DELETE FROM tokens WHERE org_id = ?1 AND token_hash = ?2";
constexpr char kTokensOfClient[] =
    "SELECT " RP_SQL_TOKEN_COLUMNS " FROM tokens WHERE org_id = ?1 AND client_id = ?2 ORDER BY token_hash";
constexpr char kTokensOfUser[] =
    "SELECT " RP_SQL_TOKEN_COLUMNS
    " FROM tokens WHERE org_id = ?1 AND user_id = ?2 AND user_id != '' ORDER BY token_hash";
constexpr char kDeleteTokensOfClient[] = "DELETE FROM tokens WHERE org_id = ?1 AND client_id = ?2";
constexpr char kDeleteTokensOfUser[] = "DELETE FROM tokens WHERE org_id = ?1 AND user_id = ?2 AND user_id != ''";

constexpr char kInsertAudit[] = "INSERT INTO audit_log(org_id, " RP_SQL_AUDIT_COLUMNS
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr char kCountAudit[] = "SELECT count(*) FROM audit_log WHERE org_id = ?1";
// The actor-organization term leads so that SQLite uses audit_log_actor_org_ix.
constexpr char kTrustAudit[] = "SELECT " RP_SQL_AUDIT_COLUMNS
                               " FROM audit_log WHERE org_id = ?1 AND actor_org NOT IN ('', ?1)"
                               " AND actor_org IN (SELECT value FROM json_each(?2))"
                               " AND actor_id IN (SELECT value FROM json_each(?3)) AND time BETWEEN ?4 AND ?5"
                               " ORDER BY time DESC, seq DESC LIMIT 10000";
constexpr char kListAudit[] =
    "SELECT " RP_SQL_AUDIT_COLUMNS " FROM audit_log WHERE org_id = ?1 ORDER BY time DESC, seq DESC LIMIT ?2 OFFSET ?3";

}  // namespace

// ---- Roles -------------------------------------------------------------------

Result<std::vector<Policy>> SqliteOrgTx::load_policies(std::string_view role_id) {
  auto s = RP_TRY(conn_.prepare(kLoadPolicies));
  s.bind(1, org_.value).bind(2, role_id);
  std::vector<Policy> out;
  while (RP_TRY(s.step())) out.push_back(RP_TRY(read_policy(s, 0)));
  return out;
}

Result<void> SqliteOrgTx::store_policies(const Role& r) {
  {
    auto del = RP_TRY(conn_.prepare(kDeletePolicies));
    del.bind(1, org_.value).bind(2, r.id);
    RP_CHECK(del.run());
  }
  for (std::size_t i = 0; i < r.policies.size(); ++i) {
    const Policy& p = r.policies[i];
    auto s = RP_TRY(conn_.prepare(kInsertPolicy));
    s.bind(1, org_.value).bind(2, r.id).bind(3, static_cast<std::int64_t>(i));
    bind_policy(s, p, 4);
    RP_CHECK(s.run());
  }
  return {};
}

Result<Role> SqliteOrgTx::get_role(std::string_view id) {
  Role r;
  {
    auto s = RP_TRY(conn_.prepare(kGetRole));
    s.bind(1, org_.value).bind(2, id);
    if (!RP_TRY(s.step())) return fail(Errc::not_found, "role not found");
    r = RP_TRY(read_role(s));
  }
  r.policies = RP_TRY(load_policies(r.id));
  return r;
}

Result<std::vector<Role>> SqliteOrgTx::list_roles() {
  std::vector<Role> roles;
  std::unordered_map<std::string, std::size_t> index;
  {
    auto s = RP_TRY(conn_.prepare(kListRoles));
    s.bind(1, org_.value);
    while (RP_TRY(s.step())) {
      roles.push_back(RP_TRY(read_role(s)));
      index.emplace(roles.back().id, roles.size() - 1);
    }
  }
  // One query for all policies rather than one per role.
  auto s = RP_TRY(conn_.prepare(kLoadAllPolicies));
  s.bind(1, org_.value);
  while (RP_TRY(s.step())) {
    auto it = index.find(s.text(0));
    if (it == index.end()) continue;
    roles[it->second].policies.push_back(RP_TRY(read_policy(s, 1)));
  }
  return roles;
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteOrgTx::default_role_ids() {
  auto s = RP_TRY(conn_.prepare(kDefaultRoleIds));
  s.bind(1, org_.value);
  std::vector<std::pair<std::string, std::string>> out;
  while (RP_TRY(s.step())) out.emplace_back(s.text(0), s.text(1));
  return out;
}

Result<void> SqliteOrgTx::insert_role(const Role& r) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(conn_.prepare(kInsertRole));
      s.bind(1, org_.value);
      bind_role(s, r, 2);
      RP_CHECK(s.run());
    }
    return store_policies(r);
  });
}

Result<void> SqliteOrgTx::update_role(const Role& r) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(conn_.prepare(kUpdateRole));
      s.bind(1, org_.value);
      bind_role(s, r, 2);
      RP_CHECK(s.run());
    }
    if (conn_.changes() == 0) return fail(Errc::not_found, "role not found");
    return store_policies(r);
  });
}

Result<void> SqliteOrgTx::delete_role(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kDeleteRole));
  s.bind(1, org_.value).bind(2, id);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "role not found");
  return {};
}

Result<std::vector<std::pair<std::string, std::int64_t>>> SqliteOrgTx::role_user_counts() {
  auto s = RP_TRY(conn_.prepare(kRoleUserCounts));
  s.bind(1, org_.value);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (RP_TRY(s.step())) out.emplace_back(s.text(0), s.int64(1));
  return out;
}

// ---- Grants ------------------------------------------------------------------

Result<std::vector<Grant>> SqliteOrgTx::list_grants() { return rows_where(kListGrants, {}, read_grant); }

Result<std::vector<Grant>> SqliteOrgTx::grants_of(std::string_view subject_id) {
  return rows_where(kGrantsOf, {subject_id}, read_grant);
}

Result<std::vector<Grant>> SqliteOrgTx::grants_of_role(std::string_view role_id) {
  return rows_where(kGrantsOfRole, {role_id}, read_grant);
}

Result<void> SqliteOrgTx::insert_grant(const Grant& g) {
  auto s = RP_TRY(conn_.prepare(kInsertGrant));
  s.bind(1, org_.value);
  bind_grant(s, g, 2);
  auto r = s.run();
  // The only reference a grant holds is its role (of this organization).
  if (!r && r.error().reason == reason::reference)
    return fail(make_error(Errc::not_found, "role not found").with_field("role_id"));
  return r;
}

Result<void> SqliteOrgTx::delete_grant(const Grant& g) {
  auto s = RP_TRY(conn_.prepare(kDeleteGrant));
  s.bind(1, org_.value)
      .bind(2, g.subject_id)
      .bind(3, to_column(g.subject_type))
      .bind(4, g.role_id)
      .bind(5, g.division_id);
  return s.run();
}

Result<void> SqliteOrgTx::delete_grants_of(std::string_view subject_id) {
  auto s = RP_TRY(conn_.prepare(kDeleteGrantsOf));
  s.bind(1, org_.value).bind(2, subject_id);
  return s.run();
}

// ---- OAuth clients -----------------------------------------------------------

Result<OAuthClient> SqliteOrgTx::get_client(std::string_view id) {
  return row_where(kGetClient, {id}, read_client, "client not found");
}

Result<std::vector<OAuthClient>> SqliteOrgTx::list_clients() { return rows_where(kListClients, {}, read_client); }

Result<void> SqliteOrgTx::insert_client(const OAuthClient& c) { return insert_row(kInsertClient, c, bind_client); }

Result<void> SqliteOrgTx::update_client(const OAuthClient& c) {
  auto s = RP_TRY(conn_.prepare(kUpdateClient));
  s.bind(1, org_.value);
  bind_client(s, c, 2);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "client not found");
  return {};
}

Result<void> SqliteOrgTx::delete_client(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kDeleteClient));
  s.bind(1, org_.value).bind(2, id);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "client not found");
  return {};
}

// ---- Tokens ------------------------------------------------------------------

Result<void> SqliteOrgTx::insert_token(const Token& t) {
  if (t.org_id != org_.value) return invalid("org_id", "the token belongs to another organization");
  auto s = RP_TRY(conn_.prepare(kInsertToken));
  bind_token(s, t, 1);
  s.bind(2, org_.value);
  return s.run();
}

Result<void> SqliteOrgTx::delete_token(std::string_view token_hash) {
  auto s = RP_TRY(conn_.prepare(kDeleteToken));
  s.bind(1, org_.value).bind(2, token_hash);
  return s.run();
}

Result<std::vector<Token>> SqliteOrgTx::tokens_where(const char* select_sql, std::string_view id) {
  auto s = RP_TRY(conn_.prepare(select_sql));
  s.bind(1, org_.value).bind(2, id);
  std::vector<Token> out;
  while (RP_TRY(s.step())) out.push_back(RP_TRY(read_token(s)));
  return out;
}

Result<std::vector<std::string>> SqliteOrgTx::delete_tokens_where(const char* select_sql, const char* delete_sql,
                                                                  std::string_view id) {
  std::vector<std::string> hashes;
  RP_CHECK(atomic([&]() -> Result<void> {
    for (auto& t : RP_TRY(tokens_where(select_sql, id))) hashes.push_back(std::move(t.token_hash));
    auto s = RP_TRY(conn_.prepare(delete_sql));
    s.bind(1, org_.value).bind(2, id);
    return s.run();
  }));
  return hashes;
}

Result<std::vector<Token>> SqliteOrgTx::tokens_of_client(std::string_view client_id) {
  return tokens_where(kTokensOfClient, client_id);
}

Result<std::vector<Token>> SqliteOrgTx::tokens_of_user(std::string_view user_id) {
  return tokens_where(kTokensOfUser, user_id);
}

Result<std::vector<std::string>> SqliteOrgTx::delete_tokens_of_client(std::string_view client_id) {
  return delete_tokens_where(kTokensOfClient, kDeleteTokensOfClient, client_id);
}

Result<std::vector<std::string>> SqliteOrgTx::delete_tokens_of_user(std::string_view user_id) {
  return delete_tokens_where(kTokensOfUser, kDeleteTokensOfUser, user_id);
}

// ---- Audit -------------------------------------------------------------------

Result<void> SqliteOrgTx::insert_audit(const AuditRecord& a) { return insert_row(kInsertAudit, a, bind_audit); }

Result<Page<AuditRecord>> SqliteOrgTx::list_audit(const PageRequest& page) {
  RP_CHECK(check_page(page));
  Page<AuditRecord> out;
  {
    auto count = RP_TRY(conn_.prepare(kCountAudit));
    count.bind(1, org_.value);
    RP_TRY(count.step());
    out.total = count.int64(0);
  }
  if (page.offset() >= out.total) return out;
  auto s = RP_TRY(conn_.prepare(kListAudit));
  s.bind(1, org_.value).bind(2, page.page_size).bind(3, page.offset());
  while (RP_TRY(s.step())) out.items.push_back(RP_TRY(read_audit(s)));
  return out;
}

Result<std::vector<AuditRecord>> SqliteOrgTx::trust_audit(const TrustAuditQuery& q) {
  std::vector<AuditRecord> out;
  if (q.actor_orgs.empty() || q.actor_ids.empty()) return out;
  auto s = RP_TRY(conn_.prepare(kTrustAudit));
  s.bind(1, org_.value)
      .bind(2, encode_string_array(q.actor_orgs))
      .bind(3, encode_string_array(q.actor_ids))
      .bind(4, q.from.value_or(std::numeric_limits<std::int64_t>::min()))
      .bind(5, q.to.value_or(std::numeric_limits<std::int64_t>::max()));
  while (RP_TRY(s.step())) out.push_back(RP_TRY(read_audit(s)));
  return out;
}

}  // namespace rp::store::sqlite
