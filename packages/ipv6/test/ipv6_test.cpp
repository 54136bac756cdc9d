#include "kernel_frames.hpp"
#include "util.hpp"

#include <gtest/gtest.h>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ethernet/testing/run.hpp>
#include <ipv6/ipv6.hpp>
#include <ipv6/mld.hpp>
#include <ipv6/testing/host.hpp>

#include <string>
#include <vector>

namespace {

using namespace ipv6_test;
using namespace std::chrono_literals;
using ipv6::testing::Host;
using mirage::IpError;
using mirage::IpProtocol;
using mirage::MacAddress;
namespace icmp = ipv6::icmp;
namespace ndp = ipv6::ndp;
namespace nh = ipv6::next_header;

static_assert(mirage::Ip<ipv6::testing::Ip>);
static_assert(ipv6::Layer<ipv6::testing::Ip>);

const MacAddress kernel_mac{{0x02, 0x88, 0x7b, 0x1c, 0x9c, 0x3f}};
const MacAddress our_mac{{0x4a, 0x9b, 0x99, 0x9f, 0x7e, 0x4f}};
const Ipv6Address kernel_ip = ip("fd00:77::1");
const Ipv6Address our_ip = ip("fd00:77::2");
const Ipv6Address kernel_link_local = ip("fe80::88:7bff:fe1c:9c3f");
const Ipv6Address our_link_local = ip("fe80::489b:99ff:fe9f:7e4f");
const Ipv6Address router_ip = ip("fe80::1");
const MacAddress router_mac{{0x02, 0, 0, 0, 0, 1}};

// A datagram carrying an NDP message (hop limit 255).
cstruct::Buffer ndp_datagram(Ipv6Address src, Ipv6Address dst, const ndp::Message& m) {
  auto bytes = ndp::encode(m, src, dst);
  return datagram(nh::icmpv6, Bytes(bytes.begin(), bytes.end()), src, dst, 255);
}

struct Sent {
  MacAddress to;
  ipv6::Packet packet;
};

// Our stack as fd00:77::2/64 (the captured frames' fd00:77::2) on a virtual-time loop,
// with a handler recording UDP datagrams.
struct Fixture {
  explicit Fixture(ipv6::Config config = ipv6::testing::config_of("fd00:77::2/64"),
                   MacAddress mac = our_mac, std::size_t mtu = 1500)
      : host(loop, mac, std::move(config), mtu) {
    run(host.ip.start());
    host.ip.set_handler(IpProtocol::Udp, [this](const ipv6::Packet& p) { return record(p); });
  }
  template <class T>
  T run(async::Task<T> task) {
    return ethernet::testing::run(loop, std::move(task));
  }
  async::Task<void> record(ipv6::Packet p) {
    got.push_back(std::move(p));
    co_return;
  }
  void input(const cstruct::Buffer& d) { run(host.ip.input(d)); }
  void wait(async::Duration d) {
    auto sleep = [this](async::Duration d) -> async::Task<void> { co_await loop.sleep(d); };
    run(sleep(d));
  }
  void input_frame(kernel::Frame frame) { input(datagram_of(frame)); }
  // The IPv6 datagrams sent since the last call, with their Ethernet destinations.
  // MLD reports are left out unless `with_mld`.
  std::vector<Sent> sent(bool with_mld = false) {
    std::vector<Sent> out;
    for (auto& f : host.net.sent) {
      auto frame = ethernet::parse(f);
      if (!frame || frame->header.type != mirage::EtherType::Ipv6) continue;
      auto p = ipv6::parse(frame->payload);
      EXPECT_TRUE(p);
      if (p && (with_mld || !is_mld_report(*p))) out.push_back({frame->header.destination, *p});
    }
    host.net.sent.clear();
    return out;
  }
  static bool is_mld_report(const ipv6::Packet& p) {
    return p.router_alert && p.protocol == nh::icmpv6 && !p.payload.empty() &&
           p.payload.get_u8(0) == ipv6::mld::report_type;
  }
  // The records of the MLD reports sent since the last call.
  std::vector<std::vector<ipv6::mld::Record>> mld_reports() {
    std::vector<std::vector<ipv6::mld::Record>> out;
    for (const Sent& s : sent(true)) {
      if (!is_mld_report(s.packet)) continue;
      EXPECT_EQ(s.to, ipv6::multicast_mac(ipv6::mld::all_mld_routers));
      EXPECT_EQ(s.packet.header.hop_limit, 1);
      out.push_back(records_of(s.packet));
    }
    return out;
  }
  // The records of an MLD report (groups only: we send no sources).
  static std::vector<ipv6::mld::Record> records_of(const ipv6::Packet& p) {
    auto m = icmp::parse(p.payload, p.header.source, p.header.destination);
    EXPECT_TRUE(m);
    std::vector<ipv6::mld::Record> records;
    for (std::size_t at = 0; m && at + 20 <= m->data.size(); at += 20) {
      ipv6::mld::Record r{ipv6::mld::RecordType(m->data.get_u8(at)), {}};
      for (std::size_t i = 0; i < 16; ++i) r.group.bytes[i] = m->data.get_u8(at + 4 + i);
      records.push_back(r);
    }
    if (m) {
      EXPECT_EQ(m->rest & 0xffff, records.size());
    }
    return records;
  }
  // The ICMPv6 message of a datagram sent.
  static icmp::Message message(const Sent& s) {
    auto m = icmp::parse(s.packet.payload, s.packet.header.source, s.packet.header.destination);
    EXPECT_TRUE(m);
    return m ? *m : icmp::Message{};
  }
  static std::optional<ndp::Message> ndp_of(const Sent& s) {
    if (s.packet.protocol != nh::icmpv6) return std::nullopt;
    auto m = ndp::parse(message(s), s.packet.header);
    return m ? std::optional<ndp::Message>(*m) : std::nullopt;
  }
  // Makes the kernel's address known (STALE), as its solicitation does; clears what it sends.
  void learn_kernel() {
    input_frame(kernel::neighbour_solicitation);
    sent();
  }
  async::Task<void> advertise_later(Ipv6Address target, MacAddress mac, bool solicited = true) {
    co_await loop.sleep(5ms);
    ndp::NeighbourAdvertisement na{false, solicited, true, target, {}};
    na.options.target_link_address = mac;
    co_await host.ip.input(ndp_datagram(target, our_ip, na));
  }

