#include <gtest/gtest.h>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <udp/header.hpp>

namespace {

using ethernet::testing::hex;
using udp::ParseError;
namespace captured = ethernet::testing::captured;

const mirage::IpAddress kernel_ip = mirage::Ipv4Address::of_octets(10, 77, 0, 1);
const mirage::IpAddress peer_ip = mirage::Ipv4Address::of_octets(10, 77, 0, 2);
const mirage::IpAddress kernel_ip6 = *mirage::Ipv6Address::parse("fd00:77::1");
const mirage::IpAddress peer_ip6 = *mirage::Ipv6Address::parse("fd00:77::2");

cstruct::Buffer udp_of(std::string_view frame, std::size_t ip_header) {
  return hex(frame).shift(ethernet::header_size + ip_header);
}

cstruct::Buffer datagram(std::string_view payload) {
  auto d = cstruct::Buffer::create(udp::header_size + payload.size());
  d.blit(cstruct::Buffer::of_string(payload), udp::header_size);
  udp::write_header(d.span(), 1234, 5678, kernel_ip, peer_ip);
  return d;
}

TEST(UdpHeader, ParsesTheKernelsDatagram) {
  auto p = udp::parse(udp_of(captured::udp_datagram, 20), kernel_ip, peer_ip);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header, (udp::Header{53923, 9000, 21, 0x6039}));
  EXPECT_EQ(p->payload.to_string(), "hello mirage\n");
}

TEST(UdpHeader, WritesExactlyTheKernelsDatagram) {
  auto captured_udp = udp_of(captured::udp_datagram, 20);
  auto d = cstruct::Buffer::create(captured_udp.size());
  d.blit(captured_udp.shift(8), 8);
  udp::write_header(d.span(), 53923, 9000, kernel_ip, peer_ip);
  EXPECT_EQ(d, captured_udp);
}

TEST(UdpHeader, ChecksumsOverIpv6AsTheKernelDoes) {
  auto captured_udp = udp_of(captured::udp6_datagram, 40);
  auto p = udp::parse(captured_udp, kernel_ip6, peer_ip6);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->payload.to_string(), "hello mirage\n");
  auto d = cstruct::Buffer::create(captured_udp.size());
  d.blit(captured_udp.shift(8), 8);
  udp::write_header(d.span(), 40840, 9000, kernel_ip6, peer_ip6);
  EXPECT_EQ(d, captured_udp);
}

TEST(UdpHeader, AcceptsAMissingChecksumOverIpv4Only) {
  auto d = datagram("x");
  d.set_be16(6, 0);
  EXPECT_TRUE(udp::parse(d, kernel_ip, peer_ip));
  EXPECT_EQ(udp::parse(d, kernel_ip6, peer_ip6).error(), ParseError::BadChecksum);
}

TEST(UdpHeader, SendsAComputedZeroAsAllOnes) {
  // Find the two payload bytes whose checksum computes to zero, then look at the field.
  for (std::uint32_t w = 0; w <= 0xffff; ++w) {
    auto d = cstruct::Buffer::create(udp::header_size + 2);
    d.set_be16(8, std::uint16_t(w));
    udp::write_header(d.span(), 1, 2, kernel_ip, peer_ip);
    auto c = udp::pseudo_header(kernel_ip, peer_ip, d.size());
    d.set_be16(6, 0);
    c.add(d);
    if (c.finish() != 0) continue;
    udp::write_header(d.span(), 1, 2, kernel_ip, peer_ip);
    EXPECT_EQ(d.get_be16(6), 0xffff);
    EXPECT_TRUE(udp::parse(d, kernel_ip, peer_ip));
    return;
  }
  FAIL() << "no payload gives a zero checksum";
}

TEST(UdpHeader, CutsBytesPastTheLengthField) {
  auto d = cstruct::Buffer::create(20);
  d.blit(datagram("abc"), 0);
  auto p = udp::parse(d, kernel_ip, peer_ip);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->payload.to_string(), "abc");
}

TEST(UdpHeader, RejectsTruncatedHeader) {
  EXPECT_EQ(udp::parse(datagram("").sub(0, 7), kernel_ip, peer_ip).error(), ParseError::Truncated);
}

TEST(UdpHeader, RejectsLengthThatLies) {
  auto longer = datagram("abc");
  longer.set_be16(4, 12);
  EXPECT_EQ(udp::parse(longer, kernel_ip, peer_ip).error(), ParseError::BadLength);
  auto shorter = datagram("abc");
  shorter.set_be16(4, 7);
  EXPECT_EQ(udp::parse(shorter, kernel_ip, peer_ip).error(), ParseError::BadLength);
}

TEST(UdpHeader, RejectsBadChecksum) {
  auto d = datagram("abc");
  d.set_u8(9, 'x');
  EXPECT_EQ(udp::parse(d, kernel_ip, peer_ip).error(), ParseError::BadChecksum);
  EXPECT_EQ(
      udp::parse(datagram("abc"), kernel_ip, mirage::Ipv4Address::of_octets(10, 77, 0, 3)).error(),
      ParseError::BadChecksum);  // the pseudo-header counts
}

TEST(UdpHeader, DescribesEveryParseError) {
  for (auto e : {ParseError::Truncated, ParseError::BadLength, ParseError::BadChecksum})
    EXPECT_NE(udp::to_string(e), "unknown UDP parse error");
}

}  // namespace
