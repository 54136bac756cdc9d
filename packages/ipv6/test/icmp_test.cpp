#include "kernel_frames.hpp"
#include "util.hpp"

#include <gtest/gtest.h>
#include <ipv6/icmp.hpp>

namespace {

using namespace ipv6_test;
using ipv6::icmp::Type;
namespace icmp = ipv6::icmp;

ipv6::Packet packet_of(kernel::Frame frame) {
  auto p = ipv6::parse(datagram_of(frame));
  EXPECT_TRUE(p);
  return *p;
}

icmp::Message message_of(const ipv6::Packet& p) {
  auto m = icmp::parse(p.payload, p.header.source, p.header.destination);
  EXPECT_TRUE(m);
  return *m;
}

TEST(Icmpv6, ParsesTheKernelsEchoRequestAndAnswersAsTheKernelDid) {
  auto request = packet_of(kernel::echo_request);
  auto m = message_of(request);
  EXPECT_EQ(m.type, Type::EchoRequest);
  EXPECT_EQ(m.code, 0);
  EXPECT_EQ(m.identifier(), 9098);
  EXPECT_EQ(m.sequence(), 1);
  EXPECT_EQ(m.data.size(), 56u);
  EXPECT_FALSE(m.is_error());
  auto reply = packet_of(kernel::echo_reply);
  EXPECT_EQ(icmp::encode(icmp::echo_reply(m), request.header.destination, request.header.source),
            reply.payload);
}

TEST(Icmpv6, EchoRequestRoundTrips) {
  auto bytes = icmp::encode(icmp::echo_request(7, 9, cstruct::Buffer::of_string("abc")),
                            ip("fe80::1"), ip("fe80::2"));
  auto m = icmp::parse(bytes, ip("fe80::1"), ip("fe80::2"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->identifier(), 7);
  EXPECT_EQ(m->sequence(), 9);
  EXPECT_EQ(m->data.to_string(), "abc");
  // The pseudo-header is covered: the same bytes between other addresses fail.
  EXPECT_EQ(icmp::parse(bytes, ip("fe80::1"), ip("fe80::3")).error(),
            icmp::ParseError::BadChecksum);
}

TEST(Icmpv6, RejectsBadChecksumsAndShortMessages) {
  auto p = packet_of(kernel::echo_request);
  auto bytes = cstruct::Buffer::copy_of(p.payload);
  bytes.set_u8(10, bytes.get_u8(10) ^ 1);
  EXPECT_EQ(icmp::parse(bytes, p.header.source, p.header.destination).error(),
            icmp::ParseError::BadChecksum);
  EXPECT_EQ(icmp::parse(p.payload.sub(0, 7), p.header.source, p.header.destination).error(),
            icmp::ParseError::Truncated);
}

TEST(Icmpv6, ReadsTheKernelsPacketTooBig) {
  auto m = message_of(packet_of(kernel::packet_too_big));
  EXPECT_EQ(m.type, Type::PacketTooBig);
  EXPECT_EQ(m.rest, 1280u);
  EXPECT_EQ(m.data.size(), icmp::max_quote);  // the kernel quotes as much as we do
  auto report = icmp::parse_error(m);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->original.destination, ip("fd00:78::2"));
  EXPECT_EQ(report->original.source, ip("fd00:77::1"));
  EXPECT_EQ(report->original.payload_length, 1408);
  EXPECT_EQ(report->original_payload.get_u8(0), 128);  // our echo request
}

TEST(Icmpv6, ReadsTheKernelsTimeExceededAndPortUnreachable) {
  auto expired = message_of(packet_of(kernel::time_exceeded));
  EXPECT_EQ(expired.type, Type::TimeExceeded);
  EXPECT_EQ(expired.code, std::uint8_t(icmp::Expired::HopLimit));
  auto r = icmp::parse_error(expired);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->original.hop_limit, 1);
  auto unreachable = message_of(packet_of(kernel::port_unreachable));
  EXPECT_EQ(unreachable.type, Type::DestinationUnreachable);
  EXPECT_EQ(unreachable.code, std::uint8_t(icmp::Unreachable::Port));
  auto u = icmp::parse_error(unreachable);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->original.next_header, ipv6::next_header::udp);
  EXPECT_EQ(u->original_payload.get_be16(2), 9);  // the closed port
}

