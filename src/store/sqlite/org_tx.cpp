// SqliteOrgTx: the organization, divisions and users. Roles, grants, clients,
// tokens and audit records are in org_tx_access.cpp.
#include "store/sqlite/org_tx.h"

#include "core/reasons.h"
#include "store/sql/codecs.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kOrgExists[] = "SELECT 1 FROM organizations WHERE id = ?1";
constexpr char kGetOrg[] = "SELECT " RP_SQL_ORGANIZATION_COLUMNS " FROM organizations WHERE id = ?1";
// An empty atlas_id gets a random 24-hex-digit one (migration 11).
constexpr char kInsertOrg[] = "INSERT INTO organizations(" RP_SQL_ORGANIZATION_COLUMNS
                              ")"
                              " VALUES (?1, ?2, ?3, ?4, coalesce(nullif(?5, ''), lower(hex(randomblob(12)))))";

constexpr char kGetDivision[] = "SELECT " RP_SQL_DIVISION_COLUMNS " FROM divisions WHERE org_id = ?1 AND id = ?2";
constexpr char kListDivisions[] =
    "SELECT " RP_SQL_DIVISION_COLUMNS " FROM divisions WHERE org_id = ?1 ORDER BY name COLLATE NOCASE, id";
constexpr char kInsertDivision[] =
    "INSERT INTO divisions(org_id, " RP_SQL_DIVISION_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kUpdateDivision[] = "UPDATE divisions SET name = ?3, description = ?4 WHERE org_id = ?1 AND id = ?2";
constexpr char kDeleteDivision[] = "DELETE FROM divisions WHERE org_id = ?1 AND id = ?2";
// The user term repeats the partial index's WHERE (users_division_ix) so that SQLite uses it.
constexpr char kDivisionObjectCounts[] =
    "SELECT (SELECT count(*) FROM users WHERE org_id = ?1 AND division_id = ?2 AND state != 'deleted'),"
    " (SELECT count(*) FROM grants WHERE org_id = ?1 AND division_id = ?2)";

constexpr char kGetUser[] = "SELECT " RP_SQL_USER_COLUMNS " FROM users WHERE org_id = ?1 AND id = ?2";
// The state and email terms repeat the partial index's WHERE so that SQLite uses it.
constexpr char kFindUserByEmail[] = "SELECT " RP_SQL_USER_COLUMNS
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
constexpr char kListUsersAsc[] = "SELECT " RP_SQL_USER_COLUMNS RP_USER_FILTER RP_USER_ASC;
constexpr char kListUsersDesc[] = "SELECT " RP_SQL_USER_COLUMNS RP_USER_FILTER RP_USER_DESC;
constexpr char kListUsersByIdAsc[] = "SELECT " RP_SQL_USER_COLUMNS RP_USER_ID_FILTER RP_USER_ID_ASC;
constexpr char kListUsersByIdDesc[] = "SELECT " RP_SQL_USER_COLUMNS RP_USER_ID_FILTER RP_USER_ID_DESC;
// An empty atlas_id gets a random 24-hex-digit one (migration 11).
constexpr char kInsertUser[] = "INSERT INTO users(org_id, " RP_SQL_USER_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                               " coalesce(nullif(?18, ''), lower(hex(randomblob(12)))))";
// The user's columns from ?2 as bind_user binds them (atlas_id, ?18, is bound
// but never changes); ?19 is the version the caller read.
constexpr char kUpdateUser[] =
    "UPDATE users SET name = ?3, email = ?4, username = ?5, division_id = ?6, department = ?7, title = ?8,"
    " state = ?9, version = ?10, password_hash = ?11, created = ?12, modified = ?13, date_last_login = ?14,"
    " manager_id = ?15, last_token_issued = ?16, acd_auto_answer = ?17"
    " WHERE org_id = ?1 AND id = ?2 AND version = ?19";
// The "manager_id != ''" term lets SQLite answer from users_manager_ix alone.
constexpr char kDirectReports[] = "SELECT " RP_SQL_USER_COLUMNS
                                  " FROM users WHERE org_id = ?1 AND manager_id = ?2 AND manager_id != ''"
                                  " AND state != 'deleted' ORDER BY name COLLATE NOCASE, id";
constexpr char kUserVersion[] = "SELECT version FROM users WHERE org_id = ?1 AND id = ?2";

constexpr char kLoadContacts[] = "SELECT " RP_SQL_CONTACT_COLUMNS
                                 " FROM user_contacts"
                                 " WHERE org_id = ?1 AND user_id = ?2 ORDER BY position";
constexpr char kDeleteContacts[] = "DELETE FROM user_contacts WHERE org_id = ?1 AND user_id = ?2";
constexpr char kInsertContact[] = "INSERT INTO user_contacts(org_id, user_id, position, " RP_SQL_CONTACT_COLUMNS
                                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

}  // namespace

