#include <gtest/gtest.h>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <ethernet/testing/run.hpp>
#include <ipv4/testing/host.hpp>
#include <udp/udp.hpp>

#include <set>
#include <string>

namespace {

using namespace std::chrono_literals;
using ethernet::testing::hex;
using ipv4::testing::Host;
using mirage::Endpoint;
using mirage::IpError;
using mirage::Ipv4Address;
using mirage::ListenError;
using mirage::MacAddress;
using udp::Delivery;
namespace captured = ethernet::testing::captured;
using Udp = udp::Udp<ipv4::testing::Ip>;

static_assert(mirage::Udp<Udp>);

using captured::kernel_ip;
constexpr auto kernel_mac = captured::kernel_tap_mac;
constexpr auto our_ip = captured::peer_ip;
constexpr auto our_mac = captured::peer_mac;

cstruct::Buffer text(std::string_view s) {
  return cstruct::Buffer::of_string(s);
}

struct UdpHost {
  UdpHost(async::Loop& loop, MacAddress mac, std::string_view cidr, udp::Config config = {})
      : host(loop, mac, cidr), udp(host.ip, config) {
    host.ip.set_handler(mirage::IpProtocol::Udp,
                        [this](const ipv4::Packet& p) { return input(p); });
  }
  async::Task<void> input(ipv4::Packet p) {
    deliveries.push_back(udp.input(p));
    co_return;
  }
  Host host;
  Udp udp;
  std::vector<Delivery> deliveries;
};

struct Fixture {
  explicit Fixture(udp::Config config = {}) : us(loop, our_mac, "10.77.0.2/24", config) {
    run(us.host.start());
    run(us.host.hear_from(kernel_ip, kernel_mac));
  }
  template <class T>
  T run(async::Task<T> task) {
    return ethernet::testing::run(loop, std::move(task));
  }
  void input_captured() {
    run(us.host.ip.input(hex(captured::udp_datagram).shift(ethernet::header_size)));
  }
  async::ManualPlatform platform;
  async::Loop loop{platform};
  UdpHost us;
};

TEST(Udp, DeliversTheKernelsDatagramToTheBoundPort) {
  Fixture f;
  auto s = f.us.udp.bind(9000);
  ASSERT_TRUE(s);
  f.input_captured();
  auto d = f.run(s->receive());
  ASSERT_TRUE(d);
  EXPECT_EQ(d->payload.to_string(), "hello mirage\n");
  EXPECT_EQ(d->source, (Endpoint{kernel_ip, 53923}));
  EXPECT_EQ(d->destination, (Endpoint{our_ip, 9000}));
  EXPECT_EQ(f.us.deliveries, std::vector<Delivery>{Delivery::Delivered});
}

TEST(Udp, ReportsDatagramsForUnboundPorts) {
  Fixture f;
  f.input_captured();
  EXPECT_EQ(f.us.deliveries, std::vector<Delivery>{Delivery::NoListener});
  EXPECT_EQ(f.us.udp.stats().rx_no_listener, 1u);
}

TEST(Udp, ReportsMalformedDatagrams) {
  Fixture f;
  auto s = f.us.udp.bind(9000);
  auto frame = cstruct::Buffer::copy_of(hex(captured::udp_datagram));
  frame.set_u8(frame.size() - 1, '!');
  f.run(f.us.host.ip.input(frame.shift(ethernet::header_size)));
  EXPECT_EQ(f.us.deliveries, std::vector<Delivery>{Delivery::Malformed});
  EXPECT_EQ(s->queued(), 0u);
}

TEST(Udp, DropsAndCountsDatagramsWhenTheQueueIsFull) {
  Fixture f({.queue_capacity = 2});
  auto s = f.us.udp.bind(9000);
  for (int i = 0; i < 3; ++i) f.input_captured();
  EXPECT_EQ(f.us.deliveries,
            (std::vector<Delivery>{Delivery::Delivered, Delivery::Delivered, Delivery::QueueFull}));
  EXPECT_EQ(s->dropped(), 1u);
  EXPECT_EQ(s->queued(), 2u);
  EXPECT_TRUE(f.run(s->receive()));
  f.input_captured();
  EXPECT_EQ(s->queued(), 2u);
  EXPECT_EQ(f.us.udp.stats().rx_queue_full, 1u);
}

TEST(Udp, RefusesAPortThatIsTaken) {
  Fixture f;
  auto a = f.us.udp.bind(53);
  ASSERT_TRUE(a);
  EXPECT_EQ(f.us.udp.bind(53).error(), ListenError::AddressInUse);
}

TEST(Udp, ClosingASocketFreesItsPort) {
  Fixture f;
  { auto a = f.us.udp.bind(53); }
  EXPECT_TRUE(f.us.udp.bind(53));
}

TEST(Udp, AMovedSocketKeepsItsPort) {
  Fixture f;
  auto a = f.us.udp.bind(9000);
  Udp::Socket b = std::move(*a);
  f.input_captured();
  EXPECT_EQ(b.local_port(), 9000);
  EXPECT_TRUE(f.run(b.receive()));
  EXPECT_EQ(f.us.udp.bind(9000).error(), ListenError::AddressInUse);
}

TEST(Udp, ClosingASocketWakesItsReceiveWithAnError) {
  Fixture f;
  std::optional<Udp::Socket> s(*f.us.udp.bind(9000));
  auto close_soon = [&]() -> async::Task<void> {
    co_await f.loop.sleep(1ms);
    s.reset();
  };
  auto [r, _] = f.run(async::when_all(s->receive(), close_soon()));
  EXPECT_EQ(r.error(), IpError::Io);
}

TEST(Udp, BindZeroPicksDistinctEphemeralPorts) {
  Fixture f({.ephemeral_first = 50000, .ephemeral_last = 50002, .ephemeral_seed = 1});
  std::vector<Udp::Socket> sockets;
  std::set<std::uint16_t> ports;
  for (int i = 0; i < 3; ++i) {
    auto s = f.us.udp.bind(0);
    ASSERT_TRUE(s);
    EXPECT_GE(s->local_port(), 50000);
    EXPECT_LE(s->local_port(), 50002);
    ports.insert(s->local_port());
    sockets.push_back(std::move(*s));
  }
  EXPECT_EQ(ports.size(), 3u);
  EXPECT_EQ(sockets[0].local_port(), 50001);  // the seed says where to start
  EXPECT_EQ(f.us.udp.bind(0).error(), ListenError::AddressInUse);
}

TEST(Udp, SendWritesAChecksummedDatagram) {
  Fixture f;
  auto s = f.us.udp.bind(53923);
  ASSERT_TRUE(f.run(s->send_to({kernel_ip, 9000}, text("hello mirage\n"))));
  ASSERT_EQ(f.us.host.net.sent.size(), 1u);
  auto ip = ipv4::parse(f.us.host.net.sent[0].shift(ethernet::header_size));
  ASSERT_TRUE(ip);
  // The same UDP bytes as the kernel's datagram with those ports and addresses.
  EXPECT_EQ(ip->payload, hex(captured::udp_datagram).shift(ethernet::header_size + 20));
  EXPECT_EQ(f.us.udp.stats().tx_datagrams, 1u);
}

TEST(Udp, SendToIpv6WithoutAnIpv6LayerHasNoRoute) {
  Fixture f;
  auto s = f.us.udp.bind(0);
  EXPECT_EQ(f.run(s->send_to({*mirage::Ipv6Address::parse("fd00::1"), 9}, text("x"))).error(),
            IpError::NoRoute);
  EXPECT_EQ(f.us.udp.stats().tx_errors, 1u);
}

TEST(Udp, EchoesBetweenTwoStacks) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  UdpHost a(loop, kernel_mac, "10.77.0.1/24"), b(loop, our_mac, "10.77.0.2/24");
  ASSERT_TRUE(loop.run(ipv4::testing::link(a.host, b.host)));
  auto server = *b.udp.bind(7);
  auto client = *a.udp.bind(0);
  auto echo = [&]() -> async::Task<void> {
    for (;;) {
      auto d = co_await server.receive();
      if (!d) co_return;
      (void)co_await server.send_to(d->source, d->payload);
    }
  };
  const std::string big(4000, 'b');  // fragmented both ways
  auto body = [&]() -> async::Task<std::string> {
    (void)co_await client.send_to({our_ip, 7}, text("ping"));
    auto first = co_await client.receive();
    (void)co_await client.send_to({our_ip, 7}, text(big));
    auto second = co_await client.receive();
    co_return (first ? first->payload.to_string() : "?") + "|" +
        (second ? second->payload.to_string() : "?");
  };
  auto r = loop.run(async::when_any(a.host.serve(), b.host.serve(), echo(), body()));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->index(), 3u);
  EXPECT_EQ(std::get<3>(*r), "ping|" + big);
}

}  // namespace
