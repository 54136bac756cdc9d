#pragma once
// An interface's IPv4 address together with the network it is on: what MirageOS's
// --ipv4=10.0.0.2/24 means. Unlike ipaddr::Ipv4Prefix, the address keeps its host bits.
#include <ipaddr/ipaddr.hpp>

#include <expected>
#include <string>
#include <string_view>

namespace mirage_runtime {

struct Ipv4Interface {
  ipaddr::Ipv4Address address;
  ipaddr::Ipv4Prefix network;  // address masked to the prefix length; contains(address)

  // Parses "10.0.0.2/24" (address by ipaddr::Ipv4Address::parse, length 0..32 without
  // leading zeros); the error names the reason and the offset where it was noticed.
  static std::expected<Ipv4Interface, ipaddr::AddressParseError> parse(std::string_view text);
  // "10.0.0.2/24": reads back through parse as the same interface.
  std::string to_string() const;
  auto operator<=>(const Ipv4Interface&) const = default;
};

}  // namespace mirage_runtime
