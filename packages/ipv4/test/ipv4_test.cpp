#include <gtest/gtest.h>
#include <arp/arp.hpp>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <ethernet/testing/run.hpp>
#include <ipv4/ipv4.hpp>
#include <ipv4/testing/host.hpp>

#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using ethernet::testing::hex;
using ipv4::testing::Host;
using mirage::IpError;
using mirage::IpProtocol;
using mirage::Ipv4Address;
using mirage::MacAddress;
namespace captured = ethernet::testing::captured;

static_assert(mirage::Ip<ipv4::testing::Ip>);
static_assert(ipv4::Layer<ipv4::testing::Ip>);

using captured::kernel_ip;
using captured::kernel_mac;
constexpr auto our_ip = captured::peer_ip;
constexpr auto our_mac = captured::peer_mac;
const auto far_ip = Ipv4Address::of_octets(192, 0, 2, 9);

// Our stack as 10.77.0.2/24 (the captured frames' receiver) on a virtual-time loop, with a
// handler that records the datagrams of each protocol.
struct Fixture {
  explicit Fixture(std::size_t mtu = 1500, std::optional<Ipv4Address> gateway = {})
      : host(loop, our_mac, "10.77.0.2/24", mtu, gateway) {
    run(host.start());
    host.net.sent.clear();
    for (auto proto : {IpProtocol::Icmp, IpProtocol::Udp})
      host.ip.set_handler(proto, [this](const ipv4::Packet& p) { return record(p); });
  }
  template <class T>
  T run(async::Task<T> task) {
    return ethernet::testing::run(loop, std::move(task));
  }
  async::Task<void> record(ipv4::Packet p) {
    got.push_back(std::move(p));
    co_return;
  }
  async::Task<void> input_frame(std::string_view frame) {
    co_await host.ip.input(hex(frame).shift(ethernet::header_size));
  }
  // A datagram from `src` to `dst` with `payload`, checksummed.
  static cstruct::Buffer datagram(Ipv4Address src, Ipv4Address dst, std::string_view payload,
                                  std::uint8_t protocol = 17) {
    auto d = cstruct::Buffer::create(20 + payload.size());
    ipv4::write_header(d.span(), {.protocol = protocol, .source = src, .destination = dst},
                       payload.size());
    d.blit(cstruct::Buffer::of_string(payload), 20);
    return d;
  }
  // Makes `ip` known to ARP as at `mac`, as a request from it would.
  void learn(Ipv4Address ip, MacAddress mac) { run(host.hear_from(ip, mac)); }
  // The IPv4 datagrams sent, with their Ethernet destinations.
  std::vector<std::pair<MacAddress, ipv4::Packet>> sent() {
    std::vector<std::pair<MacAddress, ipv4::Packet>> out;
    for (auto& f : host.net.sent) {
      auto frame = ethernet::parse(f);
      if (!frame || frame->header.type != mirage::EtherType::Ipv4) continue;
      auto p = ipv4::parse(frame->payload);
      EXPECT_TRUE(p);
      out.emplace_back(frame->header.destination, *p);
    }
    return out;
  }
  async::Task<void> arp_reply_later(Ipv4Address ip, MacAddress mac) {
    co_await loop.sleep(5ms);
    co_await host.arp.input(arp::encode({arp::Operation::Reply, mac, ip, our_mac, our_ip}));
  }

  async::ManualPlatform platform;
  async::Loop loop{platform};
  Host host;
  std::vector<ipv4::Packet> got;
};

cstruct::Buffer text(std::string_view s) {
  return cstruct::Buffer::of_string(s);
}

TEST(Ipv4, DeliversTheCapturedEchoRequestWithoutCopying) {
  Fixture f;
  auto frame = hex(captured::icmp_echo_request);
  f.run(f.host.ip.input(frame.shift(ethernet::header_size)));
  ASSERT_EQ(f.got.size(), 1u);
  EXPECT_EQ(f.got[0].header.source, kernel_ip);
  EXPECT_EQ(f.got[0].payload.data(), frame.data() + ethernet::header_size + 20);
  EXPECT_EQ(f.host.ip.stats().rx_delivered, 1u);
}

TEST(Ipv4, ReassemblesTheKernelsFragmentsBeforeDelivering) {
  Fixture f;
  f.run(f.input_frame(captured::fragment_3));
  f.run(f.input_frame(captured::fragment_1));
  EXPECT_TRUE(f.got.empty());
  f.run(f.input_frame(captured::fragment_2));
  ASSERT_EQ(f.got.size(), 1u);
  EXPECT_EQ(f.got[0].payload.size(), 3008u);
  EXPECT_EQ(f.host.ip.stats().rx_fragments, 3u);
  EXPECT_EQ(f.host.ip.stats().rx_reassembled, 1u);
}

