#pragma once
// ICMP messages for IPv4 (RFC 792) as bytes, sans-IO: parse with checksum check, encode,
// the messages we send (echo, destination unreachable, time exceeded) and the part of an
// error the layers above read (the header and first bytes of the datagram it is about).
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <ipv4/header.hpp>
#include <span>
#include <string_view>

namespace icmpv4 {

enum class Type : std::uint8_t {
  EchoReply = 0,
  DestinationUnreachable = 3,
  SourceQuench = 4,
  Redirect = 5,
  EchoRequest = 8,
  TimeExceeded = 11,
  ParameterProblem = 12,
  Timestamp = 13,
  TimestampReply = 14,
};

// Codes of DestinationUnreachable (RFC 792, RFC 1122, RFC 1812).
enum class Unreachable : std::uint8_t {
  Network = 0,
  Host = 1,
  Protocol = 2,
  Port = 3,
  FragmentationNeeded = 4,  // `rest` carries the next-hop MTU (RFC 1191)
  AdministrativelyProhibited = 13,
};

// Codes of TimeExceeded.
enum class Expired : std::uint8_t { Ttl = 0, Reassembly = 1 };

inline constexpr std::size_t header_size = 8;
// An error quotes as much of the offending datagram as keeps it within 576 bytes (RFC 1812
// §4.3.2.3), as Linux does.
inline constexpr std::size_t max_quote = 576 - ipv4::header_size - header_size;

struct Message {
  Type type = Type::EchoRequest;
  std::uint8_t code = 0;
  std::uint32_t rest = 0;  // bytes 4-7: identifier and sequence for echo; MTU for code 4
  cstruct::Buffer data;    // after the 8-byte header

  std::uint16_t identifier() const { return std::uint16_t(rest >> 16); }
  std::uint16_t sequence() const { return std::uint16_t(rest); }
};

enum class ParseError : std::uint8_t {
  Truncated,  // shorter than 8 bytes, or an error quoting less than a header and 8 bytes
  BadChecksum,
  BadQuote,    // an error whose quoted IPv4 header is malformed
  NotAnError,  // parse_error on a message that is not an error
};

// A short description ("bad ICMP checksum").
std::string_view to_string(ParseError e);

// Parses an ICMP message (an IPv4 payload), checking its checksum; `data` is a slice.
std::expected<Message, ParseError> parse(const cstruct::Buffer& bytes);

// The message's bytes, checksum included, in a new buffer.
cstruct::Buffer encode(const Message& m);
// Writes the message (header_size + m.data.size() bytes, checksum included) into `out`.
void write(const Message& m, std::span<std::uint8_t> out) noexcept;

// An echo request, and the reply to one (same identifier, sequence and data).
Message echo_request(std::uint16_t identifier, std::uint16_t sequence, cstruct::Buffer data);
Message echo_reply(const Message& request);

// Errors about a received datagram, quoting its header and first payload bytes.
Message destination_unreachable(Unreachable code, const ipv4::Packet& offending,
                                std::uint16_t next_hop_mtu = 0);
Message time_exceeded(Expired code, const ipv4::Packet& offending);

// Whether RFC 1122 §3.2.2 lets us send an error about `offending`: not when it is an ICMP
// error itself, a fragment other than the first, or from a source that names no single
// host. (That it was sent to one of our unicast addresses the sender checks.)
bool may_report(const ipv4::Packet& offending);

// What an error says about a datagram we sent, for the layer that sent it to act on.
struct ErrorReport {
  Type type = Type::DestinationUnreachable;
  std::uint8_t code = 0;
  std::uint32_t rest = 0;
  ipv4::Header original;             // the quoted header of our datagram
  cstruct::Buffer original_payload;  // its quoted first payload bytes (8 or more)
};

// Reads the quote of a DestinationUnreachable, SourceQuench, TimeExceeded or
// ParameterProblem message; NotAnError for other types.
std::expected<ErrorReport, ParseError> parse_error(const Message& m);

}  // namespace icmpv4