  async::ManualPlatform platform;
  async::Loop loop{platform};
  Host host;
  std::vector<ipv6::Packet> got;
};

// Our configuration, soliciting routers only once (so that waiting sends nothing else).
ipv6::Config soliciting_once() {
  auto config = ipv6::testing::config_of("fd00:77::2/64");
  config.router_solicitations = 1;
  return config;
}

TEST(Ipv6, StartsWithDadThenSolicitsRouters) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host host(loop, our_mac, "fd00:77::2/64");
  ethernet::testing::run(loop, host.ip.start());
  EXPECT_EQ(loop.now(), async::TimePoint(1s));
  std::vector<Sent> sent;
  for (auto& f : host.net.sent) {
    auto frame = ethernet::parse(f);
    ASSERT_TRUE(frame);
    auto p = ipv6::parse(frame->payload);
    ASSERT_TRUE(p);
    if (!Fixture::is_mld_report(*p)) sent.push_back({frame->header.destination, *p});
  }
  ASSERT_EQ(host.net.sent.size(), 5u);  // and two MLD reports, before DAD and a second later
  ASSERT_EQ(sent.size(), 3u);
  for (std::size_t i = 0; i < 2; ++i) {
    const Ipv6Address target = i == 0 ? our_link_local : our_ip;
    EXPECT_TRUE(sent[i].packet.header.source.is_unspecified());
    EXPECT_EQ(sent[i].packet.header.destination, ipv6::solicited_node(target));
    EXPECT_EQ(sent[i].to, ipv6::multicast_mac(ipv6::solicited_node(target)));
    auto m = Fixture::ndp_of(sent[i]);
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<ndp::NeighbourSolicitation>(*m), (ndp::NeighbourSolicitation{target, {}}));
  }
  EXPECT_EQ(sent[2].packet.header.source, our_link_local);
  EXPECT_EQ(sent[2].packet.header.destination, ipv6::all_routers);
  auto rs = Fixture::ndp_of(sent[2]);
  ASSERT_TRUE(rs);
  EXPECT_EQ(std::get<ndp::RouterSolicitation>(*rs).options.source_link_address, our_mac);
  EXPECT_EQ(host.ip.addresses(), (std::vector<Ipv6Address>{our_link_local, our_ip}));
  EXPECT_TRUE(host.eth.accepts(ipv6::multicast_mac(ipv6::all_nodes)));
  EXPECT_TRUE(host.eth.accepts(ipv6::multicast_mac(ipv6::solicited_node(our_ip))));
}

TEST(Ipv6, ReportsItsGroupsBeforeDadAsTheKernelDoes) {
  // The kernel's own report when fd00:77::1 came up, byte for byte (from ::, both
  // solicited-node groups, behind the same Router Alert).
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host host(loop, kernel_mac, "fd00:77::1/64");
  ethernet::testing::run(loop, host.ip.start());
  ASSERT_FALSE(host.net.sent.empty());
  EXPECT_EQ(host.net.sent[0], kernel::frame(kernel::mld_report));
  EXPECT_EQ(host.ip.stats().tx_mld_reports, 2u);  // the change, and once more a second later
}

TEST(Ipv6, ReportsJoiningAndLeavingGroups) {
  Fixture f;
  f.sent();
  const Ipv6Address group = ip("ff05::fb");
  f.host.ip.join(group);
  f.host.ip.join(ip("ff01::5"));  // interface-local: never reported
  f.run(f.host.ip.tick());
  using ipv6::mld::Record;
  using ipv6::mld::RecordType;
  EXPECT_EQ(f.mld_reports(),
            (std::vector<std::vector<Record>>{{{RecordType::ChangeToExclude, group}}}));
  f.wait(1s);
  f.run(f.host.ip.tick());
  EXPECT_EQ(f.mld_reports().size(), 1u);  // the repeat
  f.wait(1s);
  f.run(f.host.ip.tick());
  EXPECT_TRUE(f.mld_reports().empty());
}

TEST(Ipv6, ReportsLeavingTheGroupOfAnAddressGivenUp) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host host(loop, our_mac, "fd00:77::2/64");
  auto defend = [&]() -> async::Task<void> {
    co_await loop.sleep(100ms);
    ndp::NeighbourAdvertisement na{false, false, true, our_ip, {}};
    na.options.target_link_address = kernel_mac;
    co_await host.ip.input(ndp_datagram(our_ip, ipv6::all_nodes, na));
    co_await host.ip.tick();
  };
  ethernet::testing::run(loop, async::when_all(host.ip.start(), defend()));
  std::vector<ipv6::mld::Record> records;
  for (auto& frame : host.net.sent) {
    auto p = ipv6::parse(ethernet::parse(frame)->payload);
    if (p && Fixture::is_mld_report(*p)) {
      auto r = Fixture::records_of(*p);
      records.insert(records.end(), r.begin(), r.end());
    }
  }
  const ipv6::mld::Record left{ipv6::mld::RecordType::ChangeToInclude,
                               ipv6::solicited_node(our_ip)};
  EXPECT_NE(std::ranges::find(records, left), records.end());
}

