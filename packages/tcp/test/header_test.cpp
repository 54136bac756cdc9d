// Segments as bytes: a SYN as Linux sends it, every option both ways, malformed input.
#include <tcp/header.hpp>

#include <gtest/gtest.h>

#include <ipv4/checksum.hpp>
#include <vector>

namespace tcp {
namespace {

const Ipv4Address src = Ipv4Address::of_octets(10, 77, 0, 1);
const Ipv4Address dst = Ipv4Address::of_octets(10, 77, 0, 2);

// Writes the checksum of a segment over our pseudo-header into its bytes.
void fix_checksum(std::vector<std::uint8_t>& b) {
  b[16] = b[17] = 0;
  auto c = ipv4::pseudo_header(src, dst, protocol_number, b.size());
  c.add(b);
  const std::uint16_t sum = c.finish();
  b[16] = std::uint8_t(sum >> 8);
  b[17] = std::uint8_t(sum);
}

// A SYN from Linux 6.1 (tcpdump -x), 10.77.0.1:45678 -> 10.77.0.2:7: MSS 1460,
// SACK-permitted, timestamps, NOP, window scale 7. Its checksum is recomputed below.
std::vector<std::uint8_t> linux_syn() {
  std::vector<std::uint8_t> b = {
      0xb2, 0x6e, 0x00, 0x07, 0x5e, 0x3b, 0x61, 0x0a, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
      0xfa, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
      0x8c, 0x1d, 0x2f, 0x41, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};
  fix_checksum(b);
  return b;
}

TEST(Header, ParsesALinuxSyn) {
  auto bytes = cstruct::Buffer::copy_of(linux_syn());
  auto s = parse(bytes, src, dst);
  ASSERT_TRUE(s) << to_string(s.error());
  const Header& h = s->header;
  EXPECT_EQ(h.source_port, 45678);
  EXPECT_EQ(h.destination_port, 7);
  EXPECT_EQ(h.seq, 0x5e3b610au);
  EXPECT_EQ(h.flags, flags::syn);
  EXPECT_EQ(h.window, 64240);
  EXPECT_EQ(h.options.mss, 1460);
  EXPECT_TRUE(h.options.sack_permitted);
  ASSERT_TRUE(h.options.timestamps);
  EXPECT_EQ(h.options.timestamps->value, 0x8c1d2f41u);
  EXPECT_EQ(h.options.timestamps->echo, 0u);
  EXPECT_EQ(h.options.window_scale, 7);
  EXPECT_TRUE(s->payload.empty());
  // Written back, the same bytes.
  std::vector<std::uint8_t> out(header_size(h));
  write_header(out, h, src, dst);
  EXPECT_EQ(out, linux_syn());
}

TEST(Header, RoundTripsEveryOptionAndPayload) {
  Header h;
  h.source_port = 80;
  h.destination_port = 40000;
  h.seq = 0xfffffff0;
  h.ack = 12345;
  h.flags = flags::ack | flags::psh;
  h.window = 501;
  h.options.timestamps = Timestamps{7, 9};
  h.options.sack_count = 3;
  h.options.sack = {SackBlock{1, 2}, SackBlock{3, 4}, SackBlock{5, 6}, SackBlock{}};
  const std::string payload = "hello";
  const std::size_t hs = header_size(h);
  EXPECT_EQ(hs, 20u + 12 + 4 + 24);
  auto bytes = cstruct::Buffer::create(hs + payload.size());
  bytes.blit({reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()}, hs);
  write_header(bytes.span(), h, src, dst);
  auto s = parse(bytes, src, dst);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->header, h);
  EXPECT_EQ(s->payload.to_string(), payload);
}

TEST(Header, AnOffloadedChecksumIsThePseudoHeadersSumThatADeviceFinishes) {
  Header h;
  h.source_port = 80;
  h.destination_port = 40000;
  h.seq = 77;
  h.flags = flags::ack;
  h.options.timestamps = Timestamps{1, 2};
  const std::string payload(3001, 'x');  // odd, as the last piece may be
  const std::size_t hs = header_size(h);
  auto bytes = cstruct::Buffer::create(hs + payload.size());
  bytes.blit({reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()}, hs);
  write_header(bytes.span(), h, src, dst, Checksum::Offloaded);
  EXPECT_FALSE(parse(bytes, src, dst));  // not finished: refused as it stands
  // The field holds the folded pseudo-header sum, not complemented...
  const std::uint16_t partial = bytes.get_be16(16);
  EXPECT_EQ(partial, std::uint16_t(~ipv4::pseudo_header(src, dst, protocol_number, bytes.size()).finish()));
  // ...so that the device's checksum from the TCP header on, field included, is the right one.
  bytes.set_be16(16, ipv4::checksum(bytes.span()));
  auto seg = parse(bytes, src, dst);
  ASSERT_TRUE(seg);
  EXPECT_EQ(seg->header, h);
}

TEST(Header, SackBlocksThatDoNotFitAreLeftOut) {
  Header h;
  h.source_port = h.destination_port = 1;
  h.options.timestamps = Timestamps{1, 2};
  h.options.sack_count = 4;
  h.options.sack = {SackBlock{1, 2}, SackBlock{3, 4}, SackBlock{5, 6}, SackBlock{7, 8}};
  EXPECT_EQ(header_size(h), 60u);
  std::vector<std::uint8_t> out(60);
  write_header(out, h, src, dst);
  auto s = parse(cstruct::Buffer::copy_of(out), src, dst);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->header.options.sack_count, 3);  // three fit beside the timestamps
}

