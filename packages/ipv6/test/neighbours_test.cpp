#include "util.hpp"

#include <gtest/gtest.h>
#include <ipv6/neighbours.hpp>

namespace {

using namespace ipv6_test;
using namespace std::chrono_literals;
using ipv6::NeighbourCache;
using ipv6::NeighbourState;
using ipv6::Solicitation;
using mirage::MacAddress;

const async::TimePoint t0{};
const Ipv6Address peer = ip("fe80::2");
const MacAddress mac_1{{2, 0, 0, 0, 0, 1}};
const MacAddress mac_2{{2, 0, 0, 0, 0, 2}};

ipv6::ndp::NeighbourAdvertisement advert(Ipv6Address target, std::optional<MacAddress> mac,
                                         bool solicited, bool override, bool router = false) {
  ipv6::ndp::NeighbourAdvertisement na{router, solicited, override, target, {}};
  na.options.target_link_address = mac;
  return na;
}

NeighbourState state(const NeighbourCache& c, Ipv6Address a = peer) {
  const auto* e = c.find(a);
  EXPECT_NE(e, nullptr);
  return e ? e->state : NeighbourState::Incomplete;
}

// Whether `peer`'s entry is in state `s` with address `mac`.
void expect_entry(const NeighbourCache& c, NeighbourState s, MacAddress mac) {
  const auto* e = c.find(peer);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->state, s);
  EXPECT_EQ(e->mac, mac);
}

cstruct::Buffer packet(std::string_view s) {
  return cstruct::Buffer::of_string(s);
}

// A cache resolving `peer` since t0 (its first solicitation sent).
NeighbourCache incomplete(ipv6::NeighbourConfig config = {}) {
  NeighbourCache c(config);
  std::vector<Solicitation> out;
  c.resolve(peer, t0, out);
  EXPECT_EQ(out.size(), 1u);
  return c;
}

// A cache with `peer` REACHABLE at mac_1 since t0.
NeighbourCache reachable() {
  NeighbourCache c = incomplete();
  c.advertised(advert(peer, mac_1, true, true), t0);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
  return c;
}

TEST(NeighbourCache, ResolvingAnUnknownAddressSolicitsItByMulticast) {
  NeighbourCache c;
  std::vector<Solicitation> out;
  EXPECT_EQ(c.resolve(peer, t0, out), std::nullopt);
  EXPECT_EQ(out, (std::vector<Solicitation>{{peer, std::nullopt}}));
  EXPECT_EQ(state(c), NeighbourState::Incomplete);
  out.clear();
  EXPECT_EQ(c.resolve(peer, t0 + 100ms, out), std::nullopt);
  EXPECT_TRUE(out.empty());  // one resolution at a time
  EXPECT_EQ(c.next_deadline(), t0 + 1s);
}

TEST(NeighbourCache, IncompleteRetransmitsThenGivesUp) {
  NeighbourCache c = incomplete();
  std::vector<Solicitation> out;
  EXPECT_TRUE(c.hold(peer, packet("a")));
  EXPECT_TRUE(c.tick(t0 + 999ms, out).empty());
  EXPECT_TRUE(out.empty());  // the first went at t0
  EXPECT_TRUE(c.tick(t0 + 1s, out).empty());
  EXPECT_TRUE(c.tick(t0 + 2s, out).empty());
  EXPECT_EQ(out.size(), 2u);  // MAX_MULTICAST_SOLICIT in all
  EXPECT_EQ(out.back(), (Solicitation{peer, std::nullopt}));
  EXPECT_EQ(c.tick(t0 + 3s, out), std::vector<Ipv6Address>{peer});
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(c.find(peer), nullptr);
}

TEST(NeighbourCache, IncompleteBecomesReachableOnASolicitedAdvertisementAndReleasesWhatItHeld) {
  NeighbourCache c = incomplete();
  std::vector<Solicitation> out;
  c.hold(peer, packet("a"));
  c.hold(peer, packet("b"));
  auto released = c.advertised(advert(peer, mac_1, true, true), t0 + 10ms);
  ASSERT_TRUE(released);
  EXPECT_EQ(released->mac, mac_1);
  ASSERT_EQ(released->packets.size(), 2u);
  EXPECT_EQ(released->packets[0].to_string(), "a");
  EXPECT_EQ(released->packets[1].to_string(), "b");
  EXPECT_EQ(state(c), NeighbourState::Reachable);
  EXPECT_EQ(c.resolve(peer, t0 + 20ms, out), mac_1);
}

