// Conformance: routing skills and languages are kept per organization and
// kind, with names unique per kind ignoring case; listings filter by name
// prefix, ids and divisions and page in name order; users' assignments carry
// proficiency and state, are read per user and in batches, and go with a
// deleted skill.
#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

RoutingSkill sample_skill(SkillKind kind, const std::string& id, const std::string& name,
                          const std::string& division = {}) {
  RoutingSkill s;
  s.kind = kind;
  s.id = id;
  s.name = name;
  s.division_id = division;
  s.version = 3;
  s.created = 1000;
  s.modified = 2000;
  return s;
}

class RoutingSkillsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = make_org("One");
    other_ = make_org("Two");
    auto org = in_read(org_, [](Reader& tx) { return tx.organization(); });
    ASSERT_TRUE(ok(org));
    home_ = org->home_division_id;
    elsewhere_ = sample_division("Elsewhere");
    user_ = sample_user("Ann", "ann@example.com");
    ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) -> Result<void> {
      RP_CHECK(tx.insert_division(elsewhere_));
      return tx.insert_user(user_);
    })));
  }

  Result<void> insert(const RoutingSkill& s) {
    return in_write(org_, [&](ReadWriteTransaction& tx) { return tx.insert_routing_skill(s); });
  }
  Result<Page<RoutingSkill>> list(SkillKind kind, const SkillQuery& q, const OrgId* in = nullptr) {
    return in_read(in ? *in : org_, [&](Reader& tx) { return tx.list_routing_skills(kind, q); });
  }
  static std::vector<std::string> ids(const Page<RoutingSkill>& p) {
    std::vector<std::string> out;
    for (const auto& s : p.items) out.push_back(s.id);
    return out;
  }

  OrgId org_, other_;
  std::string home_;
  Division elsewhere_;
  User user_;
};

TEST_P(RoutingSkillsTest, SkillsRoundTripPerKindAndOrganization) {
  auto skill = sample_skill(SkillKind::skill, "s-1", "Spanish support", home_);
  auto language = sample_skill(SkillKind::language, "l-1", "Spanish");
  ASSERT_TRUE(ok(insert(skill)));
  ASSERT_TRUE(ok(insert(language)));
  auto got = in_read(org_, [](Reader& tx) { return tx.get_routing_skill(SkillKind::skill, "s-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, skill);
  got = in_read(org_, [](Reader& tx) { return tx.get_routing_skill(SkillKind::language, "l-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, language);
  // A skill is not a language, and another organization has neither.
  EXPECT_TRUE(failed(in_read(org_, [](Reader& tx) { return tx.get_routing_skill(SkillKind::language, "s-1"); }),
                     Errc::not_found));
  EXPECT_TRUE(failed(in_read(other_, [](Reader& tx) { return tx.get_routing_skill(SkillKind::skill, "s-1"); }),
                     Errc::not_found));
  auto empty = list(SkillKind::skill, {}, &other_);
  ASSERT_TRUE(ok(empty));
  EXPECT_EQ(empty->total, 0);
}

TEST_P(RoutingSkillsTest, NamesAreUniquePerKindIgnoringCase) {
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-1", "Billing", home_))));
  auto dup = insert(sample_skill(SkillKind::skill, "s-2", "BILLING", home_));
  EXPECT_TRUE(failed(dup, Errc::conflict, reason::duplicate));
  if (!dup) {
    EXPECT_EQ(dup.error().field, "name");
  }
  // The other kind and the other organization may use the name.
  EXPECT_TRUE(ok(insert(sample_skill(SkillKind::language, "l-1", "billing"))));
  EXPECT_TRUE(ok(in_write(other_, [&](ReadWriteTransaction& tx) {
    return tx.insert_routing_skill(sample_skill(SkillKind::skill, "s-9", "Billing", home_));
  })));
}

TEST_P(RoutingSkillsTest, ListingsFilterAndPageInNameOrder) {
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-c", "charlie", home_))));
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-a", "Alpha", home_))));
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-b", "bravo", elsewhere_.id))));
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-a2", "alphabet", elsewhere_.id))));
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::language, "l-a", "Albanian"))));

  SkillQuery q;
  auto page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 4);
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"s-a", "s-a2", "s-b", "s-c"}));

  q.page = {2, 2};
  page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 4);
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"s-b", "s-c"}));

  q.page = {25, 1};
  q.descending = true;
  page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"s-c", "s-b", "s-a2", "s-a"}));

  q.descending = false;
  q.name_prefix = "ALPHA";
  page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"s-a", "s-a2"}));

  q.name_prefix.clear();
  q.ids = {"s-c", "s-a2", "l-a", "s-none"};
  page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"s-a2", "s-c"}));

  q.ids.clear();
  q.divisions = std::vector<std::string>{elsewhere_.id};
  page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"s-a2", "s-b"}));
  q.divisions = std::vector<std::string>{};
  page = list(SkillKind::skill, q);
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 0);

  page = list(SkillKind::language, {});
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"l-a"}));
}

