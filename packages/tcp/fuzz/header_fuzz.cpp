// The segment parser on arbitrary bytes (the checksum is fixed up first, so that the
// parser's later checks are reached): no crash; a parsed payload lies inside the input;
// a parsed header written back parses to the same header (SACK blocks that do not fit
// beside the other options excepted).
#include <tcp/header.hpp>

#include <cstdlib>
#include <ipv4/checksum.hpp>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto src = mirage::Ipv4Address::of_octets(10, 0, 0, 1);
  const auto dst = mirage::Ipv4Address::of_octets(10, 0, 0, 2);
  std::vector<std::uint8_t> b(data, data + size);
  if (b.size() >= 18 && b.size() <= 65535) {
    b[16] = b[17] = 0;
    auto c = ipv4::pseudo_header(src, dst, tcp::protocol_number, b.size());
    c.add(b);
    const std::uint16_t sum = c.finish();
    b[16] = std::uint8_t(sum >> 8);
    b[17] = std::uint8_t(sum);
  }
  auto bytes = cstruct::Buffer::copy_of(b);
  auto s = tcp::parse(bytes, src, dst);
  if (!s) return 0;
  if (s->payload.data() < bytes.data() ||
      s->payload.data() + s->payload.size() != bytes.data() + bytes.size())
    std::abort();
  const tcp::Header& h = s->header;
  std::vector<std::uint8_t> out(tcp::header_size(h));
  tcp::write_header(out, h, src, dst);
  auto again = tcp::parse(cstruct::Buffer::copy_of(out), src, dst);
  if (!again) std::abort();
  tcp::Header x = again->header, y = h;
  if (x.options.sack_count > y.options.sack_count) std::abort();
  y.options.sack_count = x.options.sack_count;
  for (std::size_t i = x.options.sack_count; i < 4; ++i) x.options.sack[i] = y.options.sack[i] = {};
  if (!(x == y)) std::abort();
  return 0;
}
