#include <gtest/gtest.h>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>

namespace {

using ethernet::EtherType;
using ethernet::MacAddress;
using ethernet::ParseError;
using ethernet::testing::hex;
namespace captured = ethernet::testing::captured;

using captured::kernel_mac;
using captured::peer_mac;

TEST(Frame, ParsesCapturedArpBroadcast) {
  auto f = ethernet::parse(hex(captured::arp_request));
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->header.destination.is_broadcast());
  EXPECT_EQ(f->header.source, kernel_mac);
  EXPECT_EQ(f->header.type, EtherType::Arp);
  EXPECT_FALSE(f->header.vlan);
  EXPECT_EQ(f->payload.size(), 28u);
}

TEST(Frame, PayloadSharesTheFrameStorage) {
  auto frame = hex(captured::icmp_echo_request);
  auto f = ethernet::parse(frame);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload.data(), frame.data() + ethernet::header_size);
  EXPECT_EQ(f->header.destination, peer_mac);
  EXPECT_EQ(f->header.type, EtherType::Ipv4);
}

TEST(Frame, WriteHeaderThenParseRoundTrips) {
  auto frame = cstruct::Buffer::create(ethernet::min_frame_size);
  ethernet::write_header(frame.span(), peer_mac, kernel_mac, EtherType::Ipv6);
  auto f = ethernet::parse(frame);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->header, (ethernet::Header{peer_mac, kernel_mac, EtherType::Ipv6, std::nullopt}));
  EXPECT_EQ(f->payload.size(), ethernet::min_frame_size - ethernet::header_size);
}

TEST(Frame, WriteHeaderMatchesCapturedBytes) {
  auto captured_frame = hex(captured::arp_reply);
  auto frame = cstruct::Buffer::create(ethernet::header_size);
  ethernet::write_header(frame.span(), kernel_mac, peer_mac, EtherType::Arp);
  EXPECT_EQ(frame, captured_frame.sub(0, ethernet::header_size));
}

TEST(Frame, TakesOffA8021QTag) {
  auto f =
      ethernet::parse(hex("ffffffffffff"
                          "020000000001"
                          "8100"
                          "a00a"
                          "0800"
                          "45"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->header.vlan, 0xa00a);
  EXPECT_EQ(f->header.type, EtherType::Ipv4);
  EXPECT_EQ(f->payload.size(), 1u);
}

TEST(Frame, RejectsFrameShorterThanTheHeader) {
  EXPECT_EQ(ethernet::parse(hex("ffffffffffff02000000000108")).error(), ParseError::Truncated);
  EXPECT_EQ(ethernet::parse(cstruct::Buffer()).error(), ParseError::Truncated);
}

TEST(Frame, RejectsTruncatedVlanTag) {
  EXPECT_EQ(ethernet::parse(hex("ffffffffffff0200000000018100a00a")).error(),
            ParseError::Truncated);
}

TEST(Frame, Rejects8023LengthField) {
  EXPECT_EQ(ethernet::parse(hex("ffffffffffff020000000001002e"
                                "aaaa03"))
                .error(),
            ParseError::NotEthernetII);
  EXPECT_EQ(ethernet::parse(hex("ffffffffffff020000000001"
                                "8100a00a"
                                "05ff"))
                .error(),
            ParseError::NotEthernetII);
}

TEST(Frame, MapsIpv4GroupsToRfc1112Macs) {
  EXPECT_EQ(ethernet::ipv4_multicast_mac(mirage::Ipv4Address::of_octets(224, 0, 0, 251)),
            (MacAddress{{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}}));
  EXPECT_EQ(ethernet::ipv4_multicast_mac(mirage::Ipv4Address::of_octets(239, 255, 1, 2)),
            (MacAddress{{0x01, 0x00, 0x5e, 0x7f, 0x01, 0x02}}));
}

TEST(Frame, DescribesEveryParseError) {
  for (auto e : {ParseError::Truncated, ParseError::NotEthernetII})
    EXPECT_NE(ethernet::to_string(e), "unknown ethernet parse error");
}

}  // namespace
