#include "kernel_frames.hpp"
#include "util.hpp"

#include <gtest/gtest.h>
#include <ipv6/ndp.hpp>

namespace {

using namespace ipv6_test;
using ipv6::ndp::ParseError;
namespace ndp = ipv6::ndp;
namespace icmp = ipv6::icmp;

const mirage::MacAddress mac_a{{0x02, 0x88, 0x7b, 0x1c, 0x9c, 0x3f}};
const mirage::MacAddress mac_b{{0x4a, 0x9b, 0x99, 0x9f, 0x7e, 0x4f}};

struct Received {
  ipv6::Packet packet;
  icmp::Message icmp;
};

Received received(kernel::Frame frame) {
  auto p = ipv6::parse(datagram_of(frame));
  EXPECT_TRUE(p);
  auto m = icmp::parse(p->payload, p->header.source, p->header.destination);
  EXPECT_TRUE(m);
  return {*p, *m};
}

ndp::Message parsed(kernel::Frame frame) {
  auto r = received(frame);
  auto m = ndp::parse(r.icmp, r.packet.header);
  EXPECT_TRUE(m);
  return *m;
}

ipv6::Header header(Ipv6Address src, Ipv6Address dst, std::uint8_t hop_limit = 255) {
  return {.next_header = ipv6::next_header::icmpv6,
          .hop_limit = hop_limit,
          .source = src,
          .destination = dst};
}

// What parse says of `m` sent from `src` to `dst` (through its bytes and back).
std::expected<ndp::Message, ParseError> check(const ndp::Message& m, Ipv6Address src,
                                              Ipv6Address dst, std::uint8_t hop_limit = 255) {
  auto bytes = ndp::encode(m, src, dst);
  auto msg = icmp::parse(bytes, src, dst);
  EXPECT_TRUE(msg);
  return ndp::parse(*msg, header(src, dst, hop_limit));
}

TEST(Ndp, ParsesTheKernelsDadSolicitationIgnoringItsNonce) {
  auto m = parsed(kernel::dad_solicitation);
  auto* ns = std::get_if<ndp::NeighbourSolicitation>(&m);
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(ns->target, ip("fe80::88:7bff:fe1c:9c3f"));
  EXPECT_EQ(ns->options, ndp::Options{});
}

TEST(Ndp, ParsesTheKernelsRouterSolicitation) {
  auto m = parsed(kernel::router_solicitation);
  auto* rs = std::get_if<ndp::RouterSolicitation>(&m);
  ASSERT_NE(rs, nullptr);
  EXPECT_EQ(rs->options.source_link_address, mac_a);
}

TEST(Ndp, ParsesTheKernelsAddressResolution) {
  auto ns = std::get<ndp::NeighbourSolicitation>(parsed(kernel::neighbour_solicitation));
  EXPECT_EQ(ns.target, ip("fd00:77::2"));
  EXPECT_EQ(ns.options.source_link_address, mac_a);
  auto na = std::get<ndp::NeighbourAdvertisement>(parsed(kernel::neighbour_advertisement));
  EXPECT_EQ(na.target, ip("fd00:77::2"));
  EXPECT_TRUE(na.solicited);
  EXPECT_TRUE(na.override);
  EXPECT_FALSE(na.router);
  EXPECT_EQ(na.options.target_link_address, mac_b);
}

TEST(Ndp, ParsesTheKernelsRedirectSkippingTheRedirectedHeader) {
  auto rd = std::get<ndp::Redirect>(parsed(kernel::redirect));
  EXPECT_EQ(rd.target, ip("fe80::88:7bff:fe1c:9c3f"));
  EXPECT_EQ(rd.destination, ip("fd00:79::9"));
  EXPECT_EQ(rd.options.target_link_address, mac_a);
}

TEST(Ndp, EncodesTheKernelsMessagesByteForByte) {
  for (auto frame : {kernel::router_solicitation, kernel::neighbour_solicitation,
                     kernel::neighbour_advertisement}) {
    auto r = received(frame);
    auto m = ndp::parse(r.icmp, r.packet.header);
    ASSERT_TRUE(m);
    EXPECT_EQ(ndp::encode(*m, r.packet.header.source, r.packet.header.destination),
              r.packet.payload);
  }
}

TEST(Ndp, RouterAdvertisementRoundTrips) {
  ndp::RouterAdvertisement ra{.hop_limit = 64,
                              .managed = true,
                              .other = false,
                              .router_lifetime = 1800,
                              .reachable_time = 30000,
                              .retrans_timer = 1000};
  ra.options.source_link_address = mac_b;
  ra.options.mtu = 1400;
  ra.options.prefixes.push_back(
      {*ipv6::Prefix::parse("2001:db8:1::/64"), true, true, 86400, 14400});
  ra.options.prefixes.push_back(
      {*ipv6::Prefix::parse("2001:db8:2::/48"), false, true, ndp::infinite, 0});
  auto m = check(ra, ip("fe80::1"), ipv6::all_nodes);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<ndp::RouterAdvertisement>(*m), ra);
}

