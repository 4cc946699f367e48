// SqliteOrgTx: routing skills and languages, and the users' assignments of
// them (schema version 20).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kGetSkill[] =
    "SELECT " RP_SQL_ROUTING_SKILL_COLUMNS " FROM routing_skills WHERE org_id = ?1 AND id = ?2 AND kind = ?3";
// ?2 kind, ?3 name prefix ('' = any), ?4 ids as a JSON array ('[]' = any),
// ?5 divisions as a JSON array (NULL = any).
#define RP_SKILL_FILTER                                              \
  " FROM routing_skills WHERE org_id = ?1 AND kind = ?2"             \
  " AND (?3 = '' OR lower(substr(name, 1, length(?3))) = lower(?3))" \
  " AND (?4 = '[]' OR id IN (SELECT value FROM json_each(?4)))"      \
  " AND (?5 IS NULL OR division_id IN (SELECT value FROM json_each(?5)))"
constexpr char kCountSkills[] = "SELECT count(*)" RP_SKILL_FILTER;
constexpr char kListSkillsAsc[] =
    "SELECT " RP_SQL_ROUTING_SKILL_COLUMNS RP_SKILL_FILTER " ORDER BY name COLLATE NOCASE, id LIMIT ?6 OFFSET ?7";
constexpr char kListSkillsDesc[] = "SELECT " RP_SQL_ROUTING_SKILL_COLUMNS RP_SKILL_FILTER
                                   " ORDER BY name COLLATE NOCASE DESC, id DESC LIMIT ?6 OFFSET ?7";
constexpr char kInsertSkill[] =
    "INSERT INTO routing_skills(org_id, " RP_SQL_ROUTING_SKILL_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr char kDeleteSkill[] = "DELETE FROM routing_skills WHERE org_id = ?1 AND id = ?2";

#define RP_USER_SKILL_SELECT                                                         \
  "SELECT u.user_id, u.skill_id, u.proficiency, u.active, s.name FROM user_skills u" \
  " JOIN routing_skills s ON s.org_id = u.org_id AND s.id = u.skill_id"
constexpr char kCountUserSkills[] =
    "SELECT count(*) FROM user_skills u JOIN routing_skills s ON s.org_id = u.org_id AND s.id = u.skill_id"
    " WHERE u.org_id = ?1 AND u.user_id = ?2 AND s.kind = ?3";
constexpr char kUserSkillsAsc[] = RP_USER_SKILL_SELECT
    " WHERE u.org_id = ?1 AND u.user_id = ?2 AND s.kind = ?3 ORDER BY s.name COLLATE NOCASE, s.id LIMIT ?4 OFFSET ?5";
constexpr char kUserSkillsDesc[] = RP_USER_SKILL_SELECT
    " WHERE u.org_id = ?1 AND u.user_id = ?2 AND s.kind = ?3"
    " ORDER BY s.name COLLATE NOCASE DESC, s.id DESC LIMIT ?4 OFFSET ?5";
constexpr char kUserSkillsOf[] = RP_USER_SKILL_SELECT
    " WHERE u.org_id = ?1 AND u.user_id IN (SELECT value FROM json_each(?2)) AND s.kind = ?3"
    " ORDER BY u.user_id, s.name COLLATE NOCASE, s.id";
constexpr char kSetUserSkill[] = "INSERT INTO user_skills(org_id, " RP_SQL_USER_SKILL_COLUMNS
                                 ") VALUES (?1, ?2, ?3, ?4, ?5)"
                                 " ON CONFLICT (org_id, user_id, skill_id)"
                                 " DO UPDATE SET proficiency = excluded.proficiency, active = excluded.active";
constexpr char kRemoveUserSkill[] =
    "DELETE FROM user_skills WHERE org_id = ?1 AND user_id = ?2 AND skill_id = ?3"
    " AND skill_id IN (SELECT id FROM routing_skills WHERE org_id = ?1 AND kind = ?4)";

std::string_view missing(SkillKind kind) {
  return kind == SkillKind::skill ? "routing skill not found" : "routing language not found";
}

}  // namespace

Result<RoutingSkill> SqliteOrgTx::get_routing_skill(SkillKind kind, std::string_view id) {
  return row_where(kGetSkill, {id, to_string(kind)}, read_routing_skill, missing(kind));
}

Result<Page<RoutingSkill>> SqliteOrgTx::list_routing_skills(SkillKind kind, const SkillQuery& q) {
  RP_CHECK(check_page(q.page));
  const std::string ids = encode_string_array(q.ids);
  const std::string divisions = q.divisions ? encode_string_array(*q.divisions) : std::string();
  auto bind_filter = [&](Stmt& s) {
    s.bind(1, org_.value).bind(2, to_string(kind)).bind(3, q.name_prefix).bind(4, ids);
    if (q.divisions) s.bind(5, divisions);
    else s.bind_null(5);
  };
  Page<RoutingSkill> page;
  {
    auto count = RP_TRY(conn_.prepare(kCountSkills));
    bind_filter(count);
    RP_TRY(count.step());
    page.total = count.int64(0);
  }
  if (q.page.offset() >= page.total) return page;
  auto s = RP_TRY(conn_.prepare(q.descending ? kListSkillsDesc : kListSkillsAsc));
  bind_filter(s);
  s.bind(6, q.page.page_size).bind(7, q.page.offset());
  while (RP_TRY(s.step())) page.items.push_back(RP_TRY(read_routing_skill(s, 0)));
  return page;
}

Result<Page<UserSkill>> SqliteOrgTx::user_skills(SkillKind kind, std::string_view user_id, const PageRequest& page,
                                                 bool descending) {
  RP_CHECK(check_page(page));
  Page<UserSkill> out;
  {
    auto count = RP_TRY(prepare_where(kCountUserSkills, {user_id, to_string(kind)}));
    RP_TRY(count.step());
    out.total = count.int64(0);
  }
  if (page.offset() >= out.total) return out;
  auto s = RP_TRY(prepare_where(descending ? kUserSkillsDesc : kUserSkillsAsc, {user_id, to_string(kind)}));
  s.bind(4, page.page_size).bind(5, page.offset());
  while (RP_TRY(s.step())) out.items.push_back(RP_TRY(read_user_skill(s, 0)));
  return out;
}

Result<std::vector<UserSkill>> SqliteOrgTx::user_skills_of(SkillKind kind, const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return std::vector<UserSkill>{};
  return rows_where(kUserSkillsOf, {encode_string_array(user_ids), to_string(kind)}, read_user_skill);
}

Result<void> SqliteOrgTx::insert_routing_skill(const RoutingSkill& s) {
  return insert_row(kInsertSkill, s, bind_routing_skill);
}

Result<void> SqliteOrgTx::delete_routing_skill(SkillKind kind, std::string_view id) {
  RP_TRY(get_routing_skill(kind, id));
  return run_where(kDeleteSkill, {id});
}

Result<void> SqliteOrgTx::set_user_skill(SkillKind kind, const UserSkill& s) {
  RP_TRY(get_routing_skill(kind, s.skill_id));
  return insert_row(kSetUserSkill, s, bind_user_skill);
}

Result<void> SqliteOrgTx::remove_user_skill(SkillKind kind, std::string_view user_id, std::string_view skill_id) {
  RP_CHECK(run_where(kRemoveUserSkill, {user_id, skill_id, to_string(kind)}));
  if (conn_.changes() == 0) return fail(Errc::not_found, "the user does not have the " + std::string(to_string(kind)));
  return {};
}

}  // namespace rp::store::sqlite
