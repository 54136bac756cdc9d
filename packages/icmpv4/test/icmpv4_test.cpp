#include <gtest/gtest.h>
#include <async/manual_platform.hpp>
#include <async/when.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <ethernet/testing/run.hpp>
#include <icmpv4/icmpv4.hpp>
#include <ipv4/testing/host.hpp>

#include <vector>

namespace {

using namespace std::chrono_literals;
using ethernet::testing::hex;
using icmpv4::PingError;
using icmpv4::Type;
using ipv4::testing::Host;
using mirage::Ipv4Address;
using mirage::MacAddress;
namespace captured = ethernet::testing::captured;
using Icmp = icmpv4::Icmpv4<ipv4::testing::Ip>;

static_assert(mirage::Icmp<Icmp>);

using captured::kernel_ip;
using captured::kernel_mac;
constexpr auto our_ip = captured::peer_ip;
constexpr auto our_mac = captured::peer_mac;

// A host (IPv4 and ICMP) on the loop; `wire` says whether ICMP input is connected.
struct IcmpHost {
  IcmpHost(async::Loop& loop, MacAddress mac, std::string_view cidr, icmpv4::Options options = {})
      : host(loop, mac, cidr), icmp(host.ip, loop, options) {
    host.ip.set_handler(mirage::IpProtocol::Icmp,
                        [this](const ipv4::Packet& p) { return icmp.input(p); });
  }
  Host host;
  Icmp icmp;
};

struct Fixture {
  explicit Fixture(icmpv4::Options options = {}) : us(loop, our_mac, "10.77.0.2/24", options) {
    run(us.host.start());
    us.host.net.sent.clear();
  }
  template <class T>
  T run(async::Task<T> task) {
    return ethernet::testing::run(loop, std::move(task));
  }
  void learn_kernel() { run(us.host.hear_from(kernel_ip, kernel_mac)); }
  async::Task<void> input_frame(cstruct::Buffer frame) {
    co_await us.host.ip.input(frame.shift(ethernet::header_size));
  }
  // The ICMP messages sent (after IPv4 reassembly), with their IPv4 headers.
  std::vector<std::pair<ipv4::Header, icmpv4::Message>> sent() {
    std::vector<std::pair<ipv4::Header, icmpv4::Message>> out;
    ipv4::Reassembler r;
    for (auto& f : us.host.net.sent) {
      auto frame = ethernet::parse(f);
      if (!frame || frame->header.type != mirage::EtherType::Ipv4) continue;
      auto p = ipv4::parse(frame->payload);
      EXPECT_TRUE(p);
      if (p->header.is_fragment()) {
        auto whole = r.add(*p, {});
        if (!whole || !*whole) continue;
        *p = **whole;
      }
      auto m = icmpv4::parse(p->payload);
      EXPECT_TRUE(m);
      out.emplace_back(p->header, *m);
    }
    return out;
  }

  async::ManualPlatform platform;
  async::Loop loop{platform};
  IcmpHost us;
};

TEST(Icmpv4, AnswersTheKernelsPingAsTheKernelDid) {
  Fixture f;
  f.learn_kernel();
  f.run(f.input_frame(hex(captured::icmp_echo_request)));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first.destination, kernel_ip);
  EXPECT_EQ(icmpv4::encode(sent[0].second),
            hex(captured::icmp_echo_reply).shift(ethernet::header_size + 20));
  EXPECT_EQ(f.us.icmp.stats().echo_replies_sent, 1u);
}

TEST(Icmpv4, AnswersAReassembledPingWithAFragmentedReply) {
  Fixture f;
  f.learn_kernel();
  for (auto frame : {captured::fragment_1, captured::fragment_2, captured::fragment_3})
    f.run(f.input_frame(hex(frame)));
  EXPECT_EQ(f.us.host.net.sent.size(), 3u);  // 3008 bytes of ICMP in three fragments
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].second.type, Type::EchoReply);
  EXPECT_EQ(sent[0].second.data.size(), 3000u);
  EXPECT_EQ(sent[0].second.identifier(), 20855);
}

TEST(Icmpv4, DoesNotWaitForArpToAnswer) {
  Fixture f;
  f.run(f.input_frame(hex(captured::icmp_echo_request)));
  EXPECT_EQ(f.loop.now(), async::TimePoint{});
  EXPECT_TRUE(f.sent().empty());
  ASSERT_EQ(f.us.host.net.sent.size(), 1u);  // an ARP request for the kernel instead
  EXPECT_EQ(f.us.icmp.stats().unsent, 1u);
}

TEST(Icmpv4, IgnoresBroadcastPingsUnlessAsked) {
  for (bool answer : {false, true}) {
    Fixture f({.answer_broadcast_echo = answer});
    f.learn_kernel();
    auto frame = cstruct::Buffer::copy_of(hex(captured::icmp_echo_request));
    auto ip = frame.shift(ethernet::header_size);
    ip.set_be32(16, Ipv4Address::of_octets(10, 77, 0, 255).value);
    ip.set_be16(10, 0);
    ip.set_be16(10, ipv4::checksum(ip.sub(0, 20)));
    f.run(f.input_frame(frame));
    EXPECT_EQ(f.sent().size(), answer ? 1u : 0u);
  }
}

