#include "util.hpp"

#include <gtest/gtest.h>
#include <ipv6/routes.hpp>

namespace {

using namespace ipv6_test;
using namespace std::chrono_literals;
using ipv6::Routes;

const async::TimePoint t0{};
const Ipv6Address router_1 = ip("fe80::1");
const Ipv6Address router_2 = ip("fe80::2");
const Ipv6Address far = ip("2001:db8:9::9");
const mirage::MacAddress mac{{2, 0, 0, 0, 0, 1}};

ipv6::ndp::PrefixInformation on_link(std::string_view prefix, std::uint32_t valid) {
  return {*ipv6::Prefix::parse(prefix), true, false, valid, 0};
}

TEST(Ipv6Routes, LinkLocalAndMulticastDestinationsAreOnLink) {
  Routes r;
  ipv6::NeighbourCache n;
  EXPECT_EQ(r.next_hop(ip("fe80::99"), t0, n), ip("fe80::99"));
  EXPECT_EQ(r.next_hop(ipv6::all_nodes, t0, n), ipv6::all_nodes);
  EXPECT_EQ(r.next_hop(far, t0, n), std::nullopt);
}

TEST(Ipv6Routes, AdvertisedPrefixesAreOnLinkUntilTheyExpire) {
  Routes r;
  ipv6::NeighbourCache n;
  r.prefix_advertised(on_link("2001:db8:9::/64", 60), t0);
  EXPECT_EQ(r.next_hop(far, t0 + 59s, n), far);
  EXPECT_FALSE(r.on_link(far, t0 + 60s));
  r.expire(t0 + 60s);
  EXPECT_TRUE(r.prefixes().empty());
  r.prefix_advertised(on_link("2001:db8:9::/64", 60), t0);
  r.prefix_advertised(on_link("2001:db8:9::/64", 0), t0);  // withdrawn
  EXPECT_TRUE(r.prefixes().empty());
  auto not_on_link = on_link("2001:db8:8::/64", 60);
  not_on_link.on_link = false;
  r.prefix_advertised(not_on_link, t0);
  EXPECT_TRUE(r.prefixes().empty());
}

TEST(Ipv6Routes, OffLinkDestinationsGoToADefaultRouter) {
  Routes r;
  ipv6::NeighbourCache n;
  r.router_advertised(router_1, 1800, t0);
  EXPECT_EQ(r.next_hop(far, t0, n), router_1);
  EXPECT_EQ(r.first_hop_router(far, t0, n), router_1);
  EXPECT_EQ(r.first_hop_router(ip("fe80::7"), t0, n), std::nullopt);
  r.router_advertised(router_1, 0, t0 + 1s);  // no longer a default router
  EXPECT_EQ(r.next_hop(far, t0 + 1s, n), std::nullopt);
}

TEST(Ipv6Routes, RoutersExpireWithTheirLifetime) {
  Routes r;
  ipv6::NeighbourCache n;
  r.router_advertised(router_1, 10, t0);
  EXPECT_EQ(r.next_hop(far, t0 + 9s, n), router_1);
  EXPECT_EQ(r.next_hop(far, t0 + 10s, n), std::nullopt);
  r.expire(t0 + 10s);
  EXPECT_TRUE(r.routers().empty());
}

TEST(Ipv6Routes, PrefersARouterNotBeingResolved) {
  Routes r;
  ipv6::NeighbourCache n;
  r.router_advertised(router_1, 1800, t0);
  r.router_advertised(router_2, 1800, t0);
  std::vector<ipv6::Solicitation> out;
  n.resolve(router_1, t0, out);  // INCOMPLETE: probably unreachable
  EXPECT_EQ(r.next_hop(far, t0, n), router_2);
  n.resolve(router_2, t0, out);
  EXPECT_EQ(r.next_hop(far, t0, n), router_1);  // none looks reachable: still one
  n.learn(router_1, mac, t0);
  EXPECT_EQ(r.next_hop(far, t0, n), router_1);
}

TEST(Ipv6Routes, BoundsTheRouterList) {
  Routes r({.max_routers = 1});
  r.router_advertised(router_1, 1800, t0);
  r.router_advertised(router_2, 1800, t0);
  EXPECT_EQ(r.routers().size(), 1u);
}

TEST(Ipv6Routes, ConfiguredRoutesDoNotExpire) {
  Routes r;
  ipv6::NeighbourCache n;
  r.add_router(router_1);
  r.add_on_link(*ipv6::Prefix::parse("2001:db8:1::/64"));
  r.router_advertised(router_1, 0, t0);
  r.prefix_advertised(on_link("2001:db8:1::/64", 0), t0);
  r.expire(t0 + 1000h);
  EXPECT_EQ(r.next_hop(far, t0 + 1000h, n), router_1);
  EXPECT_EQ(r.next_hop(ip("2001:db8:1::7"), t0 + 1000h, n), ip("2001:db8:1::7"));
}

TEST(Ipv6Routes, RedirectsOverrideTheRouterAndGoWithIt) {
  Routes r;
  ipv6::NeighbourCache n;
  r.router_advertised(router_1, 1800, t0);
  r.redirect(far, router_2);
  EXPECT_EQ(r.next_hop(far, t0, n), router_2);
  r.redirect(ip("2001:db8:9::8"), ip("2001:db8:9::8"));  // on-link after all
  EXPECT_EQ(r.next_hop(ip("2001:db8:9::8"), t0, n), ip("2001:db8:9::8"));
  r.remove_router(router_2);
  EXPECT_EQ(r.next_hop(far, t0, n), router_1);
}

TEST(Ipv6Routes, BoundsRedirectsKeepingTheNewest) {
  Routes r({.max_redirects = 2});
  ipv6::NeighbourCache n;
  for (auto d : {"2001:db8::1", "2001:db8::2", "2001:db8::3"}) r.redirect(ip(d), router_2);
  EXPECT_EQ(r.redirects().size(), 2u);
  EXPECT_EQ(r.next_hop(ip("2001:db8::1"), t0, n), std::nullopt);
  EXPECT_EQ(r.next_hop(ip("2001:db8::3"), t0, n), router_2);
}

TEST(Ipv6Routes, PathMtuOnlyFallsAndNeverBelow1280) {
  Routes r;
  EXPECT_EQ(r.path_mtu(far, 1500, t0), 1500u);
  r.path_mtu_reported(far, 1400, t0);
  EXPECT_EQ(r.path_mtu(far, 1500, t0), 1400u);
  r.path_mtu_reported(far, 1450, t0);
  EXPECT_EQ(r.path_mtu(far, 1500, t0), 1400u);
  r.path_mtu_reported(far, 600, t0);
  EXPECT_EQ(r.path_mtu(far, 1500, t0), 1280u);
  EXPECT_EQ(r.path_mtu(ip("2001:db8::1"), 1500, t0), 1500u);
}

TEST(Ipv6Routes, PathMtuExpiresAndIsBounded) {
  Routes r({.max_path_mtus = 2});
  r.path_mtu_reported(far, 1400, t0);
  EXPECT_EQ(r.path_mtu(far, 1500, t0 + 10min), 1500u);
  r.path_mtu_reported(ip("2001:db8::1"), 1400, t0);
  r.path_mtu_reported(ip("2001:db8::2"), 1400, t0);
  EXPECT_EQ(r.path_mtus().size(), 2u);
  EXPECT_EQ(r.path_mtu(far, 1500, t0), 1500u);  // the oldest went
  r.expire(t0 + 10min);
  EXPECT_TRUE(r.path_mtus().empty());
}

}  // namespace
