#include "kernel_frames.hpp"
#include "util.hpp"

#include <gtest/gtest.h>
#include <ipv6/address.hpp>
#include <ipv6/slaac.hpp>

namespace {

using namespace ipv6_test;
using namespace std::chrono_literals;
using ipv6::AddressState;
using ipv6::Prefix;
using ipv6::Slaac;
using mirage::MacAddress;

const async::TimePoint t0{};
const MacAddress kernel_mac{{0x02, 0x88, 0x7b, 0x1c, 0x9c, 0x3f}};
const MacAddress peer_mac{{0x4a, 0x9b, 0x99, 0x9f, 0x7e, 0x4f}};
const Ipv6Address kernel_link_local = ip("fe80::88:7bff:fe1c:9c3f");

ipv6::ndp::PrefixInformation prefix_info(std::string_view prefix, std::uint32_t valid,
                                         std::uint32_t preferred, bool autonomous = true) {
  return {*Prefix::parse(prefix), true, autonomous, valid, preferred};
}

const ipv6::InterfaceAddress* find(const Slaac& s, Ipv6Address a) {
  for (const auto& x : s.addresses())
    if (x.address == a) return &x;
  return nullptr;
}

TEST(Ipv6Address, LinkLocalAddressesAreTheKernels) {
  EXPECT_EQ(ipv6::link_local(kernel_mac), kernel_link_local);
  EXPECT_EQ(ipv6::link_local(peer_mac), ip("fe80::489b:99ff:fe9f:7e4f"));
  EXPECT_EQ(ipv6::interface_id(peer_mac),
            (std::array<std::uint8_t, 8>{0x48, 0x9b, 0x99, 0xff, 0xfe, 0x9f, 0x7e, 0x4f}));
}

TEST(Ipv6Address, SolicitedNodeGroupsAndTheirMacsAreTheKernels) {
  // The kernel's solicitation for fd00:77::2 went to ff02::1:ff00:2 at 33:33:ff:00:00:02.
  auto frame = ethernet::parse(kernel::frame(kernel::neighbour_solicitation));
  ASSERT_TRUE(frame);
  auto p = ipv6::parse(frame->payload);
  ASSERT_TRUE(p);
  EXPECT_EQ(ipv6::solicited_node(ip("fd00:77::2")), p->header.destination);
  EXPECT_EQ(ipv6::multicast_mac(p->header.destination), frame->header.destination);
  EXPECT_TRUE(ipv6::is_solicited_node(p->header.destination));
  EXPECT_FALSE(ipv6::is_solicited_node(ipv6::all_nodes));
  EXPECT_EQ(ipv6::multicast_mac(ipv6::all_routers), (MacAddress{{0x33, 0x33, 0, 0, 0, 2}}));
  EXPECT_EQ(ipv6::multicast_scope(ipv6::all_nodes), 2);
}

TEST(Ipv6Prefix, ParsesAndContains) {
  auto p = Prefix::parse("2001:db8:0:8::/61");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->length, 61);
  EXPECT_TRUE(p->contains(ip("2001:db8:0:f::1")));
  EXPECT_FALSE(p->contains(ip("2001:db8:0:10::1")));
  EXPECT_EQ(p->to_string(), "2001:db8:0:8::/61");
  EXPECT_FALSE(Prefix::parse("2001:db8::1/64"));  // host bits
  EXPECT_FALSE(Prefix::parse("2001:db8::/129"));
  EXPECT_FALSE(Prefix::parse("2001:db8::"));
  EXPECT_FALSE(Prefix::parse("2001:db8::/"));
  EXPECT_TRUE(Prefix::parse("::/0")->contains(ip("fe80::1")));
  EXPECT_EQ(Prefix::of(ip("2001:db8::ffff"), 120).network, ip("2001:db8::ff00"));
}

