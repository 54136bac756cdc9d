#include <ethernet/frame.hpp>

#include <algorithm>
#include <cassert>
#include <cstruct/endian.hpp>

namespace ethernet {
namespace {

constexpr std::uint16_t tpid_8021q = 0x8100;
constexpr std::uint16_t min_ethertype = 0x0600;

MacAddress mac_at(const cstruct::Buffer& b, std::size_t off) {
  MacAddress m;
  std::copy_n(b.data() + off, 6, m.bytes.begin());
  return m;
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated frame";
    case ParseError::NotEthernetII:
      return "not an Ethernet II frame (802.3 length field)";
  }
  return "unknown ethernet parse error";
}

std::expected<Frame, ParseError> parse(const cstruct::Buffer& frame) {
  if (frame.size() < header_size) return std::unexpected(ParseError::Truncated);
  Header h{mac_at(frame, 0), mac_at(frame, 6), EtherType{frame.get_be16(12)}, std::nullopt};
  std::size_t off = header_size;
  if (std::uint16_t(h.type) == tpid_8021q) {
    if (frame.size() < header_size + vlan_tag_size) return std::unexpected(ParseError::Truncated);
    h.vlan = frame.get_be16(14);
    h.type = EtherType{frame.get_be16(16)};
    off += vlan_tag_size;
  }
  if (std::uint16_t(h.type) < min_ethertype) return std::unexpected(ParseError::NotEthernetII);
  return Frame{h, frame.shift(off)};
}

void write_header(std::span<std::uint8_t> out, MacAddress destination, MacAddress source,
                  EtherType type) noexcept {
  assert(out.size() >= header_size);
  std::copy(destination.bytes.begin(), destination.bytes.end(), out.begin());
  std::copy(source.bytes.begin(), source.bytes.end(), out.begin() + 6);
  cstruct::store_be16(out, 12, std::uint16_t(type));
}

MacAddress ipv4_multicast_mac(mirage::Ipv4Address group) noexcept {
  const auto b = group.to_bytes();
  return MacAddress{{0x01, 0x00, 0x5e, std::uint8_t(b[1] & 0x7f), b[2], b[3]}};
}

}  // namespace ethernet
