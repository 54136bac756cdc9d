#include <ipv4/ipv4.hpp>

#include <charconv>

namespace ipv4 {

std::expected<Config, mirage::AddressParseError> Config::parse(std::string_view cidr,
                                                               std::optional<Ipv4Address> gateway) {
  const auto slash = cidr.find('/');
  if (slash == std::string_view::npos)
    return std::unexpected(mirage::AddressParseError{"expected a '/'", cidr.size()});
  auto address = Ipv4Address::parse(cidr.substr(0, slash));
  if (!address) return std::unexpected(address.error());
  const std::string_view len_text = cidr.substr(slash + 1);
  unsigned len = 0;
  auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  if (ec != std::errc{} || end != len_text.data() + len_text.size() || len > 32 || len_text.empty())
    return std::unexpected(mirage::AddressParseError{"prefix length is not 0..32", slash + 1});
  mirage::Ipv4Prefix network{Ipv4Address{}, std::uint8_t(len)};
  network.network = Ipv4Address{address->value & network.mask()};
  return Config{.address = *address, .network = network, .gateway = gateway};
}

}  // namespace ipv4