// An MLD query from fe80::1 for `group` (:: for all) allowing `max_delay_ms`, version 2.
cstruct::Buffer mld_query(Ipv6Address group, std::uint16_t max_delay_ms,
                          Ipv6Address to = ipv6::all_nodes) {
  Bytes body(group.bytes.begin(), group.bytes.end());
  body.insert(body.end(), {2, 125, 0, 0});  // QRV 2, QQIC 125 s, no sources
  icmp::Message q{icmp::Type(ipv6::mld::query_type), 0, std::uint32_t(max_delay_ms) << 16,
                  cstruct::Buffer::copy_of(body)};
  auto bytes = icmp::encode(q, router_ip, to);
  return datagram(nh::icmpv6, Bytes(bytes.begin(), bytes.end()), router_ip, to, 1);
}

TEST(Ipv6, AnswersAGeneralQueryAfterItsOwnDelay) {
  Fixture f;
  f.sent();
  f.input(mld_query(ip("::"), 10000));
  EXPECT_TRUE(f.mld_reports().empty());
  // Our MAC ends 7e:4f: 0x7e4f % 10001 = 2332 ms.
  f.wait(2331ms);
  f.run(f.host.ip.tick());
  EXPECT_TRUE(f.mld_reports().empty());
  f.wait(1ms);
  f.run(f.host.ip.tick());
  using ipv6::mld::Record;
  using ipv6::mld::RecordType;
  EXPECT_EQ(f.mld_reports(),
            (std::vector<std::vector<Record>>{
                {{RecordType::ModeIsExclude, ipv6::solicited_node(our_ip)},
                 {RecordType::ModeIsExclude, ipv6::solicited_node(our_link_local)}}}));
  EXPECT_EQ(f.host.ip.stats().rx_mld_queries, 1u);
}

TEST(Ipv6, AnswersAGroupQueryOnlyForAGroupItIsIn) {
  Fixture f;
  f.sent();
  f.input(mld_query(ip("ff05::99"), 0, ip("ff05::99")));  // not ours: not even accepted
  f.input(mld_query(ip("ff02::1:ff00:9"), 0));            // asked on all-nodes, not ours
  f.run(f.host.ip.tick());
  EXPECT_TRUE(f.mld_reports().empty());
  f.input(mld_query(ipv6::solicited_node(our_ip), 0, ipv6::solicited_node(our_ip)));
  f.run(f.host.ip.tick());
  using ipv6::mld::Record;
  using ipv6::mld::RecordType;
  EXPECT_EQ(f.mld_reports(), (std::vector<std::vector<Record>>{
                                 {{RecordType::ModeIsExclude, ipv6::solicited_node(our_ip)}}}));
}

TEST(Ipv6, ReportsNothingWhenMldIsOff) {
  auto config = ipv6::testing::config_of("fd00:77::2/64");
  config.mld = false;
  Fixture f(config);
  f.input(mld_query(ip("::"), 0));
  f.run(f.host.ip.tick());
  EXPECT_TRUE(f.mld_reports().empty());
  EXPECT_EQ(f.host.ip.stats().tx_mld_reports, 0u);
}

TEST(Ipv6, SolicitsRoutersThreeTimesFourSecondsApart) {
  Fixture f;  // start() sent the first at 1 s
  f.sent();
  std::vector<async::TimePoint> times;
  f.host.net.on_write = [&](const cstruct::Buffer&) { times.push_back(f.loop.now()); };
  auto sleep = [&f]() -> async::Task<void> { co_await f.loop.sleep(20s); };
  auto run_for = [&]() -> async::Task<void> { co_await async::when_any(f.host.ip.run(), sleep()); };
  f.run(run_for());
  EXPECT_EQ(times, (std::vector<async::TimePoint>{5s, 9s}));
  for (const Sent& s : f.sent()) EXPECT_EQ(s.packet.header.destination, ipv6::all_routers);
  EXPECT_EQ(f.host.ip.stats().tx_router_solicitations, 3u);
}

TEST(Ipv6, AnswersTheKernelsSolicitationAsTheKernelDid) {
  Fixture f;
  f.sent();
  f.input_frame(kernel::neighbour_solicitation);
  ASSERT_EQ(f.host.net.sent.size(), 1u);
  EXPECT_EQ(f.host.net.sent[0], kernel::frame(kernel::neighbour_advertisement));  // byte for byte
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_ip)->state, ipv6::NeighbourState::Stale);
}

TEST(Ipv6, AnswersTheKernelsEchoRequest) {
  Fixture f;
  f.learn_kernel();
  f.input_frame(kernel::echo_request);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, kernel_mac);
  auto kernel_reply = ipv6::parse(datagram_of(kernel::echo_reply));
  ASSERT_TRUE(kernel_reply);
  EXPECT_EQ(sent[0].packet.header.source, our_ip);
  EXPECT_EQ(sent[0].packet.header.destination, kernel_ip);
  EXPECT_EQ(sent[0].packet.header.hop_limit, 64);
  EXPECT_EQ(sent[0].packet.payload, kernel_reply->payload);
  EXPECT_EQ(f.host.ip.stats().tx_echo_replies, 1u);
}

