#include <gtest/gtest.h>
#include <dhcp_client/client.hpp>

#include <vector>

namespace {

using namespace std::chrono_literals;
using dhcp_client::Change;
using dhcp_client::Client;
using dhcp_client::State;
using dhcp_client::Step;
using dhcp_wire::Message;
using dhcp_wire::MessageType;
using mirage::Ipv4Address;
using mirage::MacAddress;

const MacAddress mac{{0x02, 0x00, 0x5e, 0x10, 0x20, 0x30}};
const auto server = Ipv4Address::of_octets(10, 79, 0, 1);
const auto other_server = Ipv4Address::of_octets(10, 79, 0, 2);
const auto offered = Ipv4Address::of_octets(10, 79, 0, 53);
constexpr async::TimePoint t0 = 1000s;

// What a server answers to `request`: `type` for `yiaddr`, with a lease of `lease` seconds,
// a /24 mask, a router and a DNS server.
Message reply(const Message& request, MessageType type, Ipv4Address yiaddr = offered,
              std::uint32_t lease = 3600, Ipv4Address from = server) {
  Message m;
  m.op = dhcp_wire::Op::Reply;
  m.xid = request.xid;
  m.chaddr = request.chaddr;
  m.yiaddr = type == MessageType::Nak ? Ipv4Address{} : yiaddr;
  m.options.message_type = type;
  m.options.server_identifier = from;
  if (type != MessageType::Nak) {
    m.options.lease_time = lease;
    m.options.subnet_mask = Ipv4Address::of_octets(255, 255, 255, 0);
    m.options.routers = {server};
    m.options.dns_servers = {server};
    m.options.domain_name = "example.test";
  }
  return m;
}

struct Fixture {
  explicit Fixture(dhcp_client::Config config = {.mac = mac, .hostname = "uni", .seed = 7})
      : client(config) {}
  // Runs DISCOVER, OFFER, REQUEST, ACK; returns the REQUEST.
  Message bind(std::uint32_t lease = 3600) {
    Step s = client.start(t0);
    Step r = client.input(reply(s.send->message, MessageType::Offer), t0 + 10ms);
    Step a = client.input(reply(r.send->message, MessageType::Ack, offered, lease), t0 + 20ms);
    EXPECT_EQ(a.change, Change::Bound);
    return r.send->message;
  }
  Client client;
};

TEST(DhcpClient, DiscoverOfferRequestAckBindsTheLease) {
  Fixture f;
  Step s = f.client.start(t0);
  ASSERT_TRUE(s.send);
  const Message& discover = s.send->message;
  EXPECT_EQ(s.send->destination, Ipv4Address::broadcast());
  EXPECT_EQ(discover.options.message_type, MessageType::Discover);
  EXPECT_EQ(discover.chaddr, mac);
  EXPECT_TRUE(discover.broadcast);
  EXPECT_EQ(discover.options.hostname, "uni");
  EXPECT_EQ(f.client.state(), State::Selecting);
  EXPECT_EQ(s.change, Change::None);

  Step r = f.client.input(reply(discover, MessageType::Offer), t0 + 10ms);
  ASSERT_TRUE(r.send);
  const Message& request = r.send->message;
  EXPECT_EQ(r.send->destination, Ipv4Address::broadcast());
  EXPECT_EQ(request.options.message_type, MessageType::Request);
  EXPECT_EQ(request.xid, discover.xid);
  EXPECT_EQ(request.options.server_identifier, server);
  EXPECT_EQ(request.options.requested_address, offered);
  EXPECT_TRUE(request.ciaddr.is_unspecified());
  EXPECT_EQ(f.client.state(), State::Requesting);

  Step a = f.client.input(reply(request, MessageType::Ack), t0 + 20ms);
  EXPECT_FALSE(a.send);
  EXPECT_EQ(a.change, Change::Bound);
  EXPECT_EQ(f.client.state(), State::Bound);
  const auto& lease = *f.client.lease();
  EXPECT_EQ(lease.address, offered);
  EXPECT_EQ(lease.network.to_string(), "10.79.0.0/24");
  EXPECT_EQ(lease.router, server);
  EXPECT_EQ(lease.server, server);
  EXPECT_EQ(lease.dns_servers, std::vector<Ipv4Address>{server});
  EXPECT_EQ(lease.domain_name, "example.test");
  EXPECT_EQ(lease.start, t0 + 10ms);  // when the REQUEST went out
  EXPECT_EQ(lease.renew_at(), t0 + 10ms + 1800s);
  EXPECT_EQ(lease.rebind_at(), t0 + 10ms + 3150s);
  EXPECT_EQ(lease.expires_at(), t0 + 10ms + 3600s);
  EXPECT_EQ(f.client.deadline(), lease.renew_at());
  EXPECT_EQ(lease.to_string(), "10.79.0.53/24 via 10.79.0.1 from 10.79.0.1 for 3600 s");
  const ipv4::Config c = lease.ipv4();
  EXPECT_EQ(c.address, offered);
  EXPECT_EQ(c.network, lease.network);
  EXPECT_EQ(c.gateway, server);
}

TEST(DhcpClient, RetransmitsDiscoverWithBackoffUpTo64Seconds) {
  Fixture f;
  f.client.start(t0);
  async::TimePoint last = t0;
  std::vector<long> waits;
  for (int i = 0; i < 7; ++i) {
    const async::TimePoint d = f.client.deadline();
    waits.push_back(long(std::chrono::duration_cast<std::chrono::milliseconds>(d - last).count()));
    EXPECT_FALSE(f.client.timeout(d - 1ms).send);  // not yet
    Step s = f.client.timeout(d);
    ASSERT_TRUE(s.send);
    EXPECT_EQ(s.send->message.options.message_type, MessageType::Discover);
    EXPECT_EQ(s.send->message.secs, std::chrono::duration_cast<std::chrono::seconds>(d - t0).count());
    last = d;
  }
  const long nominal[] = {4000, 8000, 16000, 32000, 64000, 64000, 64000};
  for (std::size_t i = 0; i < waits.size(); ++i) {
    EXPECT_GE(waits[i], nominal[i] - 1000) << i;
    EXPECT_LE(waits[i], nominal[i] + 1000) << i;
  }
  EXPECT_EQ(f.client.stats().discovers, 8u);
}

TEST(DhcpClient, IgnoresRepliesThatAreNotOurs) {
  Fixture f;
  const Message discover = f.client.start(t0).send->message;
  Message other_xid = reply(discover, MessageType::Offer);
  other_xid.xid ^= 1;
  Message other_mac = reply(discover, MessageType::Offer);
  other_mac.chaddr.bytes[5] ^= 1;
  Message not_reply = reply(discover, MessageType::Offer);
  not_reply.op = dhcp_wire::Op::Request;
  Message no_server = reply(discover, MessageType::Offer);
  no_server.options.server_identifier.reset();
  Message ack_in_selecting = reply(discover, MessageType::Ack);
  Message no_type = reply(discover, MessageType::Offer);
  no_type.options.message_type.reset();
  for (const Message& m : {other_xid, other_mac, not_reply, no_server, ack_in_selecting, no_type}) {
    Step s = f.client.input(m, t0 + 1s);
    EXPECT_FALSE(s.send);
    EXPECT_EQ(s.change, Change::None);
  }
  EXPECT_EQ(f.client.state(), State::Selecting);
  EXPECT_EQ(f.client.stats().ignored, 6u);
}

TEST(DhcpClient, TakesTheAckOnlyFromTheServerItChose) {
  Fixture f;
  const Message discover = f.client.start(t0).send->message;
  const Message request = f.client.input(reply(discover, MessageType::Offer), t0).send->message;
  EXPECT_EQ(f.client.input(reply(request, MessageType::Ack, offered, 3600, other_server), t0).change,
            Change::None);
  EXPECT_EQ(f.client.input(reply(request, MessageType::Nak, offered, 0, other_server), t0).change,
            Change::None);
  // An ACK for another address than offered, and one without a lease time, are refused too.
  EXPECT_EQ(f.client.input(reply(request, MessageType::Ack, other_server), t0).change, Change::None);
  Message no_lease = reply(request, MessageType::Ack);
  no_lease.options.lease_time.reset();
  EXPECT_EQ(f.client.input(no_lease, t0).change, Change::None);
  EXPECT_EQ(f.client.state(), State::Requesting);
  EXPECT_EQ(f.client.input(reply(request, MessageType::Ack), t0).change, Change::Bound);
}

TEST(DhcpClient, StartsOverAfterFourUnansweredRequests) {
  Fixture f;
  const Message discover = f.client.start(t0).send->message;
  f.client.input(reply(discover, MessageType::Offer), t0);
  int requests = 1;
  for (;;) {
    Step s = f.client.timeout(f.client.deadline());
    ASSERT_TRUE(s.send);
    if (s.send->message.options.message_type == MessageType::Discover) break;
    ++requests;
  }
  EXPECT_EQ(requests, 4);
  EXPECT_EQ(f.client.state(), State::Selecting);
  EXPECT_NE(f.client.xid(), discover.xid);
}

TEST(DhcpClient, NakWhileRequestingStartsOver) {
  Fixture f;
  const Message discover = f.client.start(t0).send->message;
  const Message request = f.client.input(reply(discover, MessageType::Offer), t0).send->message;
  Step s = f.client.input(reply(request, MessageType::Nak), t0 + 1s);
  ASSERT_TRUE(s.send);
  EXPECT_EQ(s.send->message.options.message_type, MessageType::Discover);
  EXPECT_EQ(s.change, Change::None);  // there was no lease to lose
  EXPECT_EQ(f.client.stats().naks, 1u);
}

TEST(DhcpClient, RenewsByUnicastAtT1) {
  Fixture f;
  f.bind();
  const async::TimePoint t1 = f.client.lease()->renew_at();
  EXPECT_FALSE(f.client.timeout(t1 - 1s).send);
  Step s = f.client.timeout(t1);
  ASSERT_TRUE(s.send);
  const Message& renew = s.send->message;
  EXPECT_EQ(s.send->destination, server);
  EXPECT_EQ(renew.options.message_type, MessageType::Request);
  EXPECT_EQ(renew.ciaddr, offered);
  EXPECT_FALSE(renew.broadcast);
  EXPECT_FALSE(renew.options.server_identifier);  // RFC 2131 table 5: MUST NOT in RENEWING
  EXPECT_FALSE(renew.options.requested_address);
  EXPECT_EQ(renew.secs, 0);
  EXPECT_EQ(f.client.state(), State::Renewing);
  Step a = f.client.input(reply(renew, MessageType::Ack), t1 + 5ms);
  EXPECT_EQ(a.change, Change::Renewed);
  EXPECT_EQ(f.client.state(), State::Bound);
  EXPECT_EQ(f.client.lease()->start, t1);
  EXPECT_EQ(f.client.deadline(), t1 + 1800s);
}

TEST(DhcpClient, RebindsByBroadcastAtT2AndLosesTheLeaseAtItsEnd) {
  Fixture f;
  f.bind();
  const auto lease = *f.client.lease();
  std::vector<async::TimePoint> renews, rebinds;
  Step s;
  for (;;) {
    const async::TimePoint d = f.client.deadline();
    s = f.client.timeout(d);
    if (s.change == Change::Lost) break;
    ASSERT_TRUE(s.send);
    if (f.client.state() == State::Renewing) {
      EXPECT_EQ(s.send->destination, lease.server);
      renews.push_back(d);
    } else {
      ASSERT_EQ(f.client.state(), State::Rebinding);
      EXPECT_EQ(s.send->destination, Ipv4Address::broadcast());
      EXPECT_EQ(s.send->message.ciaddr, lease.address);
      rebinds.push_back(d);
    }
  }
  // RENEWING from T1, retransmitting at half the time left to T2 but at least 60 s apart.
  ASSERT_GE(renews.size(), 3u);
  EXPECT_EQ(renews[0], lease.renew_at());
  EXPECT_EQ(renews[1], renews[0] + (lease.rebind_at() - renews[0]) / 2);
  for (std::size_t i = 1; i < renews.size(); ++i) EXPECT_GE(renews[i] - renews[i - 1], 60s);
  EXPECT_LT(renews.back(), lease.rebind_at());
  ASSERT_GE(rebinds.size(), 2u);
  EXPECT_EQ(rebinds[0], lease.rebind_at());
  EXPECT_LT(rebinds.back(), lease.expires_at());
  // At the end of the lease: lost, and a new DISCOVER.
  ASSERT_TRUE(s.send);
  EXPECT_EQ(s.send->message.options.message_type, MessageType::Discover);
  EXPECT_FALSE(f.client.lease());
  EXPECT_EQ(f.client.state(), State::Selecting);
  EXPECT_EQ(f.client.stats().leases_lost, 1u);
}

TEST(DhcpClient, AnyServerMayAnswerWhileRebinding) {
  Fixture f;
  f.bind();
  f.client.timeout(f.client.lease()->renew_at());
  const Message rebind = f.client.timeout(f.client.lease()->rebind_at()).send->message;
  ASSERT_EQ(f.client.state(), State::Rebinding);
  Step a = f.client.input(reply(rebind, MessageType::Ack, offered, 600, other_server), t0 + 3200s);
  EXPECT_EQ(a.change, Change::Renewed);
  EXPECT_EQ(f.client.lease()->server, other_server);
  EXPECT_EQ(f.client.lease()->duration, 600s);
}

TEST(DhcpClient, NakWhileRenewingLosesTheLease) {
  Fixture f;
  f.bind();
  const Message renew = f.client.timeout(f.client.lease()->renew_at()).send->message;
  Step s = f.client.input(reply(renew, MessageType::Nak), t0 + 1801s);
  EXPECT_EQ(s.change, Change::Lost);
  ASSERT_TRUE(s.send);
  EXPECT_EQ(s.send->message.options.message_type, MessageType::Discover);
  EXPECT_FALSE(s.send->message.options.requested_address);
}

TEST(DhcpClient, UsesTheServersT1AndT2OnlyWhenTheyAreOrdered) {
  Fixture f;
  const Message discover = f.client.start(t0).send->message;
  const Message request = f.client.input(reply(discover, MessageType::Offer), t0).send->message;
  Message ack = reply(request, MessageType::Ack, offered, 100);
  ack.options.renewal_time = 10;
  ack.options.rebinding_time = 20;
  f.client.input(ack, t0);
  EXPECT_EQ(f.client.lease()->renew_after, 10s);
  EXPECT_EQ(f.client.lease()->rebind_after, 20s);

  Fixture g;
  const Message d2 = g.client.start(t0).send->message;
  const Message r2 = g.client.input(reply(d2, MessageType::Offer), t0).send->message;
  Message bad = reply(r2, MessageType::Ack, offered, 100);
  bad.options.renewal_time = 90;
  bad.options.rebinding_time = 30;  // T1 after T2: both ignored
  g.client.input(bad, t0);
  EXPECT_EQ(g.client.lease()->renew_after, 50s);
  EXPECT_EQ(g.client.lease()->rebind_after, 87500ms);
}

TEST(DhcpClient, AnInfiniteLeaseIsNeverRenewed) {
  Fixture f;
  f.bind(0xffffffff);
  EXPECT_TRUE(f.client.lease()->infinite());
  EXPECT_EQ(f.client.deadline(), async::TimePoint::max());
  EXPECT_EQ(f.client.lease()->to_string(), "10.79.0.53/24 via 10.79.0.1 from 10.79.0.1 for ever");
}

TEST(DhcpClient, DerivesTheNetworkFromTheClassWithoutAUsableMask) {
  Fixture f;
  const Message discover = f.client.start(t0).send->message;
  const auto b_class = Ipv4Address::of_octets(172, 16, 4, 9);
  const Message request =
      f.client.input(reply(discover, MessageType::Offer, b_class), t0).send->message;
  Message ack = reply(request, MessageType::Ack, b_class);
  ack.options.subnet_mask = Ipv4Address::of_octets(255, 0, 255, 0);  // not contiguous
  ack.options.routers = {Ipv4Address::of_octets(192, 168, 0, 1), Ipv4Address::of_octets(172, 16, 0, 1)};
  f.client.input(ack, t0);
  EXPECT_EQ(f.client.lease()->network.to_string(), "172.16.0.0/16");
  EXPECT_EQ(f.client.lease()->router, Ipv4Address::of_octets(172, 16, 0, 1));  // the first on-link
}

TEST(DhcpClient, InitRebootAsksForThePreviousAddress) {
  Fixture f({.mac = mac, .previous = offered, .seed = 3});
  Step s = f.client.start(t0);
  ASSERT_TRUE(s.send);
  EXPECT_EQ(f.client.state(), State::Rebooting);
  EXPECT_EQ(s.send->destination, Ipv4Address::broadcast());
  EXPECT_EQ(s.send->message.options.message_type, MessageType::Request);
  EXPECT_EQ(s.send->message.options.requested_address, offered);
  EXPECT_FALSE(s.send->message.options.server_identifier);
  EXPECT_EQ(f.client.input(reply(s.send->message, MessageType::Ack), t0).change, Change::Bound);

  Fixture g({.mac = mac, .previous = offered, .seed = 3});
  const Message reboot = g.client.start(t0).send->message;
  Step n = g.client.input(reply(reboot, MessageType::Nak), t0);
  ASSERT_TRUE(n.send);
  EXPECT_EQ(n.send->message.options.message_type, MessageType::Discover);
}

TEST(DhcpClient, ReleaseNamesTheServerAndDropsTheLease) {
  Fixture f;
  EXPECT_FALSE(f.client.release());
  f.bind();
  auto r = f.client.release();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->destination, server);
  EXPECT_EQ(r->message.options.message_type, MessageType::Release);
  EXPECT_EQ(r->message.ciaddr, offered);
  EXPECT_EQ(r->message.options.server_identifier, server);
  EXPECT_TRUE(r->message.options.parameter_requests.empty());
  EXPECT_FALSE(f.client.lease());
  EXPECT_EQ(f.client.state(), State::Init);
  // And it survives a round trip through the encoder.
  auto parsed = dhcp_wire::parse(dhcp_wire::encode(r->message));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, r->message);
}

}  // namespace
