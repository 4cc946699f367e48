// SqliteOrgTx: the organization, divisions and users. Roles, grants, clients,
// tokens and audit records are in org_tx_access.cpp.
#include "store/sqlite/org_tx.h"

#include "store/sqlite/codec.h"

namespace rp::store::sqlite {
namespace {

constexpr char kOrgExists[] = "SELECT 1 FROM organizations WHERE id = ?1";
constexpr char kGetOrg[] = "SELECT id, name, home_division_id, created, atlas_id FROM organizations WHERE id = ?1";
// An empty atlas_id gets a random 24-hex-digit one (migration 11).
constexpr char kInsertOrg[] =
    "INSERT INTO organizations(id, name, home_division_id, created, atlas_id)"
    " VALUES (?1, ?2, ?3, ?4, coalesce(nullif(?5, ''), lower(hex(randomblob(12)))))";

#define RP_DIVISION_COLS "id, name, description, home, created"
constexpr char kGetDivision[] = "SELECT " RP_DIVISION_COLS " FROM divisions WHERE org_id = ?1 AND id = ?2";
constexpr char kListDivisions[] =
    "SELECT " RP_DIVISION_COLS " FROM divisions WHERE org_id = ?1 ORDER BY name COLLATE NOCASE, id";
constexpr char kInsertDivision[] =
    "INSERT INTO divisions(org_id, id, name, description, home, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kUpdateDivision[] = "UPDATE divisions SET name = ?3, description = ?4 WHERE org_id = ?1 AND id = ?2";
constexpr char kDeleteDivision[] = "DELETE FROM divisions WHERE org_id = ?1 AND id = ?2";
// The user term repeats the partial index's WHERE (users_division_ix) so that SQLite uses it.
constexpr char kDivisionObjectCounts[] =
    "SELECT (SELECT count(*) FROM users WHERE org_id = ?1 AND division_id = ?2 AND state != 'deleted'),"
    " (SELECT count(*) FROM grants WHERE org_id = ?1 AND division_id = ?2)";

#define RP_USER_COLS                                                                           \
  "id, name, email, username, division_id, department, title, state, version, password_hash, " \
  "created, modified, date_last_login, manager_id, last_token_issued, acd_auto_answer, atlas_id"
constexpr char kGetUser[] = "SELECT " RP_USER_COLS " FROM users WHERE org_id = ?1 AND id = ?2";
// The state and email terms repeat the partial index's WHERE so that SQLite uses it.
constexpr char kFindUserByEmail[] = "SELECT " RP_USER_COLS
                                    " FROM users WHERE org_id = ?1 AND lower(email) = lower(?2)"
                                    " AND state != 'deleted' AND email != ''";
// ?2 is a JSON array of states, or NULL for any state; ?3 a JSON array of
// ids. The id-filtered variants are separate statements so that SQLite looks
// the ids up by key instead of scanning the organization's users.
#define RP_USER_FILTER " FROM users WHERE org_id = ?1 AND (?2 IS NULL OR state IN (SELECT value FROM json_each(?2)))"
#define RP_USER_ID_FILTER RP_USER_FILTER " AND id IN (SELECT value FROM json_each(?3))"
#define RP_USER_ASC " ORDER BY name COLLATE NOCASE, id LIMIT ?4 OFFSET ?5"
#define RP_USER_DESC " ORDER BY name COLLATE NOCASE DESC, id DESC LIMIT ?4 OFFSET ?5"
// "+name" keeps SQLite from walking the name index when a few ids are asked for.
#define RP_USER_ID_ASC " ORDER BY +name COLLATE NOCASE, id LIMIT ?4 OFFSET ?5"
#define RP_USER_ID_DESC " ORDER BY +name COLLATE NOCASE DESC, id DESC LIMIT ?4 OFFSET ?5"
constexpr char kCountUsers[] = "SELECT count(*)" RP_USER_FILTER;
constexpr char kCountUsersById[] = "SELECT count(*)" RP_USER_ID_FILTER;
constexpr char kListUsersAsc[] = "SELECT " RP_USER_COLS RP_USER_FILTER RP_USER_ASC;
constexpr char kListUsersDesc[] = "SELECT " RP_USER_COLS RP_USER_FILTER RP_USER_DESC;
constexpr char kListUsersByIdAsc[] = "SELECT " RP_USER_COLS RP_USER_ID_FILTER RP_USER_ID_ASC;
constexpr char kListUsersByIdDesc[] = "SELECT " RP_USER_COLS RP_USER_ID_FILTER RP_USER_ID_DESC;
constexpr char kInsertUser[] =
    "INSERT INTO users(org_id, id, name, email, username, division_id, department, title, state, version,"
    " password_hash, created, modified, date_last_login, manager_id, last_token_issued, acd_auto_answer, atlas_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?17, ?18,"
    " coalesce(nullif(?19, ''), lower(hex(randomblob(12)))))";
constexpr char kUpdateUser[] =
    "UPDATE users SET name = ?3, email = ?4, username = ?5, division_id = ?6, department = ?7, title = ?8,"
    " state = ?9, version = ?10, password_hash = ?11, created = ?12, modified = ?13, date_last_login = ?14,"
    " manager_id = ?16, last_token_issued = ?17, acd_auto_answer = ?18 WHERE org_id = ?1 AND id = ?2 AND version = ?15";
// The "manager_id != ''" term lets SQLite answer from users_manager_ix alone.
constexpr char kDirectReports[] = "SELECT " RP_USER_COLS
                                  " FROM users WHERE org_id = ?1 AND manager_id = ?2 AND manager_id != ''"
                                  " AND state != 'deleted' ORDER BY name COLLATE NOCASE, id";
constexpr char kUserVersion[] = "SELECT version FROM users WHERE org_id = ?1 AND id = ?2";

constexpr char kLoadContacts[] =
    "SELECT address, display, media_type, type, extension, country_code FROM user_contacts"
    " WHERE org_id = ?1 AND user_id = ?2 ORDER BY position";
constexpr char kDeleteContacts[] = "DELETE FROM user_contacts WHERE org_id = ?1 AND user_id = ?2";
constexpr char kInsertContact[] =
    "INSERT INTO user_contacts(org_id, user_id, position, address, display, media_type, type, extension,"
    " country_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

Division read_division(const Stmt& s) {
  Division d;
  d.id = s.text(0);
  d.name = s.text(1);
  d.description = s.text(2);
  d.home = s.boolean(3);
  d.created = s.int64(4);
  return d;
}

User read_user(const Stmt& s) {
  User u;
  u.id = s.text(0);
  u.name = s.text(1);
  u.email = s.text(2);
  u.username = s.text(3);
  u.division_id = s.text(4);
  u.department = s.text(5);
  u.title = s.text(6);
  u.state = s.text(7);
  u.version = s.int64(8);
  u.password_hash = s.text(9);
  u.created = s.int64(10);
  u.modified = s.int64(11);
  u.date_last_login = s.opt_int64(12);
  u.manager_id = s.text(13);
  u.last_token_issued = s.opt_int64(14);
  u.acd_auto_answer = s.boolean(15);
  u.atlas_id = s.text(16);
  return u;
}

// Binds the user's columns shared by kInsertUser and kUpdateUser (?3..?14, ?16..?18;
// ?15 is the expected version of kUpdateUser).
void bind_user(Stmt& s, const User& u) {
  s.bind(3, u.name)
      .bind(4, u.email)
      .bind(5, u.username)
      .bind(6, u.division_id)
      .bind(7, u.department)
      .bind(8, u.title)
      .bind(9, u.state)
      .bind(10, u.version)
      .bind(11, u.password_hash)
      .bind(12, u.created)
      .bind(13, u.modified)
      .bind(14, u.date_last_login)
      .bind(16, u.manager_id)
      .bind(17, u.last_token_issued)
      .bind(18, u.acd_auto_answer);
}

}  // namespace

const char* const kUserColumns = RP_USER_COLS;
User read_user_row(const Stmt& s) { return read_user(s); }

Result<void> require_org(Connection& conn, const OrgId& org) {
  auto s = RP_TRY(conn.prepare(kOrgExists));
  s.bind(1, org.value);
  if (!RP_TRY(s.step())) return fail(Errc::not_found, "organization not found");
  return {};
}

Result<void> insert_organization(Connection& conn, const Organization& o) {
  if (o.id.empty()) return invalid("id", "the organization id is empty");
  auto s = RP_TRY(conn.prepare(kInsertOrg));
  s.bind(1, o.id).bind(2, o.name).bind(3, o.home_division_id).bind(4, o.created).bind(5, o.atlas_id);
  return s.run();
}

Result<void> check_page(const PageRequest& page) {
  if (page.page_size < 1) return invalid("pageSize", "the page size must be at least 1");
  if (page.page_number < 1) return invalid("pageNumber", "the page number must be at least 1");
  return {};
}

Result<Organization> SqliteOrgTx::organization() {
  auto s = RP_TRY(conn_.prepare(kGetOrg));
  s.bind(1, org_.value);
  if (!RP_TRY(s.step())) return fail(Errc::not_found, "organization not found");
  return Organization{s.text(0), s.text(1), s.text(2), s.int64(3), s.text(4)};
}

// ---- Divisions ---------------------------------------------------------------

Result<Division> SqliteOrgTx::get_division(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kGetDivision));
  s.bind(1, org_.value).bind(2, id);
  if (!RP_TRY(s.step())) return fail(Errc::not_found, "division not found");
  return read_division(s);
}

