#pragma once
// The start of every upper-layer checksum over IPv6 (RFC 8200 §8.1): the pseudo-header of
// source, destination, the upper-layer length as 32 bits and the next header. The sum
// itself is the Internet checksum of the ipv4 package; ICMPv6, UDP and TCP add their
// bytes to what this returns.
#include <cstddef>
#include <cstdint>
#include <ipv4/checksum.hpp>
#include <mirage/address.hpp>

namespace ipv6 {

ipv4::Checksum pseudo_header(mirage::Ipv6Address source, mirage::Ipv6Address destination,
                             std::uint8_t next_header, std::size_t length) noexcept;

}  // namespace ipv6