TEST(Ipv6, ReassemblesTheKernelsFragmentsAndFragmentsTheReply) {
  Fixture f;
  f.learn_kernel();
  f.input_frame(kernel::fragment_2);
  f.input_frame(kernel::fragment_3);
  EXPECT_TRUE(f.sent().empty());
  f.input_frame(kernel::fragment_1);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 3u);
  ipv6::Reassembler r;
  std::optional<cstruct::Buffer> whole;
  for (const Sent& s : sent) {
    EXPECT_LE(s.packet.datagram.size(), 1500u);
    auto out = r.add(s.packet, {});
    ASSERT_TRUE(out);
    if (*out) whole = **out;
  }
  ASSERT_TRUE(whole);
  auto reply = ipv6::parse(*whole);
  ASSERT_TRUE(reply);
  auto m = icmp::parse(reply->payload, our_ip, kernel_ip);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, icmp::Type::EchoReply);
  EXPECT_EQ(m->data.size(), 3000u);
  EXPECT_EQ(f.host.ip.stats().rx_reassembled, 1u);
}

TEST(Ipv6, SendsTimeExceededWhenReassemblyTimesOut) {
  Fixture f(soliciting_once());
  f.learn_kernel();
  f.input_frame(kernel::fragment_1);
  f.input_frame(kernel::fragment_3);
  f.wait(59s);
  f.run(f.host.ip.tick());
  EXPECT_TRUE(f.sent().empty());
  f.wait(1s);
  f.run(f.host.ip.tick());
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].packet.header.destination, kernel_ip);
  auto m = Fixture::message(sent[0]);
  EXPECT_EQ(m.type, icmp::Type::TimeExceeded);
  EXPECT_EQ(m.code, std::uint8_t(icmp::Expired::Reassembly));
  EXPECT_EQ(m.data, datagram_of(kernel::fragment_1).sub(0, icmp::max_quote));
  EXPECT_EQ(f.host.ip.stats().rx_reassembly_timeouts, 1u);
  EXPECT_EQ(f.host.ip.reassembler().datagrams(), 0u);
}

TEST(Ipv6, SendsNoTimeExceededWithoutTheFirstFragment) {
  Fixture f(soliciting_once());
  f.learn_kernel();
  f.input_frame(kernel::fragment_2);
  f.wait(60s);
  f.input_frame(kernel::fragment_3);  // expires the other on its way in
  EXPECT_TRUE(f.sent().empty());
  EXPECT_EQ(f.host.ip.reassembler().datagrams(), 1u);
}

TEST(Ipv6, DefendsItsAddressAgainstAnotherNodesDad) {
  Fixture f;
  f.sent();
  f.input(
      ndp_datagram(ip("::"), ipv6::solicited_node(our_ip), ndp::NeighbourSolicitation{our_ip, {}}));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].packet.header.destination, ipv6::all_nodes);
  auto na = std::get<ndp::NeighbourAdvertisement>(*Fixture::ndp_of(sent[0]));
  EXPECT_FALSE(na.solicited);
  EXPECT_TRUE(na.override);
  EXPECT_EQ(na.options.target_link_address, our_mac);
}

// Brings a host with fd00:77::2/64 up while `conflict` arrives 100 ms into its DAD;
// returns the host's stats and addresses after.
std::pair<ipv6::Stats, std::vector<Ipv6Address>> start_with(const cstruct::Buffer& conflict) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host host(loop, our_mac, "fd00:77::2/64");
  auto arrive = [&]() -> async::Task<void> {
    co_await loop.sleep(100ms);
    co_await host.ip.input(conflict);
  };
  ethernet::testing::run(loop, async::when_all(host.ip.start(), arrive()));
  EXPECT_EQ(host.eth.accepts(ipv6::multicast_mac(ipv6::solicited_node(our_ip))),
            host.ip.slaac().tentative(our_ip) || host.ip.slaac().assigned(our_ip));
  return {host.ip.stats(), host.ip.addresses()};
}

TEST(Ipv6, GivesUpAnAddressThatAnswersItsDad) {
  ndp::NeighbourAdvertisement na{false, false, true, our_ip, {}};
  na.options.target_link_address = kernel_mac;
  auto [stats, addresses] = start_with(ndp_datagram(our_ip, ipv6::all_nodes, na));
  EXPECT_EQ(addresses, std::vector<Ipv6Address>{our_link_local});
  EXPECT_EQ(stats.dad_failures, 1u);
}

TEST(Ipv6, GivesUpAnAddressAnotherNodeIsTryingToo) {
  auto [stats, addresses] = start_with(
      ndp_datagram(ip("::"), ipv6::solicited_node(our_ip), ndp::NeighbourSolicitation{our_ip, {}}));
  EXPECT_EQ(addresses, std::vector<Ipv6Address>{our_link_local});
  EXPECT_EQ(stats.dad_failures, 1u);
}

TEST(Ipv6, KeepsAnAddressWhenASolicitationForItIsNotDad) {
  ndp::NeighbourSolicitation ns{our_ip, {}};
  ns.options.source_link_address = kernel_mac;
  auto [stats, addresses] = start_with(ndp_datagram(kernel_ip, ipv6::solicited_node(our_ip), ns));
  EXPECT_EQ(addresses, (std::vector<Ipv6Address>{our_link_local, our_ip}));
  EXPECT_EQ(stats.dad_failures, 0u);
}

