#include <ipv4/checksum.hpp>
#include <ipv4/header.hpp>

#include <cassert>
#include <cstruct/endian.hpp>

namespace ipv4 {
namespace {

constexpr std::uint16_t flag_df = 0x4000;
constexpr std::uint16_t flag_mf = 0x2000;
constexpr std::uint16_t offset_mask = 0x1fff;

// The fields every parse checks; `ihl_bytes` is the header length in bytes.
std::expected<Header, ParseError> parse_fields(std::span<const std::uint8_t> b,
                                               std::size_t& ihl_bytes) {
  using namespace cstruct;
  if (b.size() < header_size) return std::unexpected(ParseError::Truncated);
  const std::uint8_t vihl = load_u8(b, 0);
  if (vihl >> 4 != 4) return std::unexpected(ParseError::BadVersion);
  ihl_bytes = std::size_t(vihl & 0xf) * 4;
  if (ihl_bytes < header_size) return std::unexpected(ParseError::BadHeaderLength);
  if (b.size() < ihl_bytes) return std::unexpected(ParseError::Truncated);
  const std::uint16_t frag = load_be16(b, 6);
  Header h;
  h.tos = load_u8(b, 1);
  h.id = load_be16(b, 4);
  h.dont_fragment = frag & flag_df;
  h.more_fragments = frag & flag_mf;
  h.fragment_offset = std::uint16_t((frag & offset_mask) * 8);
  h.ttl = load_u8(b, 8);
  h.protocol = load_u8(b, 9);
  h.source = Ipv4Address{load_be32(b, 12)};
  h.destination = Ipv4Address{load_be32(b, 16)};
  return h;
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated IPv4 datagram";
    case ParseError::BadVersion:
      return "IP version is not 4";
    case ParseError::BadHeaderLength:
      return "IPv4 header length below 20 bytes";
    case ParseError::BadTotalLength:
      return "IPv4 total length disagrees with the datagram";
    case ParseError::BadChecksum:
      return "bad IPv4 header checksum";
    case ParseError::BadFragment:
      return "malformed IPv4 fragment";
  }
  return "unknown IPv4 parse error";
}

std::expected<Packet, ParseError> parse(const cstruct::Buffer& datagram) {
  std::size_t ihl = 0;
  auto h = parse_fields(datagram, ihl);
  if (!h) return std::unexpected(h.error());
  const std::size_t total = datagram.get_be16(2);
  if (total < ihl || total > datagram.size()) return std::unexpected(ParseError::BadTotalLength);
  if (checksum(datagram.span().first(ihl)) != 0) return std::unexpected(ParseError::BadChecksum);
  const std::size_t payload = total - ihl;
  if ((h->more_fragments && payload % 8 != 0) ||
      h->fragment_offset + payload > max_datagram_size - ihl)
    return std::unexpected(ParseError::BadFragment);
  return Packet{*h, datagram.sub(0, ihl), datagram.sub(ihl, payload)};
}

std::expected<Header, ParseError> parse_quoted(std::span<const std::uint8_t> bytes) {
  std::size_t ihl = 0;
  return parse_fields(bytes, ihl);
}

void write_header(std::span<std::uint8_t> out, const Header& h, std::size_t payload_size) noexcept {
  using namespace cstruct;
  assert(out.size() >= header_size && header_size + payload_size <= max_datagram_size);
  assert(h.ttl != 0 && h.fragment_offset % 8 == 0);
  store_u8(out, 0, 0x45);
  store_u8(out, 1, h.tos);
  store_be16(out, 2, std::uint16_t(header_size + payload_size));
  store_be16(out, 4, h.id);
  store_be16(out, 6,
             std::uint16_t((h.dont_fragment ? flag_df : 0) | (h.more_fragments ? flag_mf : 0) |
                           (h.fragment_offset / 8)));
  store_u8(out, 8, h.ttl);
  store_u8(out, 9, h.protocol);
  store_be16(out, 10, 0);
  store_be32(out, 12, h.source.value);
  store_be32(out, 16, h.destination.value);
  store_be16(out, 10, checksum(out.first(header_size)));
}

}  // namespace ipv4
