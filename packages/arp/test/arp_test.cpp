#include <gtest/gtest.h>
#include <arp/arp.hpp>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ethernet/ethernet.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/fake_net.hpp>
#include <ethernet/testing/hex.hpp>
#include <ethernet/testing/run.hpp>

#include <vector>

namespace {

using namespace std::chrono_literals;
using arp::Operation;
using ethernet::testing::FakeNet;
using ethernet::testing::hex;
using mirage::ArpError;
using mirage::Ipv4Address;
using mirage::MacAddress;
namespace captured = ethernet::testing::captured;
using Eth = ethernet::Ethernet<FakeNet>;

using captured::kernel_ip;
using captured::kernel_mac;
constexpr auto our_ip = captured::peer_ip;
constexpr auto our_mac = captured::peer_mac;
const auto other_ip = Ipv4Address::of_octets(10, 77, 0, 3);

static_assert(mirage::Arp<arp::Arp<Eth>>);

// Our ARP layer (10.77.0.2) on a fake device, on a loop with a virtual clock.
struct Host {
  explicit Host(arp::Config config = {}) : arp(eth, loop, config) {
    run(arp.set_ips({our_ip}));
    net.sent.clear();
  }
  template <class T>
  T run(async::Task<T> task) {
    return ethernet::testing::run(loop, std::move(task));
  }
  // The ARP packets sent, with their Ethernet destination.
  std::vector<std::pair<MacAddress, arp::Packet>> sent() {
    std::vector<std::pair<MacAddress, arp::Packet>> out;
    for (auto& f : net.sent) {
      auto frame = ethernet::parse(f);
      EXPECT_TRUE(frame && frame->header.type == mirage::EtherType::Arp);
      auto p = arp::parse(frame->payload);
      EXPECT_TRUE(p);
      out.emplace_back(frame->header.destination, *p);
    }
    return out;
  }
  async::Task<void> input(arp::Packet p) { co_await arp.input(arp::encode(p)); }
  // Answers, `after` from now, as `ip` at `mac`.
  async::Task<void> reply_later(async::Duration after, Ipv4Address ip, MacAddress mac) {
    co_await loop.sleep(after);
    co_await input({Operation::Reply, mac, ip, our_mac, our_ip});
  }

  async::ManualPlatform platform;
  async::Loop loop{platform};
  FakeNet net{our_mac};
  Eth eth{net};
  arp::Arp<Eth> arp;
};

TEST(Arp, AnswersTheKernelsRequestWithTheBytesTheKernelWouldSend) {
  Host h;
  h.run(h.arp.input(hex(captured::arp_request).shift(ethernet::header_size)));
  ASSERT_EQ(h.net.sent.size(), 1u);
  auto expected = hex(captured::arp_reply);
  EXPECT_EQ(h.net.sent[0].sub(0, expected.size()), expected);
  EXPECT_EQ(h.arp.stats().replies_sent, 1u);
}

TEST(Arp, LearnsTheSenderOfARequestForUs) {
  Host h;
  h.run(h.input({Operation::Request, kernel_mac, kernel_ip, MacAddress{}, our_ip}));
  EXPECT_EQ(h.arp.cached(kernel_ip), kernel_mac);
}

TEST(Arp, NeitherAnswersNorLearnsFromRequestsForOthers) {
  Host h;
  h.run(h.input({Operation::Request, kernel_mac, kernel_ip, MacAddress{}, other_ip}));
  EXPECT_TRUE(h.net.sent.empty());
  EXPECT_FALSE(h.arp.cached(kernel_ip));
}

TEST(Arp, AnnouncesItsAddressesWithGratuitousRequests) {
  Host h;
  h.run(h.arp.set_ips({our_ip, other_ip}));
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(sent[0].first.is_broadcast());
  EXPECT_EQ(sent[0].second,
            (arp::Packet{Operation::Request, our_mac, our_ip, MacAddress{}, our_ip}));
  EXPECT_EQ(sent[1].second.target_ip, other_ip);
  EXPECT_EQ(h.arp.ips(), (std::vector<Ipv4Address>{our_ip, other_ip}));
}

TEST(Arp, QueryIsAnsweredFromTheCache) {
  Host h;
  h.run(h.input({Operation::Request, kernel_mac, kernel_ip, MacAddress{}, our_ip}));
  h.net.sent.clear();
  EXPECT_EQ(h.run(h.arp.query(kernel_ip)), kernel_mac);
  EXPECT_TRUE(h.net.sent.empty());
}

TEST(Arp, QueryBroadcastsARequestAndReturnsTheReply) {
  Host h;
  auto [mac, _] =
      h.run(async::when_all(h.arp.query(kernel_ip), h.reply_later(10ms, kernel_ip, kernel_mac)));
  EXPECT_EQ(mac, kernel_mac);
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].first.is_broadcast());
  EXPECT_EQ(sent[0].second,
            (arp::Packet{Operation::Request, our_mac, our_ip, MacAddress{}, kernel_ip}));
  EXPECT_EQ(h.arp.cached(kernel_ip), kernel_mac);
}

