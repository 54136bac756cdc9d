#include <ipv6/address.hpp>
#include <ipv6/mld.hpp>

#include <algorithm>
#include <cstruct/writer.hpp>

namespace ipv6::mld {

void write_router_alert(std::span<std::uint8_t> out) noexcept {
  const std::uint8_t header[router_alert_size] = {next_header::icmpv6, 0, 5, 2, 0, 0, 1, 0};
  std::ranges::copy(header, out.begin());
}

bool reported(Ipv6Address group) {
  const std::uint8_t scope = multicast_scope(group);
  return group.is_multicast() && group != all_nodes && scope > 1;
}

icmp::Message report(std::span<const Record> records) {
  cstruct::Writer w;
  for (const Record& r : records) {
    w.u8(std::uint8_t(r.type));
    w.u8(0);      // no auxiliary data
    w.u16_be(0);  // no sources
    w.bytes(r.group.bytes);
  }
  auto data = w.finish();  // a growable writer cannot fail
  return {icmp::Type(report_type), 0, std::uint32_t(records.size() & 0xffff),
          data ? *data : cstruct::Buffer{}};
}

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::NotAQuery:
      return "not an MLD query";
    case ParseError::Truncated:
      return "truncated MLD query";
    case ParseError::BadHopLimit:
      return "MLD query hop limit is not 1";
    case ParseError::BadSource:
      return "MLD query source is not link-local";
  }
  return "unknown MLD parse error";
}

std::expected<Query, ParseError> parse_query(const icmp::Message& m, const Header& ip) {
  if (std::uint8_t(m.type) != query_type) return std::unexpected(ParseError::NotAQuery);
  if (m.data.size() < 16) return std::unexpected(ParseError::Truncated);
  if (ip.hop_limit != 1) return std::unexpected(ParseError::BadHopLimit);
  if (!ip.source.is_link_local()) return std::unexpected(ParseError::BadSource);
  Query q;
  for (std::size_t i = 0; i < 16; ++i) q.group.bytes[i] = m.data.get_u8(i);
  // The Maximum Response Code: milliseconds, or from 32768 a floating-point form (§5.1.3).
  const std::uint32_t code = m.rest >> 16;
  const bool v2 = m.data.size() >= 20;
  const std::uint32_t ms =
      !v2 || code < 32768 ? code : ((code & 0x0fff) | 0x1000) << (((code >> 12) & 0x7) + 3);
  q.max_delay = std::chrono::milliseconds(ms);
  return q;
}

}  // namespace ipv6::mld
