#include <mirage-runtime/ipv4_interface.hpp>

namespace mirage_runtime {

std::expected<Ipv4Interface, ipaddr::AddressParseError> Ipv4Interface::parse(
    std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == text.npos) {
    return std::unexpected(
        ipaddr::AddressParseError{"expected '/' and a prefix length", text.size()});
  }
  auto address = ipaddr::Ipv4Address::parse(text.substr(0, slash));
  if (!address) return std::unexpected(address.error());
  const std::string_view digits = text.substr(slash + 1);
  unsigned length = 0;
  bool decimal = !digits.empty() && digits.size() <= 2 && (digits.size() == 1 || digits[0] != '0');
  for (char c : digits) {
    decimal = decimal && c >= '0' && c <= '9';
    length = length * 10 + static_cast<unsigned>(c - '0');
  }
  if (!decimal || length > 32) {
    return std::unexpected(ipaddr::AddressParseError{"expected a prefix length 0..32", slash + 1});
  }
  ipaddr::Ipv4Prefix network{{}, static_cast<std::uint8_t>(length)};
  network.network.value = address->value & network.mask();
  return Ipv4Interface{*address, network};
}

std::string Ipv4Interface::to_string() const {
  return address.to_string() + '/' + std::to_string(network.length);
}

}  // namespace mirage_runtime
