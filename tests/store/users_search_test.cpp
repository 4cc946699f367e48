// Conformance: search_users: each kind of condition, lists of AND/OR/NOT,
// nested groups, deleted users, tenant isolation, order and paging.
#include <algorithm>

#include "store/store_suite.h"

namespace rp::store::test {
namespace {

class SearchTest : public StoreTest {
 protected:
  OrgId org;

  void SetUp() override {
    StoreTest::SetUp();
    org = make_org();
  }

  User add(const std::string& name, const std::string& email, const std::string& title = "",
           UserState state = UserState::active) {
    User u = sample_user(name, email);
    u.title = title;
    u.state = state;
    u.manager_id.clear();
    u.addresses = {{"+1317555" + std::to_string(100 + count_++), "", "PHONE", "WORK", "", ""}};
    u.created = 1700000000000 + count_ * 1000;
    EXPECT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));
    return u;
  }

  // The names found, in the order returned (one page of up to 100).
  std::vector<std::string> names(UserSearch q) {
    if (q.page.page_size == 25) q.page.page_size = 100;
    auto page = in_read(org, [&](Reader& tx) { return tx.search_users(q); });
    EXPECT_TRUE(ok(page));
    std::vector<std::string> out;
    if (!page) return out;
    for (const auto& u : page->items) out.push_back(u.name);
    return out;
  }

  static Condition cond(Match m, UserField f, std::vector<std::string> values, Occur o = Occur::must) {
    Condition c;
    c.match = m;
    c.fields = {f};
    c.values = std::move(values);
    c.occur = o;
    return c;
  }
  static UserSearch search(std::vector<Condition> cs) {
    UserSearch q;
    q.conditions = std::move(cs);
    return q;
  }

  int count_ = 0;
};

using Names = std::vector<std::string>;

TEST_P(SearchTest, TextConditionsIgnoreCase) {
  add("Ada Lovelace", "ada@example.com", "Analyst");
  add("Alan Turing", "alan.turing@example.org", "Mathematician");
  add("Grace Hopper", "grace@navy.mil", "Rear Admiral");
  add("adam smith", "ADAM@Example.com", "Economist");

  EXPECT_EQ(names(search({cond(Match::prefix, UserField::name, {"AD"})})), (Names{"Ada Lovelace", "adam smith"}));
  EXPECT_EQ(names(search({cond(Match::prefix, UserField::email, {"adam@ex"})})), (Names{"adam smith"}));
  EXPECT_EQ(names(search({cond(Match::exact, UserField::email, {"ADA@example.COM"})})), (Names{"Ada Lovelace"}));
  EXPECT_EQ(names(search({cond(Match::exact, UserField::name, {"grace HOPPER", "nobody"})})), (Names{"Grace Hopper"}));
  EXPECT_EQ(names(search({cond(Match::contains, UserField::name, {"URIN"})})), (Names{"Alan Turing"}));
  EXPECT_EQ(names(search({cond(Match::contains, UserField::title, {"ADMIRAL"})})), (Names{"Grace Hopper"}));
  EXPECT_EQ(names(search({cond(Match::term, UserField::name, {"SMITH"})})), (Names{"adam smith"}));
  EXPECT_EQ(names(search({cond(Match::term, UserField::name, {"smit"})})), Names{});
  EXPECT_EQ(names(search({cond(Match::regex, UserField::email, {"a[a-z]+@example\\.(com|org)"})})),
            (Names{"Ada Lovelace", "adam smith"}));
  // Several fields: any of them.
  Condition either = cond(Match::prefix, UserField::name, {"grace"});
  either.fields.push_back(UserField::email);
  either.values = {"alan"};
  EXPECT_EQ(names(search({either})), (Names{"Alan Turing"}));
}

// Patterns that take exponential time in a backtracking engine against a
// text that almost matches: the search answers, and answers right. Before
// matching was linear, any one of these pinned its thread for good.
TEST_P(SearchTest, RegexMatchingCannotBacktrack) {
  add(std::string(40, 'a') + "!", "trap@example.com");
  add("aaaa", "plain@example.com");
  for (std::string p : {"(a|a)*", "(.|.|.|.)*#", "(a?){24}a{24}", "(a+)+", "(a*)*b", "((a+)+)+$"})
    EXPECT_EQ(names(search({cond(Match::regex, UserField::name, {p})})),
              p == "(a|a)*" || p == "(a+)+" || p == "((a+)+)+$" ? (Names{"aaaa"}) : Names{})
        << p;
  EXPECT_EQ(names(search({cond(Match::regex, UserField::name, {"A{40}!"})})), (Names{std::string(40, 'a') + "!"}));
}

TEST_P(SearchTest, PrefixBoundsAreExact) {
  add("Zed@Home", "zed@home.example");
  add("Zed_Underscore", "zed_@home.example");
  add("ZedA", "zeda@home.example");
  add("Zed", "zed.x@home.example");
  EXPECT_EQ(names(search({cond(Match::prefix, UserField::name, {"zed@"})})), (Names{"Zed@Home"}));
  EXPECT_EQ(names(search({cond(Match::prefix, UserField::email, {"ZED@"})})), (Names{"Zed@Home"}));
  EXPECT_EQ(names(search({cond(Match::prefix, UserField::name, {"zed"})})),
            (Names{"Zed", "Zed@Home", "Zed_Underscore", "ZedA"}));
}

