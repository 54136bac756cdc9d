#include <ipv6/header.hpp>

#include <cassert>
#include <cstruct/endian.hpp>

namespace ipv6 {
namespace {

using cstruct::load_be16;
using cstruct::load_be32;
using cstruct::load_u8;

std::unexpected<Rejection> reject(ParseError e, std::optional<ParameterProblem> problem = {}) {
  return std::unexpected(Rejection{e, problem});
}

// Processes the options of the hop-by-hop or destination options header at `off` (of
// `len` bytes) as RFC 8200 §4.2 says: an unknown option's two high type bits choose
// between skipping it (00), discarding the datagram (01), and discarding it with a
// Parameter Problem (10; 11 only when the destination is not multicast).
std::expected<void, Rejection> process_options(std::span<const std::uint8_t> d, std::size_t off,
                                               std::size_t len, bool hop_by_hop, Packet& p) {
  const std::size_t end = off + len;
  std::size_t count = 0;
  for (std::size_t i = off + 2; i < end;) {
    const std::uint8_t type = d[i];
    if (type == 0) {  // Pad1
      ++i;
      continue;
    }
    if (end - i < 2 || end - i - 2 < d[i + 1]) return reject(ParseError::BadOption);
    const std::size_t opt_len = d[i + 1];
    if (type != 1 && ++count > max_options) return reject(ParseError::TooManyOptions);
    if (type == 5 && hop_by_hop && opt_len == 2) {
      p.router_alert = true;
    } else if (type != 1) {
      switch (type >> 6) {
        case 0:
          break;
        case 1:
          return reject(ParseError::UnknownOption);
        case 2:
          return reject(ParseError::UnknownOption, ParameterProblem{2, std::uint32_t(i)});
        default:
          if (p.header.destination.is_multicast()) return reject(ParseError::UnknownOption);
          return reject(ParseError::UnknownOption, ParameterProblem{2, std::uint32_t(i)});
      }
    }
    i += 2 + opt_len;
  }
  return {};
}

// The length of the extension header `nh` at `off`, if it is one we step over by length
// (options and routing headers: 8-byte units after the first 8; fragment: 8).
std::optional<std::size_t> extension_length(std::span<const std::uint8_t> d, std::uint8_t nh,
                                            std::size_t off) {
  if (nh == next_header::fragment) return fragment_header_size;
  if (nh != next_header::hop_by_hop && nh != next_header::destination_options &&
      nh != next_header::routing)
    return std::nullopt;
  if (d.size() - off < 2) return 0;  // too short to say: the caller reports it
  return (std::size_t(d[off + 1]) + 1) * 8;
}

// Whether the header chain that starts with `nh` at `off` reaches an upper-layer header
// (or "no next header") within `d`: what RFC 7112 asks of a first fragment.
bool chain_complete(std::span<const std::uint8_t> d, std::uint8_t nh, std::size_t off) {
  for (std::size_t n = 0; n <= max_extension_headers; ++n) {
    if (nh == next_header::none) return true;
    auto len = extension_length(d, nh, off);
    if (!len) return true;
    if (*len == 0 || d.size() - off < *len) return false;
    nh = d[off];
    off += *len;
  }
  return true;  // the receiver of the reassembled datagram counts the headers
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated IPv6 datagram";
    case ParseError::BadVersion:
      return "IP version is not 6";
    case ParseError::BadPayloadLength:
      return "IPv6 payload length longer than the datagram";
    case ParseError::HopByHopNotFirst:
      return "hop-by-hop options header not first";
    case ParseError::TooManyExtensionHeaders:
      return "too many extension headers";
    case ParseError::TooManyOptions:
      return "too many options";
    case ParseError::BadOption:
      return "malformed option";
    case ParseError::UnknownOption:
      return "unknown option";
    case ParseError::UnsupportedRouting:
      return "routing header with segments left";
    case ParseError::BadFragment:
      return "malformed fragment header";
    case ParseError::IncompleteChain:
      return "first fragment without the whole header chain";
  }
  return "unknown IPv6 parse error";
}

std::expected<Header, ParseError> parse_header(std::span<const std::uint8_t> b) {
  if (b.size() < header_size) return std::unexpected(ParseError::Truncated);
  const std::uint32_t first = load_be32(b, 0);
  if (first >> 28 != 6) return std::unexpected(ParseError::BadVersion);
  Header h;
  h.traffic_class = std::uint8_t(first >> 20);
  h.flow_label = first & 0xfffff;
  h.payload_length = load_be16(b, 4);
  h.next_header = load_u8(b, 6);
  h.hop_limit = load_u8(b, 7);
  for (std::size_t i = 0; i < 16; ++i) {
    h.source.bytes[i] = b[8 + i];
    h.destination.bytes[i] = b[24 + i];
  }
  return h;
}

std::expected<Packet, Rejection> parse(const cstruct::Buffer& datagram) {
  auto h = parse_header(datagram);
  if (!h) return reject(h.error());
  if (header_size + h->payload_length > datagram.size())
    return reject(ParseError::BadPayloadLength);
  Packet p;
  p.header = *h;
  p.datagram = datagram.sub(0, header_size + h->payload_length);
  const std::span<const std::uint8_t> d = p.datagram.span();
  std::uint8_t nh = h->next_header;
  std::size_t at = 6;  // the Next Header field naming `nh`
  std::size_t off = header_size;
  for (std::size_t count = 0;; ++count) {
    auto len = extension_length(d, nh, off);
    if (!len) break;  // an upper layer, or "no next header"
    if (count == max_extension_headers) return reject(ParseError::TooManyExtensionHeaders);
    if (*len == 0 || d.size() - off < *len) return reject(ParseError::Truncated);
    if (nh == next_header::hop_by_hop && off != header_size)
      return reject(ParseError::HopByHopNotFirst, ParameterProblem{1, std::uint32_t(at)});
    if (nh == next_header::hop_by_hop || nh == next_header::destination_options) {
      if (auto r = process_options(d, off, *len, nh == next_header::hop_by_hop, p); !r)
        return std::unexpected(r.error());
    } else if (nh == next_header::routing) {
      // Every routing type asks a host with segments left to forward; we do not.
      if (d[off + 3] != 0)
        return reject(ParseError::UnsupportedRouting, ParameterProblem{0, std::uint32_t(off + 2)});
    } else {  // fragment
      const std::uint16_t field = load_be16(d, off + 2);
      FragmentHeader f{d[off], std::uint16_t(field & 0xfff8), (field & 1) != 0,
                       load_be32(d, off + 4)};
      const std::size_t data = d.size() - off - fragment_header_size;
      if (f.more && data % 8 != 0) return reject(ParseError::BadFragment, ParameterProblem{0, 4});
      if (off - header_size + f.offset + data > max_payload_size)
        return reject(ParseError::BadFragment, ParameterProblem{0, std::uint32_t(off + 2)});
      p.fragment = Fragment{f, off, at};
      if (!f.atomic()) {
        if (f.offset == 0 && !chain_complete(d, f.next_header, off + fragment_header_size))
          return reject(ParseError::IncompleteChain, ParameterProblem{3, 0});
        p.protocol = f.next_header;
        p.protocol_at = off;
        p.payload = p.datagram.shift(off + fragment_header_size);
        return p;
      }
    }
    nh = d[off];
    at = off;
    off += *len;
  }
  p.protocol = nh;
  p.protocol_at = at;
  p.payload = p.datagram.shift(off);
  return p;
}

void write_header(std::span<std::uint8_t> out, const Header& h, std::size_t payload_size) noexcept {
  using namespace cstruct;
  assert(out.size() >= header_size && payload_size <= max_payload_size);
  store_be32(
      out, 0,
      (std::uint32_t{6} << 28) | (std::uint32_t{h.traffic_class} << 20) | (h.flow_label & 0xfffff));
  store_be16(out, 4, std::uint16_t(payload_size));
  store_u8(out, 6, h.next_header);
  store_u8(out, 7, h.hop_limit);
  for (std::size_t i = 0; i < 16; ++i) {
    out[8 + i] = h.source.bytes[i];
    out[24 + i] = h.destination.bytes[i];
  }
}

void write_fragment_header(std::span<std::uint8_t> out, const FragmentHeader& f) noexcept {
  using namespace cstruct;
  assert(out.size() >= fragment_header_size && f.offset % 8 == 0);
  store_u8(out, 0, f.next_header);
  store_u8(out, 1, 0);
  store_be16(out, 2, std::uint16_t(f.offset | (f.more ? 1 : 0)));
  store_be32(out, 4, f.id);
}

}  // namespace ipv6
