// SqliteOrgTx: what the Atlas dialect keeps (schema version 10): users by
// their 24-hex Atlas id and programmatic API keys; and the cross-organization
// lookups by Atlas organization id and by API public key.
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kInsertApiKey[] =
    "INSERT INTO atlas_api_keys(org_id, " RP_SQL_API_KEY_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kListApiKeys[] =
    "SELECT " RP_SQL_API_KEY_COLUMNS " FROM atlas_api_keys WHERE org_id = ?1 ORDER BY created, id";
constexpr char kGetApiKey[] = "SELECT " RP_SQL_API_KEY_COLUMNS " FROM atlas_api_keys WHERE org_id = ?1 AND id = ?2";
constexpr char kUpdateApiKey[] = "UPDATE atlas_api_keys SET description = ?3 WHERE org_id = ?1 AND id = ?2";
constexpr char kDeleteApiKey[] = "DELETE FROM atlas_api_keys WHERE org_id = ?1 AND id = ?2";
constexpr char kApiKeyByPublicKey[] =
    "SELECT org_id, " RP_SQL_API_KEY_COLUMNS " FROM atlas_api_keys WHERE public_key = ?1";
constexpr char kOrgByAtlasId[] = "SELECT " RP_SQL_ORGANIZATION_COLUMNS " FROM organizations WHERE atlas_id = ?1";

}  // namespace

Result<std::optional<User>> SqliteOrgTx::find_user_by_atlas_id(std::string_view atlas_id) {
  static constexpr char kSql[] =
      "SELECT " RP_SQL_USER_COLUMNS " FROM users WHERE atlas_id = ?1 AND org_id = ?2 AND state != 'deleted'";
  User u;
  {
    auto s = RP_TRY(conn_.prepare(kSql));
    s.bind(1, atlas_id).bind(2, org_.value);
    if (!RP_TRY(s.step())) return std::optional<User>{};
    u = RP_TRY(read_user(s));
  }
  u.addresses = RP_TRY(load_contacts(u.id));
  return std::optional<User>(std::move(u));
}

Result<void> SqliteOrgTx::insert_api_key(const ApiKey& k) { return insert_row(kInsertApiKey, k, bind_api_key); }

Result<std::vector<ApiKey>> SqliteOrgTx::list_api_keys() { return rows_where(kListApiKeys, {}, read_api_key); }

Result<ApiKey> SqliteOrgTx::get_api_key(std::string_view id) {
  return row_where(kGetApiKey, {id}, read_api_key, "api key not found");
}

Result<void> SqliteOrgTx::update_api_key(const ApiKey& k) {
  auto s = RP_TRY(conn_.prepare(kUpdateApiKey));
  s.bind(1, org_.value).bind(2, k.id).bind(3, k.description);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "api key not found");
  return {};
}

Result<void> SqliteOrgTx::delete_api_key(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kDeleteApiKey));
  s.bind(1, org_.value).bind(2, id);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "api key not found");
  return {};
}

Result<std::optional<Organization>> org_by_atlas_id(Connection& conn, std::string_view atlas_id) {
  auto s = RP_TRY(conn.prepare(kOrgByAtlasId));
  s.bind(1, atlas_id);
  if (!RP_TRY(s.step())) return std::optional<Organization>{};
  return std::optional<Organization>(RP_TRY(read_organization(s)));
}

Result<std::optional<std::pair<OrgId, ApiKey>>> api_key_by_public_key(Connection& conn, std::string_view public_key) {
  auto s = RP_TRY(conn.prepare(kApiKeyByPublicKey));
  s.bind(1, public_key);
  if (!RP_TRY(s.step())) return std::optional<std::pair<OrgId, ApiKey>>{};
  return std::optional<std::pair<OrgId, ApiKey>>(
      std::pair<OrgId, ApiKey>(OrgId(s.text(0)), RP_TRY(read_api_key(s, 1))));
}

}  // namespace rp::store::sqlite
