#pragma once
// For tests of IPv4 and the layers above: one host's stack (Ethernet, ARP, IPv4) on a
// FakeNet, and a way to wire two hosts back to back.
//
//   async::ManualPlatform platform; async::Loop loop(platform);
//   ipv4::testing::Host a(loop, mac_a, "10.0.0.1/24"), b(loop, mac_b, "10.0.0.2/24");
//   loop.run(ipv4::testing::link(a, b));
//   loop.run(async::when_any(a.serve(), b.serve(), body()));  // body's end stops the rest
#include <arp/arp.hpp>
#include <async/loop.hpp>
#include <async/task.hpp>
#include <cstddef>
#include <cstdlib>
#include <ethernet/ethernet.hpp>
#include <ethernet/testing/fake_net.hpp>
#include <ipv4/ipv4.hpp>
#include <optional>
#include <string_view>

namespace ipv4::testing {

using Net = ethernet::testing::FakeNet;
using Eth = ethernet::Ethernet<Net>;
using ArpLayer = arp::Arp<Eth>;
using Ip = Ipv4<Eth, ArpLayer>;

inline Config config_of(std::string_view cidr, std::optional<Ipv4Address> gateway = {}) {
  auto c = Config::parse(cidr, gateway);
  if (!c) std::abort();
  return *c;
}

struct Host {
  Host(async::Loop& loop, MacAddress mac, std::string_view cidr, std::size_t mtu = 1500,
       std::optional<Ipv4Address> gateway = {})
      : net(mac, mtu), eth(net), arp(eth, loop), ip(eth, arp, loop, config_of(cidr, gateway)) {
    eth.set_handler(mirage::EtherType::Arp,
                    [this](const ethernet::Received& r) { return arp.input(r.payload); });
    eth.set_handler(mirage::EtherType::Ipv4,
                    [this](const ethernet::Received& r) { return ip.input(r.payload); });
  }
  Host(const Host&) = delete;

  // Gives ARP our address (announcing it): call before the test proper.
  async::Task<void> start() { co_await arp.set_ips(ip.addresses()); }
  // Makes ARP learn that `ip` is at `mac`, as a request from it for our address would
  // (clearing what that makes us send).
  async::Task<void> hear_from(Ipv4Address ip, MacAddress mac) {
    co_await arp.input(arp::encode(
        {arp::Operation::Request, mac, ip, MacAddress{}, this->ip.addresses().front()}));
    net.sent.clear();
  }
  // Handles received frames until the device is disconnected: run it beside the test.
  async::Task<void> serve() { (void)co_await eth.listen(); }

  Net net;
  Eth eth;
  ArpLayer arp;
  Ip ip;
};

// Wires two hosts' devices back to back and gives each its address in ARP.
inline async::Task<void> link(Host& a, Host& b) {
  a.net.wire_to(b.net);
  b.net.wire_to(a.net);
  co_await a.start();
  co_await b.start();
}

}  // namespace ipv4::testing
