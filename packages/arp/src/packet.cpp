#include <arp/packet.hpp>

#include <algorithm>
#include <cassert>
#include <cstruct/endian.hpp>

namespace arp {
namespace {

constexpr std::uint16_t hardware_ethernet = 1;
constexpr std::uint16_t protocol_ipv4 = 0x0800;

MacAddress mac_at(std::span<const std::uint8_t> b, std::size_t off) {
  MacAddress m;
  std::copy_n(b.begin() + off, 6, m.bytes.begin());
  return m;
}

void put_mac(std::span<std::uint8_t> out, std::size_t off, MacAddress m) {
  std::ranges::copy(m.bytes, out.begin() + off);
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated ARP packet";
    case ParseError::UnsupportedHardware:
      return "ARP hardware type is not Ethernet";
    case ParseError::UnsupportedProtocol:
      return "ARP protocol type is not IPv4";
    case ParseError::BadOperation:
      return "ARP operation is neither request nor reply";
  }
  return "unknown ARP parse error";
}

std::expected<Packet, ParseError> parse(std::span<const std::uint8_t> b) {
  using namespace cstruct;
  if (b.size() < packet_size) return std::unexpected(ParseError::Truncated);
  if (load_be16(b, 0) != hardware_ethernet || load_u8(b, 4) != 6)
    return std::unexpected(ParseError::UnsupportedHardware);
  if (load_be16(b, 2) != protocol_ipv4 || load_u8(b, 5) != 4)
    return std::unexpected(ParseError::UnsupportedProtocol);
  const std::uint16_t op = load_be16(b, 6);
  if (op != std::uint16_t(Operation::Request) && op != std::uint16_t(Operation::Reply))
    return std::unexpected(ParseError::BadOperation);
  return Packet{Operation(op), mac_at(b, 8), Ipv4Address{load_be32(b, 14)}, mac_at(b, 18),
                Ipv4Address{load_be32(b, 24)}};
}

void write(const Packet& p, std::span<std::uint8_t> out) noexcept {
  using namespace cstruct;
  assert(out.size() >= packet_size);
  store_be16(out, 0, hardware_ethernet);
  store_be16(out, 2, protocol_ipv4);
  store_u8(out, 4, 6);
  store_u8(out, 5, 4);
  store_be16(out, 6, std::uint16_t(p.operation));
  put_mac(out, 8, p.sender_mac);
  store_be32(out, 14, p.sender_ip.value);
  put_mac(out, 18, p.target_mac);
  store_be32(out, 24, p.target_ip.value);
}

cstruct::Buffer encode(const Packet& p) {
  auto b = cstruct::Buffer::create(packet_size);
  write(p, b.span());
  return b;
}

}  // namespace arp
