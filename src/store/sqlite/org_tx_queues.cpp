// SqliteOrgTx: routing queues and their members (schema version 22).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

// A queue's columns (prefix q.) and its member counts, over users that are
// not deleted.
#define RP_QUEUE_SELECT                                                                                  \
  "SELECT q.id, q.name, q.division_id, q.description, q.config, q.created_by, q.modified_by, q.created," \
  " q.modified,"                                                                                         \
  " (SELECT count(*) FROM queue_members m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id"      \
  "  WHERE m.org_id = q.org_id AND m.queue_id = q.id AND u.state != 'deleted'),"                         \
  " (SELECT count(*) FROM queue_members m JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id"      \
  "  WHERE m.org_id = q.org_id AND m.queue_id = q.id AND u.state != 'deleted' AND m.joined)"             \
  " FROM queues q"
constexpr char kGetQueue[] = RP_QUEUE_SELECT " WHERE q.org_id = ?1 AND q.id = ?2";
// ?2 the name ('' = any), ?3 how it matches (0 exact, 1 starts with, 2 ends
// with, 3 contains), ?4 ids as a JSON array ('[]' = any), ?5 divisions as a
// JSON array (NULL = any).
#define RP_QUEUE_FILTER                                                                           \
  " WHERE q.org_id = ?1"                                                                          \
  " AND (?2 = '' OR CASE ?3"                                                                      \
  "  WHEN 0 THEN lower(q.name) = lower(?2)"                                                       \
  "  WHEN 1 THEN lower(substr(q.name, 1, length(?2))) = lower(?2)"                                \
  "  WHEN 2 THEN length(q.name) >= length(?2) AND lower(substr(q.name, -length(?2))) = lower(?2)" \
  "  ELSE instr(lower(q.name), lower(?2)) > 0 END)"                                               \
  " AND (?4 = '[]' OR q.id IN (SELECT value FROM json_each(?4)))"                                 \
  " AND (?5 IS NULL OR q.division_id IN (SELECT value FROM json_each(?5)))"
constexpr char kCountQueues[] = "SELECT count(*) FROM queues q" RP_QUEUE_FILTER;
constexpr char kListQueuesAsc[] =
    RP_QUEUE_SELECT RP_QUEUE_FILTER " ORDER BY q.name COLLATE NOCASE, q.id LIMIT ?6 OFFSET ?7";
constexpr char kListQueuesDesc[] =
    RP_QUEUE_SELECT RP_QUEUE_FILTER " ORDER BY q.name COLLATE NOCASE DESC, q.id DESC LIMIT ?6 OFFSET ?7";
constexpr char kInsertQueue[] =
    "INSERT INTO queues(org_id, " RP_SQL_QUEUE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kUpdateQueue[] =
    "UPDATE queues SET name = ?3, division_id = ?4, description = ?5, config = ?6, modified_by = ?8,"
    " modified = ?10 WHERE org_id = ?1 AND id = ?2";
constexpr char kDeleteQueue[] = "DELETE FROM queues WHERE org_id = ?1 AND id = ?2";

constexpr char kQueueMembers[] =
    "SELECT m.queue_id, m.user_id, m.joined, m.ring_number FROM queue_members m"
    " JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id"
    " WHERE m.org_id = ?1 AND m.queue_id = ?2 AND u.state != 'deleted' ORDER BY u.name COLLATE NOCASE, u.id";
constexpr char kUserMemberships[] =
    "SELECT m.queue_id, m.user_id, m.joined, m.ring_number FROM queue_members m"
    " JOIN queues q ON q.org_id = m.org_id AND q.id = m.queue_id"
    " JOIN users u ON u.org_id = m.org_id AND u.id = m.user_id"
    " WHERE m.org_id = ?1 AND m.user_id = ?2 AND u.state != 'deleted' ORDER BY q.name COLLATE NOCASE, q.id";
constexpr char kAddMember[] =
    "INSERT INTO queue_members(org_id, queue_id, user_id, joined, ring_number) VALUES (?1, ?2, ?3, 0, 1)"
    " ON CONFLICT (org_id, queue_id, user_id) DO NOTHING";
