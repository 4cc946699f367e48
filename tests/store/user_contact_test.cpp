// Conformance: a user's out of office is stored once set and replaced
// whole; its clients' geolocations are kept one per client, with at most one
// primary (setting a primary one takes primacy from the others), and both
// are read per user and in batches, per organization.
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

class UserContactTest : public StoreTest {
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

  Geolocation geo(const std::string& user, const std::string& client, bool primary) {
    Geolocation g;
    g.user_id = user;
    g.client_id = client;
    g.type = "web";
    g.primary = primary;
    g.latitude = 52.5;
    g.longitude = -13.25;
    g.city = "Berlin";
    g.modified = 5000;
    return g;
  }

  OrgId org_, other_;
  User ann_, bob_;
};

TEST_P(UserContactTest, OutOfOfficeIsStoredOnceSetAndReplacedWhole) {
  auto none = in_read(org_, [&](Reader& tx) { return tx.out_of_office(ann_.id); });
  ASSERT_TRUE(ok(none));
  EXPECT_FALSE(none->has_value());
  OutOfOffice away{ann_.id, true, false, 1000, 9000, 500};
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.set_out_of_office(away); })));
  auto got = in_read(org_, [&](Reader& tx) { return tx.out_of_office(ann_.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, away);
  OutOfOffice back{ann_.id, false, false, std::nullopt, std::nullopt, 600};
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.set_out_of_office(back); })));
  got = in_read(org_, [&](Reader& tx) { return tx.out_of_office(ann_.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, back);
  auto batch = in_read(org_, [&](Reader& tx) { return tx.out_of_office_of({bob_.id, ann_.id}); });
  ASSERT_TRUE(ok(batch));
  EXPECT_EQ(*batch, std::vector<OutOfOffice>{back});
  auto elsewhere = in_read(other_, [&](Reader& tx) { return tx.out_of_office(ann_.id); });
  ASSERT_TRUE(ok(elsewhere));
  EXPECT_FALSE(elsewhere->has_value());
  // Only users of the organization have one.
  EXPECT_TRUE(
      failed(in_write(other_, [&](ReadWriteTransaction& tx) { return tx.set_out_of_office(away); }), Errc::conflict));
}

TEST_P(UserContactTest, GeolocationsAreKeptPerClientWithOnePrimary) {
  EXPECT_TRUE(failed(in_read(org_, [&](Reader& tx) { return tx.geolocation(ann_.id, "web-1"); }), Errc::not_found));
  auto web = geo(ann_.id, "web-1", true);
  auto phone = geo(ann_.id, "ios-1", false);
  phone.latitude.reset();
  phone.longitude.reset();
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.set_geolocation(web));
    return tx.set_geolocation(phone);
  })));
  auto got = in_read(org_, [&](Reader& tx) { return tx.geolocation(ann_.id, "ios-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, phone);
  auto primaries = in_read(org_, [&](Reader& tx) { return tx.primary_geolocations({ann_.id, bob_.id}); });
  ASSERT_TRUE(ok(primaries));
  EXPECT_EQ(*primaries, std::vector<Geolocation>{web});

  // Primacy moves.
  phone.primary = true;
  phone.country = "Germany";
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.set_geolocation(phone); })));
  primaries = in_read(org_, [&](Reader& tx) { return tx.primary_geolocations({ann_.id}); });
  ASSERT_TRUE(ok(primaries));
  EXPECT_EQ(*primaries, std::vector<Geolocation>{phone});
  got = in_read(org_, [&](Reader& tx) { return tx.geolocation(ann_.id, "web-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_FALSE(got->primary);
  EXPECT_TRUE(failed(in_read(other_, [&](Reader& tx) { return tx.geolocation(ann_.id, "web-1"); }), Errc::not_found));
}

TEST_P(UserContactTest, CallForwardingKeepsRoutesInOrderAndLosesADeletedStation) {
  auto none = in_read(org_, [&](Reader& tx) { return tx.call_forwarding(ann_.id); });
  ASSERT_TRUE(ok(none));
  EXPECT_FALSE(none->has_value());
  Phone desk;
  desk.id = "p-1";
  desk.name = "Desk";
  desk.station_id = "s-1";
  desk.created = 1;
  CallForwarding c{ann_.id,
                   true,
                   {{{"STATION", "s-1"}, {"PHONENUMBER", "+4712345678"}}, {{"PHONENUMBER", "+4787654321"}}},
                   "LASTCALL",
                   700};
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_phone(desk));
    return tx.set_call_forwarding(c);
  })));
  auto got = in_read(org_, [&](Reader& tx) { return tx.call_forwarding(ann_.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(**got, c);
  EXPECT_FALSE(ok(in_read(other_, [&](Reader& tx) { return tx.call_forwarding(ann_.id); })) &&
               in_read(other_, [&](Reader& tx) { return tx.call_forwarding(ann_.id); })->has_value());

  // A deleted phone's station leaves the routes.
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.delete_phone("p-1"); })));
  got = in_read(org_, [&](Reader& tx) { return tx.call_forwarding(ann_.id); });
  ASSERT_TRUE(ok(got));
  c.calls[0].erase(c.calls[0].begin());
  EXPECT_EQ(**got, c);

  // Replaced whole.
  CallForwarding off{ann_.id, false, {}, "NONE", 800};
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.set_call_forwarding(off); })));
  got = in_read(org_, [&](Reader& tx) { return tx.call_forwarding(ann_.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(**got, off);
}

INSTANTIATE_TEST_SUITE_P(Drivers, UserContactTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
