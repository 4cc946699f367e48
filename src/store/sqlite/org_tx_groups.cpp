// SqliteOrgTx: groups and their members (schema version 16).
#include "core/reasons.h"
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

// The group's columns and, after them, its member count.
#define RP_GROUP_SELECT                     \
  "SELECT " RP_SQL_GROUP_COLUMNS            \
  ", (SELECT count(*) FROM group_members m" \
  " WHERE m.org_id = groups.org_id AND m.group_id = groups.id) FROM groups"
#define RP_GROUP_FILTER " WHERE org_id = ?1 AND state != 'deleted'"
#define RP_GROUP_ID_FILTER RP_GROUP_FILTER " AND id IN (SELECT value FROM json_each(?2))"
constexpr char kGetGroup[] = RP_GROUP_SELECT " WHERE org_id = ?1 AND id = ?2";
constexpr char kCountGroups[] = "SELECT count(*) FROM groups" RP_GROUP_FILTER;
constexpr char kCountGroupsById[] = "SELECT count(*) FROM groups" RP_GROUP_ID_FILTER;
constexpr char kListGroupsAsc[] =
    RP_GROUP_SELECT RP_GROUP_FILTER " ORDER BY name COLLATE NOCASE, id LIMIT ?3 OFFSET ?4";
constexpr char kListGroupsDesc[] =
    RP_GROUP_SELECT RP_GROUP_FILTER " ORDER BY name COLLATE NOCASE DESC, id DESC LIMIT ?3 OFFSET ?4";
constexpr char kListGroupsByIdAsc[] =
    RP_GROUP_SELECT RP_GROUP_ID_FILTER " ORDER BY +name COLLATE NOCASE, id LIMIT ?3 OFFSET ?4";
constexpr char kListGroupsByIdDesc[] =
    RP_GROUP_SELECT RP_GROUP_ID_FILTER " ORDER BY +name COLLATE NOCASE DESC, id DESC LIMIT ?3 OFFSET ?4";
constexpr char kInsertGroup[] =
    "INSERT INTO groups(org_id, " RP_SQL_GROUP_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
// The group's columns from ?2 as bind_group binds them (created, ?11, is
// bound but never changes); ?13 is the version the caller read.
constexpr char kUpdateGroup[] =
    "UPDATE groups SET name = ?3, description = ?4, type = ?5, visibility = ?6, rules_visible = ?7, state = ?8,"
    " version = ?9, owner_ids = ?10, modified = ?12 WHERE org_id = ?1 AND id = ?2 AND version = ?13";
constexpr char kGroupVersion[] = "SELECT version FROM groups WHERE org_id = ?1 AND id = ?2";
constexpr char kGroupMembers[] =
    "SELECT user_id FROM group_members WHERE org_id = ?1 AND group_id = ?2 ORDER BY user_id";
// The user term leads so that SQLite uses group_members_user_ix.
constexpr char kGroupsOfUser[] =
    "SELECT m.group_id FROM group_members m JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id"
    " WHERE m.org_id = ?1 AND m.user_id = ?2 AND g.state != 'deleted' ORDER BY m.group_id";
// The group columns are unqualified: group_members has none of those names.
constexpr char kGroupsOfUsers[] =
    "SELECT m.user_id, " RP_SQL_GROUP_COLUMNS
    ", (SELECT count(*) FROM group_members c WHERE c.org_id = g.org_id AND c.group_id = g.id)"
    " FROM group_members m JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id"
    " WHERE m.org_id = ?1 AND m.user_id IN (SELECT value FROM json_each(?2)) AND g.state != 'deleted'"
    " ORDER BY m.user_id, g.name COLLATE NOCASE, g.id";
constexpr char kAddMember[] =
    "INSERT INTO group_members(org_id, group_id, user_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
constexpr char kRemoveMember[] = "DELETE FROM group_members WHERE org_id = ?1 AND group_id = ?2 AND user_id = ?3";
constexpr char kRemoveMembers[] = "DELETE FROM group_members WHERE org_id = ?1 AND group_id = ?2";