TEST(Ipv6, DropsWhatIsSentToATentativeAddress) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host host(loop, our_mac, "fd00:77::2/64");
  std::size_t delivered = 0;
  host.ip.set_handler(IpProtocol::Udp, [&delivered](const ipv6::Packet&) -> async::Task<void> {
    ++delivered;
    co_return;
  });
  auto during_dad = [&]() -> async::Task<void> {
    co_await loop.sleep(100ms);
    const Bytes udp{0, 1, 0, 2, 0, 8, 0, 0};
    co_await host.ip.input(datagram(nh::udp, udp, kernel_ip, our_ip));
  };
  ethernet::testing::run(loop, async::when_all(host.ip.start(), during_dad()));
  EXPECT_EQ(delivered, 0u);
}

ndp::RouterAdvertisement router_advertisement() {
  ndp::RouterAdvertisement ra{.hop_limit = 32, .router_lifetime = 1800, .reachable_time = 20000};
  ra.options.source_link_address = router_mac;
  ra.options.mtu = 1400;
  ra.options.prefixes.push_back(
      {*ipv6::Prefix::parse("2001:db8:1::/64"), true, true, 86400, 14400});
  return ra;
}

TEST(Ipv6, ConfiguresItselfFromARouterAdvertisement) {
  Fixture f(ipv6::testing::config_of(""));
  f.sent();
  f.input(ndp_datagram(router_ip, ipv6::all_nodes, router_advertisement()));
  const Ipv6Address global = ip("2001:db8:1:0:489b:99ff:fe9f:7e4f");
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);  // DAD for the new address
  EXPECT_EQ(std::get<ndp::NeighbourSolicitation>(*Fixture::ndp_of(sent[0])).target, global);
  EXPECT_EQ(f.host.ip.hop_limit(), 32);
  EXPECT_EQ(f.host.ip.mtu(ip("2001:db8:9::9")), 1360u);
  EXPECT_EQ(f.host.ip.neighbours().config().reachable_time, 20s);
  EXPECT_EQ(f.host.ip.routes().routers().size(), 1u);
  EXPECT_TRUE(f.host.ip.routes().on_link(ip("2001:db8:1::99"), f.loop.now()));
  f.wait(1s);
  f.run(f.host.ip.tick());
  EXPECT_EQ(f.host.ip.addresses(), (std::vector<Ipv6Address>{our_link_local, global}));
  // Off-link datagrams go to the router, whose address the advertisement gave.
  ASSERT_TRUE(f.run(
      f.host.ip.write(ip("2001:db8:9::9"), IpProtocol::Udp, cstruct::Buffer::of_string("x"))));
  sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, router_mac);
  EXPECT_EQ(sent[0].packet.header.source, global);
  EXPECT_EQ(sent[0].packet.header.hop_limit, 32);
}

TEST(Ipv6, ForgetsARouterAndPrefixThatAreWithdrawn) {
  Fixture f(ipv6::testing::config_of(""));
  f.input(ndp_datagram(router_ip, ipv6::all_nodes, router_advertisement()));
  auto withdraw = router_advertisement();
  withdraw.router_lifetime = 0;
  withdraw.options.prefixes[0].valid_lifetime = 0;
  withdraw.options.prefixes[0].preferred_lifetime = 0;
  f.input(ndp_datagram(router_ip, ipv6::all_nodes, withdraw));
  EXPECT_TRUE(f.host.ip.routes().routers().empty());
  EXPECT_TRUE(f.host.ip.routes().prefixes().empty());
  EXPECT_EQ(
      f.run(f.host.ip.write(ip("2001:db8:9::9"), IpProtocol::Udp, cstruct::Buffer::of_string("x")))
          .error(),
      IpError::NoRoute);
}

TEST(Ipv6, IgnoresRouterAdvertisementsWhenToldTo) {
  auto config = ipv6::testing::config_of("");
  config.accept_router_advertisements = false;
  Fixture f(config);
  f.input(ndp_datagram(router_ip, ipv6::all_nodes, router_advertisement()));
  EXPECT_TRUE(f.host.ip.routes().routers().empty());
  EXPECT_EQ(f.host.ip.slaac().addresses().size(), 1u);
}

TEST(Ipv6, IgnoresRouterAdvertisementsFromOffTheLink) {
  Fixture f(ipv6::testing::config_of(""));
  auto d = ndp_datagram(router_ip, ipv6::all_nodes, router_advertisement());
  d.set_u8(7, 254);  // hop limit
  f.input(d);
  EXPECT_TRUE(f.host.ip.routes().routers().empty());
  EXPECT_EQ(f.host.ip.stats().rx_ndp_malformed, 1u);
}

TEST(Ipv6, WriteResolvesTheNeighbourFirst) {
  Fixture f;
  f.sent();
  auto [r, _] = f.run(async::when_all(
      f.host.ip.write(kernel_ip, IpProtocol::Udp, cstruct::Buffer::of_string("hello")),
      f.advertise_later(kernel_ip, kernel_mac)));
  ASSERT_TRUE(r);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].to, ipv6::multicast_mac(ipv6::solicited_node(kernel_ip)));
  auto ns = std::get<ndp::NeighbourSolicitation>(*Fixture::ndp_of(sent[0]));
  EXPECT_EQ(ns.target, kernel_ip);
  EXPECT_EQ(ns.options.source_link_address, our_mac);
  EXPECT_EQ(sent[1].to, kernel_mac);
  EXPECT_EQ(sent[1].packet.protocol, nh::udp);
  EXPECT_EQ(sent[1].packet.payload.to_string(), "hello");
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_ip)->state, ipv6::NeighbourState::Reachable);
}