Result<std::vector<Division>> SqliteOrgTx::list_divisions() {
  auto s = RP_TRY(conn_.prepare(kListDivisions));
  s.bind(1, org_.value);
  std::vector<Division> out;
  while (RP_TRY(s.step())) out.push_back(read_division(s));
  return out;
}

Result<void> SqliteOrgTx::insert_division(const Division& d) {
  auto s = RP_TRY(conn_.prepare(kInsertDivision));
  s.bind(1, org_.value).bind(2, d.id).bind(3, d.name).bind(4, d.description).bind(5, d.home).bind(6, d.created);
  return s.run();
}

Result<void> SqliteOrgTx::update_division(const Division& d) {
  auto s = RP_TRY(conn_.prepare(kUpdateDivision));
  s.bind(1, org_.value).bind(2, d.id).bind(3, d.name).bind(4, d.description);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "division not found");
  return {};
}

Result<void> SqliteOrgTx::delete_division(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kDeleteDivision));
  s.bind(1, org_.value).bind(2, id);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "division not found");
  return {};
}

// Counts whatever refers to the id; it does not check that the division exists.
Result<std::vector<std::pair<std::string, std::int64_t>>> SqliteOrgTx::division_object_counts(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kDivisionObjectCounts));
  s.bind(1, org_.value).bind(2, id);
  RP_TRY(s.step());
  return std::vector<std::pair<std::string, std::int64_t>>{{"users", s.int64(0)}, {"grants", s.int64(1)}};
}

