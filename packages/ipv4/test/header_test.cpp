#include <gtest/gtest.h>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <ipv4/checksum.hpp>
#include <ipv4/header.hpp>

namespace {

using ethernet::testing::hex;
using ipv4::ParseError;
namespace captured = ethernet::testing::captured;

using captured::kernel_ip;
using captured::peer_ip;

cstruct::Buffer datagram_of(std::string_view frame) {
  return hex(frame).shift(ethernet::header_size);
}

// The captured echo request with one header byte changed and the checksum made right again.
cstruct::Buffer patched(std::size_t off, std::uint8_t value, bool fix_checksum = true) {
  auto d = cstruct::Buffer::copy_of(datagram_of(captured::icmp_echo_request));
  d.set_u8(off, value);
  if (fix_checksum) {
    d.set_be16(10, 0);
    const std::size_t ihl = std::min<std::size_t>((d.get_u8(0) & 0xf) * 4, d.size());
    d.set_be16(10, ipv4::checksum(d.span().first(std::max<std::size_t>(ihl, 20))));
  }
  return d;
}

TEST(Ipv4Header, ParsesCapturedEchoRequest) {
  auto d = datagram_of(captured::icmp_echo_request);
  auto p = ipv4::parse(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header, (ipv4::Header{.tos = 0,
                                     .id = 0x8f9d,
                                     .dont_fragment = true,
                                     .ttl = 64,
                                     .protocol = 1,
                                     .source = kernel_ip,
                                     .destination = peer_ip}));
  EXPECT_EQ(p->header_bytes.size(), 20u);
  EXPECT_EQ(p->payload.size(), 32u);
  EXPECT_EQ(p->payload.data(), d.data() + 20);
}

TEST(Ipv4Header, ParsesCapturedMiddleFragment) {
  auto p = ipv4::parse(datagram_of(captured::fragment_2));
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->header.more_fragments);
  EXPECT_EQ(p->header.fragment_offset, 1480);
  EXPECT_TRUE(p->header.is_fragment());
}

TEST(Ipv4Header, WritesExactlyTheCapturedHeader) {
  auto d = datagram_of(captured::icmp_echo_reply);
  auto out = cstruct::Buffer::create(20);
  ipv4::write_header(
      out.span(),
      {.id = 0x7c22, .ttl = 64, .protocol = 1, .source = peer_ip, .destination = kernel_ip}, 32);
  EXPECT_EQ(out, d.sub(0, 20));
}

TEST(Ipv4Header, WriteThenParseRoundTrips) {
  ipv4::Header h{.tos = 0xb8,
                 .id = 7,
                 .more_fragments = true,
                 .fragment_offset = 4096,
                 .ttl = 3,
                 .protocol = 17,
                 .source = peer_ip,
                 .destination = kernel_ip};
  auto d = cstruct::Buffer::create(20 + 16);
  ipv4::write_header(d.span(), h, 16);
  auto p = ipv4::parse(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header, h);
}

TEST(Ipv4Header, CutsLinkPaddingAfterTheTotalLength) {
  auto d = cstruct::Buffer::create(46);
  d.blit(datagram_of(captured::udp_datagram), 0);  // 41 bytes, padded as on a real wire
  auto p = ipv4::parse(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->payload.size(), 21u);
}

TEST(Ipv4Header, KeepsOptions) {
  auto d = cstruct::Buffer::create(28);
  ipv4::write_header(d.span(),
                     {.ttl = 1, .protocol = 2, .source = kernel_ip, .destination = peer_ip}, 4);
  // Rebuild as IHL 6 with a Router Alert option (RFC 2113), then the 4 payload bytes.
  d.set_u8(0, 0x46);
  d.set_be16(2, 28);
  d.set_be32(20, 0x94040000);
  d.set_be32(24, 0x11223344);
  d.set_be16(10, 0);
  d.set_be16(10, ipv4::checksum(d.span().first(24)));
  auto p = ipv4::parse(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header_bytes.size(), 24u);
  EXPECT_EQ(p->payload.get_be32(0), 0x11223344u);
}

TEST(Ipv4Header, RejectsDatagramShorterThanAHeader) {
  EXPECT_EQ(ipv4::parse(datagram_of(captured::icmp_echo_request).sub(0, 19)).error(),
            ParseError::Truncated);
}

TEST(Ipv4Header, RejectsOtherVersions) {
  EXPECT_EQ(ipv4::parse(patched(0, 0x65)).error(), ParseError::BadVersion);
}

TEST(Ipv4Header, RejectsHeaderLengthBelowFive) {
  EXPECT_EQ(ipv4::parse(patched(0, 0x44, false)).error(), ParseError::BadHeaderLength);
}

TEST(Ipv4Header, RejectsHeaderLengthPastTheData) {
  auto d = patched(0, 0x4f, false);  // 60 bytes of header in a 52-byte datagram
  EXPECT_EQ(ipv4::parse(d).error(), ParseError::Truncated);
}

TEST(Ipv4Header, RejectsTotalLengthThatLies) {
  auto longer = patched(3, 0x35);  // 53 > the 52 bytes there are
  EXPECT_EQ(ipv4::parse(longer).error(), ParseError::BadTotalLength);
  EXPECT_EQ(ipv4::parse(patched(3, 19)).error(),
            ParseError::BadTotalLength);  // less than the header
}

TEST(Ipv4Header, RejectsBadChecksum) {
  EXPECT_EQ(ipv4::parse(patched(8, 63, false)).error(), ParseError::BadChecksum);
}

TEST(Ipv4Header, RejectsNonFinalFragmentOfOddSize) {
  auto d = patched(6, 0x20);  // MF, offset 0, and a 32-byte payload: fine
  EXPECT_TRUE(ipv4::parse(d));
  auto odd = cstruct::Buffer::create(20 + 12);
  ipv4::write_header(odd.span(),
                     {.more_fragments = true,
                      .ttl = 9,
                      .protocol = 1,
                      .source = kernel_ip,
                      .destination = peer_ip},
                     12);
  EXPECT_EQ(ipv4::parse(odd).error(), ParseError::BadFragment);
}

TEST(Ipv4Header, RejectsFragmentEndingPast65535) {
  auto d = cstruct::Buffer::create(20 + 16);
  ipv4::write_header(d.span(),
                     {.fragment_offset = 65520,
                      .ttl = 9,
                      .protocol = 1,
                      .source = kernel_ip,
                      .destination = peer_ip},
                     16);
  EXPECT_EQ(ipv4::parse(d).error(), ParseError::BadFragment);
}

TEST(Ipv4Header, ParsesTheHeaderQuotedInAnIcmpError) {
  auto icmp = datagram_of(captured::icmp_port_unreachable).shift(20);
  auto h = ipv4::parse_quoted(icmp.shift(8));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->protocol, 17);
  EXPECT_EQ(h->source, kernel_ip);
  EXPECT_EQ(h->destination, peer_ip);
  EXPECT_EQ(ipv4::parse_quoted(icmp.shift(8).sub(0, 19)).error(), ParseError::Truncated);
}

TEST(Ipv4Header, DescribesEveryParseError) {
  for (auto e : {ParseError::Truncated, ParseError::BadVersion, ParseError::BadHeaderLength,
                 ParseError::BadTotalLength, ParseError::BadChecksum, ParseError::BadFragment})
    EXPECT_NE(ipv4::to_string(e), "unknown IPv4 parse error");
}

}  // namespace
