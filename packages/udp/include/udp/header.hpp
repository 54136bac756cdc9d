#pragma once
// UDP headers (RFC 768) as bytes, sans-IO: a validating parse (length, checksum over the
// pseudo-header) and writing a header with its checksum. Both IP families are covered:
// the IPv6 pseudo-header is RFC 8200's, and IPv6 forbids the zero "no checksum".
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <ipv4/checksum.hpp>
#include <mirage/address.hpp>
#include <span>
#include <string_view>

namespace udp {

using mirage::IpAddress;

inline constexpr std::size_t header_size = 8;

struct Header {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint16_t length = 0;    // header and payload
  std::uint16_t checksum = 0;  // 0: none sent (IPv4 only)
  bool operator==(const Header&) const = default;
};

// A received datagram: header and payload (a slice of the IP payload, trimmed to length).
struct Packet {
  Header header;
  cstruct::Buffer payload;
};

enum class ParseError : std::uint8_t {
  Truncated,    // fewer than 8 bytes
  BadLength,    // the length field is below 8 or past the bytes received
  BadChecksum,  // wrong, or absent over IPv6
};

// A short description ("bad UDP checksum").
std::string_view to_string(ParseError e);

// The checksum accumulator started with the pseudo-header of a UDP datagram of `length`
// bytes between `source` and `destination` (of one family; asserted).
ipv4::Checksum pseudo_header(const IpAddress& source, const IpAddress& destination,
                             std::size_t length) noexcept;

// Parses a UDP datagram (an IP payload) sent from `source` to `destination`: the length
// field must fit the bytes (any beyond it are cut off) and the checksum must hold.
std::expected<Packet, ParseError> parse(const cstruct::Buffer& bytes, const IpAddress& source,
                                        const IpAddress& destination);

// Fills in the header of `out`, a whole datagram whose payload (from byte 8) is already
// written, with its checksum (0 is sent as 0xffff). `out` must be at least 8 and at most
// 65535 bytes (asserted).
void write_header(std::span<std::uint8_t> out, std::uint16_t source_port,
                  std::uint16_t destination_port, const IpAddress& source,
                  const IpAddress& destination) noexcept;

}  // namespace udp
