#include "kernel_frames.hpp"
#include "util.hpp"

#include <gtest/gtest.h>
#include <ethernet/testing/captured.hpp>
#include <ipv6/checksum.hpp>
#include <ipv6/header.hpp>

namespace {

using namespace ipv6_test;
using ipv6::ParameterProblem;
using ipv6::ParseError;
namespace nh = ipv6::next_header;

const Bytes udp_payload{0x12, 0x34, 0x00, 0x35, 0x00, 0x0a, 0x00, 0x00, 'h', 'i'};

ParseError error_of(const cstruct::Buffer& d) {
  auto p = ipv6::parse(d);
  EXPECT_FALSE(p);
  return p ? ParseError::Truncated : p.error().error;
}

std::optional<ParameterProblem> problem_of(const cstruct::Buffer& d) {
  auto p = ipv6::parse(d);
  EXPECT_FALSE(p);
  return p ? std::nullopt : p.error().problem;
}

TEST(Ipv6Header, ParsesTheKernelsEchoRequest) {
  auto d = datagram_of(kernel::echo_request);
  auto p = ipv6::parse(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header.flow_label, 0x20e23u);
  EXPECT_EQ(p->header.traffic_class, 0);
  EXPECT_EQ(p->header.hop_limit, 64);
  EXPECT_EQ(p->header.payload_length, 64);
  EXPECT_EQ(p->header.source, ip("fd00:77::1"));
  EXPECT_EQ(p->header.destination, ip("fd00:77::2"));
  EXPECT_EQ(p->protocol, nh::icmpv6);
  EXPECT_EQ(p->protocol_at, 6u);
  EXPECT_EQ(p->payload.size(), 64u);
  EXPECT_EQ(p->payload.data(), d.data() + 40);  // a slice, not a copy
  EXPECT_FALSE(p->fragment);
  EXPECT_FALSE(p->router_alert);
}

TEST(Ipv6Header, WalksTheKernelsHopByHopHeaderToTheMldReport) {
  auto p = ipv6::parse(datagram_of(kernel::mld_report));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header.next_header, nh::hop_by_hop);
  EXPECT_EQ(p->header.hop_limit, 1);
  EXPECT_TRUE(p->router_alert);
  EXPECT_EQ(p->protocol, nh::icmpv6);
  EXPECT_EQ(p->protocol_at, 40u);
  EXPECT_EQ(p->payload.size(), 48u);
  EXPECT_EQ(p->payload.get_u8(0), 143);  // MLDv2 report
}

TEST(Ipv6Header, PseudoHeaderChecksumVerifiesEveryCapturedMessage) {
  for (auto frame : {kernel::dad_solicitation, kernel::mld_report, kernel::router_solicitation,
                     kernel::neighbour_solicitation, kernel::neighbour_advertisement,
                     kernel::echo_request, kernel::echo_reply, kernel::packet_too_big,
                     kernel::time_exceeded, kernel::port_unreachable, kernel::redirect}) {
    auto p = ipv6::parse(datagram_of(frame));
    ASSERT_TRUE(p);
    auto c = ipv6::pseudo_header(p->header.source, p->header.destination, p->protocol,
                                 p->payload.size());
    c.add(p->payload);
    EXPECT_EQ(c.finish(), 0) << "frame " << std::size_t(frame);
  }
}

TEST(Ipv6Header, PseudoHeaderGivesTheKernelsUdpChecksum) {
  auto p = ipv6::parse(ethernet::testing::hex(ethernet::testing::captured::udp6_datagram)
                           .shift(ethernet::header_size));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->protocol, nh::udp);
  const std::uint16_t sent = p->payload.get_be16(6);
  auto copy = cstruct::Buffer::copy_of(p->payload);
  copy.set_be16(6, 0);
  auto c = ipv6::pseudo_header(p->header.source, p->header.destination, nh::udp, copy.size());
  c.add(copy);
  EXPECT_EQ(c.finish(), sent);
}

TEST(Ipv6Header, CutsLinkPaddingByThePayloadLength) {
  auto d = datagram(nh::udp, udp_payload);
  auto padded = cstruct::Buffer::create(d.size() + 6);
  padded.blit(d, 0);
  auto p = ipv6::parse(padded);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->payload.size(), udp_payload.size());
  EXPECT_EQ(p->datagram.size(), d.size());
}

TEST(Ipv6Header, RejectsMalformedFixedHeaders) {
  auto d = datagram(nh::udp, udp_payload);
  EXPECT_EQ(error_of(d.sub(0, 39)), ParseError::Truncated);
  auto v4 = cstruct::Buffer::copy_of(d);
  v4.set_u8(0, 0x45);
  EXPECT_EQ(error_of(v4), ParseError::BadVersion);
  EXPECT_EQ(error_of(d.sub(0, d.size() - 1)), ParseError::BadPayloadLength);
}

TEST(Ipv6Header, StepsOverOptionsWhoseTypeSaysSkip) {
  auto d = datagram(nh::destination_options,
                    cat({options_header(nh::udp, {0x1e, 2, 0xaa, 0xbb, 0x00}), udp_payload}));
  auto p = ipv6::parse(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol, nh::udp);
  EXPECT_EQ(p->protocol_at, 40u);
  EXPECT_EQ(p->payload.size(), udp_payload.size());
}