Result<void> require_org(Connection& conn, const OrgId& org) {
  auto s = RP_TRY(conn.prepare(kOrgExists));
  s.bind(1, org.value);
  if (!RP_TRY(s.step())) return fail(Errc::not_found, "organization not found");
  return {};
}

Result<void> insert_organization(Connection& conn, const Organization& o) {
  if (o.id.empty()) return invalid("id", "the organization id is empty");
  auto s = RP_TRY(conn.prepare(kInsertOrg));
  bind_organization(s, o, 1);
  return s.run();
}

Result<void> check_page(const PageRequest& page) {
  if (page.page_size < 1) return invalid("pageSize", "the page size must be at least 1");
  if (page.page_number < 1) return invalid("pageNumber", "the page number must be at least 1");
  return {};
}

Result<Organization> SqliteOrgTx::organization() {
  return row_where(kGetOrg, {}, read_organization, "organization not found");
}

// ---- Divisions ---------------------------------------------------------------

Result<Division> SqliteOrgTx::get_division(std::string_view id) {
  return row_where(kGetDivision, {id}, read_division, "division not found");
}

Result<std::vector<Division>> SqliteOrgTx::list_divisions() { return rows_where(kListDivisions, {}, read_division); }

Result<void> SqliteOrgTx::insert_division(const Division& d) { return insert_row(kInsertDivision, d, bind_division); }

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
  return rows_where(kLoadContacts, {user_id}, read_contact);
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
    s.bind(1, org_.value).bind(2, u.id).bind(3, static_cast<std::int64_t>(i));
    bind_contact(s, c, 4);
    RP_CHECK(s.run());
  }
  return {};
}

Result<User> SqliteOrgTx::get_user(std::string_view id) {
  User u = RP_TRY(row_where(kGetUser, {id}, read_user, "user not found"));
  u.addresses = RP_TRY(load_contacts(u.id));
  return u;
}

Result<std::optional<User>> SqliteOrgTx::find_user_by_email(std::string_view email) {
  User u;
  {
    auto s = RP_TRY(conn_.prepare(kFindUserByEmail));
    s.bind(1, org_.value).bind(2, email);
    if (!RP_TRY(s.step())) return std::optional<User>{};
    u = RP_TRY(read_user(s));
  }
  u.addresses = RP_TRY(load_contacts(u.id));
  return std::optional<User>(std::move(u));
}

Result<Page<User>> SqliteOrgTx::list_users(const UserQuery& q) {
  RP_CHECK(check_page(q.page));
  std::vector<std::string> state_names;
  for (auto state : q.states) state_names.emplace_back(to_string(state));
  std::string states = q.states.empty() ? std::string() : encode_string_array(state_names);
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
    while (RP_TRY(s.step())) page.items.push_back(RP_TRY(read_user(s)));
  }
  for (auto& u : page.items) u.addresses = RP_TRY(load_contacts(u.id));
  return page;
}

Result<void> SqliteOrgTx::insert_user(const User& u) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(conn_.prepare(kInsertUser));
      s.bind(1, org_.value);
      bind_user(s, u, 2);
      RP_CHECK(s.run());
    }
    RP_CHECK(open_first_statuses(u));
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
        s.bind(1, org_.value);
        bind_user(s, u, 2);
        RP_CHECK(s.run());
      }
      RP_CHECK(open_first_statuses(u));
      // New users have no contacts yet: insert without store_contacts' delete.
      for (std::size_t i = 0; i < u.addresses.size(); ++i) {
        const Contact& c = u.addresses[i];
        auto s = RP_TRY(conn_.prepare(kInsertContact));
        s.bind(1, org_.value).bind(2, u.id).bind(3, static_cast<std::int64_t>(i));
        bind_contact(s, c, 4);
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
      s.bind(1, org_.value);
      bind_user(s, u, 2);
      s.bind(19, expected_version);
      RP_CHECK(s.run());
    }
    if (conn_.changes() == 0) {
      auto v = RP_TRY(conn_.prepare(kUserVersion));
      v.bind(1, org_.value).bind(2, u.id);
      if (!RP_TRY(v.step())) return fail(Errc::not_found, "user not found");
      return fail(make_error(Errc::conflict,
                             "the user was modified by someone else (version " + std::to_string(v.int64(0)) + ")")
                      .with_reason(reason::version_mismatch)
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
    while (RP_TRY(s.step())) out.push_back(RP_TRY(read_user(s)));
  }
  for (auto& u : out) u.addresses = RP_TRY(load_contacts(u.id));
  return out;
}

}  // namespace rp::store::sqlite
