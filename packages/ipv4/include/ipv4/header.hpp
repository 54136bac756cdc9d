#pragma once
// IPv4 headers (RFC 791) as bytes, sans-IO: validating parse of a received datagram into
// its header and a payload slice (no copy), a lenient parse of the header quoted inside an
// ICMP error, and writing a header with its checksum.
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <span>
#include <string_view>

namespace ipv4 {

using mirage::Ipv4Address;

inline constexpr std::size_t header_size = 20;      // without options
inline constexpr std::size_t max_header_size = 60;  // IHL 15
inline constexpr std::size_t max_datagram_size = 65535;

struct Header {
  std::uint8_t tos = 0;  // DSCP and ECN
  std::uint16_t id = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  std::uint16_t fragment_offset = 0;  // in bytes (a multiple of 8)
  std::uint8_t ttl = 64;
  std::uint8_t protocol = 0;
  Ipv4Address source;
  Ipv4Address destination;

  // Whether this is one fragment of a larger datagram.
  bool is_fragment() const { return more_fragments || fragment_offset != 0; }
  bool operator==(const Header&) const = default;
};

// A received datagram: its header, the header's bytes (with any options; an ICMP error
// quotes them) and the payload, trimmed to the total length. Both are slices of the
// datagram's buffer.
struct Packet {
  Header header;
  cstruct::Buffer header_bytes;
  cstruct::Buffer payload;
};

enum class ParseError : std::uint8_t {
  Truncated,        // shorter than 20 bytes or than the header length says
  BadVersion,       // not 4
  BadHeaderLength,  // IHL below 5
  BadTotalLength,   // shorter than the header or longer than the bytes received
  BadChecksum,
  BadFragment,  // a non-final fragment not a multiple of 8 bytes, or ending past 65535
};

// A short description ("bad header checksum").
std::string_view to_string(ParseError e);

// Parses and validates a received datagram (the bytes after the Ethernet header): version,
// IHL, total length (trailing link padding is cut off), checksum and fragment fields.
// Options are kept, not interpreted. Any TTL is accepted: RFC 1122 §3.2.1.7 forbids a host
// to drop a datagram it receives for its TTL.
std::expected<Packet, ParseError> parse(const cstruct::Buffer& datagram);

// Parses the header an ICMP error quotes (RFC 792: the header and 8 bytes of data): the
// version and IHL are checked, the total length and checksum are not.
std::expected<Header, ParseError> parse_quoted(std::span<const std::uint8_t> bytes);

// Writes a 20-byte header (no options) for a datagram with `payload_size` bytes after it,
// checksum included, at the start of `out`. The total must fit in 16 bits and the TTL must
// not be 0 (RFC 1122: a host never sends TTL 0); both asserted.
void write_header(std::span<std::uint8_t> out, const Header& h, std::size_t payload_size) noexcept;

}  // namespace ipv4
