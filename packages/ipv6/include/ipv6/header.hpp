#pragma once
// IPv6 datagrams (RFC 8200) as bytes, sans-IO: the fixed header, and the walk along the
// chain of extension headers to the upper layer, with the checks a host owes each one
// (hop-by-hop options only first, options whose type says to discard, routing headers
// with segments left, fragment fields) and the ICMPv6 Parameter Problem the sender is
// owed when the RFC asks for one.
#include <cstddef>
#include <cstdint>
#include <cstruct/buffer.hpp>
#include <expected>
#include <mirage/address.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace ipv6 {

using mirage::Ipv6Address;

inline constexpr std::size_t header_size = 40, fragment_header_size = 8;
inline constexpr std::size_t min_mtu = 1280;  // every link carries this much (RFC 8200 §5)
inline constexpr std::size_t max_payload_size = 65535;
// The walk gives up after this many extension headers, and an options header after this
// many options that are not padding: no legitimate datagram comes near, and a long chain
// costs every receiver time (RFC 9098).
inline constexpr std::size_t max_extension_headers = 8, max_options = 16;

// Next Header values (IANA "Assigned Internet Protocol Numbers").
namespace next_header {
inline constexpr std::uint8_t hop_by_hop = 0, tcp = 6, udp = 17, routing = 43, fragment = 44,
                              icmpv6 = 58, none = 59, destination_options = 60;
}  // namespace next_header

struct Header {
  std::uint8_t traffic_class = 0;    // DSCP and ECN
  std::uint32_t flow_label = 0;      // 20 bits
  std::uint16_t payload_length = 0;  // as received; write_header takes the size apart
  std::uint8_t next_header = next_header::none;
  std::uint8_t hop_limit = 64;
  Ipv6Address source;
  Ipv6Address destination;
  bool operator==(const Header&) const = default;
};

struct FragmentHeader {
  std::uint8_t next_header = next_header::none;
  std::uint16_t offset = 0;  // in bytes (a multiple of 8)
  bool more = false;
  std::uint32_t id = 0;
  // An atomic fragment (offset 0, no more) is a whole datagram (RFC 6946).
  bool atomic() const { return offset == 0 && !more; }
  bool operator==(const FragmentHeader&) const = default;
};

// A fragment header and where it sat: its offset in the datagram, and the offset of the
// Next Header field that named it (reassembly rewrites that field).
struct Fragment {
  FragmentHeader header;
  std::size_t offset = 0;
  std::size_t named_at = 0;
};

// A received datagram after the walk. `payload` is the upper layer's bytes or, when the
// walk stopped at a fragment header, the fragment's data; `datagram` is the whole
// datagram trimmed to its payload length (what an ICMPv6 error quotes). Both are slices
// of the buffer parsed.
struct Packet {
  Header header;
  std::uint8_t protocol = next_header::none;  // the upper layer, or a fragment's next header
  std::size_t protocol_at = 6;  // offset of the Next Header field that names `protocol`
  cstruct::Buffer datagram;
  cstruct::Buffer payload;
  std::optional<Fragment> fragment;  // the fragment header met, atomic or not
  bool router_alert = false;         // a hop-by-hop Router Alert option (RFC 2711)

  // Whether this is a piece of a larger datagram (atomic fragments are whole).
  bool is_fragment() const { return fragment && !fragment->header.atomic(); }
};

enum class ParseError : std::uint8_t {
  Truncated,                // shorter than a header it starts
  BadVersion,               // not 6
  BadPayloadLength,         // longer than the bytes received
  HopByHopNotFirst,         // a hop-by-hop header after another extension header
  TooManyExtensionHeaders,  // more than max_extension_headers
  TooManyOptions,           // more than max_options in one options header
  BadOption,                // an option that runs past its header
  UnknownOption,            // an option whose type says to discard the datagram
  UnsupportedRouting,       // a routing header with segments left (a host forwards nothing)
  BadFragment,              // a non-final fragment not a multiple of 8, or past 65535
  IncompleteChain,          // a first fragment without the whole header chain (RFC 7112)
};

// A short description ("unknown option").
std::string_view to_string(ParseError e);

// An ICMPv6 Parameter Problem owed to the sender (RFC 4443 §3.4): code 0 erroneous header
// field, 1 unrecognised next header, 2 unrecognised option, 3 incomplete header chain;
// `pointer` is the offending byte's offset in the datagram.
struct ParameterProblem {
  std::uint8_t code = 0;
  std::uint32_t pointer = 0;
  bool operator==(const ParameterProblem&) const = default;
};

// Why a datagram was dropped, and the error to send back when the RFC asks for one.
struct Rejection {
  ParseError error;
  std::optional<ParameterProblem> problem;
};

// Parses a received datagram (the bytes after the Ethernet header): the fixed header
// (trailing link padding is cut off by the payload length), then the extension headers up
// to the upper layer, a non-atomic fragment header, or "no next header". Options are
// processed as RFC 8200 §4.2 says; routing headers with no segments left are stepped
// over. A jumbogram (payload length 0 with hop-by-hop options) is refused.
std::expected<Packet, Rejection> parse(const cstruct::Buffer& datagram);

// The fixed header of `bytes` (version and size checked): for the datagram an ICMPv6
// error quotes, which is cut short and not walked.
std::expected<Header, ParseError> parse_header(std::span<const std::uint8_t> bytes);

// Writes the 40-byte header for `payload_size` bytes after it at the start of `out`
// (h.payload_length is ignored); payload_size <= 65535, asserted.
void write_header(std::span<std::uint8_t> out, const Header& h, std::size_t payload_size) noexcept;

// Writes an 8-byte fragment header at the start of `out`.
void write_fragment_header(std::span<std::uint8_t> out, const FragmentHeader& f) noexcept;

}  // namespace ipv6
