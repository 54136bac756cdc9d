#include <gtest/gtest.h>
#include <arp/packet.hpp>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>

namespace {

using arp::Operation;
using arp::ParseError;
using ethernet::testing::hex;
namespace captured = ethernet::testing::captured;

using captured::kernel_ip;
using captured::kernel_mac;
using captured::peer_ip;
using captured::peer_mac;

cstruct::Buffer payload_of(std::string_view frame) {
  return hex(frame).shift(ethernet::header_size);
}

TEST(ArpPacket, ParsesCapturedRequest) {
  auto p = arp::parse(payload_of(captured::arp_request));
  ASSERT_TRUE(p);
  EXPECT_EQ(
      *p, (arp::Packet{Operation::Request, kernel_mac, kernel_ip, mirage::MacAddress{}, peer_ip}));
}

TEST(ArpPacket, EncodesExactlyTheCapturedReply) {
  arp::Packet reply{Operation::Reply, peer_mac, peer_ip, kernel_mac, kernel_ip};
  EXPECT_EQ(arp::encode(reply), payload_of(captured::arp_reply));
}

TEST(ArpPacket, RoundTrips) {
  arp::Packet p{Operation::Reply, peer_mac, peer_ip, kernel_mac, kernel_ip};
  EXPECT_EQ(arp::parse(arp::encode(p)), p);
}

TEST(ArpPacket, IgnoresEthernetPadding) {
  auto padded = cstruct::Buffer::create(46);
  padded.blit(payload_of(captured::arp_request), 0);
  EXPECT_TRUE(arp::parse(padded));
}

TEST(ArpPacket, RejectsTruncatedPacket) {
  auto p = payload_of(captured::arp_request);
  EXPECT_EQ(arp::parse(p.sub(0, 27)).error(), ParseError::Truncated);
}

TEST(ArpPacket, RejectsNonEthernetHardware) {
  auto p = payload_of(captured::arp_request);
  p.set_be16(0, 6);  // IEEE 802
  EXPECT_EQ(arp::parse(p).error(), ParseError::UnsupportedHardware);
  p = payload_of(captured::arp_request);
  p.set_u8(4, 8);
  EXPECT_EQ(arp::parse(p).error(), ParseError::UnsupportedHardware);
}

TEST(ArpPacket, RejectsNonIpv4Protocol) {
  auto p = payload_of(captured::arp_request);
  p.set_be16(2, 0x86dd);
  EXPECT_EQ(arp::parse(p).error(), ParseError::UnsupportedProtocol);
  p = payload_of(captured::arp_request);
  p.set_u8(5, 16);
  EXPECT_EQ(arp::parse(p).error(), ParseError::UnsupportedProtocol);
}

TEST(ArpPacket, RejectsUnknownOperation) {
  auto p = payload_of(captured::arp_request);
  p.set_be16(6, 3);  // RARP request
  EXPECT_EQ(arp::parse(p).error(), ParseError::BadOperation);
}

TEST(ArpPacket, DescribesEveryParseError) {
  for (auto e : {ParseError::Truncated, ParseError::UnsupportedHardware,
                 ParseError::UnsupportedProtocol, ParseError::BadOperation})
    EXPECT_NE(arp::to_string(e), "unknown ARP parse error");
}

}  // namespace
