#include <udp/header.hpp>

#include <cassert>
#include <cstruct/endian.hpp>

namespace udp {
namespace {
constexpr std::uint8_t protocol_udp = 17;
}

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated UDP datagram";
    case ParseError::BadLength:
      return "UDP length disagrees with the datagram";
    case ParseError::BadChecksum:
      return "bad UDP checksum";
  }
  return "unknown UDP parse error";
}

ipv4::Checksum pseudo_header(const IpAddress& source, const IpAddress& destination,
                             std::size_t length) noexcept {
  if (source.is_v4()) {
    assert(destination.is_v4());
    return ipv4::pseudo_header(*source.v4(), *destination.v4(), protocol_udp, length);
  }
  assert(destination.is_v6());
  ipv4::Checksum c;  // RFC 8200 §8.1: addresses, a 32-bit length, 3 zero bytes, next header
  c.add(source.v6()->bytes);
  c.add(destination.v6()->bytes);
  c.add_u32(std::uint32_t(length));
  c.add_u32(protocol_udp);
  return c;
}

std::expected<Packet, ParseError> parse(const cstruct::Buffer& bytes, const IpAddress& source,
                                        const IpAddress& destination) {
  if (bytes.size() < header_size) return std::unexpected(ParseError::Truncated);
  Header h{bytes.get_be16(0), bytes.get_be16(2), bytes.get_be16(4), bytes.get_be16(6)};
  if (h.length < header_size || h.length > bytes.size())
    return std::unexpected(ParseError::BadLength);
  const auto datagram = bytes.sub(0, h.length);
  if (h.checksum == 0 && source.is_v6()) return std::unexpected(ParseError::BadChecksum);
  if (h.checksum != 0) {
    auto c = pseudo_header(source, destination, h.length);
    c.add(datagram);
    if (c.finish() != 0) return std::unexpected(ParseError::BadChecksum);
  }
  return Packet{h, datagram.shift(header_size)};
}

void write_header(std::span<std::uint8_t> out, std::uint16_t source_port,
                  std::uint16_t destination_port, const IpAddress& source,
                  const IpAddress& destination) noexcept {
  using namespace cstruct;
  assert(out.size() >= header_size && out.size() <= 65535);
  store_be16(out, 0, source_port);
  store_be16(out, 2, destination_port);
  store_be16(out, 4, std::uint16_t(out.size()));
  store_be16(out, 6, 0);
  auto c = pseudo_header(source, destination, out.size());
  c.add(out);
  const std::uint16_t sum = c.finish();
  store_be16(out, 6, sum == 0 ? 0xffff : sum);
}

}  // namespace udp
