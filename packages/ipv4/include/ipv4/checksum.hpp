#pragma once
// The Internet checksum (RFC 1071), shared by IPv4, ICMP, UDP and TCP: a one's-complement
// sum of 16-bit big-endian words, complemented.
#include <cstddef>
#include <cstdint>
#include <mirage/address.hpp>
#include <span>

namespace ipv4 {

// Accumulates the sum over several pieces (a pseudo-header, a header, a payload). The sum
// is kept in host order over 32-bit words and folded only at the end.
class Checksum {
 public:
  // Adds `bytes`. Every piece but the last must have an even length (asserted).
  void add(std::span<const std::uint8_t> bytes) noexcept;
  // Adds a 16- or 32-bit field as it appears big-endian on the wire.
  void add_u16(std::uint16_t v) noexcept;
  void add_u32(std::uint32_t v) noexcept;
  // The value for the checksum field (store it big-endian). Over data that includes a
  // correct checksum field, it is 0.
  std::uint16_t finish() const noexcept;

 private:
  std::uint64_t sum_ = 0;
  bool odd_ = false;  // a piece of odd length was added: only the last may be
};

// The checksum of one piece of bytes.
std::uint16_t checksum(std::span<const std::uint8_t> bytes) noexcept;

// Starts a checksum with the IPv4 pseudo-header of UDP and TCP (RFC 768, RFC 9293):
// source, destination, protocol and the segment's length.
Checksum pseudo_header(mirage::Ipv4Address source, mirage::Ipv4Address destination,
                       std::uint8_t protocol, std::size_t length) noexcept;

}  // namespace ipv4