TEST_P(RoutingSkillsTest, AssignmentsCarryProficiencyAndGoWithTheSkill) {
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-b", "Billing", home_))));
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::skill, "s-a", "Accounts", home_))));
  ASSERT_TRUE(ok(insert(sample_skill(SkillKind::language, "l-1", "French"))));
  User other_user = sample_user("Bob", "bob@example.com");
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(other_user));
    RP_CHECK(tx.set_user_skill(SkillKind::skill, {user_.id, "s-b", 4.5, true, ""}));
    RP_CHECK(tx.set_user_skill(SkillKind::skill, {user_.id, "s-a", 1, false, ""}));
    RP_CHECK(tx.set_user_skill(SkillKind::skill, {other_user.id, "s-b", 2, true, ""}));
    return tx.set_user_skill(SkillKind::language, {user_.id, "l-1", 3.25, true, ""});
  })));
  auto skills = in_read(org_, [&](Reader& tx) { return tx.user_skills(SkillKind::skill, user_.id, {}, false); });
  ASSERT_TRUE(ok(skills));
  EXPECT_EQ(skills->total, 2);
  ASSERT_EQ(skills->items.size(), 2u);
  EXPECT_EQ(skills->items[0], (UserSkill{user_.id, "s-a", 1, false, "Accounts"}));
  EXPECT_EQ(skills->items[1], (UserSkill{user_.id, "s-b", 4.5, true, "Billing"}));
  skills = in_read(org_, [&](Reader& tx) { return tx.user_skills(SkillKind::skill, user_.id, {1, 1}, true); });
  ASSERT_TRUE(ok(skills));
  ASSERT_EQ(skills->items.size(), 1u);
  EXPECT_EQ(skills->items[0].skill_id, "s-b");

  // Setting again replaces proficiency and state.
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) {
    return tx.set_user_skill(SkillKind::skill, {user_.id, "s-a", 5, true, ""});
  })));
  std::vector<std::string> both = {user_.id, other_user.id};
  auto batch = in_read(org_, [&](Reader& tx) { return tx.user_skills_of(SkillKind::skill, both); });
  ASSERT_TRUE(ok(batch));
  ASSERT_EQ(batch->size(), 3u);
  auto languages = in_read(org_, [&](Reader& tx) { return tx.user_skills_of(SkillKind::language, both); });
  ASSERT_TRUE(ok(languages));
  ASSERT_EQ(languages->size(), 1u);
  EXPECT_EQ((*languages)[0], (UserSkill{user_.id, "l-1", 3.25, true, "French"}));

  // A skill of the wrong kind, or unknown, cannot be assigned or removed.
  EXPECT_TRUE(failed(in_write(org_,
                              [&](ReadWriteTransaction& tx) {
                                return tx.set_user_skill(SkillKind::language, {user_.id, "s-a", 1, true, ""});
                              }),
                     Errc::not_found));
  EXPECT_TRUE(failed(
      in_write(org_,
               [&](ReadWriteTransaction& tx) { return tx.remove_user_skill(SkillKind::language, user_.id, "s-a"); }),
      Errc::not_found));

  ASSERT_TRUE(ok(in_write(
      org_, [&](ReadWriteTransaction& tx) { return tx.remove_user_skill(SkillKind::skill, user_.id, "s-a"); })));
  EXPECT_TRUE(failed(
      in_write(org_, [&](ReadWriteTransaction& tx) { return tx.remove_user_skill(SkillKind::skill, user_.id, "s-a"); }),
      Errc::not_found));

  // Deleting the skill deletes its assignments.
  ASSERT_TRUE(
      ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.delete_routing_skill(SkillKind::skill, "s-b"); })));
  batch = in_read(org_, [&](Reader& tx) { return tx.user_skills_of(SkillKind::skill, both); });
  ASSERT_TRUE(ok(batch));
  EXPECT_TRUE(batch->empty());
  EXPECT_TRUE(
      failed(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.delete_routing_skill(SkillKind::skill, "s-b"); }),
             Errc::not_found));
}

INSTANTIATE_TEST_SUITE_P(Drivers, RoutingSkillsTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
