#include <ipv6/checksum.hpp>
#include <ipv6/icmp.hpp>

#include <algorithm>
#include <cassert>
#include <cstruct/endian.hpp>

namespace ipv6::icmp {
namespace {

std::uint16_t checksum_of(std::span<const std::uint8_t> bytes, Ipv6Address source,
                          Ipv6Address destination) {
  auto c = pseudo_header(source, destination, next_header::icmpv6, bytes.size());
  c.add(bytes);
  return c.finish();
}

Message error(Type type, std::uint8_t code, std::uint32_t rest, const Packet& offending) {
  const std::size_t n = std::min(offending.datagram.size(), max_quote);
  return {type, code, rest, cstruct::Buffer::copy_of(offending.datagram.span().first(n))};
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated ICMPv6 message";
    case ParseError::BadChecksum:
      return "bad ICMPv6 checksum";
    case ParseError::BadQuote:
      return "ICMPv6 error quotes no IPv6 header";
    case ParseError::NotAnError:
      return "not an ICMPv6 error";
  }
  return "unknown ICMPv6 parse error";
}

std::expected<Message, ParseError> parse(const cstruct::Buffer& bytes, Ipv6Address source,
                                         Ipv6Address destination) {
  if (bytes.size() < header_size) return std::unexpected(ParseError::Truncated);
  if (checksum_of(bytes, source, destination) != 0) return std::unexpected(ParseError::BadChecksum);
  return Message{Type(bytes.get_u8(0)), bytes.get_u8(1), bytes.get_be32(4),
                 bytes.shift(header_size)};
}

void write(const Message& m, Ipv6Address source, Ipv6Address destination,
           std::span<std::uint8_t> out) noexcept {
  using namespace cstruct;
  assert(out.size() >= size(m));
  store_u8(out, 0, std::uint8_t(m.type));
  store_u8(out, 1, m.code);
  store_be32(out, 4, m.rest);
  std::ranges::copy(m.data.span(), out.begin() + header_size);
  set_checksum(out.first(size(m)), source, destination);
}

cstruct::Buffer encode(const Message& m, Ipv6Address source, Ipv6Address destination) {
  auto out = cstruct::Buffer::create(size(m));
  write(m, source, destination, out.span());
  return out;
}

void set_checksum(std::span<std::uint8_t> bytes, Ipv6Address source,
                  Ipv6Address destination) noexcept {
  assert(bytes.size() >= header_size);
  cstruct::store_be16(bytes, 2, 0);
  cstruct::store_be16(bytes, 2, checksum_of(bytes, source, destination));
}

Message echo_request(std::uint16_t identifier, std::uint16_t sequence, cstruct::Buffer data) {
  return {Type::EchoRequest, 0, std::uint32_t(identifier) << 16 | sequence, std::move(data)};
}

Message echo_reply(const Message& request) {
  return {Type::EchoReply, 0, request.rest, request.data};
}

Message destination_unreachable(Unreachable code, const Packet& offending) {
  return error(Type::DestinationUnreachable, std::uint8_t(code), 0, offending);
}

Message packet_too_big(std::uint32_t mtu, const Packet& offending) {
  return error(Type::PacketTooBig, 0, mtu, offending);
}

Message time_exceeded(Expired code, const Packet& offending) {
  return error(Type::TimeExceeded, std::uint8_t(code), 0, offending);
}

Message parameter_problem(ParameterProblem problem, const Packet& offending) {
  return error(Type::ParameterProblem, problem.code, problem.pointer, offending);
}

bool may_report(const Message& err, const Packet& offending, bool link_multicast) {
  const Header& h = offending.header;
  if (h.source.is_unspecified() || h.source.is_multicast()) return false;
  const bool exempt =
      err.type == Type::PacketTooBig || (err.type == Type::ParameterProblem && err.code == 2);
  if ((h.destination.is_multicast() || link_multicast) && !exempt) return false;
  if (offending.protocol == next_header::icmpv6 && !offending.is_fragment()) {
    // An error, a Redirect, or something too short to tell: never answered with an error.
    if (offending.payload.empty()) return false;
    const std::uint8_t type = offending.payload.get_u8(0);
    if (type < 128 || type == std::uint8_t(Type::Redirect)) return false;
  }
  return true;
}

std::expected<ErrorReport, ParseError> parse_error(const Message& m) {
  if (!m.is_error()) return std::unexpected(ParseError::NotAnError);
  auto h = parse_header(m.data);
  if (!h) {
    return std::unexpected(h.error() == ipv6::ParseError::Truncated ? ParseError::Truncated
                                                                    : ParseError::BadQuote);
  }
  return ErrorReport{m.type, m.code, m.rest, *h, m.data.shift(ipv6::header_size)};
}

}  // namespace ipv6::icmp
