// Two direct stacks on FakeNets wired back to back: a mirage::Stack each, TCP and UDP
// between them, ICMP port unreachable for a closed UDP port.
#include <tcpip/direct.hpp>

#include <gtest/gtest.h>

#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ethernet/testing/fake_net.hpp>

namespace tcpip {
namespace {

using Net = ethernet::testing::FakeNet;
using Stack = Direct<Net>;
static_assert(mirage::Stack<Stack>);

Config config_of(const char* cidr) {
  Config c;
  c.ipv4 = *ipv4::Config::parse(cidr);
  return c;
}

struct Pair {
  Pair()
      : loop(platform), net_a(mirage::MacAddress{{2, 0, 0, 0, 0, 1}}),
        net_b(mirage::MacAddress{{2, 0, 0, 0, 0, 2}}), a(net_a, loop, config_of("10.0.0.1/24")),
        b(net_b, loop, config_of("10.0.0.2/24")) {
    net_a.wire_to(net_b);
    net_b.wire_to(net_a);
  }
  template <class T>
  T run(async::Task<T> body) {
    auto both = [&]() -> async::Task<T> {
      co_await a.start();
      co_await b.start();
      co_return co_await std::move(body);
    };
    auto r = loop.run(async::when_any(a.serve(), b.serve(), both()));
    if (!r || r->index() != 2) std::abort();
    return std::get<2>(std::move(*r));
  }
  async::ManualPlatform platform;
  async::Loop loop;
  Net net_a, net_b;
  Stack a, b;
};

const mirage::Ipv4Address ip_b = mirage::Ipv4Address::of_octets(10, 0, 0, 2);

TEST(Direct, CarriesTcpAndUdpBetweenTwoStacks) {
  Pair p;
  EXPECT_EQ(p.b.addresses(), std::vector<mirage::IpAddress>{ip_b});
  auto body = [&]() -> async::Task<std::string> {
    auto l = p.b.tcp().listen(7);
    auto u = p.b.udp().bind(7);
    if (!l || !u) co_return "bind failed";
    auto server = [&]() -> async::Task<void> {
      auto f = co_await l->accept();
      if (!f) co_return;
      auto r = co_await f->read();
      if (r && *r) (void)co_await f->write(**r);
      auto d = co_await u->receive();
      if (d) (void)co_await u->send_to(d->source, d->payload);
    };
    p.loop.spawn(server());
    auto f = co_await p.a.tcp().connect({ip_b, 7});
    if (!f) co_return "connect failed";
    (void)co_await f->write(cstruct::Buffer::of_string("tcp "));
    auto r = co_await f->read();
    std::string got = r && *r ? (*r)->to_string() : "";
    auto s = p.a.udp().bind(0);
    (void)co_await s->send_to({ip_b, 7}, cstruct::Buffer::of_string("udp"));
    auto d = co_await s->receive();
    if (d) got += d->payload.to_string();
    co_return got;
  };
  EXPECT_EQ(p.run(body()), "tcp udp");
}

TEST(Direct, TcpWithSegmentationOffloadArrivesIntact) {
  Pair p;
  p.net_a.max_segmented = p.net_b.max_segmented = 14 + 65535;
  std::string data(3 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = char(i * 7 + i / 4096);
  auto body = [&]() -> async::Task<std::string> {
    auto l = p.b.tcp().listen(9);
    if (!l) co_return "listen failed";
    std::string got;
    auto sink = [&]() -> async::Task<void> {
      auto f = co_await l->accept();
      if (!f) co_return;
      for (;;) {
        auto r = co_await f->read();
        if (!r || !*r) break;
        got += (*r)->to_string();
      }
    };
    p.loop.spawn(sink());
    auto f = co_await p.a.tcp().connect({ip_b, 9});
    if (!f) co_return "connect failed";
    (void)co_await f->write(cstruct::Buffer::of_string(data));
    (void)co_await f->close();
    while (got.size() < data.size()) co_await p.loop.sleep(std::chrono::milliseconds(10));
    co_return got;
  };
  EXPECT_TRUE(p.run(body()) == data);
  // a handed the device segments of many MSSes; b's TCP took the pieces the device cut.
  ASSERT_FALSE(p.net_a.segmented.empty());
  std::size_t largest = 0;
  for (const auto& f : p.net_a.segmented) largest = std::max(largest, f.size());
  EXPECT_GT(largest, 20000u);
  for (const auto& f : p.net_a.sent) EXPECT_LE(f.size(), 1514u);
  EXPECT_EQ(p.b.ip().stats().rx_malformed, 0u);
}

TEST(Direct, CarriesUdpOverIpv6AndAnswersAClosedPortWithIcmpv6) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Net net_a(mirage::MacAddress{{2, 0, 0, 0, 0, 1}}), net_b(mirage::MacAddress{{2, 0, 0, 0, 0, 2}});
  auto config6 = [](const char* v4, const char* v6) {
    Config c = config_of(v4);
    c.ipv6 = *ipv6::Config::parse(v6);
    return c;
  };
  Stack a(net_a, loop, config6("10.0.0.1/24", "fd00::1/64")), b(net_b, loop, config6("10.0.0.2/24", "fd00::2/64"));
  net_a.wire_to(net_b);
  net_b.wire_to(net_a);
  const auto b6 = *mirage::Ipv6Address::parse("fd00::2");
  auto body = [&]() -> async::Task<std::string> {
    co_await a.start();
    co_await b.start();
    co_await loop.sleep(std::chrono::seconds(3));  // duplicate address detection on both
    auto u = b.udp().bind(7);
    auto s = a.udp().bind(0);
    if (!u || !s) co_return "bind failed";
    (void)co_await s->send_to({b6, 7}, cstruct::Buffer::of_string("over v6"));
    auto d = co_await u->receive();
    if (!d || !d->source.address.is_v6()) co_return "no v6 datagram";
    (void)co_await u->send_to(d->source, d->payload);
    auto back = co_await s->receive();
    std::string got = back ? back->payload.to_string() + " from " + back->source.address.to_string() : "nothing back";
    (void)co_await s->send_to({b6, 9}, cstruct::Buffer::of_string("anyone?"));
    co_await loop.sleep(std::chrono::milliseconds(10));
    co_return got;
  };
  auto r = loop.run(async::when_any(a.serve(), b.serve(), body()));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->index(), 2u);
  EXPECT_EQ(std::get<2>(*r), "over v6 from fd00::2");
  EXPECT_EQ(b.udp().stats().rx_no_listener, 1u);
  EXPECT_GE(b.ip6()->stats().tx_icmp_errors, 1u);
  EXPECT_EQ(a.ip6()->stats().rx_icmp_errors, 1u);
}

TEST(Direct, AClosedUdpPortAnswersWithIcmp) {
  Pair p;
  auto body = [&]() -> async::Task<std::uint64_t> {
    auto s = p.a.udp().bind(0);
    (void)co_await s->send_to({ip_b, 9}, cstruct::Buffer::of_string("anyone?"));
    co_await p.loop.sleep(std::chrono::milliseconds(10));
    co_return p.b.udp().stats().rx_no_listener;
  };
  EXPECT_EQ(p.run(body()), 1u);
  EXPECT_GE(p.b.icmp().stats().errors_sent, 1u);
}

}  // namespace
}  // namespace tcpip
