#pragma once
// Neighbor Discovery messages (RFC 4861) as bytes, sans-IO: router and neighbour
// solicitations and advertisements, redirects, and the options a host reads (link-layer
// addresses, prefix information, MTU). parse() applies each message's validity checks
// (§6.1, §7.1, §8.1): hop limit 255, code 0, lengths, no zero-length option, targets
// that are not multicast, link-local sources where required.
#include <ipv6/address.hpp>
#include <ipv6/header.hpp>
#include <ipv6/icmp.hpp>

#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace ipv6::ndp {

// A lifetime that never runs out.
inline constexpr std::uint32_t infinite = 0xffffffff;

struct PrefixInformation {
  Prefix prefix;
  bool on_link = false;              // L: the prefix is on this link
  bool autonomous = false;           // A: usable for SLAAC
  std::uint32_t valid_lifetime = 0;  // seconds
  std::uint32_t preferred_lifetime = 0;
  bool operator==(const PrefixInformation&) const = default;
};

// The options a host reads; others (redirected header, DNS servers...) are skipped.
struct Options {
  std::optional<MacAddress> source_link_address;
  std::optional<MacAddress> target_link_address;
  std::vector<PrefixInformation> prefixes;
  std::optional<std::uint32_t> mtu;
  bool operator==(const Options&) const = default;
};

struct RouterSolicitation {
  Options options;
  bool operator==(const RouterSolicitation&) const = default;
};

struct RouterAdvertisement {
  std::uint8_t hop_limit = 0;         // 0: unspecified
  bool managed = false;               // M: addresses from DHCPv6
  bool other = false;                 // O: other configuration from DHCPv6
  std::uint16_t router_lifetime = 0;  // seconds as a default router; 0: not one
  std::uint32_t reachable_time = 0;   // milliseconds; 0: unspecified
  std::uint32_t retrans_timer = 0;    // milliseconds; 0: unspecified
  Options options;
  bool operator==(const RouterAdvertisement&) const = default;
};

struct NeighbourSolicitation {
  Ipv6Address target;
  Options options;
  bool operator==(const NeighbourSolicitation&) const = default;
};

struct NeighbourAdvertisement {
  bool router = false;
  bool solicited = false;
  bool override = false;
  Ipv6Address target;
  Options options;
  bool operator==(const NeighbourAdvertisement&) const = default;
};

struct Redirect {
  Ipv6Address target;       // the better first hop (or the destination itself, on-link)
  Ipv6Address destination;  // whose datagrams should go there
  Options options;
  bool operator==(const Redirect&) const = default;
};

using Message = std::variant<RouterSolicitation, RouterAdvertisement, NeighbourSolicitation,
                             NeighbourAdvertisement, Redirect>;

enum class ParseError : std::uint8_t {
  NotNdp,              // another ICMPv6 type
  BadHopLimit,         // not 255: it came from off the link
  BadCode,             // not 0
  Truncated,           // shorter than the message's fixed part
  BadOption,           // length 0, past the end, or the wrong length for its type
  BadSource,           // not link-local where required
  MulticastTarget,     // a solicitation or advertisement for a multicast address
  BadDestination,      // DAD not to a solicited-node group, a redirect to a multicast one
  UnexpectedOption,    // a source link-layer address from the unspecified address
  SolicitedMulticast,  // a solicited advertisement sent to a multicast group
};

// A short description ("hop limit is not 255").
std::string_view to_string(ParseError e);

// Parses and validates the NDP message `m` (already checksummed by icmp::parse) that came
// in a datagram with header `ip`.
std::expected<Message, ParseError> parse(const icmp::Message& m, const Header& ip);

// The ICMPv6 message for `m`, to encode with icmp::encode or icmp::write.
icmp::Message to_icmp(const Message& m);
// The whole ICMPv6 message for `m`, checksum included.
cstruct::Buffer encode(const Message& m, Ipv6Address source, Ipv6Address destination);

}  // namespace ipv6::ndp
