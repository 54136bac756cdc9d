#include <gtest/gtest.h>
#include <arp/cache.hpp>

#include <chrono>

namespace {

using namespace std::chrono_literals;
using mirage::Ipv4Address;
using mirage::MacAddress;

const auto ip1 = Ipv4Address::of_octets(10, 0, 0, 1);
const auto ip2 = Ipv4Address::of_octets(10, 0, 0, 2);
const auto ip3 = Ipv4Address::of_octets(10, 0, 0, 3);
const MacAddress mac1{{2, 0, 0, 0, 0, 1}};
const MacAddress mac2{{2, 0, 0, 0, 0, 2}};
const MacAddress mac3{{2, 0, 0, 0, 0, 3}};
const async::TimePoint t0{};

TEST(ArpCache, FindsALiveBinding) {
  arp::Cache c(8, 60s);
  c.insert(ip1, mac1, t0);
  EXPECT_EQ(c.lookup(ip1, t0 + 59s), mac1);
  EXPECT_FALSE(c.lookup(ip2, t0));
}

TEST(ArpCache, ExpiresABindingAfterItsLifetime) {
  arp::Cache c(8, 60s);
  c.insert(ip1, mac1, t0);
  EXPECT_FALSE(c.lookup(ip1, t0 + 60s));
  EXPECT_TRUE(c.contains(ip1));
}

TEST(ArpCache, RefreshingABindingRestartsItsLifetime) {
  arp::Cache c(8, 60s);
  c.insert(ip1, mac1, t0);
  c.insert(ip1, mac2, t0 + 50s);
  EXPECT_EQ(c.lookup(ip1, t0 + 100s), mac2);
}

TEST(ArpCache, EvictsExpiredBindingsFirstWhenFull) {
  arp::Cache c(2, 60s);
  c.insert(ip1, mac1, t0);
  c.insert(ip2, mac2, t0 + 30s);
  c.insert(ip3, mac3, t0 + 70s);  // ip1 has expired
  EXPECT_FALSE(c.contains(ip1));
  EXPECT_EQ(c.lookup(ip2, t0 + 70s), mac2);
  EXPECT_EQ(c.size(), 2u);
}

TEST(ArpCache, EvictsTheBindingClosestToExpiryWhenNoneHasExpired) {
  arp::Cache c(2, 60s);
  c.insert(ip2, mac2, t0 + 10s);
  c.insert(ip1, mac1, t0);
  c.insert(ip3, mac3, t0 + 20s);
  EXPECT_FALSE(c.contains(ip1));
  EXPECT_TRUE(c.contains(ip2));
  EXPECT_TRUE(c.contains(ip3));
}

TEST(ArpCache, StaticBindingsNeverExpire) {
  arp::Cache c(2, 60s);
  c.insert_static(ip1, mac1);
  c.insert(ip2, mac2, t0);
  c.insert(ip3, mac3, t0 + 1s);
  EXPECT_EQ(c.lookup(ip1, t0 + 1000h), mac1);
  EXPECT_FALSE(c.contains(ip2));
}

}  // namespace