TEST(NeighbourCache, IncompleteBecomesStaleOnAnUnsolicitedAdvertisement) {
  NeighbourCache c = incomplete();
  std::vector<Solicitation> out;
  EXPECT_FALSE(c.advertised(advert(peer, mac_1, false, true), t0));  // nothing held
  expect_entry(c, NeighbourState::Stale, mac_1);
}

TEST(NeighbourCache, IncompleteIgnoresAnAdvertisementWithoutAnAddress) {
  NeighbourCache c = incomplete();
  std::vector<Solicitation> out;
  c.advertised(advert(peer, std::nullopt, true, true), t0);
  EXPECT_EQ(state(c), NeighbourState::Incomplete);
}

TEST(NeighbourCache, HoldsTheNewestPacketsUpToTheBound) {
  NeighbourCache c({.max_pending = 2});
  std::vector<Solicitation> out;
  EXPECT_FALSE(c.hold(peer, packet("x")));  // no entry
  c.resolve(peer, t0, out);
  for (auto s : {"a", "b", "c"}) EXPECT_TRUE(c.hold(peer, packet(s)));
  ASSERT_EQ(c.find(peer)->pending.size(), 2u);
  EXPECT_EQ(c.find(peer)->pending[0].to_string(), "b");
  EXPECT_EQ(c.find(peer)->pending[1].to_string(), "c");
  NeighbourCache r = reachable();
  EXPECT_FALSE(r.hold(peer, packet("x")));  // resolved: send it instead
}

TEST(NeighbourCache, ReachableTurnsStaleAfterTheReachableTime) {
  NeighbourCache c = reachable();
  std::vector<Solicitation> out;
  c.tick(t0 + 29s, out);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
  c.tick(t0 + 30s, out);
  EXPECT_EQ(state(c), NeighbourState::Stale);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(c.next_deadline(), std::nullopt);  // STALE has no timer
}

TEST(NeighbourCache, StaleStartsDelayWhenUsedThenProbesByUnicast) {
  NeighbourCache c = reachable();
  std::vector<Solicitation> out;
  c.tick(t0 + 30s, out);
  EXPECT_EQ(c.resolve(peer, t0 + 40s, out), mac_1);  // still usable
  EXPECT_EQ(state(c), NeighbourState::Delay);
  c.tick(t0 + 44s, out);
  EXPECT_EQ(state(c), NeighbourState::Delay);
  c.tick(t0 + 45s, out);
  EXPECT_EQ(state(c), NeighbourState::Probe);
  EXPECT_EQ(out, (std::vector<Solicitation>{{peer, mac_1}}));
}

