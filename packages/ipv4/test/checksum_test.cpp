#include <gtest/gtest.h>
#include <ethernet/frame.hpp>
#include <ethernet/testing/captured.hpp>
#include <ethernet/testing/hex.hpp>
#include <ipv4/checksum.hpp>

#include <cstdint>
#include <vector>

namespace {

using ethernet::testing::hex;
namespace captured = ethernet::testing::captured;

// The sum written the obvious way, for comparison.
std::uint16_t reference_checksum(std::span<const std::uint8_t> b) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < b.size(); i += 2)
    sum += std::uint32_t(b[i] << 8) | (i + 1 < b.size() ? b[i + 1] : 0);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return std::uint16_t(~sum);
}

TEST(Checksum, MatchesRfc1071Example) {
  // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
  const std::uint8_t bytes[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(ipv4::checksum(bytes), std::uint16_t(~0xddf2));
}

TEST(Checksum, PadsAnOddLastByteWithZero) {
  const std::uint8_t bytes[] = {0x01, 0x02, 0x03};
  EXPECT_EQ(ipv4::checksum(bytes), std::uint16_t(~0x0402));
}

TEST(Checksum, EveryCapturedIpv4HeaderSumsToZero) {
  for (auto frame : {captured::icmp_echo_request, captured::icmp_echo_reply, captured::udp_datagram,
                     captured::fragment_1, captured::fragment_2, captured::fragment_3,
                     captured::icmp_port_unreachable}) {
    auto header = hex(frame).sub(ethernet::header_size, 20);
    EXPECT_EQ(ipv4::checksum(header), 0) << frame.substr(0, 40);
  }
}

TEST(Checksum, CapturedUdpDatagramVerifiesWithItsPseudoHeader) {
  auto ip = hex(captured::udp_datagram).shift(ethernet::header_size);
  auto udp = ip.shift(20);
  auto c = ipv4::pseudo_header(mirage::Ipv4Address{ip.get_be32(12)},
                               mirage::Ipv4Address{ip.get_be32(16)}, 17, udp.size());
  c.add(udp);
  EXPECT_EQ(c.finish(), 0);
}

TEST(Checksum, ChainedPiecesEqualOnePiece) {
  std::vector<std::uint8_t> bytes(1501);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = std::uint8_t(i * 7 + 3);
  ipv4::Checksum c;
  c.add(std::span(bytes).first(2));
  c.add_u16(std::uint16_t(bytes[2] << 8 | bytes[3]));
  c.add_u32(std::uint32_t(bytes[4] << 24 | bytes[5] << 16 | bytes[6] << 8 | bytes[7]));
  c.add(std::span(bytes).subspan(8, 600));
  c.add(std::span(bytes).subspan(608));
  EXPECT_EQ(c.finish(), ipv4::checksum(bytes));
}

TEST(Checksum, AgreesWithTheReferenceAtEveryLength) {
  std::vector<std::uint8_t> bytes(200);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = std::uint8_t(0xff - i * 13);
  for (std::size_t n = 0; n <= bytes.size(); ++n)
    EXPECT_EQ(ipv4::checksum(std::span(bytes).first(n)),
              reference_checksum(std::span(bytes).first(n)))
        << n;
}

TEST(Checksum, HandlesCarriesOfAllOnes) {
  std::vector<std::uint8_t> ones(65535, 0xff);
  EXPECT_EQ(ipv4::checksum(ones), reference_checksum(ones));
}

}  // namespace
