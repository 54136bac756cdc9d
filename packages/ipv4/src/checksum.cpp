#include <ipv4/checksum.hpp>

#include <bit>
#include <cassert>
#include <cstring>

namespace ipv4 {

void Checksum::add(std::span<const std::uint8_t> bytes) noexcept {
  assert(!odd_ && "ipv4::Checksum: only the last piece may have an odd length");
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  // Host-order 32-bit words summed into 64 bits cannot overflow for any packet size, and a
  // one's-complement sum does not depend on byte order (RFC 1071 §2(B)): fold and swap at
  // the end. Four accumulators let the additions run in parallel.
  std::uint64_t s0 = sum_, s1 = 0, s2 = 0, s3 = 0;
  for (; n >= 16; p += 16, n -= 16) {
    std::uint32_t w[4];
    std::memcpy(w, p, 16);
    s0 += w[0];
    s1 += w[1];
    s2 += w[2];
    s3 += w[3];
  }
  for (; n >= 4; p += 4, n -= 4) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    s0 += w;
  }
  if (n >= 2) {
    std::uint16_t w;
    std::memcpy(&w, p, 2);
    s0 += w;
    p += 2;
    n -= 2;
  }
  if (n == 1) {
    const std::uint8_t last[2] = {*p, 0};  // padded with a zero byte, as on the wire
    std::uint16_t w;
    std::memcpy(&w, last, 2);
    s0 += w;
    odd_ = true;
  }
  sum_ = s0 + s1 + s2 + s3;
}

void Checksum::add_u16(std::uint16_t v) noexcept {
  const std::uint8_t b[2] = {std::uint8_t(v >> 8), std::uint8_t(v)};
  add(b);
}

void Checksum::add_u32(std::uint32_t v) noexcept {
  const std::uint8_t b[4] = {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8),
                             std::uint8_t(v)};
  add(b);
}

std::uint16_t Checksum::finish() const noexcept {
  std::uint64_t s = sum_;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  auto folded = static_cast<std::uint16_t>(~s);
  if constexpr (std::endian::native == std::endian::little) folded = std::byteswap(folded);
  return folded;
}

std::uint16_t checksum(std::span<const std::uint8_t> bytes) noexcept {
  Checksum c;
  c.add(bytes);
  return c.finish();
}

Checksum pseudo_header(mirage::Ipv4Address source, mirage::Ipv4Address destination,
                       std::uint8_t protocol, std::size_t length) noexcept {
  Checksum c;
  c.add_u32(source.value);
  c.add_u32(destination.value);
  c.add_u16(protocol);
  c.add_u16(static_cast<std::uint16_t>(length));
  return c;
}

}  // namespace ipv4
