#pragma once
// TCP segments as bytes (RFC 9293 §3.1), sans-IO: a validating parse (data offset, checksum
// over the IPv4 pseudo-header, options) and writing a header with its options and checksum.
// Options understood: MSS, window scale (RFC 7323), SACK-permitted and SACK blocks (RFC
// 2018), timestamps (RFC 7323). Unknown options are skipped by their length; a known option
// with the wrong length is ignored (as Linux does); a length that runs past the header, or
// below 2, makes the segment malformed.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace tcp {

using mirage::Ipv4Address;

inline constexpr std::size_t min_header_size = 20;
inline constexpr std::size_t max_header_size = 60;
inline constexpr std::uint8_t protocol_number = 6;

// The control bits.
namespace flags {
inline constexpr std::uint8_t fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, ack = 0x10,
                              urg = 0x20, ece = 0x40, cwr = 0x80;
}

// A SACK block: the sequence numbers [left, right) arrived.
struct SackBlock {
  std::uint32_t left = 0, right = 0;
  bool operator==(const SackBlock&) const = default;
};

struct Timestamps {
  std::uint32_t value = 0;  // TSval
  std::uint32_t echo = 0;   // TSecr
  bool operator==(const Timestamps&) const = default;
};

struct Options {
  std::optional<std::uint16_t> mss;
  std::optional<std::uint8_t> window_scale;  // the shift, as sent (the receiver caps it at 14)
  bool sack_permitted = false;
  std::optional<Timestamps> timestamps;
  std::array<SackBlock, 4> sack{};
  std::uint8_t sack_count = 0;  // blocks used in `sack`

  std::span<const SackBlock> sack_blocks() const { return {sack.data(), sack_count}; }
  bool operator==(const Options&) const = default;
};

struct Header {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;  // as on the wire (unscaled)
  std::uint16_t urgent = 0;
  Options options;

  bool has(std::uint8_t f) const { return (flags & f) != 0; }
  bool operator==(const Header&) const = default;
};

// A received segment: its header and payload (a slice of the IP payload, no copy).
struct Segment {
  Header header;
  cstruct::Buffer payload;
};

enum class ParseError : std::uint8_t {
  Truncated,    // fewer than 20 bytes, or than the data offset says
  BadOffset,    // a data offset below 5
  BadChecksum,  // the checksum over the pseudo-header does not hold
  BadOption,    // an option's length runs past the header or is below 2
  BadFlags,     // SYN with FIN or RST, or a port 0
};

std::string_view to_string(ParseError e);

// Parses a TCP segment (an IP payload) sent from `source` to `destination`.
std::expected<Segment, ParseError> parse(const cstruct::Buffer& bytes, Ipv4Address source,
                                         Ipv4Address destination);

// The size of `h`'s header with its options, padded to a multiple of 4 (at most 60: SACK
// blocks that do not fit are left out by write_header).
std::size_t header_size(const Header& h);

// Writes `h` (and its options) at the start of `out`, a whole segment whose payload (from
// byte header_size(h)) is already written, and its checksum. `out` must hold at least the
// header and at most 65535 bytes (asserted).
// Checksum::Offloaded leaves the sum of the pseudo-header alone (not complemented) in the
// checksum field, for a device that finishes it (checksum or segmentation offload).
enum class Checksum : std::uint8_t { Full, Offloaded };
void write_header(std::span<std::uint8_t> out, const Header& h, Ipv4Address source,
                  Ipv4Address destination, Checksum checksum = Checksum::Full) noexcept;

// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4).
constexpr bool seq_lt(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) < 0; }
constexpr bool seq_le(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) <= 0; }
constexpr bool seq_gt(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) > 0; }
constexpr bool seq_ge(std::uint32_t a, std::uint32_t b) { return std::int32_t(a - b) >= 0; }
constexpr std::uint32_t seq_max(std::uint32_t a, std::uint32_t b) { return seq_gt(a, b) ? a : b; }
constexpr std::uint32_t seq_min(std::uint32_t a, std::uint32_t b) { return seq_lt(a, b) ? a : b; }

}  // namespace tcp