TEST(Ndp, RedirectRoundTrips) {
  ndp::Redirect rd{ip("fe80::9"), ip("2001:db8::5"), {}};
  rd.options.target_link_address = mac_a;
  auto m = check(rd, ip("fe80::1"), ip("fe80::2"));
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<ndp::Redirect>(*m), rd);
}

TEST(Ndp, RefusesMessagesFromOffTheLink) {
  EXPECT_EQ(check(ndp::RouterSolicitation{}, ip("fe80::1"), ipv6::all_routers, 254).error(),
            ParseError::BadHopLimit);
}

TEST(Ndp, RefusesANonZeroCode) {
  auto m = ndp::to_icmp(ndp::RouterSolicitation{});
  m.code = 1;
  EXPECT_EQ(ndp::parse(m, header(ip("fe80::1"), ipv6::all_routers)).error(), ParseError::BadCode);
}

TEST(Ndp, RefusesTruncatedMessages) {
  const std::pair<icmp::Type, std::size_t> shortest[] = {{icmp::Type::RouterAdvertisement, 7},
                                                         {icmp::Type::NeighbourSolicitation, 15},
                                                         {icmp::Type::NeighbourAdvertisement, 15},
                                                         {icmp::Type::Redirect, 31}};
  for (auto [type, size] : shortest) {
    icmp::Message m{type, 0, 0, cstruct::Buffer::create(size)};
    EXPECT_EQ(ndp::parse(m, header(ip("fe80::1"), ip("fe80::2"))).error(), ParseError::Truncated)
        << int(type);
  }
}