constexpr char kRemoveMember[] = "DELETE FROM queue_members WHERE org_id = ?1 AND queue_id = ?2 AND user_id = ?3";
constexpr char kUpdateMember[] =
    "UPDATE queue_members SET joined = ?4, ring_number = ?5 WHERE org_id = ?1 AND queue_id = ?2 AND user_id = ?3";

Result<Queue> read_counted_queue(const Row& r, int f) {
  auto q = RP_TRY(read_queue(r, f));
  q.member_count = r.int64(f + 9);
  q.joined_count = r.int64(f + 10);
  return q;
}

// How QueueQuery::name matches: the code ?3 of RP_QUEUE_FILTER and the name
// without its wildcards.
std::pair<int, std::string> name_match(std::string_view name) {
  bool leading = name.starts_with('*'), trailing = name.size() > 1 && name.ends_with('*');
  if (leading) name.remove_prefix(1);
  if (trailing) name.remove_suffix(1);
  int mode = leading && trailing ? 3 : trailing ? 1 : leading ? 2 : 0;
  return {mode, std::string(name)};
}

}  // namespace

Result<Queue> SqliteOrgTx::get_queue(std::string_view id) {
  return row_where(kGetQueue, {id}, read_counted_queue, "queue not found");
}

Result<Page<Queue>> SqliteOrgTx::list_queues(const QueueQuery& q) {
  RP_CHECK(check_page(q.page));
  const auto [mode, name] = name_match(q.name);
  const std::string ids = encode_string_array(q.ids);
  const std::string divisions = q.divisions ? encode_string_array(*q.divisions) : std::string();
  auto bind_filter = [&](Stmt& s) {
    s.bind(1, org_.value).bind(2, name).bind(3, static_cast<std::int64_t>(mode)).bind(4, ids);
    if (q.divisions) s.bind(5, divisions);
    else s.bind_null(5);
  };
  Page<Queue> page;
  {
    auto count = RP_TRY(conn_.prepare(kCountQueues));
    bind_filter(count);
    RP_TRY(count.step());
    page.total = count.int64(0);
  }
  if (q.page.offset() >= page.total) return page;
  auto s = RP_TRY(conn_.prepare(q.descending ? kListQueuesDesc : kListQueuesAsc));
  bind_filter(s);
  s.bind(6, q.page.page_size).bind(7, q.page.offset());
  while (RP_TRY(s.step())) page.items.push_back(RP_TRY(read_counted_queue(s, 0)));
  return page;
}

Result<std::vector<QueueMember>> SqliteOrgTx::queue_members(std::string_view queue_id) {
  return rows_where(kQueueMembers, {queue_id}, read_queue_member);
}

Result<std::vector<QueueMember>> SqliteOrgTx::user_memberships(std::string_view user_id) {
  return rows_where(kUserMemberships, {user_id}, read_queue_member);
}

Result<void> SqliteOrgTx::insert_queue(const Queue& q) { return insert_row(kInsertQueue, q, bind_queue); }

Result<void> SqliteOrgTx::update_queue(const Queue& q) {
  RP_CHECK(insert_row(kUpdateQueue, q, bind_queue));
  if (conn_.changes() == 0) return fail(Errc::not_found, "queue not found");
  return {};
}

Result<void> SqliteOrgTx::delete_queue(std::string_view id) {
  RP_CHECK(run_where(kDeleteQueue, {id}));
  if (conn_.changes() == 0) return fail(Errc::not_found, "queue not found");
  return {};
}

Result<void> SqliteOrgTx::add_queue_members(std::string_view queue_id, const std::vector<std::string>& user_ids) {
  for (const auto& user : user_ids) RP_CHECK(run_where(kAddMember, {queue_id, user}));
  return {};
}

Result<void> SqliteOrgTx::remove_queue_members(std::string_view queue_id, const std::vector<std::string>& user_ids) {
  for (const auto& user : user_ids) RP_CHECK(run_where(kRemoveMember, {queue_id, user}));
  return {};
}

Result<void> SqliteOrgTx::update_queue_member(const QueueMember& m) {
  auto s = RP_TRY(conn_.prepare(kUpdateMember));
  s.bind(1, org_.value);
  bind_queue_member(s, m, 2);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "the user is not a member of the queue");
  return {};
}

}  // namespace rp::store::sqlite