TEST(Header, RefusesMalformedSegments) {
  auto parse_of = [](std::vector<std::uint8_t> b, bool fix_sum = true) {
    if (fix_sum && b.size() >= 18) fix_checksum(b);
    return parse(cstruct::Buffer::copy_of(b), src, dst);
  };
  auto syn = linux_syn();
  EXPECT_EQ(parse_of({syn.begin(), syn.begin() + 19}, false).error(), ParseError::Truncated);
  auto b = syn;
  b[12] = 0x40;  // data offset 4
  EXPECT_EQ(parse_of(b).error(), ParseError::BadOffset);
  b = syn;
  b[12] = 0xf0;  // 60 bytes of header in 40
  EXPECT_EQ(parse_of(b).error(), ParseError::Truncated);
  b = syn;
  b[30] ^= 1;
  EXPECT_EQ(parse_of(b, false).error(), ParseError::BadChecksum);
  b = syn;
  b[21] = 0;  // MSS option of length 0
  EXPECT_EQ(parse_of(b).error(), ParseError::BadOption);
  b = syn;
  b[39] = 0x03;
  b[38] = 0x03;
  b[37] = 0x05;  // window scale claiming 5 bytes at the end
  b[36] = 0x03;
  EXPECT_EQ(parse_of(b).error(), ParseError::BadOption);
  b = syn;
  b[13] = flags::syn | flags::fin;
  EXPECT_EQ(parse_of(b).error(), ParseError::BadFlags);
  b = syn;
  b[0] = b[1] = 0;
  EXPECT_EQ(parse_of(b).error(), ParseError::BadFlags);
}

TEST(Header, IgnoresKnownOptionsOfTheWrongLengthAndSkipsUnknownOnes) {
  auto b = linux_syn();
  b.resize(20);
  b[12] = 0xa0;  // 40 bytes of header
  const std::uint8_t options[] = {
      0x02, 0x05, 0x05, 0xb4, 0x00,  // MSS with length 5: ignored, skipped whole
      0x01, 0x01, 0x01,              // NOPs
      0xfe, 0x02,                    // an unknown kind, skipped
      0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2};  // timestamps 1, 2
  b.insert(b.end(), std::begin(options), std::end(options));
  fix_checksum(b);
  auto s = parse(cstruct::Buffer::copy_of(b), src, dst);
  ASSERT_TRUE(s) << to_string(s.error());
  EXPECT_FALSE(s->header.options.mss);
  EXPECT_EQ(s->header.options.timestamps, (Timestamps{1, 2}));
}

TEST(Header, SequenceArithmeticWraps) {
  EXPECT_TRUE(seq_lt(0xfffffff0u, 5u));
  EXPECT_TRUE(seq_gt(5u, 0xfffffff0u));
  EXPECT_EQ(seq_max(0xfffffff0u, 5u), 5u);
  EXPECT_TRUE(seq_le(7u, 7u));
}

}  // namespace
}  // namespace tcp
