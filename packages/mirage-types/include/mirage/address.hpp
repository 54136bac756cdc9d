#pragma once
// The address types devices use, from the ipaddr package, under the mirage namespace.
#include <ipaddr/ipaddr.hpp>

namespace mirage {
using ipaddr::AddressParseError;
using ipaddr::Endpoint;
using ipaddr::IpAddress;
using ipaddr::Ipv4Address;
using ipaddr::Ipv4Prefix;
using ipaddr::Ipv6Address;
using ipaddr::MacAddress;
}  // namespace mirage