TEST(Slaac, StartsWithATentativeLinkLocalAddressAndDetectsDuplicates) {
  Slaac s(kernel_mac);
  s.start(t0);
  EXPECT_TRUE(s.tentative(kernel_link_local));
  EXPECT_FALSE(s.assigned(kernel_link_local));
  EXPECT_EQ(s.source_for(ip("fe80::1")), std::nullopt);
  std::vector<Ipv6Address> dad;
  s.tick(t0, dad);
  EXPECT_EQ(dad, std::vector<Ipv6Address>{kernel_link_local});
  EXPECT_EQ(s.next_deadline(), t0 + 1s);
  s.tick(t0 + 999ms, dad);
  EXPECT_TRUE(s.tentative(kernel_link_local));
  s.tick(t0 + 1s, dad);
  EXPECT_EQ(dad.size(), 1u);
  EXPECT_TRUE(s.assigned(kernel_link_local));
  EXPECT_EQ(s.source_for(ip("fe80::1")), kernel_link_local);
}

TEST(Slaac, SendsAsManyDadSolicitationsAsConfigured) {
  Slaac s(kernel_mac, {.dad_transmits = 3});
  s.start(t0);
  std::vector<Ipv6Address> dad;
  for (auto t : {0s, 1s, 2s}) s.tick(t0 + t, dad);
  EXPECT_EQ(dad.size(), 3u);
  EXPECT_TRUE(s.tentative(kernel_link_local));
  s.tick(t0 + 3s, dad);
  EXPECT_TRUE(s.assigned(kernel_link_local));
}

TEST(Slaac, SkipsDadWhenConfiguredTo) {
  Slaac s(kernel_mac, {.dad_transmits = 0});
  s.start(t0);
  EXPECT_TRUE(s.assigned(kernel_link_local));
}

TEST(Slaac, ADuplicateRemovesOnlyATentativeAddress) {
  Slaac s(kernel_mac);
  s.start(t0);
  s.add(ip("2001:db8::5"), 64, t0);
  std::vector<Ipv6Address> dad;
  s.tick(t0, dad);
  EXPECT_TRUE(s.duplicate(kernel_link_local));
  EXPECT_EQ(find(s, kernel_link_local), nullptr);
  s.tick(t0 + 1s, dad);
  EXPECT_FALSE(s.duplicate(ip("2001:db8::5")));  // assigned: a conflict, not DAD's business
  EXPECT_TRUE(s.assigned(ip("2001:db8::5")));
}

TEST(Slaac, FormsAnAddressFromAnAutonomousPrefixAndFollowsItsLifetimes) {
  Slaac s(kernel_mac);
  s.on_prefix(prefix_info("2001:db8:1::/64", 7200, 3600), t0);
  const Ipv6Address a = ip("2001:db8:1:0:88:7bff:fe1c:9c3f");
  ASSERT_NE(find(s, a), nullptr);
  EXPECT_TRUE(find(s, a)->autoconfigured);
  std::vector<Ipv6Address> dad;
  s.tick(t0, dad);
  EXPECT_EQ(dad, std::vector<Ipv6Address>{a});
  s.tick(t0 + 1s, dad);
  EXPECT_EQ(find(s, a)->state, AddressState::Preferred);
  s.tick(t0 + 3600s, dad);
  EXPECT_EQ(find(s, a)->state, AddressState::Deprecated);
  EXPECT_TRUE(s.assigned(a));  // still ours for existing communication
  s.tick(t0 + 7200s, dad);
  EXPECT_EQ(find(s, a), nullptr);
}

TEST(Slaac, IgnoresPrefixesItMayNotUse) {
  Slaac s(kernel_mac);
  s.on_prefix(prefix_info("2001:db8:1::/64", 7200, 3600, false), t0);  // not autonomous
  s.on_prefix(prefix_info("fe80::/64", 7200, 3600), t0);               // link-local
  s.on_prefix(prefix_info("2001:db8:2::/64", 3600, 7200), t0);         // preferred > valid
  s.on_prefix(prefix_info("2001:db8:3::/48", 7200, 3600), t0);         // not 64 bits
  s.on_prefix(prefix_info("2001:db8:4::/64", 0, 0), t0);               // valid 0
  EXPECT_TRUE(s.addresses().empty());
}

