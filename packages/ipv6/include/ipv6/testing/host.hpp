#pragma once
// For tests of IPv6 and the layers above: one host's stack (Ethernet, IPv6) on a FakeNet,
// and a way to wire two hosts back to back.
//
//   async::ManualPlatform platform; async::Loop loop(platform);
//   ipv6::testing::Host a(loop, mac_a, "2001:db8::1/64"), b(loop, mac_b, "2001:db8::2/64");
//   loop.run(async::when_any(a.serve(), b.serve(), ipv6::testing::link(a, b)));
//   loop.run(async::when_any(a.serve(), b.serve(), body()));  // body's end stops the rest
#include <async/loop.hpp>
#include <async/task.hpp>
#include <async/when.hpp>
#include <cstddef>
#include <cstdlib>
#include <ethernet/ethernet.hpp>
#include <ethernet/testing/fake_net.hpp>
#include <ipv6/ipv6.hpp>
#include <optional>
#include <string_view>
#include <utility>

namespace ipv6::testing {

using Net = ethernet::testing::FakeNet;
using Eth = ethernet::Ethernet<Net>;
using Ip = Ipv6<Eth>;

// A configuration with `cidr` as a static address ("" for the link-local address only).
inline Config config_of(std::string_view cidr, std::optional<Ipv6Address> gateway = {}) {
  if (cidr.empty()) return Config{.gateway = gateway};
  auto c = Config::parse(cidr, gateway);
  if (!c) std::abort();
  return *c;
}

// A host whose IPv6 layer takes every IPv6 frame its Ethernet layer accepts.
struct Host {
  Net net;
  Eth eth;
  Ip ip;

  Host(async::Loop& loop, MacAddress mac, Config config, std::size_t mtu = 1500)
      : net(mac, mtu), eth(net), ip(eth, loop, std::move(config)) {
    eth.set_handler(mirage::EtherType::Ipv6,
                    [this](const ethernet::Received& r) { return ip.input(r); });
  }
  Host(async::Loop& loop, MacAddress mac, std::string_view cidr, std::size_t mtu = 1500)
      : Host(loop, mac, config_of(cidr), mtu) {}
  Host(const Host&) = delete;

  // Takes frames in until the device is disconnected: run it beside the test.
  async::Task<void> serve() { (void)co_await eth.listen(); }
};

// Wires two hosts' devices to each other, then brings both up at once (DAD included).
// Run it beside both hosts' serve().
inline async::Task<void> link(Host& a, Host& b) {
  for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) from->net.wire_to(to->net);
  co_await async::when_all(a.ip.start(), b.ip.start());
}

}  // namespace ipv6::testing