TEST(Ipv6, WriteFailsWhenNoNeighbourAnswers) {
  Fixture f;
  f.sent();
  const auto started = f.loop.now();
  auto r = f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, cstruct::Buffer::of_string("x")));
  EXPECT_EQ(r.error(), IpError::NoRoute);
  EXPECT_EQ(f.loop.now() - started, 3s);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 3u);  // three solicitations, no datagram
  for (const Sent& s : sent)
    EXPECT_EQ(s.packet.header.destination, ipv6::solicited_node(kernel_ip));
  EXPECT_EQ(f.host.ip.stats().tx_unresolved, 1u);
}

TEST(Ipv6, ProbesAStaleNeighbourItSendsToByUnicast) {
  Fixture f(soliciting_once());
  f.learn_kernel();  // STALE, from the kernel's solicitation
  ASSERT_TRUE(f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, cstruct::Buffer::of_string("x"))));
  EXPECT_EQ(f.sent().size(), 1u);  // sent at once, to the address it had
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_ip)->state, ipv6::NeighbourState::Delay);
  f.wait(5s);
  f.run(f.host.ip.tick());
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, kernel_mac);
  EXPECT_EQ(sent[0].packet.header.destination, kernel_ip);
  EXPECT_EQ(std::get<ndp::NeighbourSolicitation>(*Fixture::ndp_of(sent[0])).target, kernel_ip);
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_ip)->state, ipv6::NeighbourState::Probe);
  f.run(f.advertise_later(kernel_ip, kernel_mac));
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_ip)->state, ipv6::NeighbourState::Reachable);
}

TEST(Ipv6, ConfirmedNeighboursAreNotProbed) {
  Fixture f(soliciting_once());
  f.learn_kernel();
  ASSERT_TRUE(f.run(f.host.ip.write(kernel_ip, IpProtocol::Udp, cstruct::Buffer::of_string("x"))));
  f.host.ip.confirm_reachable(kernel_ip);  // as TCP does on an ACK
  f.wait(5s);
  f.run(f.host.ip.tick());
  EXPECT_EQ(f.sent().size(), 1u);  // the datagram only
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_ip)->state, ipv6::NeighbourState::Reachable);
}

TEST(Ipv6, TryWriteHoldsTheDatagramUntilTheNeighbourAnswers) {
  Fixture f;
  f.sent();
  auto fill = [](const cstruct::Buffer& out) { out.set_u8(0, 0x42); };
  ASSERT_TRUE(f.run(f.host.ip.try_write(kernel_ip, IpProtocol::Udp, 8, fill)));
  EXPECT_EQ(f.sent().size(), 1u);  // the solicitation only
  f.run(f.advertise_later(kernel_ip, kernel_mac));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, kernel_mac);
  EXPECT_EQ(sent[0].packet.payload.get_u8(0), 0x42);
}

TEST(Ipv6, HonoursTheKernelsPacketTooBig) {
  // We stand for fd00:77::1 here, routing through fd00:77::2, whose 1280-byte link the
  // captured Packet Too Big is about.
  Fixture f(ipv6::testing::config_of("fd00:77::1/64", our_ip), kernel_mac);
  const Ipv6Address far = ip("fd00:78::2");
  EXPECT_EQ(f.host.ip.mtu(far), 1460u);
  f.input_frame(kernel::packet_too_big);
  EXPECT_EQ(f.host.ip.mtu(far), 1240u);
  EXPECT_EQ(f.host.ip.mtu(our_ip), 1460u);
  ndp::NeighbourSolicitation ns{kernel_ip, {}};
  ns.options.source_link_address = our_mac;
  f.input(ndp_datagram(our_ip, ipv6::solicited_node(kernel_ip), ns));
  f.sent();
  ASSERT_TRUE(f.run(f.host.ip.write(far, IpProtocol::Udp, cstruct::Buffer::create(1400))));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 2u);
  for (const Sent& s : sent) {
    EXPECT_LE(s.packet.datagram.size(), 1280u);
    EXPECT_TRUE(s.packet.is_fragment());
    EXPECT_EQ(s.to, our_mac);
  }
}

TEST(Ipv6, ReportsErrorsToTheLayersAbove) {
  Fixture f(ipv6::testing::config_of("fd00:77::1/64", our_ip), kernel_mac);
  std::vector<icmp::Type> errors;
  f.host.ip.on_error([&errors](const icmp::ErrorReport& r) { errors.push_back(r.type); });
  f.input_frame(kernel::port_unreachable);
  f.input_frame(kernel::time_exceeded);
  EXPECT_EQ(errors, (std::vector<icmp::Type>{icmp::Type::DestinationUnreachable,
                                             icmp::Type::TimeExceeded}));
}

TEST(Ipv6, RefusesToFragmentWithDontFragmentAndDatagramsTooBig) {
  Fixture f;
  f.learn_kernel();
  auto fill = [](const cstruct::Buffer&) {};
  EXPECT_EQ(
      f.run(f.host.ip.write_with(kernel_ip, IpProtocol::Udp, 1461, fill, {.dont_fragment = true}))
          .error(),
      IpError::WouldFragment);
  EXPECT_TRUE(
      f.run(f.host.ip.write_with(kernel_ip, IpProtocol::Udp, 1460, fill, {.dont_fragment = true})));
  EXPECT_EQ(f.run(f.host.ip.write_with(kernel_ip, IpProtocol::Udp, 65536, fill)).error(),
            IpError::TooBig);
}