TEST(Ndp, RefusesMalformedOptions) {
  const Ipv6Address target = ip("fe80::2");
  auto with_option = [&](Bytes option) {
    Bytes body(target.bytes.begin(), target.bytes.end());
    body.insert(body.end(), option.begin(), option.end());
    icmp::Message m{icmp::Type::NeighbourSolicitation, 0, 0, cstruct::Buffer::copy_of(body)};
    return ndp::parse(m, header(ip("fe80::1"), ipv6::solicited_node(target)));
  };
  EXPECT_TRUE(with_option({1, 1, 2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(with_option({1, 0, 2, 0, 0, 0, 0, 1}).error(), ParseError::BadOption);  // length 0
  EXPECT_EQ(with_option({1, 2, 2, 0, 0, 0, 0, 1}).error(), ParseError::BadOption);  // past the end
  EXPECT_EQ(with_option({1}).error(), ParseError::BadOption);
  Bytes long_link(16, 0);
  long_link[0] = 1;
  long_link[1] = 2;  // a 16-byte link-layer address option: not Ethernet's
  EXPECT_EQ(with_option(long_link).error(), ParseError::BadOption);
  Bytes prefix(24, 0);
  prefix[0] = 3;
  prefix[1] = 3;  // prefix information is 32 bytes
  EXPECT_EQ(with_option(prefix).error(), ParseError::BadOption);
  Bytes bad_length(32, 0);
  bad_length[0] = 3;
  bad_length[1] = 4;
  bad_length[2] = 129;  // prefix length
  EXPECT_EQ(with_option(bad_length).error(), ParseError::BadOption);
  EXPECT_EQ(with_option({5, 2, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0}).error(),
            ParseError::BadOption);                     // MTU is 8 bytes
  EXPECT_TRUE(with_option({31, 1, 0, 0, 0, 0, 0, 0}));  // unknown: skipped
}

TEST(Ndp, RefusesRouterMessagesFromNonLinkLocalSources) {
  EXPECT_EQ(check(ndp::RouterAdvertisement{}, ip("2001:db8::1"), ipv6::all_nodes).error(),
            ParseError::BadSource);
  ndp::Redirect rd{ip("fe80::9"), ip("2001:db8::5"), {}};
  EXPECT_EQ(check(rd, ip("2001:db8::1"), ip("fe80::2")).error(), ParseError::BadSource);
}

TEST(Ndp, RefusesMulticastTargets) {
  EXPECT_EQ(
      check(ndp::NeighbourSolicitation{ip("ff02::1"), {}}, ip("fe80::1"), ip("ff02::1:ff00:1"))
          .error(),
      ParseError::MulticastTarget);
  EXPECT_EQ(check(ndp::NeighbourAdvertisement{false, false, true, ip("ff02::1"), {}}, ip("fe80::1"),
                  ipv6::all_nodes)
                .error(),
            ParseError::MulticastTarget);
}

TEST(Ndp, ChecksDuplicateAddressDetectionSolicitations) {
  const Ipv6Address target = ip("fe80::2");
  EXPECT_TRUE(
      check(ndp::NeighbourSolicitation{target, {}}, ip("::"), ipv6::solicited_node(target)));
  EXPECT_EQ(check(ndp::NeighbourSolicitation{target, {}}, ip("::"), ipv6::all_nodes).error(),
            ParseError::BadDestination);
  ndp::NeighbourSolicitation with_source{target, {}};
  with_source.options.source_link_address = mac_a;
  EXPECT_EQ(check(with_source, ip("::"), ipv6::solicited_node(target)).error(),
            ParseError::UnexpectedOption);
  ndp::RouterSolicitation rs;
  rs.options.source_link_address = mac_a;
  EXPECT_EQ(check(rs, ip("::"), ipv6::all_routers).error(), ParseError::UnexpectedOption);
  EXPECT_TRUE(check(ndp::RouterSolicitation{}, ip("::"), ipv6::all_routers));
}

TEST(Ndp, RefusesSolicitedAdvertisementsToMulticast) {
  ndp::NeighbourAdvertisement na{false, true, true, ip("fe80::2"), {}};
  EXPECT_EQ(check(na, ip("fe80::2"), ipv6::all_nodes).error(), ParseError::SolicitedMulticast);
  EXPECT_TRUE(check(na, ip("fe80::2"), ip("fe80::1")));
}

TEST(Ndp, ChecksRedirectAddresses) {
  EXPECT_EQ(
      check(ndp::Redirect{ip("fe80::9"), ip("ff0e::5"), {}}, ip("fe80::1"), ip("fe80::2")).error(),
      ParseError::BadDestination);
  EXPECT_EQ(
      check(ndp::Redirect{ip("2001:db8::9"), ip("2001:db8::5"), {}}, ip("fe80::1"), ip("fe80::2"))
          .error(),
      ParseError::BadDestination);
  EXPECT_TRUE(
      check(ndp::Redirect{ip("2001:db8::5"), ip("2001:db8::5"), {}}, ip("fe80::1"), ip("fe80::2")));
}

TEST(Ndp, LeavesOtherIcmpToOthers) {
  auto r = received(kernel::echo_request);
  EXPECT_EQ(ndp::parse(r.icmp, r.packet.header).error(), ParseError::NotNdp);
}

TEST(Ndp, DescribesEveryError) {
  for (int e = 0; e <= int(ParseError::SolicitedMulticast); ++e)
    EXPECT_NE(ndp::to_string(ParseError(e)), "unknown Neighbor Discovery parse error");
}

}  // namespace