TEST(Icmpv4, SendsPortUnreachableQuotingTheDatagram) {
  Fixture f;
  f.learn_kernel();
  auto offending = ipv4::parse(hex(captured::udp_to_closed_port).shift(ethernet::header_size));
  f.run(f.us.icmp.unreachable(icmpv4::Unreachable::Port, *offending));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(icmpv4::encode(sent[0].second),
            hex(captured::icmp_port_unreachable).shift(ethernet::header_size + 20));
  EXPECT_EQ(f.us.icmp.stats().errors_sent, 1u);
}

TEST(Icmpv4, SendsNoErrorAboutABroadcast) {
  Fixture f;
  f.learn_kernel();
  auto offending = *ipv4::parse(hex(captured::udp_to_closed_port).shift(ethernet::header_size));
  offending.header.destination = Ipv4Address::broadcast();
  f.run(f.us.icmp.unreachable(icmpv4::Unreachable::Port, offending));
  f.run(f.us.icmp.expired(icmpv4::Expired::Reassembly, offending));
  EXPECT_TRUE(f.sent().empty());
}

TEST(Icmpv4, HandsReceivedErrorsToTheLayersAbove) {
  Fixture f;
  std::vector<icmpv4::ErrorReport> reports;
  f.us.icmp.on_error([&reports](const icmpv4::ErrorReport& e) { reports.push_back(e); });
  auto frame = cstruct::Buffer::copy_of(hex(captured::icmp_port_unreachable));
  // Make it an error about a datagram we sent: swap the quoted and outer addresses' roles.
  auto ip = frame.shift(ethernet::header_size);
  ip.set_be32(12, kernel_ip.value);
  ip.set_be32(16, our_ip.value);
  ip.set_be16(10, 0);
  ip.set_be16(10, ipv4::checksum(ip.sub(0, 20)));
  f.run(f.input_frame(frame));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].code, std::uint8_t(icmpv4::Unreachable::Port));
  EXPECT_EQ(reports[0].original_payload.get_be16(2), 9001);
}

TEST(Icmpv4, CountsMalformedMessages) {
  Fixture f;
  auto frame = cstruct::Buffer::copy_of(hex(captured::icmp_echo_request));
  frame.set_u8(ethernet::header_size + 20 + 9,
               0);  // in the ICMP data: the checksum no longer holds
  f.run(f.input_frame(frame));
  EXPECT_EQ(f.us.icmp.stats().malformed, 1u);
}

TEST(Icmpv4, PingsAnotherStackAndGetsTheReply) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  IcmpHost a(loop, kernel_mac, "10.77.0.1/24"), b(loop, our_mac, "10.77.0.2/24");
  ASSERT_TRUE(loop.run(ipv4::testing::link(a.host, b.host)));
  auto r = loop.run(async::when_any(a.host.serve(), b.host.serve(), a.icmp.ping(our_ip, 1)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->index(), 2u);
  EXPECT_TRUE(std::get<2>(*r));
  EXPECT_EQ(b.icmp.stats().echo_replies_sent, 1u);
  EXPECT_EQ(a.icmp.stats().echo_replies, 1u);
}

TEST(Icmpv4, PingTimesOutWithoutAReply) {
  async::ManualPlatform platform;
  async::Loop loop(platform);
  IcmpHost a(loop, kernel_mac, "10.77.0.1/24");
  Host silent(loop, our_mac, "10.77.0.2/24");  // no ICMP above its IPv4
  ASSERT_TRUE(loop.run(ipv4::testing::link(a.host, silent)));
  auto r =
      loop.run(async::when_any(a.host.serve(), silent.serve(), a.icmp.ping(our_ip, 1, 56, 2s)));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->index(), 2u);
  EXPECT_EQ(std::get<2>(*r).error(), PingError::Timeout);
  EXPECT_EQ(loop.now(), async::TimePoint(2s));
}

TEST(Icmpv4, PingOfAnUnreachableHostFails) {
  Fixture f;
  EXPECT_EQ(f.run(f.us.icmp.ping(Ipv4Address::of_octets(192, 0, 2, 1), 1)).error(),
            PingError::Unreachable);
}

TEST(Icmpv4, WriteFillsInTheChecksum) {
  Fixture f;
  f.learn_kernel();
  auto message = icmpv4::encode(icmpv4::echo_request(1, 2, cstruct::Buffer::of_string("x")));
  message.set_be16(2, 0xdead);
  ASSERT_TRUE(f.run(f.us.icmp.write(kernel_ip, message)));
  auto sent = f.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].second.sequence(), 2);
}

TEST(Icmpv4, DescribesEveryPingError) {
  for (auto e : {PingError::Timeout, PingError::Unreachable, PingError::SendFailed})
    EXPECT_NE(icmpv4::to_string(e), "unknown ping error");
}

}  // namespace
