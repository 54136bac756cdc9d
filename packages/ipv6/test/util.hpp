#pragma once
// Test helpers: datagrams built by hand, and the captured frames' datagrams.
#include <ethernet/frame.hpp>
#include <ethernet/testing/hex.hpp>

#include <ipv6/header.hpp>
#include "kernel_frames.hpp"

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace ipv6_test {

using mirage::Ipv6Address;
using Bytes = std::vector<std::uint8_t>;

inline Ipv6Address ip(std::string_view text) {
  auto a = Ipv6Address::parse(text);
  if (!a) std::abort();
  return *a;
}

// The IPv6 datagram of a captured frame.
inline cstruct::Buffer datagram_of(kernel::Frame frame) {
  return kernel::frame(frame).shift(ethernet::header_size);
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A datagram from `src` to `dst` whose first next header is `next_header`, followed by
// `rest` (extension headers and payload) as given.
inline cstruct::Buffer datagram(std::uint8_t next_header, const Bytes& rest,
                                Ipv6Address src = ip("fd00::1"), Ipv6Address dst = ip("fd00::2"),
                                std::uint8_t hop_limit = 64) {
  auto d = cstruct::Buffer::create(ipv6::header_size + rest.size());
  ipv6::write_header(
      d.span(),
      {.next_header = next_header, .hop_limit = hop_limit, .source = src, .destination = dst},
      rest.size());
  d.blit(rest, ipv6::header_size);
  return d;
}

// An options header (hop-by-hop or destination) naming `next` and holding `options`,
// padded with PadN to a multiple of 8 bytes.
inline Bytes options_header(std::uint8_t next, Bytes options) {
  Bytes h{next, 0};
  h.insert(h.end(), options.begin(), options.end());
  const std::size_t pad = (8 - h.size() % 8) % 8;
  if (pad == 1) h.push_back(0);
  if (pad >= 2) {
    h.push_back(1);
    h.push_back(std::uint8_t(pad - 2));
    h.insert(h.end(), pad - 2, 0);
  }
  h[1] = std::uint8_t(h.size() / 8 - 1);
  return h;
}

inline Bytes fragment_header(std::uint8_t next, std::uint16_t offset, bool more, std::uint32_t id) {
  return {next,
          0,
          std::uint8_t(offset >> 8),
          std::uint8_t((offset & 0xf8) | (more ? 1 : 0)),
          std::uint8_t(id >> 24),
          std::uint8_t(id >> 16),
          std::uint8_t(id >> 8),
          std::uint8_t(id)};
}

inline Bytes routing_header(std::uint8_t next, std::uint8_t type, std::uint8_t segments_left) {
  Bytes h{next, 2, type, segments_left, 0, 0, 0, 0};
  h.insert(h.end(), 16, 0);  // one address
  return h;
}

}  // namespace ipv6_test
