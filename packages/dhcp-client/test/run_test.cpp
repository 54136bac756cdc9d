// The driver over our own UDP and IPv4 on two hosts wired back to back in virtual time:
// a client host with no address and a small DHCP server (dhcp-wire's messages over our UDP).
#include <gtest/gtest.h>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <dhcp_client/run.hpp>
#include <ipv4/testing/host.hpp>
#include <udp/udp.hpp>

#include <vector>

namespace {

using namespace std::chrono_literals;
using dhcp_wire::Message;
using dhcp_wire::MessageType;
using mirage::Ipv4Address;
using mirage::MacAddress;
using Udp = udp::Udp<ipv4::testing::Ip>;

const MacAddress client_mac{{0x02, 0, 0, 0, 0, 0x0c}};
const MacAddress server_mac{{0x02, 0, 0, 0, 0, 0x05}};
const auto server_ip = Ipv4Address::of_octets(10, 0, 0, 1);
const auto leased_ip = Ipv4Address::of_octets(10, 0, 0, 50);

struct UdpHost {
  UdpHost(async::Loop& loop, MacAddress mac, std::string_view cidr) : host(loop, mac, cidr), udp(host.ip) {
    host.ip.set_handler(mirage::IpProtocol::Udp, [this](const ipv4::Packet& p) -> async::Task<void> {
      (void)udp.input(p);
      co_return;
    });
  }
  ipv4::testing::Host host;
  Udp udp;
};

struct Seen {
  MessageType type;
  Ipv4Address source, destination, ciaddr;
  async::TimePoint at;
};

// Answers DISCOVER with OFFER and REQUEST with ACK (a lease of 100 s) while `answering`.
async::Task<void> server(async::Loop& loop, Udp& udp, std::vector<Seen>& seen, const bool& answering) {
  auto socket = *udp.bind(dhcp_wire::server_port);
  for (;;) {
    auto d = co_await socket.receive();
    if (!d) co_return;
    auto m = dhcp_wire::parse(d->payload.span());
    if (!m || !m->options.message_type) continue;
    seen.push_back({*m->options.message_type, *d->source.address.v4(), *d->destination.address.v4(),
                    m->ciaddr, loop.now()});
    if (!answering) continue;
    Message r;
    r.op = dhcp_wire::Op::Reply;
    r.xid = m->xid;
    r.chaddr = m->chaddr;
    r.broadcast = m->broadcast;
    r.yiaddr = leased_ip;
    r.options.message_type =
        *m->options.message_type == MessageType::Discover ? MessageType::Offer : MessageType::Ack;
    r.options.server_identifier = server_ip;
    r.options.lease_time = 100;
    r.options.subnet_mask = Ipv4Address::of_octets(255, 255, 255, 0);
    r.options.routers = {server_ip};
    // Broadcast while the client has no address (it asked so); unicast to it after.
    const Ipv4Address to = m->ciaddr.is_unspecified() ? Ipv4Address::broadcast() : m->ciaddr;
    auto bytes = dhcp_wire::encode(r);
    (void)co_await socket.send_to({to, dhcp_wire::client_port}, cstruct::Buffer::copy_of(bytes));
  }
}

TEST(DhcpClientRun, TakesALeaseRenewsItAndRemovesTheAddressWhenItRunsOut) {
  async::ManualPlatform platform;
  async::Loop loop{platform};
  UdpHost client(loop, client_mac, "10.0.0.2/24"), srv(loop, server_mac, "10.0.0.1/24");
  client.host.ip.reconfigure({});  // no address: what the driver starts from
  ASSERT_TRUE(loop.run(ipv4::testing::link(client.host, srv.host)));

  dhcp_client::Client dhcp({.mac = client_mac, .seed = 1});
  std::vector<std::pair<async::TimePoint, std::vector<Ipv4Address>>> configured;
  auto apply = [&](const std::optional<dhcp_client::Lease>& lease) -> async::Task<void> {
    client.host.ip.reconfigure(lease ? lease->ipv4() : ipv4::Config{});
    co_await client.host.arp.set_ips(client.host.ip.addresses());
    configured.emplace_back(loop.now(), client.host.ip.addresses());
  };
  std::vector<Seen> seen;
  bool answering = true;
  auto body = [&]() -> async::Task<void> {
    co_await loop.sleep(1s);
    EXPECT_EQ(client.host.ip.addresses(), std::vector<Ipv4Address>{leased_ip});
    co_await loop.sleep(60s);  // past T1 (50 s): renewed by unicast
    EXPECT_EQ(client.host.ip.addresses(), std::vector<Ipv4Address>{leased_ip});
    answering = false;
    co_await loop.sleep(150s);  // no answers: the lease runs out 100 s after the renewal
  };
  auto r = loop.run(async::when_any(client.host.serve(), srv.host.serve(),
                                    dhcp_client::run(loop, client.udp, dhcp, apply),
                                    server(loop, srv.udp, seen, answering), body()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->index(), 4u);

  ASSERT_GE(seen.size(), 4u);
  EXPECT_EQ(seen[0].type, MessageType::Discover);
  EXPECT_EQ(seen[0].source, Ipv4Address::any());
  EXPECT_EQ(seen[0].destination, Ipv4Address::broadcast());
  EXPECT_EQ(seen[1].type, MessageType::Request);
  EXPECT_EQ(seen[1].destination, Ipv4Address::broadcast());
  // The renewal: from the leased address, unicast to the server, at T1.
  EXPECT_EQ(seen[2].type, MessageType::Request);
  EXPECT_EQ(seen[2].source, leased_ip);
  EXPECT_EQ(seen[2].destination, server_ip);
  EXPECT_EQ(seen[2].ciaddr, leased_ip);
  EXPECT_EQ(seen[2].at, seen[1].at + 50s);
  // Unanswered: renewals to the server, then rebinding broadcasts from T2 (87.5 s).
  bool rebound = false;
  for (std::size_t i = 3; i < seen.size(); ++i)
    if (seen[i].destination == Ipv4Address::broadcast() && seen[i].ciaddr == leased_ip) rebound = true;
  EXPECT_TRUE(rebound);

  // Configured once, then removed when the lease ran out 100 s after the renewal.
  ASSERT_EQ(configured.size(), 2u);
  EXPECT_EQ(configured[0].second, std::vector<Ipv4Address>{leased_ip});
  EXPECT_TRUE(configured[1].second.empty());
  EXPECT_EQ(configured[1].first, seen[2].at + 100s);
  EXPECT_TRUE(client.host.ip.addresses().empty());
}

}  // namespace
