// SqliteOrgTx: what the Atlas dialect keeps (schema version 10): users by
// their 24-hex Atlas id and programmatic API keys; and the cross-organization
// lookups by Atlas organization id and by API public key.
#include "store/sqlite/codec.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

#define RP_API_KEY_COLS "id, public_key, ha1, description, private_key_hint, created_by, created"
constexpr char kInsertApiKey[] =
    "INSERT INTO atlas_api_keys(org_id, " RP_API_KEY_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kListApiKeys[] = "SELECT " RP_API_KEY_COLS " FROM atlas_api_keys WHERE org_id = ?1 ORDER BY created, id";
constexpr char kGetApiKey[] = "SELECT " RP_API_KEY_COLS " FROM atlas_api_keys WHERE org_id = ?1 AND id = ?2";
constexpr char kUpdateApiKey[] = "UPDATE atlas_api_keys SET description = ?3 WHERE org_id = ?1 AND id = ?2";
constexpr char kDeleteApiKey[] = "DELETE FROM atlas_api_keys WHERE org_id = ?1 AND id = ?2";
constexpr char kApiKeyByPublicKey[] = "SELECT org_id, " RP_API_KEY_COLS " FROM atlas_api_keys WHERE public_key = ?1";
constexpr char kOrgByAtlasId[] =
    "SELECT id, name, home_division_id, created, atlas_id FROM organizations WHERE atlas_id = ?1";

ApiKey read_api_key(const Stmt& s, int first) {
  ApiKey k;
  k.id = s.text(first);
  k.public_key = s.text(first + 1);
  k.ha1 = s.text(first + 2);
  k.description = s.text(first + 3);
  k.private_key_hint = s.text(first + 4);
  k.created_by = s.text(first + 5);
  k.created = s.int64(first + 6);
  return k;
}

}  // namespace

Result<std::optional<User>> SqliteOrgTx::find_user_by_atlas_id(std::string_view atlas_id) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE atlas_id = ?1 AND org_id = ?2 AND state != 'deleted'";
  User u;
  {
    auto s = RP_TRY(conn_.prepare(sql.c_str()));
    s.bind(1, atlas_id).bind(2, org_.value);
    if (!RP_TRY(s.step())) return std::optional<User>{};
    u = read_user_row(s);
  }
  u.addresses = RP_TRY(load_contacts(u.id));
  return std::optional<User>(std::move(u));
}

Result<void> SqliteOrgTx::insert_api_key(const ApiKey& k) {
  auto s = RP_TRY(conn_.prepare(kInsertApiKey));
  s.bind(1, org_.value).bind(2, k.id).bind(3, k.public_key).bind(4, k.ha1).bind(5, k.description);
  s.bind(6, k.private_key_hint).bind(7, k.created_by).bind(8, k.created);
  return s.run();
}

Result<std::vector<ApiKey>> SqliteOrgTx::list_api_keys() {
  auto s = RP_TRY(conn_.prepare(kListApiKeys));
  s.bind(1, org_.value);
  std::vector<ApiKey> out;
  while (RP_TRY(s.step())) out.push_back(read_api_key(s, 0));
  return out;
}

Result<ApiKey> SqliteOrgTx::get_api_key(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kGetApiKey));
  s.bind(1, org_.value).bind(2, id);
  if (!RP_TRY(s.step())) return fail(Errc::not_found, "api key not found");
  return read_api_key(s, 0);
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
  return std::optional<Organization>(Organization{s.text(0), s.text(1), s.text(2), s.int64(3), s.text(4)});
}

Result<std::optional<std::pair<OrgId, ApiKey>>> api_key_by_public_key(Connection& conn, std::string_view public_key) {
  auto s = RP_TRY(conn.prepare(kApiKeyByPublicKey));
  s.bind(1, public_key);
  if (!RP_TRY(s.step())) return std::optional<std::pair<OrgId, ApiKey>>{};
  return std::optional<std::pair<OrgId, ApiKey>>(std::pair<OrgId, ApiKey>(OrgId(s.text(0)), read_api_key(s, 1)));
}

}  // namespace rp::store::sqlite
