#pragma once
// tcpip::Direct<N>: the direct stack over any mirage::Net N (a tap device on unix,
// virtio-net, Xen netfront): Ethernet, ARP, IPv4, ICMP, UDP and TCP of our own, wired
// together, satisfying mirage::Stack so that an application written for the socket stack
// runs on it unchanged.
//
//   tcpip::Direct<net_unix::Tap> stack(tap, loop, {.ipv4 = *ipv4::Config::parse("10.0.0.2/24")});
//   loop.spawn(stack.serve());      // the input loop: until the device goes away
//   co_await stack.start();         // announces our address (gratuitous ARP)
//   auto listener = stack.tcp().listen(7);
//
// Datagrams for a closed UDP port and for an unknown protocol are answered with ICMP
// unreachables; segments for no connection with RST (tcp).
//
// With Config::ipv6 the stack also runs IPv6 (ipv6::Ipv6: a link-local address, static
// ones, SLAAC from router advertisements, neighbour discovery, ICMPv6 echo, MLD) and UDP
// over it; TCP over IPv6 is not wired yet (such segments get ICMPv6 parameter problems).
#include <arp/arp.hpp>
#include <async/loop.hpp>
#include <async/task.hpp>
#include <ethernet/ethernet.hpp>
#include <icmpv4/icmpv4.hpp>
#include <ipv4/ipv4.hpp>
#include <ipv6/ipv6.hpp>
#include <optional>
#include <mirage/net.hpp>
#include <mirage/stack.hpp>
#include <tcp/tcp.hpp>
#include <udp/udp.hpp>
#include <vector>

namespace tcpip {

struct Config {
  ipv4::Config ipv4;  // ipv4::Config{}: no address until configure() (DHCP)
  tcp::LayerConfig tcp;  // fill tcp.secret with entropy
  udp::Config udp;
  std::optional<ipv6::Config> ipv6;  // none: no IPv6
};

template <mirage::Net N>
class Direct {
 public:
  using Eth = ethernet::Ethernet<N>;
  using Arp = arp::Arp<Eth>;
  using Ip = ipv4::Ipv4<Eth, Arp>;
  using Ip6 = ipv6::Ipv6<Eth>;
  using Icmp = icmpv4::Icmpv4<Ip>;
  using tcp_type = tcp::Tcp<Ip>;
  using udp_type = udp::Udp<Ip, Ip6>;

  // Borrows `net` and `loop`, which must outlive it.
  Direct(N& net, async::Loop& loop, Config config)
      : loop_(loop), eth_(net), arp_(eth_, loop), ip_(eth_, arp_, loop, config.ipv4), icmp_(ip_, loop),
        udp_(ip_, config.udp), tcp_(ip_, loop, config.tcp) {
    if (config.ipv6) {
      ip6_.emplace(eth_, loop, std::move(*config.ipv6));
      eth_.set_handler(mirage::EtherType::Ipv6,
                       [this](const ethernet::Received& r) { return ip6_->input(r); });
      udp_.attach_ipv6(*ip6_);
      ip6_->set_handler(mirage::IpProtocol::Udp, [this](const ipv6::Packet& p) { return udp6_input(p); });
    }
    eth_.set_handler(mirage::EtherType::Arp,
                     [this](const ethernet::Received& r) { return arp_.input(r.payload); });
    eth_.set_handler(mirage::EtherType::Ipv4,
                     [this](const ethernet::Received& r) { return ip_.input(r.payload); });
    ip_.set_handler(mirage::IpProtocol::Icmp, [this](const ipv4::Packet& p) { return icmp_.input(p); });
    ip_.set_handler(mirage::IpProtocol::Udp, [this](const ipv4::Packet& p) { return udp_input(p); });
    ip_.set_handler(mirage::IpProtocol::Tcp, [this](const ipv4::Packet& p) { return tcp_.input(p); });
    ip_.set_default_handler([this](const ipv4::Packet& p) {
      return icmp_.unreachable(icmpv4::Unreachable::Protocol, p);
    });
  }
  Direct(const Direct&) = delete;
  Direct& operator=(const Direct&) = delete;

  // Gives ARP our address and announces it; brings IPv6 up (duplicate address detection,
  // router solicitation) in the background, its timers running from then on.
  async::Task<void> start() {
    co_await arp_.set_ips(ip_.addresses());
    if (ip6_) loop_.spawn(run_ipv6());
  }
  // Replaces the IPv4 configuration (address, network, gateway: what a DHCP lease gives,
  // or ipv4::Config{} when it is lost) and announces the new address.
  async::Task<void> configure(ipv4::Config config) {
    ip_.reconfigure(config);
    co_await arp_.set_ips(ip_.addresses());
  }
  mirage::MacAddress mac() { return eth_.mac(); }
  // Handles received frames until the device is disconnected.
  async::Task<std::expected<void, mirage::NetError>> serve() { co_return co_await eth_.listen(); }

  tcp_type& tcp() { return tcp_; }
  udp_type& udp() { return udp_; }
  std::vector<mirage::IpAddress> addresses() {
    std::vector<mirage::IpAddress> out;
    for (auto a : ip_.addresses()) out.push_back(a);
    if (ip6_)
      for (auto a : ip6_->addresses()) out.push_back(a);
    return out;
  }

  Eth& ethernet() { return eth_; }
  Arp& arp() { return arp_; }
  Ip& ip() { return ip_; }
  Icmp& icmp() { return icmp_; }
  // The IPv6 layer; nullptr without Config::ipv6.
  Ip6* ip6() { return ip6_ ? &*ip6_ : nullptr; }

 private:
  async::Task<void> run_ipv6() {
    co_await ip6_->start();
    co_await ip6_->run();
  }

  async::Task<void> udp_input(ipv4::Packet p) {
    if (udp_.input(p) == udp::Delivery::NoListener)
      co_await icmp_.unreachable(icmpv4::Unreachable::Port, p);
  }
  async::Task<void> udp6_input(ipv6::Packet p) {
    if (udp_.input(p) == udp::Delivery::NoListener)
      co_await ip6_->report(ipv6::icmp::destination_unreachable(ipv6::icmp::Unreachable::Port, p), p);
  }

  async::Loop& loop_;
  Eth eth_;
  Arp arp_;
  Ip ip_;
  Icmp icmp_;
  udp_type udp_;
  tcp_type tcp_;
  std::optional<Ip6> ip6_;  // after the IPv4 layers: constructed in the body
};

}  // namespace tcpip
