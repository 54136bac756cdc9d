#pragma once
// IPv6 addressing a host needs beside ipaddr's Ipv6Address: prefixes, the well-known
// multicast groups, solicited-node groups (RFC 4291 §2.7.1), the Ethernet MACs multicast
// groups map to (RFC 2464 §7) and interface identifiers from a MAC (modified EUI-64,
// RFC 4291 appendix A).
#include <array>
#include <cstdint>
#include <expected>
#include <mirage/address.hpp>
#include <string>
#include <string_view>

namespace ipv6 {

using mirage::Ipv6Address;
using mirage::MacAddress;

struct Prefix {
  Ipv6Address network;
  std::uint8_t length = 0;  // 0..128

  // Parses "2001:db8::/32"; the host bits must be zero.
  static std::expected<Prefix, mirage::AddressParseError> parse(std::string_view text);
  // The prefix of `length` bits that contains `a` (host bits cleared); length <= 128.
  static Prefix of(Ipv6Address a, std::uint8_t length);
  bool contains(Ipv6Address a) const;
  std::string to_string() const;
  auto operator<=>(const Prefix&) const = default;
};

// An address with the length of its on-link prefix, as "2001:db8::2/64" writes it.
struct CidrAddress {
  Ipv6Address address;
  std::uint8_t prefix_length = 64;

  // Parses "address/length" (length 0..128; host bits allowed).
  static std::expected<CidrAddress, mirage::AddressParseError> parse(std::string_view text);
  Prefix prefix() const { return Prefix::of(address, prefix_length); }
  auto operator<=>(const CidrAddress&) const = default;
};

// ff02::1 (every node on the link) and ff02::2 (every router on the link).
inline constexpr Ipv6Address all_nodes{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
inline constexpr Ipv6Address all_routers{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};

// ff02::1:ffXX:XXXX, the group that Neighbor Solicitations for `a` are sent to.
Ipv6Address solicited_node(Ipv6Address a) noexcept;
// Whether `a` is some address's solicited-node group.
bool is_solicited_node(Ipv6Address a) noexcept;
// 33:33 and the group's low 32 bits.
MacAddress multicast_mac(Ipv6Address group) noexcept;
// The modified EUI-64 interface identifier of `mac`: ff:fe in the middle, the
// universal/local bit flipped.
std::array<std::uint8_t, 8> interface_id(MacAddress mac) noexcept;
// The first 64 bits of `prefix` followed by `id`.
Ipv6Address with_interface_id(Ipv6Address prefix, const std::array<std::uint8_t, 8>& id) noexcept;
// fe80::/64 with the interface identifier of `mac`.
Ipv6Address link_local(MacAddress mac) noexcept;

// Multicast scope (RFC 4291 §2.7): 1 interface-local, 2 link-local, 5 site, 0xe global.
inline std::uint8_t multicast_scope(Ipv6Address group) noexcept {
  return group.bytes[1] & 0x0f;
}

}  // namespace ipv6
