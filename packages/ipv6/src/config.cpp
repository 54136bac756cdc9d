#include <ipv6/ipv6.hpp>

namespace ipv6 {

std::expected<Config, mirage::AddressParseError> Config::parse(std::string_view cidr,
                                                               std::optional<Ipv6Address> gateway) {
  auto address = CidrAddress::parse(cidr);
  if (!address) return std::unexpected(address.error());
  if (address->address.is_multicast() || address->address.is_unspecified())
    return std::unexpected(mirage::AddressParseError{"not a unicast address", 0});
  Config c;
  c.addresses.push_back(*address);
  c.gateway = gateway;
  return c;
}

}  // namespace ipv6