// ---- Users -------------------------------------------------------------------

Result<std::vector<Contact>> SqliteOrgTx::load_contacts(std::string_view user_id) {
  auto s = RP_TRY(conn_.prepare(kLoadContacts));
  s.bind(1, org_.value).bind(2, user_id);
  std::vector<Contact> out;
  while (RP_TRY(s.step())) out.push_back(Contact{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  return out;
}

Result<void> SqliteOrgTx::store_contacts(const User& u) {
  {
    auto del = RP_TRY(conn_.prepare(kDeleteContacts));
    del.bind(1, org_.value).bind(2, u.id);
    RP_CHECK(del.run());
  }
  for (std::size_t i = 0; i < u.addresses.size(); ++i) {
    const Contact& c = u.addresses[i];
    auto s = RP_TRY(conn_.prepare(kInsertContact));
    s.bind(1, org_.value)
        .bind(2, u.id)
        .bind(3, static_cast<std::int64_t>(i))
        .bind(4, c.address)
        .bind(5, c.display)
        .bind(6, c.media_type)
        .bind(7, c.type)
        .bind(8, c.extension)
        .bind(9, c.country_code);
    RP_CHECK(s.run());
  }
  return {};
}

Result<User> SqliteOrgTx::get_user(std::string_view id) {
  User u;
  {
    auto s = RP_TRY(conn_.prepare(kGetUser));
    s.bind(1, org_.value).bind(2, id);
    if (!RP_TRY(s.step())) return fail(Errc::not_found, "user not found");
    u = read_user(s);
  }
  u.addresses = RP_TRY(load_contacts(u.id));
  return u;
}

Result<std::optional<User>> SqliteOrgTx::find_user_by_email(std::string_view email) {
  User u;
  {
    auto s = RP_TRY(conn_.prepare(kFindUserByEmail));
    s.bind(1, org_.value).bind(2, email);
    if (!RP_TRY(s.step())) return std::optional<User>{};
    u = read_user(s);
  }
  u.addresses = RP_TRY(load_contacts(u.id));
  return std::optional<User>(std::move(u));
}

Result<Page<User>> SqliteOrgTx::list_users(const UserQuery& q) {
  RP_CHECK(check_page(q.page));
  std::string states = q.states.empty() ? std::string() : encode_string_array(q.states);
  std::string ids = q.ids.empty() ? std::string() : encode_string_array(q.ids);
  const bool by_id = !q.ids.empty();
  auto bind_filter = [&](Stmt& s) {
    s.bind(1, org_.value);
    if (q.states.empty()) s.bind_null(2);
    else s.bind(2, states);
    if (by_id) s.bind(3, ids);
  };

  Page<User> page;
  {
    auto count = RP_TRY(conn_.prepare(by_id ? kCountUsersById : kCountUsers));
    bind_filter(count);
    RP_TRY(count.step());
    page.total = count.int64(0);
  }
  if (q.page.offset() >= page.total) return page;
  {
    const char* sql = by_id ? (q.descending ? kListUsersByIdDesc : kListUsersByIdAsc)
                            : (q.descending ? kListUsersDesc : kListUsersAsc);
    auto s = RP_TRY(conn_.prepare(sql));
    bind_filter(s);
    s.bind(4, q.page.page_size).bind(5, q.page.offset());
    while (RP_TRY(s.step())) page.items.push_back(read_user(s));
  }
  for (auto& u : page.items) u.addresses = RP_TRY(load_contacts(u.id));
  return page;
}

Result<void> SqliteOrgTx::insert_user(const User& u) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(conn_.prepare(kInsertUser));
      s.bind(1, org_.value).bind(2, u.id).bind(19, u.atlas_id);
      bind_user(s, u);
      RP_CHECK(s.run());
    }
    return store_contacts(u);
  });
}

