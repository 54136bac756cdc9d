#include <gtest/gtest.h>
#include <ipv4/routing.hpp>

namespace {

using mirage::Ipv4Address;
using mirage::Ipv4Prefix;

Ipv4Prefix prefix(std::string_view text) {
  return *Ipv4Prefix::parse(text);
}
Ipv4Address ip(std::string_view text) {
  return *Ipv4Address::parse(text);
}

TEST(RoutingTable, OnLinkDestinationsAreTheirOwnNextHop) {
  ipv4::RoutingTable t;
  t.add({prefix("10.0.0.0/24"), std::nullopt});
  EXPECT_EQ(t.next_hop(ip("10.0.0.9")), ip("10.0.0.9"));
  EXPECT_EQ(t.next_hop(ip("10.0.1.9")), std::nullopt);
}

TEST(RoutingTable, TheDefaultRouteGoesThroughTheGateway) {
  ipv4::RoutingTable t;
  t.add({prefix("0.0.0.0/0"), ip("10.0.0.1")});
  t.add({prefix("10.0.0.0/24"), std::nullopt});
  EXPECT_EQ(t.next_hop(ip("8.8.8.8")), ip("10.0.0.1"));
  EXPECT_EQ(t.next_hop(ip("10.0.0.7")), ip("10.0.0.7"));
}

TEST(RoutingTable, TheLongestPrefixWins) {
  ipv4::RoutingTable t;
  t.add({prefix("10.0.0.0/8"), ip("192.168.0.1")});
  t.add({prefix("10.1.2.0/24"), ip("192.168.0.2")});
  t.add({prefix("10.1.0.0/16"), ip("192.168.0.3")});
  EXPECT_EQ(t.next_hop(ip("10.1.2.3")), ip("192.168.0.2"));
  EXPECT_EQ(t.next_hop(ip("10.1.9.3")), ip("192.168.0.3"));
  EXPECT_EQ(t.next_hop(ip("10.9.9.9")), ip("192.168.0.1"));
}

TEST(RoutingTable, AddingAPrefixAgainReplacesItsRoute) {
  ipv4::RoutingTable t;
  t.add({prefix("0.0.0.0/0"), ip("10.0.0.1")});
  t.add({prefix("0.0.0.0/0"), ip("10.0.0.254")});
  EXPECT_EQ(t.routes().size(), 1u);
  EXPECT_EQ(t.next_hop(ip("1.1.1.1")), ip("10.0.0.254"));
}

TEST(RoutingTable, RemovesARoute) {
  ipv4::RoutingTable t;
  t.add({prefix("0.0.0.0/0"), ip("10.0.0.1")});
  EXPECT_TRUE(t.remove(prefix("0.0.0.0/0")));
  EXPECT_FALSE(t.remove(prefix("0.0.0.0/0")));
  EXPECT_EQ(t.next_hop(ip("1.1.1.1")), std::nullopt);
}

}  // namespace
