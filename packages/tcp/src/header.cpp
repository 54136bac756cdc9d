#include <tcp/header.hpp>

#include <algorithm>
#include <cassert>
#include <cstruct/endian.hpp>
#include <ipv4/checksum.hpp>

namespace tcp {
namespace {

namespace kind {
constexpr std::uint8_t end = 0, nop = 1, mss = 2, window_scale = 3, sack_permitted = 4, sack = 5,
                       timestamps = 8;
}

// Reads the options in `bytes` (the header past byte 20) into `o`; false when one's
// length is malformed.
bool parse_options(std::span<const std::uint8_t> bytes, Options& o) {
  using cstruct::load_be16;
  using cstruct::load_be32;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t k = bytes[i];
    if (k == kind::end) break;
    if (k == kind::nop) {
      ++i;
      continue;
    }
    if (i + 1 >= bytes.size()) return false;
    const std::size_t len = bytes[i + 1];
    if (len < 2 || i + len > bytes.size()) return false;
    const auto body = bytes.subspan(i + 2, len - 2);
    switch (k) {
      case kind::mss:
        if (len == 4) o.mss = load_be16(body, 0);
        break;
      case kind::window_scale:
        if (len == 3) o.window_scale = body[0];
        break;
      case kind::sack_permitted:
        if (len == 2) o.sack_permitted = true;
        break;
      case kind::sack:
        if (len >= 10 && (len - 2) % 8 == 0) {
          o.sack_count = 0;
          for (std::size_t b = 0; b + 8 <= body.size() && o.sack_count < o.sack.size(); b += 8)
            o.sack[o.sack_count++] = {load_be32(body, b), load_be32(body, b + 4)};
        }
        break;
      case kind::timestamps:
        if (len == 10) o.timestamps = Timestamps{load_be32(body, 0), load_be32(body, 4)};
        break;
      default:
        break;
    }
    i += len;
  }
  return true;
}

// Options laid out as Linux does: MSS, then NOP,NOP,TS or SACK-permitted,TS, then
// NOP,window scale; SACK blocks after NOP,NOP (and after the timestamps).
struct Layout {
  std::size_t options = 0;  // bytes of options, padded
  std::uint8_t sack_blocks = 0;
};

Layout layout(const Header& h) {
  const Options& o = h.options;
  std::size_t n = 0;
  if (o.mss) n += 4;
  if (o.timestamps) n += 12;  // two NOPs or SACK-permitted before it, then TS
  else if (o.sack_permitted) n += 4;
  if (o.window_scale) n += 4;
  Layout l;
  const std::size_t room = (max_header_size - min_header_size - n);
  std::size_t blocks = o.sack_count;
  while (blocks > 0 && 4 + 8 * blocks > room) --blocks;
  if (blocks > 0) n += 4 + 8 * blocks;  // NOP, NOP, kind, length, blocks
  l.options = (n + 3) & ~std::size_t(3);
  l.sack_blocks = std::uint8_t(blocks);
  return l;
}

}  // namespace

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::Truncated:
      return "truncated TCP segment";
    case ParseError::BadOffset:
      return "TCP data offset below 5";
    case ParseError::BadChecksum:
      return "bad TCP checksum";
    case ParseError::BadOption:
      return "malformed TCP option";
    case ParseError::BadFlags:
      return "impossible TCP flags or port 0";
  }
  return "unknown TCP parse error";
}

std::expected<Segment, ParseError> parse(const cstruct::Buffer& bytes, Ipv4Address source,
                                         Ipv4Address destination) {
  if (bytes.size() < min_header_size) return std::unexpected(ParseError::Truncated);
  if (bytes.size() > 65535) return std::unexpected(ParseError::Truncated);
  const std::size_t offset = std::size_t(bytes.get_u8(12) >> 4) * 4;
  if (offset < min_header_size) return std::unexpected(ParseError::BadOffset);
  if (offset > bytes.size()) return std::unexpected(ParseError::Truncated);
  auto c = ipv4::pseudo_header(source, destination, protocol_number, bytes.size());
  c.add(bytes.span());
  if (c.finish() != 0) return std::unexpected(ParseError::BadChecksum);
  Header h;
  h.source_port = bytes.get_be16(0);
  h.destination_port = bytes.get_be16(2);
  h.seq = bytes.get_be32(4);
  h.ack = bytes.get_be32(8);
  h.flags = bytes.get_u8(13);
  h.window = bytes.get_be16(14);
  h.urgent = bytes.get_be16(18);
  if (h.source_port == 0 || h.destination_port == 0 ||
      (h.has(flags::syn) && (h.has(flags::fin) || h.has(flags::rst))))
    return std::unexpected(ParseError::BadFlags);
  if (!parse_options(bytes.span().subspan(min_header_size, offset - min_header_size), h.options))
    return std::unexpected(ParseError::BadOption);
  return Segment{h, bytes.shift(offset)};
}

std::size_t header_size(const Header& h) { return min_header_size + layout(h).options; }

void write_header(std::span<std::uint8_t> out, const Header& h, Ipv4Address source,
                  Ipv4Address destination, Checksum checksum) noexcept {
  using namespace cstruct;
  const Layout l = layout(h);
  const std::size_t size = min_header_size + l.options;
  assert(out.size() >= size && out.size() <= 65535);
  store_be16(out, 0, h.source_port);
  store_be16(out, 2, h.destination_port);
  store_be32(out, 4, h.seq);
  store_be32(out, 8, h.ack);
  out[12] = std::uint8_t((size / 4) << 4);
  out[13] = h.flags;
  store_be16(out, 14, h.window);
  store_be16(out, 16, 0);
  store_be16(out, 18, h.urgent);
  const Options& o = h.options;
  std::size_t i = min_header_size;
  auto put = [&](std::uint8_t b) { out[i++] = b; };
  if (o.mss) {
    put(kind::mss), put(4);
    store_be16(out, i, *o.mss);
    i += 2;
  }
  if (o.timestamps) {
    if (o.sack_permitted)
      put(kind::sack_permitted), put(2);
    else
      put(kind::nop), put(kind::nop);
    put(kind::timestamps), put(10);
    store_be32(out, i, o.timestamps->value);
    store_be32(out, i + 4, o.timestamps->echo);
    i += 8;
  } else if (o.sack_permitted) {
    put(kind::nop), put(kind::nop), put(kind::sack_permitted), put(2);
  }
  if (o.window_scale) put(kind::nop), put(kind::window_scale), put(3), put(*o.window_scale);
  if (l.sack_blocks > 0) {
    put(kind::nop), put(kind::nop), put(kind::sack), put(std::uint8_t(2 + 8 * l.sack_blocks));
    for (std::size_t b = 0; b < l.sack_blocks; ++b) {
      store_be32(out, i, o.sack[b].left);
      store_be32(out, i + 4, o.sack[b].right);
      i += 8;
    }
  }
  while (i < size) put(kind::end);
  auto c = ipv4::pseudo_header(source, destination, protocol_number, out.size());
  if (checksum == Checksum::Offloaded) {
    store_be16(out, 16, std::uint16_t(~c.finish()));
    return;
  }
  c.add(out);
  store_be16(out, 16, c.finish());
}

}  // namespace tcp