TEST(Arp, QueryRetriesThenTimesOut) {
  Host h;
  auto r = h.run(h.arp.query(kernel_ip));
  EXPECT_EQ(r.error(), ArpError::Timeout);
  EXPECT_EQ(h.sent().size(), 3u);
  EXPECT_EQ(h.loop.now(), async::TimePoint(3s));
  EXPECT_EQ(h.arp.stats().timeouts, 1u);
}

TEST(Arp, ALateReplyAfterARetryStillResolves) {
  Host h;
  auto [mac, _] =
      h.run(async::when_all(h.arp.query(kernel_ip), h.reply_later(1500ms, kernel_ip, kernel_mac)));
  EXPECT_EQ(mac, kernel_mac);
  EXPECT_EQ(h.sent().size(), 2u);
  EXPECT_EQ(h.loop.now(), async::TimePoint(1500ms));
}

TEST(Arp, QueriesForOneAddressShareOneRequest) {
  Host h;
  auto [a, b, c, _] =
      h.run(async::when_all(h.arp.query(kernel_ip), h.arp.query(kernel_ip), h.arp.query(kernel_ip),
                            h.reply_later(10ms, kernel_ip, kernel_mac)));
  EXPECT_EQ(a, kernel_mac);
  EXPECT_EQ(b, kernel_mac);
  EXPECT_EQ(c, kernel_mac);
  EXPECT_EQ(h.sent().size(), 1u);
}

TEST(Arp, RefusesQueriesBeyondTheQueueBound) {
  Host h({.max_waiters = 2});
  auto [a, b, c] = h.run(
      async::when_all(h.arp.query(kernel_ip), h.arp.query(kernel_ip), h.arp.query(kernel_ip)));
  EXPECT_EQ(c.error(), ArpError::Timeout);
  EXPECT_EQ(h.arp.stats().queue_full, 1u);
  EXPECT_EQ(h.loop.now(), async::TimePoint(3s));  // a and b waited the full time
  EXPECT_FALSE(a);
  EXPECT_FALSE(b);
}

TEST(Arp, ACancelledQueryLeavesTheQueue) {
  Host h({.max_waiters = 1});
  auto r = h.run(async::with_timeout(h.loop, 100ms, h.arp.query(kernel_ip)));
  EXPECT_FALSE(r);
  auto [mac, _] =
      h.run(async::when_all(h.arp.query(kernel_ip), h.reply_later(10ms, kernel_ip, kernel_mac)));
  EXPECT_EQ(mac, kernel_mac);
  EXPECT_EQ(h.arp.stats().queue_full, 0u);
}