TEST(Ipv6, HasNoRouteOffLinkWithoutARouterNorToItself) {
  Fixture f;
  f.sent();
  auto x = cstruct::Buffer::of_string("x");
  EXPECT_EQ(f.run(f.host.ip.write(ip("2001:db8::9"), IpProtocol::Udp, x)).error(),
            IpError::NoRoute);
  EXPECT_EQ(f.run(f.host.ip.write(our_ip, IpProtocol::Udp, x)).error(), IpError::NoRoute);
  EXPECT_TRUE(f.sent().empty());
}

TEST(Ipv6, SendsMulticastWithoutResolution) {
  Fixture f;
  f.sent();
  const Ipv6Address group = ip("ff02::fb");
  ASSERT_TRUE(f.run(f.host.ip.write(group, IpProtocol::Udp, cstruct::Buffer::of_string("x"))));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, ipv6::multicast_mac(group));
  EXPECT_EQ(sent[0].packet.header.source, our_link_local);  // link scope
}

TEST(Ipv6, DeliversToTheHandlerOfTheNextHeaderWithoutCopying) {
  Fixture f;
  auto d = datagram(nh::destination_options,
                    cat({options_header(nh::udp, {}), Bytes{0, 1, 0, 2, 0, 9, 0, 0, 'x'}}),
                    kernel_ip, our_ip);
  f.input(d);
  ASSERT_EQ(f.got.size(), 1u);
  EXPECT_EQ(f.got[0].payload.data(), d.data() + 48);
  EXPECT_EQ(f.host.ip.stats().rx_delivered, 1u);
}

TEST(Ipv6, AcceptsJoinedGroupsOnly) {
  Fixture f;
  const Bytes udp{0, 1, 0, 2, 0, 8, 0, 0};
  f.input(datagram(nh::udp, udp, kernel_ip, ip("ff02::fb")));
  EXPECT_TRUE(f.got.empty());
  EXPECT_EQ(f.host.ip.stats().rx_not_for_us, 1u);
  f.host.ip.join(ip("ff02::fb"));
  EXPECT_TRUE(f.host.eth.accepts(ipv6::multicast_mac(ip("ff02::fb"))));
  f.input(datagram(nh::udp, udp, kernel_ip, ip("ff02::fb")));
  f.input(datagram(nh::udp, udp, kernel_ip, ipv6::all_nodes));
  EXPECT_EQ(f.got.size(), 2u);
}

TEST(Ipv6, DropsDatagramsForOthersAndFromMartians) {
  Fixture f;
  const Bytes udp{0, 1, 0, 2, 0, 8, 0, 0};
  f.input(datagram(nh::udp, udp, kernel_ip, ip("fd00:77::3")));
  EXPECT_EQ(f.host.ip.stats().rx_not_for_us, 1u);
  for (auto src : {ip("ff02::1"), ip("::1"), ip("::"), our_ip, ip("::ffff:10.0.0.1")})
    f.input(datagram(nh::udp, udp, src, our_ip));
  EXPECT_EQ(f.host.ip.stats().rx_martian, 5u);
  EXPECT_TRUE(f.got.empty());
}

TEST(Ipv6, AnswersAnUnknownNextHeaderWithAParameterProblem) {
  Fixture f;
  f.learn_kernel();
  auto d = datagram(nh::destination_options, cat({options_header(253, {}), Bytes{1, 2, 3}}),
                    kernel_ip, our_ip);
  f.input(d);
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  auto m = Fixture::message(sent[0]);
  EXPECT_EQ(m.type, icmp::Type::ParameterProblem);
  EXPECT_EQ(m.code, 1);
  EXPECT_EQ(m.rest, 40u);  // the destination options header's Next Header field
  EXPECT_EQ(m.data, d);
  // A default handler takes them instead.
  std::size_t taken = 0;
  f.host.ip.set_default_handler([&taken](const ipv6::Packet&) -> async::Task<void> {
    ++taken;
    co_return;
  });
  f.input(d);
  EXPECT_EQ(taken, 1u);
  EXPECT_TRUE(f.sent().empty());
}

TEST(Ipv6, AnswersAnOptionItMustNotSkipWithAParameterProblem) {
  Fixture f;
  f.learn_kernel();
  f.input(datagram(nh::hop_by_hop, cat({options_header(nh::udp, {0x9e, 0}), Bytes(8, 0)}),
                   kernel_ip, our_ip));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  auto m = Fixture::message(sent[0]);
  EXPECT_EQ(m.type, icmp::Type::ParameterProblem);
  EXPECT_EQ(m.code, 2);
  EXPECT_EQ(m.rest, 42u);
  EXPECT_TRUE(f.got.empty());
}

TEST(Ipv6, SendsNoErrorAboutAFrameSentToALinkMulticast) {
  Fixture f;
  f.learn_kernel();
  f.run(f.host.ip.input(datagram(253, {1, 2, 3}, kernel_ip, our_ip), true));
  EXPECT_TRUE(f.sent().empty());
  EXPECT_EQ(f.host.ip.stats().rx_no_protocol, 1u);
}