TEST_P(SearchTest, ListsCombineAndOrNotAndGroups) {
  add("Ada", "ada@example.com", "Analyst");
  add("Bob", "bob@example.com", "Analyst");
  add("Cy", "cy@example.com", "Engineer");
  add("Di", "di@example.com", "Engineer");

  // AND
  EXPECT_EQ(
      names(search({cond(Match::exact, UserField::title, {"analyst"}), cond(Match::prefix, UserField::name, {"b"})})),
      (Names{"Bob"}));
  // OR
  EXPECT_EQ(names(search({cond(Match::exact, UserField::name, {"ada"}, Occur::should),
                          cond(Match::exact, UserField::name, {"di"}, Occur::should)})),
            (Names{"Ada", "Di"}));
  // NOT
  EXPECT_EQ(names(search({cond(Match::exact, UserField::title, {"engineer"}, Occur::must_not)})),
            (Names{"Ada", "Bob"}));
  // title = Engineer AND (name = Ada OR name = Cy): a group.
  Condition group;
  group.group = {cond(Match::exact, UserField::name, {"ada"}, Occur::should),
                 cond(Match::exact, UserField::name, {"cy"}, Occur::should)};
  EXPECT_EQ(names(search({cond(Match::exact, UserField::title, {"engineer"}), group})), (Names{"Cy"}));
  // A NOT group: not (Analyst and Bob).
  Condition not_group;
  not_group.occur = Occur::must_not;
  not_group.group = {cond(Match::exact, UserField::title, {"analyst"}), cond(Match::exact, UserField::name, {"bob"})};
  EXPECT_EQ(names(search({not_group})), (Names{"Ada", "Cy", "Di"}));
  // Match all.
  EXPECT_EQ(names(search({})), (Names{"Ada", "Bob", "Cy", "Di"}));
}

TEST_P(SearchTest, DeletedUsersOnlyWhenAskedAndOtherOrgsNever) {
  add("Active", "active@example.com");
  add("Idle", "idle@example.com", "", UserState::inactive);
  add("Gone", "gone@example.com", "", UserState::deleted);
  OrgId other = make_org("Globex");
  User stranger = sample_user("Active Stranger", "active@globex.example");
  ASSERT_TRUE(ok(in_write(other, [&](ReadWriteTransaction& tx) { return tx.insert_user(stranger); })));

  EXPECT_EQ(names(search({})), (Names{"Active", "Idle"}));
  UserSearch with_deleted = search({cond(Match::exact, UserField::state, {"deleted"})});
  with_deleted.include_deleted = true;
  EXPECT_EQ(names(with_deleted), (Names{"Gone"}));
  EXPECT_EQ(names(search({cond(Match::prefix, UserField::name, {"active"})})), (Names{"Active"}));
  EXPECT_EQ(names(search({cond(Match::exact, UserField::id, {stranger.id})})), Names{});
}

TEST_P(SearchTest, RangesPresenceAndContacts) {
  User a = add("Ada", "ada@example.com", "Analyst");
  User b = add("Bob", "bob@example.com");
  User c = add("Cy", "cy@example.com", "Engineer");
  Condition after;
  after.match = Match::range;
  after.fields = {UserField::created};
  after.low = std::to_string(b.created);
  EXPECT_EQ(names(search({after})), (Names{"Bob", "Cy"}));
  after.exclusive = true;
  EXPECT_EQ(names(search({after})), (Names{"Cy"}));
  Condition text_range;
  text_range.match = Match::range;
  text_range.fields = {UserField::name};
  text_range.low = "b";
  text_range.high = "CZ";
  EXPECT_EQ(names(search({text_range})), (Names{"Bob", "Cy"}));

  Condition has_title;
  has_title.match = Match::present;
  has_title.fields = {UserField::title};
  EXPECT_EQ(names(search({has_title})), (Names{"Ada", "Cy"}));

  EXPECT_EQ(names(search({cond(Match::contains, UserField::addresses, {c.addresses[0].address.substr(3)})})),
            (Names{"Cy"}));
  EXPECT_EQ(names(search({cond(Match::exact, UserField::version, {"1"})})), (Names{"Ada", "Bob", "Cy"}));
  (void)a;
}

TEST_P(SearchTest, SortsAndPages) {
  for (const auto* n : {"Eve", "Bob", "Gus", "Ann", "Dan", "Fay", "Cal"}) add(n, std::string(n) + "@example.com");
  UserSearch q;
  q.sort = {{UserField::name, true}};
  EXPECT_EQ(names(q), (Names{"Gus", "Fay", "Eve", "Dan", "Cal", "Bob", "Ann"}));

  q.sort.clear();
  q.page = {3, 2};
  auto page = in_read(org, [&](Reader& tx) { return tx.search_users(q); });
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 7);
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].name, "Dan");
  EXPECT_EQ(page->items[0].addresses.size(), 1u);
  q.page = {3, 4};
  page = in_read(org, [&](Reader& tx) { return tx.search_users(q); });
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 7);
  EXPECT_TRUE(page->items.empty());
  q.page = {0, 1};
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.search_users(q); }), Errc::invalid_argument));
}

TEST_P(SearchTest, BulkInsertIsAllOrNothing) {
  add("Holder", "taken@example.com");
  std::vector<User> batch = {sample_user("One", "one@example.com"), sample_user("Two", "TAKEN@example.com")};
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_users(batch); }), Errc::conflict));
  EXPECT_EQ(names(search({})), (Names{"Holder"}));
  batch[1] = sample_user("Two", "two@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_users(batch); })));
  EXPECT_EQ(names(search({})), (Names{"Holder", "One", "Two"}));
  auto two = in_read(org, [&](Reader& tx) { return tx.get_user(batch[1].id); });
  ASSERT_TRUE(ok(two));
  expect_same(*two, batch[1]);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SearchTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