TEST(Ipv4, ReassemblyTimesOutOnTheLoopsClock) {
  Fixture f;
  f.run(f.input_frame(captured::fragment_1));
  f.run(f.input_frame(captured::fragment_2));
  f.platform.advance(30s);
  f.run(f.input_frame(captured::fragment_3));
  EXPECT_TRUE(f.got.empty());
  EXPECT_EQ(f.host.ip.reassembler().datagrams(), 1u);  // only the last fragment is left
}

TEST(Ipv4, AcceptsBroadcastsAndAllHosts) {
  Fixture f;
  for (auto dst : {Ipv4Address::broadcast(), Ipv4Address::of_octets(10, 77, 0, 255),
                   Ipv4Address::of_octets(224, 0, 0, 1)})
    f.run(f.host.ip.input(Fixture::datagram(kernel_ip, dst, "x")));
  EXPECT_EQ(f.got.size(), 3u);
}

TEST(Ipv4, DropsDatagramsForOtherAddresses) {
  Fixture f;
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, Ipv4Address::of_octets(10, 77, 0, 3), "x")));
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, Ipv4Address::of_octets(239, 1, 1, 1), "x")));
  EXPECT_TRUE(f.got.empty());
  EXPECT_EQ(f.host.ip.stats().rx_not_for_us, 2u);
}

TEST(Ipv4, AcceptsJoinedMulticastGroups) {
  Fixture f;
  const auto group = Ipv4Address::of_octets(239, 1, 1, 1);
  f.host.ip.join(group);
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, group, "x")));
  EXPECT_EQ(f.got.size(), 1u);
  EXPECT_TRUE(f.host.eth.accepts(ethernet::ipv4_multicast_mac(group)));
}

TEST(Ipv4, DropsMartianSources) {
  Fixture f;
  for (auto src : {Ipv4Address::broadcast(), Ipv4Address::of_octets(224, 0, 0, 5),
                   Ipv4Address::localhost(), Ipv4Address::of_octets(10, 77, 0, 255), our_ip})
    f.run(f.host.ip.input(Fixture::datagram(src, our_ip, "x")));
  EXPECT_TRUE(f.got.empty());
  EXPECT_EQ(f.host.ip.stats().rx_martian, 5u);
}

TEST(Ipv4, CountsMalformedDatagrams) {
  Fixture f;
  auto d = Fixture::datagram(kernel_ip, our_ip, "x");
  d.set_u8(8, 1);  // TTL changed, checksum not
  f.run(f.host.ip.input(d));
  EXPECT_TRUE(f.got.empty());
  EXPECT_EQ(f.host.ip.stats().rx_malformed, 1u);
}

TEST(Ipv4, HandsUnknownProtocolsToTheDefaultHandler) {
  Fixture f;
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, our_ip, "x", 6)));
  EXPECT_EQ(f.host.ip.stats().rx_no_protocol, 1u);
  std::vector<std::uint8_t> protocols;
  f.host.ip.set_default_handler([&protocols](const ipv4::Packet& p) -> async::Task<void> {
    protocols.push_back(p.header.protocol);
    co_return;
  });
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, our_ip, "x", 6)));
  EXPECT_EQ(protocols, std::vector<std::uint8_t>{6});
}

TEST(Ipv4, WriteResolvesTheDestinationAndSendsOneFrame) {
  Fixture f;
  auto [r, _] = f.run(async::when_all(f.host.ip.write(kernel_ip, IpProtocol::Udp, text("hello")),
                                      f.arp_reply_later(kernel_ip, kernel_mac)));
  ASSERT_TRUE(r);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, kernel_mac);
  const auto& p = sent[0].second;
  EXPECT_EQ(p.header.source, our_ip);
  EXPECT_EQ(p.header.destination, kernel_ip);
  EXPECT_EQ(p.header.protocol, 17);
  EXPECT_EQ(p.header.ttl, 64);
  EXPECT_EQ(p.payload.to_string(), "hello");
}

TEST(Ipv4, WriteWithFillsThePayloadInPlace) {
  Fixture f;
  f.learn(kernel_ip, kernel_mac);
  auto r = f.run(f.host.ip.write_with(kernel_ip, IpProtocol::Udp, 4,
                                      [](const cstruct::Buffer& out) {
                                        EXPECT_EQ(out.size(), 4u);
                                        out.set_be32(0, 0xdeadbeef);
                                      },
                                      {.ttl = 7, .tos = 0x10, .dont_fragment = true}));
  ASSERT_TRUE(r);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].second.payload.get_be32(0), 0xdeadbeefu);
  EXPECT_EQ(sent[0].second.header.ttl, 7);
  EXPECT_EQ(sent[0].second.header.tos, 0x10);
  EXPECT_TRUE(sent[0].second.header.dont_fragment);
}