TEST(Ipv6Header, DiscardsSilentlyForAction01) {
  auto d = datagram(nh::hop_by_hop, cat({options_header(nh::udp, {0x5e, 0}), udp_payload}));
  EXPECT_EQ(error_of(d), ParseError::UnknownOption);
  EXPECT_EQ(problem_of(d), std::nullopt);
}

TEST(Ipv6Header, OwesAParameterProblemForAction10EvenToMulticast) {
  for (auto dst : {ip("fd00::2"), ip("ff02::1")}) {
    auto d =
        datagram(nh::destination_options,
                 cat({options_header(nh::udp, {1, 0, 0x9e, 0}), udp_payload}), ip("fd00::1"), dst);
    EXPECT_EQ(error_of(d), ParseError::UnknownOption);
    EXPECT_EQ(problem_of(d), (ParameterProblem{2, 44}));  // after the 2-byte PadN
  }
}

TEST(Ipv6Header, OwesAParameterProblemForAction11OnlyToUnicast) {
  const Bytes rest = cat({options_header(nh::udp, {0xde, 0}), udp_payload});
  EXPECT_EQ(problem_of(datagram(nh::hop_by_hop, rest)), (ParameterProblem{2, 42}));
  EXPECT_EQ(problem_of(datagram(nh::hop_by_hop, rest, ip("fd00::1"), ip("ff02::1"))), std::nullopt);
}

TEST(Ipv6Header, RefusesAJumbogram) {
  // Payload length 0 with a Jumbo Payload option (0xc2): we do not take jumbograms.
  auto d = datagram(nh::hop_by_hop, cat({options_header(nh::udp, {0xc2, 4, 0, 1, 0, 0})}));
  EXPECT_EQ(error_of(d), ParseError::UnknownOption);
}

TEST(Ipv6Header, RejectsAnOptionRunningPastItsHeader) {
  Bytes h = options_header(nh::udp, {0x1e, 3, 0, 0, 0});
  h[3] = 200;  // the option's length
  EXPECT_EQ(error_of(datagram(nh::destination_options, cat({h, udp_payload}))),
            ParseError::BadOption);
}

TEST(Ipv6Header, BoundsTheOptionsOfOneHeader) {
  Bytes many;
  for (std::size_t i = 0; i <= ipv6::max_options; ++i) many.insert(many.end(), {0x1e, 0});
  EXPECT_EQ(error_of(datagram(nh::destination_options,
                              cat({options_header(nh::udp, many), udp_payload}))),
            ParseError::TooManyOptions);
  Bytes padding(ipv6::max_options * 2 + 10, 0);  // Pad1s do not count
  EXPECT_TRUE(ipv6::parse(
      datagram(nh::destination_options, cat({options_header(nh::udp, padding), udp_payload}))));
}

TEST(Ipv6Header, RefusesHopByHopAfterAnotherHeader) {
  auto d =
      datagram(nh::destination_options,
               cat({options_header(nh::hop_by_hop, {}), options_header(nh::udp, {}), udp_payload}));
  EXPECT_EQ(error_of(d), ParseError::HopByHopNotFirst);
  EXPECT_EQ(problem_of(d), (ParameterProblem{1, 40}));
}

TEST(Ipv6Header, StepsOverRoutingHeadersWithNoSegmentsLeft) {
  for (std::uint8_t type : {0, 2, 4}) {
    auto p =
        ipv6::parse(datagram(nh::routing, cat({routing_header(nh::udp, type, 0), udp_payload})));
    ASSERT_TRUE(p) << int(type);
    EXPECT_EQ(p->protocol, nh::udp);
  }
}

TEST(Ipv6Header, RefusesRoutingHeadersWithSegmentsLeft) {
  for (std::uint8_t type : {0, 2, 4, 200}) {
    auto d = datagram(nh::routing, cat({routing_header(nh::udp, type, 1), udp_payload}));
    EXPECT_EQ(error_of(d), ParseError::UnsupportedRouting);
    EXPECT_EQ(problem_of(d), (ParameterProblem{0, 42}));  // the routing type
  }
}

TEST(Ipv6Header, StopsAtTheKernelsFragmentHeader) {
  auto p = ipv6::parse(datagram_of(kernel::fragment_1));
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->fragment);
  EXPECT_TRUE(p->is_fragment());
  EXPECT_EQ(p->fragment->header, (ipv6::FragmentHeader{nh::icmpv6, 0, true, 0x78791294}));
  EXPECT_EQ(p->fragment->offset, 40u);
  EXPECT_EQ(p->fragment->named_at, 6u);
  EXPECT_EQ(p->protocol, nh::icmpv6);
  EXPECT_EQ(p->payload.size(), 1448u);
  auto last = ipv6::parse(datagram_of(kernel::fragment_3));
  ASSERT_TRUE(last && last->fragment);
  EXPECT_EQ(last->fragment->header.offset, 2896);
  EXPECT_FALSE(last->fragment->header.more);
}