// A group and, in the column after its own, its member count.
Result<Group> read_counted_group(const Row& row, int first) {
  Group g = RP_TRY(read_group(row, first));
  g.member_count = row.int64(first + 11);
  return g;
}

}  // namespace

Result<Group> SqliteOrgTx::get_group(std::string_view id) {
  return row_where(kGetGroup, {id}, read_counted_group, "group not found");
}

Result<Page<Group>> SqliteOrgTx::list_groups(const GroupQuery& q) {
  RP_CHECK(check_page(q.page));
  const bool by_id = !q.ids.empty();
  const std::string ids = by_id ? encode_string_array(q.ids) : std::string();
  Page<Group> page;
  {
    auto count = RP_TRY(conn_.prepare(by_id ? kCountGroupsById : kCountGroups));
    count.bind(1, org_.value);
    if (by_id) count.bind(2, ids);
    RP_TRY(count.step());
    page.total = count.int64(0);
  }
  if (q.page.offset() >= page.total) return page;
  const char* sql = by_id ? (q.descending ? kListGroupsByIdDesc : kListGroupsByIdAsc)
                          : (q.descending ? kListGroupsDesc : kListGroupsAsc);
  auto s = RP_TRY(conn_.prepare(sql));
  s.bind(1, org_.value).bind(2, ids).bind(3, q.page.page_size).bind(4, q.page.offset());
  while (RP_TRY(s.step())) page.items.push_back(RP_TRY(read_counted_group(s, 0)));
  return page;
}

Result<std::vector<std::string>> SqliteOrgTx::group_members(std::string_view group_id) {
  return column_where(kGroupMembers, {group_id});
}

Result<std::vector<std::string>> SqliteOrgTx::groups_of_user(std::string_view user_id) {
  return column_where(kGroupsOfUser, {user_id});
}

Result<std::vector<std::pair<std::string, Group>>> SqliteOrgTx::groups_of_users(
    const std::vector<std::string>& user_ids) {
  std::vector<std::pair<std::string, Group>> out;
  if (user_ids.empty()) return out;
  auto s = RP_TRY(conn_.prepare(kGroupsOfUsers));
  s.bind(1, org_.value).bind(2, encode_string_array(user_ids));
  while (RP_TRY(s.step())) out.emplace_back(s.text(0), RP_TRY(read_counted_group(s, 1)));
  return out;
}

Result<void> SqliteOrgTx::insert_group(const Group& g) { return insert_row(kInsertGroup, g, bind_group); }

Result<void> SqliteOrgTx::update_group(const Group& g, std::int64_t expected_version) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(conn_.prepare(kUpdateGroup));
      s.bind(1, org_.value);
      bind_group(s, g, 2);
      s.bind(13, expected_version);
      RP_CHECK(s.run());
    }
    if (conn_.changes() == 0) {
      auto versions = RP_TRY(column_where(kGroupVersion, {g.id}));
      if (versions.empty()) return fail(Errc::not_found, "group not found");
      return fail(make_error(Errc::conflict, "the group was modified by someone else (version " + versions[0] + ")")
                      .with_reason(reason::version_mismatch)
                      .with_param("version", versions[0]));
    }
    if (g.state == GroupState::deleted) RP_CHECK(run_where(kRemoveMembers, {g.id}));
    return {};
  });
}

Result<void> SqliteOrgTx::add_group_members(std::string_view group_id, const std::vector<std::string>& user_ids) {
  RP_TRY(get_group(group_id));
  return atomic([&]() -> Result<void> {
    for (const auto& user_id : user_ids) RP_CHECK(run_where(kAddMember, {group_id, user_id}));
    return {};
  });
}

Result<void> SqliteOrgTx::remove_group_members(std::string_view group_id, const std::vector<std::string>& user_ids) {
  RP_TRY(get_group(group_id));
  return atomic([&]() -> Result<void> {
    for (const auto& user_id : user_ids) RP_CHECK(run_where(kRemoveMember, {group_id, user_id}));
    return {};
  });
}

}  // namespace rp::store::sqlite
