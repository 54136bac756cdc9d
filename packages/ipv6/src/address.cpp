#include <ipv6/address.hpp>

#include <cassert>

namespace ipv6 {

std::expected<CidrAddress, mirage::AddressParseError> CidrAddress::parse(std::string_view text) {
  const auto slash = text.rfind('/');
  if (slash == std::string_view::npos)
    return std::unexpected(mirage::AddressParseError{"expected a '/'", text.size()});
  auto address = Ipv6Address::parse(text.substr(0, slash));
  if (!address) return std::unexpected(address.error());
  // One to three decimal digits, at most 128.
  const std::string_view digits = text.substr(slash + 1);
  bool valid = !digits.empty() && digits.size() <= 3;
  unsigned length = 0;
  for (const char c : digits) {
    valid = valid && c >= '0' && c <= '9';
    length = length * 10 + unsigned(c - '0');
  }
  if (!valid || length > 128)
    return std::unexpected(mirage::AddressParseError{"prefix length is not 0..128", slash + 1});
  return CidrAddress{*address, std::uint8_t(length)};
}

std::expected<Prefix, mirage::AddressParseError> Prefix::parse(std::string_view text) {
  auto cidr = CidrAddress::parse(text);
  if (!cidr) return std::unexpected(cidr.error());
  Prefix p = cidr->prefix();
  if (p.network != cidr->address)
    return std::unexpected(mirage::AddressParseError{"host bits are set", 0});
  return p;
}

Prefix Prefix::of(Ipv6Address a, std::uint8_t length) {
  assert(length <= 128);
  Prefix p{a, length};
  for (std::size_t i = 0; i < 16; ++i) {
    const std::size_t bits = i * 8;
    if (bits >= length)
      p.network.bytes[i] = 0;
    else if (length - bits < 8)
      p.network.bytes[i] &= std::uint8_t(0xff << (8 - (length - bits)));
  }
  return p;
}

bool Prefix::contains(Ipv6Address a) const {
  return of(a, length).network == network;
}

std::string Prefix::to_string() const {
  return network.to_string() + "/" + std::to_string(length);
}

Ipv6Address solicited_node(Ipv6Address a) noexcept {
  return {{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, a.bytes[13], a.bytes[14], a.bytes[15]}};
}

bool is_solicited_node(Ipv6Address a) noexcept {
  return solicited_node(a) == a;
}

MacAddress multicast_mac(Ipv6Address group) noexcept {
  return {{0x33, 0x33, group.bytes[12], group.bytes[13], group.bytes[14], group.bytes[15]}};
}

std::array<std::uint8_t, 8> interface_id(MacAddress mac) noexcept {
  const auto& m = mac.bytes;
  return {std::uint8_t(m[0] ^ 0x02), m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]};
}

Ipv6Address with_interface_id(Ipv6Address prefix, const std::array<std::uint8_t, 8>& id) noexcept {
  for (std::size_t i = 0; i < 8; ++i) prefix.bytes[8 + i] = id[i];
  return prefix;
}

Ipv6Address link_local(MacAddress mac) noexcept {
  return with_interface_id({{0xfe, 0x80}}, interface_id(mac));
}

}  // namespace ipv6