TEST(Ipv6Header, TreatsAnAtomicFragmentAsWhole) {
  auto p = ipv6::parse(
      datagram(nh::fragment, cat({fragment_header(nh::udp, 0, false, 7), udp_payload})));
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->fragment);
  EXPECT_FALSE(p->is_fragment());
  EXPECT_EQ(p->protocol, nh::udp);
  EXPECT_EQ(p->payload.size(), udp_payload.size());
}

TEST(Ipv6Header, RefusesANonFinalFragmentNotAMultipleOfEight) {
  auto d = datagram(nh::fragment, cat({fragment_header(nh::udp, 8, true, 7), Bytes(12, 0)}));
  EXPECT_EQ(error_of(d), ParseError::BadFragment);
  EXPECT_EQ(problem_of(d), (ParameterProblem{0, 4}));
}

TEST(Ipv6Header, RefusesAFragmentEndingPast65535) {
  auto d = datagram(nh::fragment, cat({fragment_header(nh::udp, 65528, false, 7), Bytes(16, 0)}));
  EXPECT_EQ(error_of(d), ParseError::BadFragment);
  EXPECT_EQ(problem_of(d), (ParameterProblem{0, 42}));
}

TEST(Ipv6Header, RefusesAFirstFragmentWithoutTheWholeChain) {
  // The destination options header after the fragment header claims 16 bytes; 8 follow.
  Bytes dest{nh::udp, 1, 1, 4, 0, 0, 0, 0};
  auto d =
      datagram(nh::fragment, cat({fragment_header(nh::destination_options, 0, true, 7), dest}));
  EXPECT_EQ(error_of(d), ParseError::IncompleteChain);
  EXPECT_EQ(problem_of(d), (ParameterProblem{3, 0}));
  // A later fragment carries no chain to check.
  auto later =
      datagram(nh::fragment, cat({fragment_header(nh::destination_options, 8, true, 7), dest}));
  EXPECT_TRUE(ipv6::parse(later));
}

TEST(Ipv6Header, BoundsTheChainOfExtensionHeaders) {
  Bytes chain;
  for (std::size_t i = 0; i < ipv6::max_extension_headers; ++i) {
    auto h = options_header(nh::destination_options, {});
    chain.insert(chain.end(), h.begin(), h.end());
  }
  chain.back() = 0;
  chain[chain.size() - 8] = nh::udp;
  EXPECT_TRUE(ipv6::parse(datagram(nh::destination_options, cat({chain, udp_payload}))));
  chain[chain.size() - 8] = nh::destination_options;
  auto one_more = options_header(nh::udp, {});
  EXPECT_EQ(error_of(datagram(nh::destination_options, cat({chain, one_more, udp_payload}))),
            ParseError::TooManyExtensionHeaders);
}

TEST(Ipv6Header, RejectsATruncatedExtensionHeader) {
  EXPECT_EQ(error_of(datagram(nh::destination_options, {nh::udp})), ParseError::Truncated);
  EXPECT_EQ(error_of(datagram(nh::destination_options, {nh::udp, 1, 0, 0, 0, 0, 0, 0})),
            ParseError::Truncated);
  EXPECT_EQ(error_of(datagram(nh::fragment, {nh::udp, 0, 0, 0})), ParseError::Truncated);
  EXPECT_EQ(error_of(datagram(nh::routing, {nh::udp, 0, 0, 0})), ParseError::Truncated);
}

TEST(Ipv6Header, StopsAtNoNextHeader) {
  auto p = ipv6::parse(datagram(nh::none, {1, 2, 3}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol, nh::none);
  EXPECT_EQ(p->payload.size(), 3u);
}

TEST(Ipv6Header, WritesWhatItParses) {
  const ipv6::Header h{.traffic_class = 0xb8,
                       .flow_label = 0xabcde,
                       .next_header = nh::tcp,
                       .hop_limit = 255,
                       .source = ip("2001:db8::1"),
                       .destination = ip("fe80::2")};
  auto out = cstruct::Buffer::create(40 + 3);
  ipv6::write_header(out.span(), h, 3);
  auto parsed = ipv6::parse_header(out);
  ASSERT_TRUE(parsed);
  auto expected = h;
  expected.payload_length = 3;
  EXPECT_EQ(*parsed, expected);
  EXPECT_EQ(out.get_u8(0), 0x6b);
}

TEST(Ipv6Header, WritesAFragmentHeaderAsTheKernelDoes) {
  auto d = datagram_of(kernel::fragment_2);
  auto p = ipv6::parse(d);
  ASSERT_TRUE(p && p->fragment);
  auto out = cstruct::Buffer::create(8);
  ipv6::write_fragment_header(out.span(), p->fragment->header);
  EXPECT_EQ(out, d.sub(40, 8));
}

TEST(Ipv6Header, DescribesEveryError) {
  for (int e = 0; e <= int(ParseError::IncompleteChain); ++e)
    EXPECT_NE(ipv6::to_string(ParseError(e)), "unknown IPv6 parse error");
}

}  // namespace