TEST(Ipv6, RateLimitsTheErrorsItSends) {
  auto config = ipv6::testing::config_of("fd00:77::2/64");
  config.errors_per_second = 2;
  Fixture f(config);
  f.learn_kernel();
  auto d = datagram(253, {1, 2, 3}, kernel_ip, our_ip);
  for (int i = 0; i < 5; ++i) f.input(d);
  EXPECT_EQ(f.sent().size(), 2u);
  EXPECT_EQ(f.host.ip.stats().tx_rate_limited, 3u);
  f.wait(1s);
  f.input(d);
  EXPECT_EQ(f.sent().size(), 1u);
}

TEST(Ipv6, SendsNoErrorAboutAnError) {
  Fixture f;
  f.learn_kernel();
  auto error = icmp::destination_unreachable(
      icmp::Unreachable::Port, *ipv6::parse(datagram(nh::udp, Bytes(8, 0), our_ip, kernel_ip)));
  auto bytes = icmp::encode(error, kernel_ip, our_ip);
  // Behind a destination options header whose unknown option asks for a Parameter Problem.
  f.input(datagram(nh::destination_options,
                   cat({options_header(nh::icmpv6, {0x1e, 0}), Bytes(bytes.begin(), bytes.end())}),
                   kernel_ip, our_ip));
  EXPECT_EQ(f.host.ip.stats().rx_icmp_errors, 1u);
  EXPECT_TRUE(f.sent().empty());
}

TEST(Ipv6, FollowsARedirectFromItsRouterOnly) {
  // We stand for fd00:77::1, whose router is fe80::489b:99ff:fe9f:7e4f: the kernel's
  // redirect for fd00:79::9 comes from it.
  Fixture f(ipv6::testing::config_of("fd00:77::1/64", our_link_local), kernel_mac);
  f.input_frame(kernel::redirect);
  ASSERT_EQ(f.host.ip.routes().redirects().size(), 1u);
  EXPECT_EQ(f.host.ip.routes().next_hop(ip("fd00:79::9"), f.loop.now(), f.host.ip.neighbours()),
            kernel_link_local);
  EXPECT_EQ(f.host.ip.neighbours().find(kernel_link_local)->mac, kernel_mac);
  // Without that router, the same redirect is not believed.
  Fixture g(ipv6::testing::config_of("fd00:77::1/64"), kernel_mac);
  g.input_frame(kernel::redirect);
  EXPECT_TRUE(g.host.ip.routes().redirects().empty());
  EXPECT_EQ(g.host.ip.stats().rx_redirects_ignored, 1u);
}

TEST(Ipv6, ReportsItsAddressesAndMtu) {
  Fixture f;
  EXPECT_EQ(f.host.ip.src(kernel_ip), our_ip);
  EXPECT_EQ(f.host.ip.src(kernel_link_local), our_link_local);
  EXPECT_EQ(f.host.ip.mtu(kernel_ip), 1460u);
}

TEST(Ipv6, TwoStacksOnOneLinkFindEachOtherPingAndExchangeALargeDatagram) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  Host a(loop, kernel_mac, ""), b(loop, our_mac, "");  // link-local addresses only
  std::string received;
  std::vector<icmp::Message> replies;
  b.ip.set_handler(IpProtocol::Udp, [&received](const ipv6::Packet& p) -> async::Task<void> {
    received = p.payload.to_string();
    co_return;
  });
  a.ip.set_handler(IpProtocol::Icmpv6, [&replies](const ipv6::Packet& p) -> async::Task<void> {
    if (auto m = icmp::parse(p.payload, p.header.source, p.header.destination))
      replies.push_back(*m);
    co_return;
  });
  ASSERT_TRUE(loop.run(async::when_any(a.serve(), b.serve(), ipv6::testing::link(a, b))));
  const std::string large(5000, 'm');
  std::vector<std::expected<void, IpError>> results;
  auto talk = [&]() -> async::Task<void> {
    const auto ping = icmp::encode(icmp::echo_request(1, 2, cstruct::Buffer::of_string("ping")),
                                   kernel_link_local, our_link_local);
    results.push_back(co_await a.ip.write(our_link_local, IpProtocol::Icmpv6, ping));
    results.push_back(
        co_await a.ip.write(our_link_local, IpProtocol::Udp, cstruct::Buffer::of_string(large)));
    co_await loop.sleep(1ms);  // lets b handle the last fragment
  };
  ASSERT_TRUE(loop.run(async::when_any(a.serve(), b.serve(), talk())));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0] && results[1]);
  EXPECT_EQ(received, large);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].type, icmp::Type::EchoReply);
  EXPECT_EQ(replies[0].data.to_string(), "ping");
  EXPECT_EQ(a.ip.neighbours().find(our_link_local)->mac, our_mac);
}

TEST(Ipv6Config, ParsesCidr) {
  auto c = ipv6::Config::parse("2001:db8::2/64", ip("fe80::1"));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->addresses.size(), 1u);
  EXPECT_EQ(c->addresses[0].address, ip("2001:db8::2"));
  EXPECT_EQ(c->addresses[0].prefix_length, 64);
  EXPECT_EQ(c->gateway, ip("fe80::1"));
  EXPECT_FALSE(ipv6::Config::parse("2001:db8::2"));
  EXPECT_FALSE(ipv6::Config::parse("2001:db8::2/129"));
  EXPECT_FALSE(ipv6::Config::parse("ff02::1/64"));
  EXPECT_FALSE(ipv6::Config::parse("::/0"));
}

}  // namespace