TEST(Icmpv6, BuildsErrorsThatQuoteAsTheKernelDoes) {
  // The kernel's Packet Too Big quotes the first 1232 bytes of the 1448-byte datagram:
  // rebuild that datagram's head from the quote and quote it again.
  auto kernel_error = message_of(packet_of(kernel::packet_too_big));
  auto offending = cstruct::Buffer::create(1448);
  offending.blit(kernel_error.data, 0);
  auto p = ipv6::parse(offending);
  ASSERT_TRUE(p);
  auto ours = icmp::packet_too_big(1280, *p);
  EXPECT_EQ(icmp::encode(ours, ip("fd00:77::2"), ip("fd00:77::1")),
            packet_of(kernel::packet_too_big).payload);
}

TEST(Icmpv6, QuotesShortDatagramsWhole) {
  auto p = packet_of(kernel::echo_request);
  auto m = icmp::parameter_problem({1, 6}, p);
  EXPECT_EQ(m.type, Type::ParameterProblem);
  EXPECT_EQ(m.code, 1);
  EXPECT_EQ(m.rest, 6u);
  EXPECT_EQ(m.data, p.datagram);
  EXPECT_EQ(icmp::time_exceeded(icmp::Expired::Reassembly, p).code, 1);
  EXPECT_EQ(icmp::destination_unreachable(icmp::Unreachable::Address, p).code, 3);
}

TEST(Icmpv6, MayReportOnlyWhatRfc4443Allows) {
  auto request = packet_of(kernel::echo_request);
  auto unreachable = icmp::destination_unreachable(icmp::Unreachable::Port, request);
  auto too_big = icmp::packet_too_big(1280, request);
  auto option = icmp::parameter_problem({2, 42}, request);
  EXPECT_TRUE(icmp::may_report(unreachable, request, false));
  EXPECT_FALSE(icmp::may_report(unreachable, request, true));
  EXPECT_TRUE(icmp::may_report(too_big, request, true));
  // Nothing about an error, nor about a Redirect.
  EXPECT_FALSE(icmp::may_report(unreachable, packet_of(kernel::packet_too_big), false));
  EXPECT_FALSE(icmp::may_report(unreachable, packet_of(kernel::redirect), false));
  // To a multicast group: only Packet Too Big and an unrecognised option.
  auto to_group = *ipv6::parse(
      datagram(ipv6::next_header::udp, {0, 1, 0, 2, 0, 8, 0, 0}, ip("fd00::1"), ip("ff02::1")));
  EXPECT_FALSE(icmp::may_report(unreachable, to_group, false));
  EXPECT_TRUE(icmp::may_report(too_big, to_group, false));
  EXPECT_TRUE(icmp::may_report(option, to_group, false));
  EXPECT_FALSE(icmp::may_report(icmp::parameter_problem({0, 4}, to_group), to_group, false));
  // From no single node.
  auto from_nobody = *ipv6::parse(datagram(ipv6::next_header::udp, {}, ip("::"), ip("fd00::2")));
  EXPECT_FALSE(icmp::may_report(unreachable, from_nobody, false));
  auto from_group =
      *ipv6::parse(datagram(ipv6::next_header::udp, {}, ip("ff02::1"), ip("fd00::2")));
  EXPECT_FALSE(icmp::may_report(unreachable, from_group, false));
}

TEST(Icmpv6, ParseErrorRefusesWhatIsNoError) {
  auto m = message_of(packet_of(kernel::echo_request));
  EXPECT_EQ(icmp::parse_error(m).error(), icmp::ParseError::NotAnError);
  icmp::Message short_quote{Type::TimeExceeded, 0, 0, cstruct::Buffer::create(39)};
  EXPECT_EQ(icmp::parse_error(short_quote).error(), icmp::ParseError::Truncated);
  icmp::Message v4_quote{Type::TimeExceeded, 0, 0, cstruct::Buffer::create(48)};
  v4_quote.data.set_u8(0, 0x45);
  EXPECT_EQ(icmp::parse_error(v4_quote).error(), icmp::ParseError::BadQuote);
}

TEST(Icmpv6, DescribesEveryError) {
  for (int e = 0; e <= int(icmp::ParseError::NotAnError); ++e)
    EXPECT_NE(icmp::to_string(icmp::ParseError(e)), "unknown ICMPv6 parse error");
}

}  // namespace
