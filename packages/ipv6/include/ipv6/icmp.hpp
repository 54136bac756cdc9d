#pragma once
// ICMPv6 messages (RFC 4443) as bytes, sans-IO: parse with the pseudo-header checksum,
// encode, the errors a host sends about a datagram it received (quoting as much of it as
// keeps the error within the minimum MTU), the rules on when it may send one, and the
// quoted datagram of an error received. Neighbor Discovery's messages are in ndp.hpp.
#include <ipv6/header.hpp>

#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <span>
#include <string_view>

namespace ipv6::icmp {

// Errors below 128, informational messages from 128; Neighbor Discovery's are 133-137.
enum class Type : std::uint8_t {
  DestinationUnreachable = 1,
  PacketTooBig,
  TimeExceeded,
  ParameterProblem,
  EchoRequest = 128,
  EchoReply,
  RouterSolicitation = 133,
  RouterAdvertisement,
  NeighbourSolicitation,
  NeighbourAdvertisement,
  Redirect,
};

// Codes of DestinationUnreachable (RFC 4443 §3.1).
enum class Unreachable : std::uint8_t {
  NoRoute,
  AdministrativelyProhibited,
  BeyondScope,
  Address,
  Port,
  SourcePolicy,
  RejectRoute,
};

// Codes of TimeExceeded.
enum class Expired : std::uint8_t { HopLimit = 0, Reassembly = 1 };

inline constexpr std::size_t header_size = 8;
// An error quotes as much of the offending datagram as keeps it within 1280 bytes.
inline constexpr std::size_t max_quote = min_mtu - ipv6::header_size - header_size;

struct Message {
  Type type = Type::EchoRequest;
  std::uint8_t code = 0;
  std::uint32_t rest = 0;  // bytes 4-7: identifier and sequence, MTU, pointer, flags...
  cstruct::Buffer data;    // after the 8-byte header

  std::uint16_t identifier() const { return std::uint16_t(rest >> 16); }
  std::uint16_t sequence() const { return std::uint16_t(rest); }
  // Whether this is an error message (types below 128).
  bool is_error() const { return std::uint8_t(type) < 128; }
};

enum class ParseError : std::uint8_t {
  Truncated,    // shorter than 8 bytes, or an error quoting less than an IPv6 header
  BadChecksum,  // over the pseudo-header and the message
  BadQuote,     // an error whose quoted header is not IPv6
  NotAnError,   // parse_error on a message that is not an error
};

// A short description ("bad ICMPv6 checksum").
std::string_view to_string(ParseError e);

// Parses an ICMPv6 message (the upper-layer bytes of a datagram from `source` to
// `destination`), checking its checksum; `data` is a slice.
std::expected<Message, ParseError> parse(const cstruct::Buffer& bytes, Ipv6Address source,
                                         Ipv6Address destination);

// The encoded size of `m`.
inline std::size_t size(const Message& m) {
  return header_size + m.data.size();
}
// Writes `m` with its checksum into `out` (at least size(m) bytes).
void write(const Message& m, Ipv6Address source, Ipv6Address destination,
           std::span<std::uint8_t> out) noexcept;
// The message's bytes, checksum included, in a new buffer.
cstruct::Buffer encode(const Message& m, Ipv6Address source, Ipv6Address destination);
// Computes and stores the checksum of the whole message `bytes` (any checksum there is
// overwritten).
void set_checksum(std::span<std::uint8_t> bytes, Ipv6Address source,
                  Ipv6Address destination) noexcept;

// An echo request, and the reply to one (same identifier, sequence and data).
Message echo_request(std::uint16_t identifier, std::uint16_t sequence, cstruct::Buffer data);
Message echo_reply(const Message& request);

// Errors about a received datagram, quoting it (up to max_quote bytes).
Message destination_unreachable(Unreachable code, const Packet& offending);
Message packet_too_big(std::uint32_t mtu, const Packet& offending);
Message time_exceeded(Expired code, const Packet& offending);
Message parameter_problem(ParameterProblem problem, const Packet& offending);

// Whether RFC 4443 §2.4 (e) lets a host send `error` about `offending`: not about an
// ICMPv6 error or a Redirect, not about a datagram to a multicast group (except Packet Too
// Big, and Parameter Problem code 2), nor one sent to a link-layer multicast or broadcast
// address (`link_multicast`), nor one from a source that names no single node.
bool may_report(const Message& error, const Packet& offending, bool link_multicast);

// What an error says about a datagram we sent, for the layer that sent it to act on.
struct ErrorReport {
  Type type = Type::DestinationUnreachable;
  std::uint8_t code = 0;
  std::uint32_t rest = 0;            // the MTU of a Packet Too Big, a Parameter Problem's pointer
  Header original;                   // the quoted header of our datagram
  cstruct::Buffer original_payload;  // what follows it in the quote (cut short)
};

// Reads the quote of an error message; NotAnError for other types.
std::expected<ErrorReport, ParseError> parse_error(const Message& m);

}  // namespace ipv6::icmp
