#include <gtest/gtest.h>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <icmpv4/message.hpp>
#include <ipv4/checksum.hpp>

namespace {

using ethernet::testing::hex;
using icmpv4::ParseError;
using icmpv4::Type;
namespace captured = ethernet::testing::captured;

using captured::kernel_ip;
using captured::peer_ip;

ipv4::Packet datagram(std::string_view frame) {
  auto p = ipv4::parse(hex(frame).shift(ethernet::header_size));
  EXPECT_TRUE(p);
  return *p;
}

TEST(IcmpMessage, ParsesCapturedEchoRequest) {
  auto m = icmpv4::parse(datagram(captured::icmp_echo_request).payload);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, Type::EchoRequest);
  EXPECT_EQ(m->identifier(), 20826);
  EXPECT_EQ(m->sequence(), 1);
  EXPECT_EQ(m->data.size(), 24u);
  EXPECT_EQ(m->data.sub(18, 6).to_string(), "mirage");
}

TEST(IcmpMessage, EchoReplyIsExactlyWhatTheKernelAnswered) {
  auto request = icmpv4::parse(datagram(captured::icmp_echo_request).payload);
  ASSERT_TRUE(request);
  EXPECT_EQ(icmpv4::encode(icmpv4::echo_reply(*request)),
            datagram(captured::icmp_echo_reply).payload);
}

TEST(IcmpMessage, PortUnreachableIsExactlyWhatTheKernelSent) {
  auto error = icmpv4::destination_unreachable(icmpv4::Unreachable::Port,
                                               datagram(captured::udp_to_closed_port));
  EXPECT_EQ(icmpv4::encode(error), datagram(captured::icmp_port_unreachable).payload);
}

TEST(IcmpMessage, EncodeThenParseRoundTrips) {
  auto m = icmpv4::echo_request(7, 9, cstruct::Buffer::of_string("odd"));
  auto parsed = icmpv4::parse(icmpv4::encode(m));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->type, Type::EchoRequest);
  EXPECT_EQ(parsed->identifier(), 7);
  EXPECT_EQ(parsed->sequence(), 9);
  EXPECT_EQ(parsed->data.to_string(), "odd");
}

TEST(IcmpMessage, ReadsTheDatagramAnErrorIsAbout) {
  auto m = icmpv4::parse(datagram(captured::icmp_port_unreachable).payload);
  ASSERT_TRUE(m);
  auto e = icmpv4::parse_error(*m);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, Type::DestinationUnreachable);
  EXPECT_EQ(e->code, std::uint8_t(icmpv4::Unreachable::Port));
  EXPECT_EQ(e->original.protocol, 17);
  EXPECT_EQ(e->original.source, kernel_ip);
  EXPECT_EQ(e->original.destination, peer_ip);
  EXPECT_EQ(e->original_payload.get_be16(2), 9001);  // the UDP destination port
}

TEST(IcmpMessage, QuotesAtMostWhatFitsIn576Bytes) {
  ipv4::Packet big{{.protocol = 17, .source = kernel_ip, .destination = peer_ip},
                   cstruct::Buffer::create(20),
                   cstruct::Buffer::create(3000)};
  auto e = icmpv4::destination_unreachable(icmpv4::Unreachable::Port, big);
  EXPECT_EQ(20 + icmpv4::encode(e).size(), 576u);
}

TEST(IcmpMessage, RejectsTruncatedMessage) {
  EXPECT_EQ(icmpv4::parse(cstruct::Buffer::create(7)).error(), ParseError::Truncated);
}

TEST(IcmpMessage, RejectsBadChecksum) {
  auto bytes = cstruct::Buffer::copy_of(datagram(captured::icmp_echo_request).payload);
  bytes.set_u8(9, bytes.get_u8(9) ^ 1);
  EXPECT_EQ(icmpv4::parse(bytes).error(), ParseError::BadChecksum);
}

TEST(IcmpMessage, RejectsAnErrorQuotingTooLittle) {
  auto offending = datagram(captured::udp_to_closed_port);
  offending.payload = offending.payload.sub(0, 7);
  auto m = icmpv4::parse(
      icmpv4::encode(icmpv4::destination_unreachable(icmpv4::Unreachable::Port, offending)));
  ASSERT_TRUE(m);
  EXPECT_EQ(icmpv4::parse_error(*m).error(), ParseError::Truncated);
}

TEST(IcmpMessage, RejectsAnErrorQuotingAMalformedHeader) {
  auto offending = datagram(captured::udp_to_closed_port);
  auto error = icmpv4::destination_unreachable(icmpv4::Unreachable::Port, offending);
  error.data.set_u8(0, 0x65);  // the quoted version
  auto m = icmpv4::parse(icmpv4::encode(error));
  ASSERT_TRUE(m);
  EXPECT_EQ(icmpv4::parse_error(*m).error(), ParseError::BadQuote);
}

TEST(IcmpMessage, EchoIsNotAnError) {
  auto m = icmpv4::parse(datagram(captured::icmp_echo_request).payload);
  EXPECT_EQ(icmpv4::parse_error(*m).error(), ParseError::NotAnError);
}

TEST(IcmpMessage, MayReportOnlyWhatRfc1122Allows) {
  EXPECT_TRUE(icmpv4::may_report(datagram(captured::udp_to_closed_port)));
  EXPECT_TRUE(icmpv4::may_report(datagram(captured::icmp_echo_request)));
  EXPECT_FALSE(
      icmpv4::may_report(datagram(captured::icmp_port_unreachable)));  // an error about an error
  EXPECT_FALSE(icmpv4::may_report(datagram(captured::fragment_2)));    // not the first fragment
  auto from_broadcast = datagram(captured::udp_to_closed_port);
  from_broadcast.header.source = mirage::Ipv4Address::broadcast();
  EXPECT_FALSE(icmpv4::may_report(from_broadcast));
}

TEST(IcmpMessage, DescribesEveryParseError) {
  for (auto e : {ParseError::Truncated, ParseError::BadChecksum, ParseError::BadQuote,
                 ParseError::NotAnError})
    EXPECT_NE(icmpv4::to_string(e), "unknown ICMP parse error");
}

}  // namespace