TEST(NeighbourCache, DelayReturnsToReachableOnConfirmation) {
  NeighbourCache c = reachable();
  std::vector<Solicitation> out;
  c.tick(t0 + 30s, out);
  c.resolve(peer, t0 + 31s, out);
  c.confirm(peer, t0 + 32s);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
  c.tick(t0 + 40s, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(state(c), NeighbourState::Reachable);
}

// A cache probing `peer` since t0 + 35 s (stale at 30 s, used then, its first probe sent).
NeighbourCache probing() {
  NeighbourCache c = reachable();
  std::vector<Solicitation> out;
  c.tick(t0 + 30s, out);
  c.resolve(peer, t0 + 30s, out);
  c.tick(t0 + 35s, out);
  EXPECT_EQ(out, (std::vector<Solicitation>{{peer, mac_1}}));
  return c;
}

TEST(NeighbourCache, ProbeRetransmitsThenRemovesTheEntry) {
  NeighbourCache c = probing();
  std::vector<Solicitation> out;
  c.tick(t0 + 36s, out);
  c.tick(t0 + 37s, out);
  EXPECT_EQ(out.size(), 2u);  // MAX_UNICAST_SOLICIT in all
  EXPECT_EQ(state(c), NeighbourState::Probe);
  EXPECT_EQ(c.tick(t0 + 38s, out), std::vector<Ipv6Address>{peer});
  EXPECT_EQ(c.find(peer), nullptr);
}

TEST(NeighbourCache, ProbeBecomesReachableOnASolicitedAdvertisement) {
  NeighbourCache c = probing();
  c.advertised(advert(peer, mac_1, true, false), t0 + 35s);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
}

TEST(NeighbourCache, ASolicitationsSourceCreatesAStaleEntry) {
  NeighbourCache c;
  EXPECT_FALSE(c.learn(peer, mac_1, t0));
  expect_entry(c, NeighbourState::Stale, mac_1);
  EXPECT_FALSE(c.find(peer)->router);
}

TEST(NeighbourCache, LearningTheSameAddressChangesNothingAndANewOneGoesStale) {
  NeighbourCache c = reachable();
  c.learn(peer, mac_1, t0 + 1s);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
  c.learn(peer, mac_2, t0 + 2s);
  expect_entry(c, NeighbourState::Stale, mac_2);
}

TEST(NeighbourCache, LearningCompletesAResolutionAndReleasesWhatItHeld) {
  NeighbourCache c = incomplete();
  std::vector<Solicitation> out;
  c.hold(peer, packet("a"));
  auto released = c.learn(peer, mac_2, t0, true);
  ASSERT_TRUE(released);
  EXPECT_EQ(released->mac, mac_2);
  EXPECT_EQ(released->packets.size(), 1u);
  EXPECT_EQ(state(c), NeighbourState::Stale);
  EXPECT_TRUE(c.find(peer)->router);
}

TEST(NeighbourCache, AnAdvertisementWithoutOverrideKeepsTheAddressButStopsTrustingIt) {
  NeighbourCache c = reachable();
  c.advertised(advert(peer, mac_2, true, false), t0 + 1s);
  expect_entry(c, NeighbourState::Stale, mac_1);
  c.advertised(advert(peer, mac_2, false, false), t0 + 2s);  // STALE: ignored
  expect_entry(c, NeighbourState::Stale, mac_1);
}

TEST(NeighbourCache, AnAdvertisementWithOverrideReplacesTheAddress) {
  NeighbourCache c = reachable();
  c.advertised(advert(peer, mac_2, false, true), t0 + 1s);
  expect_entry(c, NeighbourState::Stale, mac_2);
  c.advertised(advert(peer, mac_1, true, true), t0 + 2s);
  expect_entry(c, NeighbourState::Reachable, mac_1);
}

TEST(NeighbourCache, AnUnsolicitedAdvertisementOfTheSameAddressKeepsTheState) {
  NeighbourCache c = reachable();
  c.advertised(advert(peer, mac_1, false, true), t0 + 1s);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
  c.advertised(advert(peer, std::nullopt, false, false), t0 + 1s);
  EXPECT_EQ(state(c), NeighbourState::Reachable);
}

TEST(NeighbourCache, TheRouterFlagFollowsAdvertisements) {
  NeighbourCache c = reachable();
  c.advertised(advert(peer, mac_1, false, true, true), t0);
  EXPECT_TRUE(c.find(peer)->router);
  c.advertised(advert(peer, mac_1, false, true, false), t0);
  EXPECT_FALSE(c.find(peer)->router);
}

TEST(NeighbourCache, IgnoresAdvertisementsForUnknownNeighbours) {
  NeighbourCache c;
  c.advertised(advert(peer, mac_1, false, true), t0);
  EXPECT_EQ(c.size(), 0u);
}

TEST(NeighbourCache, EvictsStaleEntriesFirstWhenFull) {
  NeighbourCache c({.max_entries = 2});
  std::vector<Solicitation> out;
  c.learn(ip("fe80::a"), mac_1, t0);  // STALE
  c.resolve(ip("fe80::b"), t0, out);  // INCOMPLETE
  c.resolve(ip("fe80::c"), t0 + 1ms, out);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.find(ip("fe80::a")), nullptr);
  EXPECT_NE(c.find(ip("fe80::b")), nullptr);
  c.resolve(ip("fe80::d"), t0 + 2ms, out);  // both INCOMPLETE: the older goes
  EXPECT_EQ(c.find(ip("fe80::b")), nullptr);
  EXPECT_NE(c.find(ip("fe80::d")), nullptr);
}

TEST(NeighbourCache, UsesTheTimersARouterAdvertises) {
  NeighbourCache c = reachable();
  c.set_reachable_time(10s);
  c.confirm(peer, t0);
  std::vector<Solicitation> out;
  c.tick(t0 + 10s, out);
  EXPECT_EQ(state(c), NeighbourState::Stale);
}

TEST(NeighbourCache, NamesEveryState) {
  EXPECT_EQ(ipv6::to_string(NeighbourState::Incomplete), "INCOMPLETE");
  EXPECT_EQ(ipv6::to_string(NeighbourState::Probe), "PROBE");
}

}  // namespace
