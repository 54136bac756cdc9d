#include <gtest/gtest.h>
#include <async/loop.hpp>
#include <async/when.hpp>
#include <ethernet/ethernet.hpp>
#include <ethernet/testing/fake_net.hpp>
#include <ethernet/testing/hex.hpp>
#include <mirage/testing/run.hpp>

#include <string>
#include <vector>

namespace {

using ethernet::EtherType;
using ethernet::MacAddress;
using ethernet::Received;
using ethernet::testing::FakeNet;
using ethernet::testing::hex;
using Eth = ethernet::Ethernet<FakeNet>;

const MacAddress our_mac{{0x02, 0, 0, 0, 0, 0x02}};
const MacAddress other_mac{{0x02, 0, 0, 0, 0, 0x09}};
const MacAddress group_mac{{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}};

static_assert(mirage::Ethernet<Eth>);

// A frame to `dst` of type `type` carrying "payload".
cstruct::Buffer frame_to(MacAddress dst, EtherType type, std::string_view payload = "payload") {
  auto f = cstruct::Buffer::create(ethernet::header_size + payload.size());
  ethernet::write_header(f.span(), dst, other_mac, type);
  f.blit(cstruct::Buffer::of_string(payload), ethernet::header_size);
  return f;
}

// Records what reaches an upper layer.
struct Recorder {
  std::vector<Received> got;
  Eth::Handler handler() {
    return [this](const Received& r) { return record(r); };
  }
  async::Task<void> record(Received r) {
    got.push_back(std::move(r));
    co_return;
  }
};

TEST(Ethernet, DeliversFramesForUsToTheHandlerOfTheirType) {
  FakeNet net(our_mac);
  Eth eth(net);
  Recorder ip, arp;
  eth.set_handler(EtherType::Ipv4, ip.handler());
  eth.set_handler(EtherType::Arp, arp.handler());
  mirage::testing::run(eth.input(frame_to(our_mac, EtherType::Ipv4)));
  mirage::testing::run(eth.input(frame_to(MacAddress::broadcast(), EtherType::Arp)));
  ASSERT_EQ(ip.got.size(), 1u);
  ASSERT_EQ(arp.got.size(), 1u);
  EXPECT_EQ(ip.got[0].payload.to_string(), "payload");
  EXPECT_EQ(ip.got[0].header.source, other_mac);
  EXPECT_EQ(eth.stats().rx_frames, 2u);
}

TEST(Ethernet, DropsFramesForOtherHosts) {
  FakeNet net(our_mac);
  Eth eth(net);
  Recorder ip;
  eth.set_handler(EtherType::Ipv4, ip.handler());
  mirage::testing::run(eth.input(frame_to(other_mac, EtherType::Ipv4)));
  EXPECT_TRUE(ip.got.empty());
  EXPECT_EQ(eth.stats().rx_not_for_us, 1u);
}

TEST(Ethernet, AcceptsAnyDestinationWhenPromiscuous) {
  FakeNet net(our_mac);
  Eth eth(net, {.promiscuous = true});
  EXPECT_TRUE(eth.accept(frame_to(other_mac, EtherType::Ipv4)));
}

TEST(Ethernet, AcceptsMulticastOnlyForJoinedGroups) {
  FakeNet net(our_mac);
  Eth eth(net);
  EXPECT_FALSE(eth.accept(frame_to(group_mac, EtherType::Ipv4)));
  eth.join(group_mac);
  EXPECT_TRUE(eth.accept(frame_to(group_mac, EtherType::Ipv4)));
  eth.join(group_mac);
  eth.leave(group_mac);
  EXPECT_TRUE(eth.accept(frame_to(group_mac, EtherType::Ipv4)));
  eth.leave(group_mac);
  EXPECT_FALSE(eth.accept(frame_to(group_mac, EtherType::Ipv4)));
}

TEST(Ethernet, DropsVlanTaggedFramesByDefault) {
  FakeNet net(our_mac);
  Eth eth(net);
  auto tagged =
      hex("020000000002"
          "020000000009"
          "8100"
          "0064"
          "0800"
          "45");
  EXPECT_FALSE(eth.accept(tagged));
  EXPECT_EQ(eth.stats().rx_vlan_dropped, 1u);
}

TEST(Ethernet, PassesVlanTagsUpOnRequest) {
  FakeNet net(our_mac);
  Eth eth(net, {.vlan = ethernet::VlanPolicy::PassUp});
  auto r =
      eth.accept(hex("020000000002"
                     "020000000009"
                     "8100"
                     "0064"
                     "0800"
                     "45"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header.vlan, 0x64);
  EXPECT_EQ(r->header.type, EtherType::Ipv4);
}

TEST(Ethernet, CountsMalformedFramesAndFramesWithoutHandler) {
  FakeNet net(our_mac);
  Eth eth(net);
  mirage::testing::run(eth.input(hex("0200000000")));
  mirage::testing::run(eth.input(frame_to(our_mac, EtherType::Ipv6)));
  EXPECT_EQ(eth.stats().rx_malformed, 1u);
  EXPECT_EQ(eth.stats().rx_no_handler, 1u);
}

TEST(Ethernet, WritesHeaderAndPadsToTheMinimumFrame) {
  FakeNet net(our_mac);
  Eth eth(net);
  auto r =
      mirage::testing::run(eth.write(other_mac, EtherType::Arp, cstruct::Buffer::of_string("abc")));
  ASSERT_TRUE(r);
  ASSERT_EQ(net.sent.size(), 1u);
  const auto& f = net.sent[0];
  EXPECT_EQ(f.size(), ethernet::min_frame_size);
  auto parsed = ethernet::parse(f);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.destination, other_mac);
  EXPECT_EQ(parsed->header.source, our_mac);
  EXPECT_EQ(parsed->header.type, EtherType::Arp);
  EXPECT_EQ(parsed->payload.sub(0, 3).to_string(), "abc");
  EXPECT_EQ(parsed->payload.get_u8(3), 0);
  EXPECT_EQ(eth.stats().tx_frames, 1u);
}

TEST(Ethernet, RefusesPayloadLargerThanTheMtu) {
  FakeNet net(our_mac, 100);
  Eth eth(net);
  auto r =
      mirage::testing::run(eth.write(other_mac, EtherType::Ipv4, cstruct::Buffer::create(101)));
  EXPECT_EQ(r.error(), mirage::NetError::TooBig);
  EXPECT_TRUE(net.sent.empty());
  EXPECT_TRUE(
      mirage::testing::run(eth.write(other_mac, EtherType::Ipv4, cstruct::Buffer::create(100))));
}

TEST(Ethernet, ListenHandlesFramesInOrderUntilTheDeviceDisconnects) {
  FakeNet net(our_mac);
  Eth eth(net);
  std::string seen;
  eth.set_handler(EtherType::Ipv4, [&seen](const Received& r) -> async::Task<void> {
    seen += r.payload.to_string();
    co_return;
  });
  net.inject(frame_to(our_mac, EtherType::Ipv4, "a"));
  net.inject(frame_to(other_mac, EtherType::Ipv4, "x"));
  net.inject(frame_to(our_mac, EtherType::Ipv4, "b"));
  auto body = [](Eth& e, FakeNet& n) -> async::Task<std::expected<void, mirage::NetError>> {
    co_await n.disconnect();
    co_return co_await e.listen();
  };
  auto r = mirage::testing::run(body(eth, net));
  EXPECT_EQ(r.error(), mirage::NetError::Disconnected);
  EXPECT_EQ(seen, "ab");
}

TEST(Ethernet, UnregistersAHandlerGivenAnEmptyOne) {
  FakeNet net(our_mac);
  Eth eth(net);
  Recorder ip;
  eth.set_handler(EtherType::Ipv4, ip.handler());
  eth.set_handler(EtherType::Ipv4, {});
  mirage::testing::run(eth.input(frame_to(our_mac, EtherType::Ipv4)));
  EXPECT_TRUE(ip.got.empty());
  EXPECT_EQ(eth.stats().rx_no_handler, 1u);
}

}  // namespace
