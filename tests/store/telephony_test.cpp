// Conformance: phones are kept per organization with names unique ignoring
// case and at most one WebRTC phone per user; each is found by its station;
// users' stations are replaced whole, found by user and by station, and a
// deleted phone's station leaves every user.
#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

Phone sample_phone(const std::string& id, const std::string& name, const std::string& web_rtc_user = {}) {
  Phone p;
  p.id = id;
  p.name = name;
  p.description = "desk";
  p.web_rtc_user_id = web_rtc_user;
  p.lines = {{"line-" + id, name + " line"}};
  p.site = R"({"id":"site-1"})";
  p.station_id = "station-" + id;
  p.created = 1000;
  return p;
}

class TelephonyTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = make_org("One");
    other_ = make_org("Two");
    ann_ = sample_user("Ann", "ann@example.com");
    bob_ = sample_user("Bob", "bob@example.com");
    ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) -> Result<void> {
      RP_CHECK(tx.insert_user(ann_));
      return tx.insert_user(bob_);
    })));
  }
  Result<void> write(const std::function<Result<void>(ReadWriteTransaction&)>& f) { return in_write(org_, f); }

  OrgId org_, other_;
  User ann_, bob_;
};

TEST_P(TelephonyTest, PhonesAreUniqueByNameAndWebRtcUserAndFoundByStation) {
  auto desk = sample_phone("p-1", "Desk 1");
  auto soft = sample_phone("p-2", "Ann's softphone", ann_.id);
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_phone(desk));
    return tx.insert_phone(soft);
  })));
  auto got = in_read(org_, [](Reader& tx) { return tx.get_phone("p-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, desk);
  got = in_read(org_, [](Reader& tx) { return tx.phone_of_station("station-p-2"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, soft);
  auto all = in_read(org_, [](Reader& tx) { return tx.all_phones(); });
  ASSERT_TRUE(ok(all));
  EXPECT_EQ(*all, (std::vector<Phone>{soft, desk}));
  EXPECT_TRUE(failed(in_read(other_, [](Reader& tx) { return tx.get_phone("p-1"); }), Errc::not_found));

  auto twin = sample_phone("p-3", "DESK 1");
  auto dup = write([&](ReadWriteTransaction& tx) { return tx.insert_phone(twin); });
  ASSERT_TRUE(failed(dup, Errc::conflict));
  EXPECT_EQ(dup.error().reason, reason::duplicate);
  auto second = sample_phone("p-4", "Ann's other", ann_.id);
  EXPECT_TRUE(failed(write([&](ReadWriteTransaction& tx) { return tx.insert_phone(second); }), Errc::conflict));
}

TEST_P(TelephonyTest, UsersStationsAreReplacedWholeAndLeftByADeletedPhone) {
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_phone(sample_phone("p-1", "Desk 1")));
    return tx.insert_phone(sample_phone("p-2", "Desk 2"));
  })));
  UserStation ann{ann_.id, "station-p-1", 5000, "station-p-2", ""};
  UserStation bob{bob_.id, "", std::nullopt, "", "station-p-1"};
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.set_user_station(ann));
    return tx.set_user_station(bob);
  })));
  auto of = in_read(org_, [&](Reader& tx) { return tx.user_stations_of({ann_.id, bob_.id}); });
  ASSERT_TRUE(ok(of));
  auto expected = std::vector<UserStation>{ann, bob};
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  EXPECT_EQ(*of, expected);
  auto holders = in_read(org_, [&](Reader& tx) { return tx.station_users({"station-p-1"}); });
  ASSERT_TRUE(ok(holders));
  EXPECT_EQ(*holders, std::vector<UserStation>{ann});  // bob was only last associated

  // A station is associated with one user at a time.
  UserStation bob_takes{bob_.id, "station-p-1", 6000, "", ""};
  EXPECT_TRUE(failed(write([&](ReadWriteTransaction& tx) { return tx.set_user_station(bob_takes); }), Errc::conflict));

  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.delete_phone("p-1"); })));
  of = in_read(org_, [&](Reader& tx) { return tx.user_stations_of({ann_.id, bob_.id}); });
  ASSERT_TRUE(ok(of));
  EXPECT_EQ(*of, (std::vector<UserStation>{{ann_.id, "", std::nullopt, "station-p-2", ""}}));
  EXPECT_TRUE(failed(write([&](ReadWriteTransaction& tx) { return tx.delete_phone("p-1"); }), Errc::not_found));
  // All empty removes the row.
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.set_user_station({ann_.id, "", {}, "", ""}); })));
  of = in_read(org_, [&](Reader& tx) { return tx.user_stations_of({ann_.id}); });
  ASSERT_TRUE(ok(of));
  EXPECT_TRUE(of->empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, TelephonyTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
