#pragma once
// Link and network addresses shared by every network device and protocol: MAC, IPv4,
// IPv6, either IP, and IPv4 prefixes. Text forms follow the RFCs: dotted decimal without
// leading zeros, RFC 4291 IPv6 input and RFC 5952 canonical output, "aa:bb:cc:dd:ee:ff".
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <variant>

namespace ipaddr {

// Why a text address was rejected, and the byte offset in the input where it was noticed.
struct AddressParseError {
  std::string_view reason;
  std::size_t offset = 0;
  // "reason at offset N".
  std::string describe() const;
  bool operator==(const AddressParseError&) const = default;
};

struct MacAddress {
  std::array<std::uint8_t, 6> bytes{};

  // Parses "aa:bb:cc:dd:ee:ff" (also with '-'); exactly two hex digits per octet.
  static std::expected<MacAddress, AddressParseError> parse(std::string_view text);
  static constexpr MacAddress broadcast() { return {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
  // Lower-case, colon-separated.
  std::string to_string() const;
  constexpr bool is_broadcast() const { return *this == broadcast(); }
  constexpr bool is_multicast() const { return (bytes[0] & 1) != 0; }
  constexpr auto operator<=>(const MacAddress&) const = default;
};

struct Ipv4Address {
  std::uint32_t value = 0;  // host byte order: 10.0.0.1 is 0x0a000001

  static constexpr Ipv4Address of_octets(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                         std::uint8_t d) {
    return {(std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d};
  }
  // Network byte order, as on the wire.
  static constexpr Ipv4Address of_bytes(const std::array<std::uint8_t, 4>& b) {
    return of_octets(b[0], b[1], b[2], b[3]);
  }
  // Parses dotted decimal "a.b.c.d"; rejects leading zeros ("010"), which some parsers
  // read as octal, and anything but four parts in 0..255.
  static std::expected<Ipv4Address, AddressParseError> parse(std::string_view text);
  static constexpr Ipv4Address any() { return {0}; }
  static constexpr Ipv4Address broadcast() { return {0xffffffff}; }
  static constexpr Ipv4Address localhost() { return of_octets(127, 0, 0, 1); }

  constexpr std::array<std::uint8_t, 4> to_bytes() const {
    return {std::uint8_t(value >> 24), std::uint8_t(value >> 16), std::uint8_t(value >> 8),
            std::uint8_t(value)};
  }
  std::string to_string() const;
  constexpr bool is_loopback() const { return (value >> 24) == 127; }
  constexpr bool is_multicast() const { return (value >> 28) == 0xe; }
  constexpr bool is_broadcast() const { return value == 0xffffffff; }
  constexpr bool is_unspecified() const { return value == 0; }
  constexpr auto operator<=>(const Ipv4Address&) const = default;
};

struct Ipv4Prefix {
  Ipv4Address network;
  std::uint8_t length = 0;  // 0..32

  // Parses "10.0.0.0/8"; the host bits must be zero ("10.0.0.7/8" is rejected).
  static std::expected<Ipv4Prefix, AddressParseError> parse(std::string_view text);
  constexpr std::uint32_t mask() const {
    return length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
  }
  constexpr bool contains(Ipv4Address a) const { return (a.value & mask()) == network.value; }
  constexpr Ipv4Address broadcast() const { return {network.value | ~mask()}; }
  std::string to_string() const;
  constexpr auto operator<=>(const Ipv4Prefix&) const = default;
};

struct Ipv6Address {
  std::array<std::uint8_t, 16> bytes{};  // network byte order

  // Parses RFC 4291 text: eight groups, one "::" for a run of zeros, an optional trailing
  // dotted IPv4 ("::ffff:10.0.0.1"). Zone indices ("%eth0") are rejected.
  static std::expected<Ipv6Address, AddressParseError> parse(std::string_view text);
  static constexpr Ipv6Address any() { return {}; }
  static constexpr Ipv6Address localhost() {
    Ipv6Address a;
    a.bytes[15] = 1;
    return a;
  }
  // ::ffff:a.b.c.d
  static Ipv6Address v4_mapped(Ipv4Address v4);
  // RFC 5952: lower case, leading zeros dropped, the longest run of two or more zero
  // groups (the first if tied) written "::", v4-mapped addresses with a dotted tail.
  std::string to_string() const;
  std::uint16_t group(int i) const { return std::uint16_t(bytes[2 * i] << 8 | bytes[2 * i + 1]); }
  bool is_v4_mapped() const;
  bool is_link_local() const { return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; }
  bool is_multicast() const { return bytes[0] == 0xff; }
  bool is_loopback() const { return *this == localhost(); }
  bool is_unspecified() const { return *this == any(); }
  constexpr auto operator<=>(const Ipv6Address&) const = default;
};

// Either IP version.
struct IpAddress {
  std::variant<Ipv4Address, Ipv6Address> value;

  IpAddress() : value(Ipv4Address{}) {}
  IpAddress(Ipv4Address a) : value(a) {}
  IpAddress(Ipv6Address a) : value(a) {}
  // Tries IPv4 dotted decimal, then IPv6.
  static std::expected<IpAddress, AddressParseError> parse(std::string_view text);
  bool is_v4() const { return std::holds_alternative<Ipv4Address>(value); }
  bool is_v6() const { return std::holds_alternative<Ipv6Address>(value); }
  const Ipv4Address* v4() const { return std::get_if<Ipv4Address>(&value); }
  const Ipv6Address* v6() const { return std::get_if<Ipv6Address>(&value); }
  std::string to_string() const;
  auto operator<=>(const IpAddress&) const = default;
};

// An IP address and a port, as a TCP or UDP endpoint.
struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;
  // "10.0.0.1:80", "[::1]:53".
  std::string to_string() const;
  auto operator<=>(const Endpoint&) const = default;
};

}  // namespace ipaddr

template <>
struct std::hash<ipaddr::MacAddress> {
  std::size_t operator()(const ipaddr::MacAddress& m) const noexcept {
    std::uint64_t v = 0;
    for (auto b : m.bytes) v = v << 8 | b;
    return std::hash<std::uint64_t>{}(v);
  }
};
template <>
struct std::hash<ipaddr::Ipv4Address> {
  std::size_t operator()(const ipaddr::Ipv4Address& a) const noexcept {
    return std::hash<std::uint32_t>{}(a.value);
  }
};
template <>
struct std::hash<ipaddr::Ipv6Address> {
  std::size_t operator()(const ipaddr::Ipv6Address& a) const noexcept {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (auto b : a.bytes) h = (h ^ b) * 1099511628211ull;
    return static_cast<std::size_t>(h);
  }
};