// One savepoint for the whole list: a savepoint per user inside a large
// transaction makes each release cost time proportional to what the
// transaction has already written.
Result<void> SqliteOrgTx::insert_users(const std::vector<User>& users) {
  return atomic([&]() -> Result<void> {
    for (const auto& u : users) {
      {
        auto s = RP_TRY(conn_.prepare(kInsertUser));
        s.bind(1, org_.value).bind(2, u.id).bind(19, u.atlas_id);
        bind_user(s, u);
        RP_CHECK(s.run());
      }
      // New users have no contacts yet: insert without store_contacts' delete.
      for (std::size_t i = 0; i < u.addresses.size(); ++i) {
        const Contact& c = u.addresses[i];
        auto s = RP_TRY(conn_.prepare(kInsertContact));
        s.bind(1, org_.value).bind(2, u.id).bind(3, static_cast<std::int64_t>(i)).bind(4, c.address);
        s.bind(5, c.display).bind(6, c.media_type).bind(7, c.type).bind(8, c.extension).bind(9, c.country_code);
        RP_CHECK(s.run());
      }
    }
    return {};
  });
}

Result<void> SqliteOrgTx::update_user(const User& u, std::int64_t expected_version) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(conn_.prepare(kUpdateUser));
      s.bind(1, org_.value).bind(2, u.id);
      bind_user(s, u);
      s.bind(15, expected_version);
      RP_CHECK(s.run());
    }
    if (conn_.changes() == 0) {
      auto v = RP_TRY(conn_.prepare(kUserVersion));
      v.bind(1, org_.value).bind(2, u.id);
      if (!RP_TRY(v.step())) return fail(Errc::not_found, "user not found");
      return fail(make_error(Errc::conflict,
                             "the user was modified by someone else (version " + std::to_string(v.int64(0)) + ")")
                      .with_reason("version.mismatch")
                      .with_param("version", std::to_string(v.int64(0))));
    }
    return store_contacts(u);
  });
}

Result<std::vector<User>> SqliteOrgTx::direct_reports(std::string_view manager_id) {
  std::vector<User> out;
  if (manager_id.empty()) return out;
  {
    auto s = RP_TRY(conn_.prepare(kDirectReports));
    s.bind(1, org_.value).bind(2, manager_id);
    while (RP_TRY(s.step())) out.push_back(read_user(s));
  }
  for (auto& u : out) u.addresses = RP_TRY(load_contacts(u.id));
  return out;
}

}  // namespace rp::store::sqlite
