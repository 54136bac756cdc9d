// Every address parser on arbitrary text: no crash, and whatever parses prints to a form
// that parses back to the same address.
#include <ipaddr/ipaddr.hpp>

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto a = ipaddr::Ipv4Address::parse(text)) {
    if (ipaddr::Ipv4Address::parse(a->to_string()) != a) std::abort();
  }
  if (auto a = ipaddr::Ipv6Address::parse(text)) {
    if (ipaddr::Ipv6Address::parse(a->to_string()) != a) std::abort();
  }
  if (auto a = ipaddr::MacAddress::parse(text)) {
    if (ipaddr::MacAddress::parse(a->to_string()) != a) std::abort();
  }
  if (auto p = ipaddr::Ipv4Prefix::parse(text)) {
    if (ipaddr::Ipv4Prefix::parse(p->to_string()) != p) std::abort();
  }
  if (auto a = ipaddr::IpAddress::parse(text)) {
    if (ipaddr::IpAddress::parse(a->to_string()) != a) std::abort();
  }
  return 0;
}