TEST(Ipv4, SendsOffLinkDatagramsToTheGateway) {
  Fixture f(1500, kernel_ip);
  f.learn(kernel_ip, kernel_mac);
  ASSERT_TRUE(f.run(f.host.ip.write(far_ip, IpProtocol::Udp, text("x"))));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, kernel_mac);
  EXPECT_EQ(sent[0].second.header.destination, far_ip);
}

TEST(Ipv4, HasNoRouteOffLinkWithoutAGateway) {
  Fixture f;
  EXPECT_EQ(f.run(f.host.ip.write(far_ip, IpProtocol::Udp, text("x"))).error(), IpError::NoRoute);
  EXPECT_EQ(f.run(f.host.ip.write(our_ip, IpProtocol::Udp, text("x"))).error(), IpError::NoRoute);
  EXPECT_TRUE(f.host.net.sent.empty());
}

TEST(Ipv4, HasNoRouteWhenArpGetsNoAnswer) {
  Fixture f;
  EXPECT_EQ(f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, text("x"))).error(),
            IpError::NoRoute);
  EXPECT_EQ(f.loop.now(), async::TimePoint(3s));
  EXPECT_EQ(f.host.ip.stats().tx_unresolved, 1u);
}

TEST(Ipv4, TryWriteNeverWaitsForArp) {
  Fixture f;
  auto fill = [](const cstruct::Buffer&) {};
  EXPECT_EQ(f.run(f.host.ip.try_write(kernel_ip, IpProtocol::Icmp, 8, fill)).error(),
            IpError::NoRoute);
  EXPECT_EQ(f.loop.now(), async::TimePoint{});
  ASSERT_EQ(f.host.net.sent.size(), 1u);  // the ARP request it started
  f.run(f.host.arp.input(
      arp::encode({arp::Operation::Reply, kernel_mac, kernel_ip, our_mac, our_ip})));
  EXPECT_TRUE(f.run(f.host.ip.try_write(kernel_ip, IpProtocol::Icmp, 8, fill)));
}

TEST(Ipv4, BroadcastsNeedNoArp) {
  Fixture f;
  ASSERT_TRUE(f.run(f.host.ip.write(Ipv4Address::broadcast(), IpProtocol::Udp, text("x"))));
  ASSERT_TRUE(
      f.run(f.host.ip.write(Ipv4Address::of_octets(10, 77, 0, 255), IpProtocol::Udp, text("x"))));
  ASSERT_TRUE(
      f.run(f.host.ip.write(Ipv4Address::of_octets(224, 0, 0, 251), IpProtocol::Udp, text("x"))));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_TRUE(sent[0].first.is_broadcast());
  EXPECT_TRUE(sent[1].first.is_broadcast());
  EXPECT_EQ(sent[2].first, ethernet::ipv4_multicast_mac(Ipv4Address::of_octets(224, 0, 0, 251)));
}

TEST(Ipv4, UnconfiguredSendsFromZeroToBroadcastOnlyAndAcceptsOnlyBroadcasts) {
  Fixture f;
  f.host.ip.reconfigure({});  // what a DHCP client starts from
  EXPECT_TRUE(f.host.ip.addresses().empty());
  EXPECT_EQ(f.host.ip.src(Ipv4Address::broadcast()), Ipv4Address::any());
  ASSERT_TRUE(f.run(f.host.ip.write(Ipv4Address::broadcast(), IpProtocol::Udp, text("x"))));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].first.is_broadcast());
  EXPECT_EQ(sent[0].second.header.source, Ipv4Address::any());
  EXPECT_EQ(f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, text("x"))).error(), IpError::NoRoute);
  EXPECT_EQ(f.host.net.sent.size(), 1u);  // no ARP request either: there is no route
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, Ipv4Address::broadcast(), "offer")));
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, our_ip, "unicast")));
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, Ipv4Address::any(), "to zero")));
  ASSERT_EQ(f.got.size(), 1u);
  EXPECT_EQ(f.got[0].payload.to_string(), "offer");
}

