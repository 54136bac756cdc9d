#pragma once
// ARP packets for IPv4 over Ethernet (RFC 826) as bytes, sans-IO.
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <span>
#include <string_view>

namespace arp {

using mirage::Ipv4Address;
using mirage::MacAddress;

enum class Operation : std::uint16_t { Request = 1, Reply = 2 };

struct Packet {
  Operation operation = Operation::Request;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;
  Ipv4Address target_ip;
  bool operator==(const Packet&) const = default;
};

inline constexpr std::size_t packet_size = 28;

enum class ParseError : std::uint8_t {
  Truncated,            // fewer than 28 bytes
  UnsupportedHardware,  // hardware type not Ethernet (1) or address length not 6
  UnsupportedProtocol,  // protocol type not IPv4 (0x0800) or address length not 4
  BadOperation,         // neither request (1) nor reply (2)
};

// A short description ("truncated ARP packet").
std::string_view to_string(ParseError e);

// Parses an Ethernet/IPv4 ARP packet; bytes after the 28 (Ethernet padding) are ignored.
std::expected<Packet, ParseError> parse(std::span<const std::uint8_t> bytes);

// Writes the 28 bytes of `p` at the start of `out` (at least packet_size bytes).
void write(const Packet& p, std::span<std::uint8_t> out) noexcept;

// `p` in a new 28-byte buffer.
cstruct::Buffer encode(const Packet& p);

}  // namespace arp