TEST(Slaac, AppliesTheTwoHourRule) {
  Slaac s(kernel_mac, {.dad_transmits = 0});
  const Ipv6Address a = ip("2001:db8:1:0:88:7bff:fe1c:9c3f");
  s.on_prefix(prefix_info("2001:db8:1::/64", 36000, 3600), t0);
  EXPECT_EQ(find(s, a)->valid_until, t0 + 10h);
  s.on_prefix(prefix_info("2001:db8:1::/64", 60, 30), t0 + 1h);  // 9 h left: cut to 2 h
  EXPECT_EQ(find(s, a)->valid_until, t0 + 3h);
  s.on_prefix(prefix_info("2001:db8:1::/64", 60, 30), t0 + 2h);  // 1 h left: kept
  EXPECT_EQ(find(s, a)->valid_until, t0 + 3h);
  s.on_prefix(prefix_info("2001:db8:1::/64", 4 * 3600, 30), t0 + 2h);  // longer: taken
  EXPECT_EQ(find(s, a)->valid_until, t0 + 6h);
  s.on_prefix(prefix_info("2001:db8:1::/64", 2 * 3600, 30), t0 + 5h);  // above the remaining hour
  EXPECT_EQ(find(s, a)->valid_until, t0 + 7h);
}

TEST(Slaac, APreferredLifetimeOfZeroDeprecatesAndALaterOneRestores) {
  Slaac s(kernel_mac, {.dad_transmits = 0});
  const Ipv6Address a = ip("2001:db8:1:0:88:7bff:fe1c:9c3f");
  s.on_prefix(prefix_info("2001:db8:1::/64", 7200, 3600), t0);
  s.on_prefix(prefix_info("2001:db8:1::/64", 7200, 0), t0 + 1s);
  std::vector<Ipv6Address> dad;
  s.tick(t0 + 1s, dad);
  EXPECT_EQ(find(s, a)->state, AddressState::Deprecated);
  s.on_prefix(prefix_info("2001:db8:1::/64", 7200, 3600), t0 + 2s);
  EXPECT_EQ(find(s, a)->state, AddressState::Preferred);
}

TEST(Slaac, ChoosesSourcesByScopeStateAndPrefix) {
  Slaac s(kernel_mac, {.dad_transmits = 0});
  s.start(t0);
  s.add(ip("2001:db8:1::5"), 64, t0);
  s.add(ip("2001:db8:2::5"), 64, t0);
  EXPECT_EQ(s.source_for(ip("fe80::1")), kernel_link_local);
  EXPECT_EQ(s.source_for(ipv6::all_nodes), kernel_link_local);
  EXPECT_EQ(s.source_for(ip("2001:db8:2::9")), ip("2001:db8:2::5"));
  EXPECT_EQ(s.source_for(ip("2001:db8:1::9")), ip("2001:db8:1::5"));
  EXPECT_EQ(s.source_for(ip("2001:db8:1::5")), ip("2001:db8:1::5"));
  EXPECT_NE(s.source_for(ip("ff0e::1")), kernel_link_local);
  // A deprecated address loses to a preferred one.
  s.on_prefix(prefix_info("2001:db8:3::/64", 7200, 0), t0);
  EXPECT_EQ(s.source_for(ip("2001:db8:3::9")), ip("2001:db8:3:0:88:7bff:fe1c:9c3f"));
  std::vector<Ipv6Address> dad;
  s.tick(t0, dad);
  EXPECT_NE(s.source_for(ip("2001:db8:3::9")), ip("2001:db8:3:0:88:7bff:fe1c:9c3f"));
}

TEST(Slaac, BoundsTheAutoconfiguredAddresses) {
  Slaac s(kernel_mac, {.max_addresses = 2});
  s.on_prefix(prefix_info("2001:db8:1::/64", 7200, 3600), t0);
  s.on_prefix(prefix_info("2001:db8:2::/64", 7200, 3600), t0);
  s.on_prefix(prefix_info("2001:db8:3::/64", 7200, 3600), t0);
  EXPECT_EQ(s.addresses().size(), 2u);
}

}  // namespace
