#pragma once
// Multicast Listener Discovery version 2 (RFC 3810) as a host speaks it, sans-IO: the
// reports that tell switches and routers which groups we listen to (whole groups: no
// source lists), and the queries that ask for them. Switches that snoop MLD forward a
// group's frames only to the ports that reported it, solicited-node groups included.
#include <ipv6/header.hpp>
#include <ipv6/icmp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string_view>

namespace ipv6::mld {

// ff02::16, where reports go.
inline constexpr Ipv6Address all_mld_routers{
    {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16}};
inline constexpr std::uint8_t query_type = 130, report_type = 143;
// Whether an ICMPv6 type is MLD's: queries, version 1 reports and dones, version 2 reports.
constexpr bool is_mld(std::uint8_t type) {
  return (type >= query_type && type <= 132) || type == report_type;
}
// The hop-by-hop header every MLD message travels behind: a Router Alert saying MLD
// (RFC 2711) and two bytes of padding, naming ICMPv6 next.
inline constexpr std::size_t router_alert_size = 8;
void write_router_alert(std::span<std::uint8_t> out) noexcept;

enum class RecordType : std::uint8_t {
  ModeIsInclude = 1,    // current state: not listening
  ModeIsExclude = 2,    // current state: listening
  ChangeToInclude = 3,  // we left the group
  ChangeToExclude = 4,  // we joined it
};

struct Record {
  RecordType type = RecordType::ModeIsExclude;
  Ipv6Address group;
  auto operator<=>(const Record&) const = default;
};

// Whether a group is reported: never ff02::1 (every node is in it), nor groups of
// interface-local or reserved scope (RFC 3810 §6).
bool reported(Ipv6Address group);

// The ICMPv6 message of a report holding `records`.
icmp::Message report(std::span<const Record> records);

struct Query {
  Ipv6Address group;                      // :: for a general query
  std::chrono::milliseconds max_delay{};  // to answer within
  bool operator==(const Query&) const = default;
};

enum class ParseError : std::uint8_t {
  NotAQuery,
  Truncated,    // shorter than an MLDv1 query (24 bytes)
  BadHopLimit,  // not 1
  BadSource,    // not link-local
};

// A short description ("MLD query hop limit is not 1").
std::string_view to_string(ParseError e);

// Parses an MLDv1 or MLDv2 query (RFC 3810 §5.1, §5.1.14 for its checks) that came in a
// datagram with header `ip`.
std::expected<Query, ParseError> parse_query(const icmp::Message& m, const Header& ip);

}  // namespace ipv6::mld