TEST(Ipv4, ReconfigureReplacesTheAddressAndRoutes) {
  Fixture f;
  const auto gateway = Ipv4Address::of_octets(10, 9, 0, 1), new_ip = Ipv4Address::of_octets(10, 9, 0, 7);
  f.host.ip.reconfigure(ipv4::testing::config_of("10.9.0.7/16", gateway));
  EXPECT_EQ(f.host.ip.addresses(), std::vector<Ipv4Address>{new_ip});
  EXPECT_EQ(f.host.ip.src(far_ip), new_ip);
  EXPECT_EQ(f.host.ip.routes().next_hop(far_ip), gateway);
  EXPECT_EQ(f.host.ip.routes().next_hop(Ipv4Address::of_octets(10, 9, 200, 1)),
            Ipv4Address::of_octets(10, 9, 200, 1));
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, our_ip, "old")));
  f.run(f.host.ip.input(Fixture::datagram(kernel_ip, new_ip, "new")));
  ASSERT_EQ(f.got.size(), 1u);
  EXPECT_EQ(f.got[0].payload.to_string(), "new");
}

TEST(Ipv4, FragmentsWhatExceedsTheMtuAndTheFragmentsReassemble) {
  Fixture f(576);
  f.learn(kernel_ip, kernel_mac);
  auto payload = cstruct::Buffer::create(3000);
  for (std::size_t i = 0; i < payload.size(); ++i) payload.set_u8(i, std::uint8_t(i * 31));
  ASSERT_TRUE(f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, payload)));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 6u);  // 552-byte pieces
  ipv4::Reassembler r;
  std::optional<ipv4::Packet> whole;
  for (auto& [mac, p] : sent) {
    EXPECT_LE(p.header_bytes.size() + p.payload.size(), 576u);
    EXPECT_EQ(p.header.id, sent[0].second.header.id);
    auto out = r.add(p, {});
    ASSERT_TRUE(out);
    if (*out) whole = **out;
  }
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->payload, payload);
  EXPECT_EQ(f.host.ip.stats().tx_fragments, 6u);
}

TEST(Ipv4, RefusesToFragmentWithDontFragment) {
  Fixture f;
  f.learn(kernel_ip, kernel_mac);
  auto fill = [](const cstruct::Buffer&) {};
  EXPECT_EQ(
      f.run(f.host.ip.write_with(kernel_ip, IpProtocol::Udp, 1481, fill, {.dont_fragment = true}))
          .error(),
      IpError::WouldFragment);
  EXPECT_TRUE(
      f.run(f.host.ip.write_with(kernel_ip, IpProtocol::Udp, 1480, fill, {.dont_fragment = true})));
}

TEST(Ipv4, RefusesPayloadsLargerThanADatagram) {
  Fixture f;
  f.learn(kernel_ip, kernel_mac);
  EXPECT_EQ(
      f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, cstruct::Buffer::create(65516))).error(),
      IpError::TooBig);
  EXPECT_TRUE(f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, cstruct::Buffer::create(65515))));
}

TEST(Ipv4, ReportsItsAddressAndMtu) {
  Fixture f(1500);
  EXPECT_EQ(f.host.ip.src(kernel_ip), our_ip);
  EXPECT_EQ(f.host.ip.addresses(), std::vector<Ipv4Address>{our_ip});
  EXPECT_EQ(f.host.ip.mtu(kernel_ip), 1480u);
}

TEST(Ipv4, TwoStacksBackToBackExchangeALargeDatagram) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host a(loop, kernel_mac, "10.77.0.1/24"), b(loop, our_mac, "10.77.0.2/24");
  std::string received;
  b.ip.set_handler(IpProtocol::Udp, [&received](const ipv4::Packet& p) -> async::Task<void> {
    received = p.payload.to_string();
    co_return;
  });
  ASSERT_TRUE(loop.run(ipv4::testing::link(a, b)));
  const std::string message(5000, 'm');
  auto body = [&]() -> async::Task<std::expected<void, IpError>> {
    auto r = co_await a.ip.write(our_ip, IpProtocol::Udp, text(message));
    co_await loop.sleep(1ms);
    co_return r;
  };
  auto r = loop.run(async::when_any(a.serve(), b.serve(), body()));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->index(), 2u);
  EXPECT_TRUE(std::get<2>(*r));
  EXPECT_EQ(received, message);
}

TEST(Ipv4Config, ParsesCidr) {
  auto c = ipv4::Config::parse("10.77.0.2/24", kernel_ip);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->address, our_ip);
  EXPECT_EQ(c->network, *mirage::Ipv4Prefix::parse("10.77.0.0/24"));
  EXPECT_EQ(c->gateway, kernel_ip);
  EXPECT_FALSE(ipv4::Config::parse("10.77.0.2"));
  EXPECT_FALSE(ipv4::Config::parse("10.77.0.2/33"));
  EXPECT_FALSE(ipv4::Config::parse("10.77.0.2/"));
  EXPECT_FALSE(ipv4::Config::parse("10.77.0/24"));
}

}  // namespace