TEST(Arp, BindingsExpireAndAreResolvedAgain) {
  Host h({.lifetime = 10s});
  h.run(h.input({Operation::Request, kernel_mac, kernel_ip, MacAddress{}, our_ip}));
  h.platform.advance(10s);
  EXPECT_FALSE(h.arp.cached(kernel_ip));
  h.net.sent.clear();
  const MacAddress moved{{0x02, 0, 0, 0, 0, 0x77}};
  auto [mac, _] =
      h.run(async::when_all(h.arp.query(kernel_ip), h.reply_later(10ms, kernel_ip, moved)));
  EXPECT_EQ(mac, moved);
  EXPECT_EQ(h.sent().size(), 1u);
}

TEST(Arp, ATimedOutAddressIsTriedAfresh) {
  Host h;
  EXPECT_FALSE(h.run(h.arp.query(kernel_ip)));
  auto [mac, _] =
      h.run(async::when_all(h.arp.query(kernel_ip), h.reply_later(10ms, kernel_ip, kernel_mac)));
  EXPECT_EQ(mac, kernel_mac);
  EXPECT_EQ(h.sent().size(), 4u);
}

TEST(Arp, RequestStartsResolutionWithoutWaiting) {
  Host h;
  h.run(h.arp.request(kernel_ip));
  h.run(h.arp.request(kernel_ip));  // one is already on its way
  EXPECT_EQ(h.sent().size(), 1u);
  EXPECT_EQ(h.loop.now(), async::TimePoint{});
  h.run(h.input({Operation::Reply, kernel_mac, kernel_ip, our_mac, our_ip}));
  EXPECT_EQ(h.arp.cached(kernel_ip), kernel_mac);
}

TEST(Arp, RefreshesABindingItHoldsFromPacketsForOthers) {
  Host h;
  h.run(h.input({Operation::Request, kernel_mac, kernel_ip, MacAddress{}, our_ip}));
  const MacAddress moved{{0x02, 0, 0, 0, 0, 0x77}};
  h.run(h.input({Operation::Request, moved, kernel_ip, MacAddress{}, kernel_ip}));  // gratuitous
  EXPECT_EQ(h.arp.cached(kernel_ip), moved);
  h.run(h.input({Operation::Request, moved, other_ip, MacAddress{}, other_ip}));
  EXPECT_FALSE(h.arp.cached(other_ip));
}

TEST(Arp, NeverLearnsBroadcastOrUnspecifiedSenders) {
  Host h;
  h.run(h.input(
      {Operation::Request, kernel_mac, Ipv4Address::any(), MacAddress{}, our_ip}));  // a probe
  h.run(h.input({Operation::Request, MacAddress::broadcast(), kernel_ip, MacAddress{}, our_ip}));
  EXPECT_FALSE(h.arp.cached(kernel_ip));
  EXPECT_EQ(h.arp.cache().size(), 0u);
  EXPECT_EQ(h.arp.stats().replies_sent, 2u);  // a probe for our address is still answered
}

TEST(Arp, CountsAnotherHostClaimingOurAddress) {
  Host h;
  h.run(h.input({Operation::Reply, kernel_mac, our_ip, MacAddress{}, our_ip}));
  EXPECT_EQ(h.arp.stats().conflicts, 1u);
  EXPECT_FALSE(h.arp.cached(our_ip));
}

TEST(Arp, StaticBindingsAreNotOverwritten) {
  Host h;
  h.arp.add_static(kernel_ip, kernel_mac);
  const MacAddress spoofed{{0x02, 0, 0, 0, 0, 0x66}};
  h.run(h.input({Operation::Request, spoofed, kernel_ip, MacAddress{}, our_ip}));
  EXPECT_EQ(h.run(h.arp.query(kernel_ip)), kernel_mac);
}

TEST(Arp, CountsMalformedPackets) {
  Host h;
  h.run(h.arp.input(cstruct::Buffer::create(10)));
  EXPECT_EQ(h.arp.stats().malformed, 1u);
}

}  // namespace
