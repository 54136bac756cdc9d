#include <icmpv4/message.hpp>

#include <algorithm>
#include <cassert>
#include <cstruct/endian.hpp>
#include <ipv4/checksum.hpp>

namespace icmpv4 {
namespace {

Message error(Type type, std::uint8_t code, std::uint32_t rest, const ipv4::Packet& offending) {
  const std::size_t header = offending.header_bytes.size();
  const std::size_t body =
      std::min(offending.payload.size(), max_quote - std::min(max_quote, header));
  auto quote = cstruct::Buffer::create(header + body);
  quote.blit(offending.header_bytes, 0);
  quote.blit(offending.payload.sub(0, body), header);
  return {type, code, rest, std::move(quote)};
}

bool is_query(std::uint8_t type) {
  switch (Type(type)) {
    case Type::EchoReply:
    case Type::EchoRequest:
    case Type::Timestamp:
    case Type::TimestampReply:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated ICMP message";
    case ParseError::BadChecksum:
      return "bad ICMP checksum";
    case ParseError::BadQuote:
      return "malformed datagram quoted in an ICMP error";
    case ParseError::NotAnError:
      return "ICMP message is not an error";
  }
  return "unknown ICMP parse error";
}

std::expected<Message, ParseError> parse(const cstruct::Buffer& bytes) {
  if (bytes.size() < header_size) return std::unexpected(ParseError::Truncated);
  if (ipv4::checksum(bytes) != 0) return std::unexpected(ParseError::BadChecksum);
  return Message{Type(bytes.get_u8(0)), bytes.get_u8(1), bytes.get_be32(4),
                 bytes.shift(header_size)};
}

void write(const Message& m, std::span<std::uint8_t> out) noexcept {
  using namespace cstruct;
  assert(out.size() >= header_size + m.data.size());
  store_u8(out, 0, std::uint8_t(m.type));
  store_u8(out, 1, m.code);
  store_be16(out, 2, 0);
  store_be32(out, 4, m.rest);
  std::ranges::copy(m.data, out.begin() + header_size);
  store_be16(out, 2, ipv4::checksum(out.first(header_size + m.data.size())));
}

cstruct::Buffer encode(const Message& m) {
  auto out = cstruct::Buffer::create(header_size + m.data.size());
  write(m, out.span());
  return out;
}

Message echo_request(std::uint16_t identifier, std::uint16_t sequence, cstruct::Buffer data) {
  return {Type::EchoRequest, 0, std::uint32_t(identifier) << 16 | sequence, std::move(data)};
}

Message echo_reply(const Message& request) {
  return {Type::EchoReply, 0, request.rest, request.data};
}

Message destination_unreachable(Unreachable code, const ipv4::Packet& offending,
                                std::uint16_t next_hop_mtu) {
  return error(Type::DestinationUnreachable, std::uint8_t(code), next_hop_mtu, offending);
}

Message time_exceeded(Expired code, const ipv4::Packet& offending) {
  return error(Type::TimeExceeded, std::uint8_t(code), 0, offending);
}

bool may_report(const ipv4::Packet& offending) {
  const ipv4::Header& h = offending.header;
  if (h.fragment_offset != 0) return false;
  if (h.source.is_unspecified() || h.source.is_broadcast() || h.source.is_multicast() ||
      h.source.is_loopback())
    return false;
  return h.protocol != 1 || (!offending.payload.empty() && is_query(offending.payload.get_u8(0)));
}

std::expected<ErrorReport, ParseError> parse_error(const Message& m) {
  switch (m.type) {
    case Type::DestinationUnreachable:
    case Type::SourceQuench:
    case Type::TimeExceeded:
    case Type::ParameterProblem:
      break;
    default:
      return std::unexpected(ParseError::NotAnError);
  }
  auto original = ipv4::parse_quoted(m.data);
  if (!original)
    return std::unexpected(original.error() == ipv4::ParseError::Truncated ? ParseError::Truncated
                                                                           : ParseError::BadQuote);
  const std::size_t ihl = std::size_t(m.data.get_u8(0) & 0xf) * 4;
  if (m.data.size() < ihl + 8) return std::unexpected(ParseError::Truncated);
  return ErrorReport{m.type, m.code, m.rest, *original, m.data.shift(ihl)};
}

}  // namespace icmpv4
