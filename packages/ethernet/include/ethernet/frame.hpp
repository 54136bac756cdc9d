#pragma once
// Ethernet II frames as bytes (sans-IO): parsing a received frame into its header and a
// payload slice (no copy), and writing a header. IEEE 802.1Q tags are recognised.
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <mirage/net.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace ethernet {

using mirage::EtherType;
using mirage::MacAddress;

inline constexpr std::size_t header_size = 14;     // destination, source, EtherType
inline constexpr std::size_t vlan_tag_size = 4;    // TPID 0x8100, then the tag control info
inline constexpr std::size_t min_frame_size = 60;  // without the FCS: shorter frames are padded

struct Header {
  MacAddress destination;
  MacAddress source;
  EtherType type{};                   // of the payload, after any VLAN tag
  std::optional<std::uint16_t> vlan;  // the 802.1Q tag control information, when tagged
  bool operator==(const Header&) const = default;
};

// A parsed frame: its header and its payload, a slice of the frame's buffer.
struct Frame {
  Header header;
  cstruct::Buffer payload;
};

enum class ParseError : std::uint8_t {
  Truncated,      // shorter than the header (or the VLAN tag)
  NotEthernetII,  // the type field is an 802.3 length (below 0x0600)
};

// A short description ("truncated frame").
std::string_view to_string(ParseError e);

// Parses an Ethernet II frame; one 802.1Q tag (TPID 0x8100) is taken off and reported in
// header.vlan. The payload shares the frame's storage and keeps any padding: the layer
// above trims by its own length field.
std::expected<Frame, ParseError> parse(const cstruct::Buffer& frame);

// Writes a 14-byte header at the start of `out` (which must hold at least header_size bytes).
void write_header(std::span<std::uint8_t> out, MacAddress destination, MacAddress source,
                  EtherType type) noexcept;

// The multicast MAC an IPv4 group maps to (RFC 1112: 01:00:5e and the group's low 23 bits).
MacAddress ipv4_multicast_mac(mirage::Ipv4Address group) noexcept;

}  // namespace ethernet
