#include <nocrypto/cpu.hpp>
#include <nocrypto/poly1305.hpp>

#include "endian.hpp"
#include "poly1305_blocks.hpp"

#include <algorithm>
#include <cstring>

namespace nocrypto {
namespace detail {

void poly1305_multiply(std::uint64_t* h, const std::uint64_t* r) noexcept {
  // r[1] is a multiple of 4 (clamped), so h1*r1*2^128 = h1*(r1/4)*2^130 = 5*h1*(r1/4):
  // s1 = 5*(r1/4) folds the terms at and above 2^128 back down.
  const std::uint64_t r0 = r[0], r1 = r[1], s1 = r1 + (r1 >> 2);
  const std::uint64_t h0 = h[0], h1 = h[1], h2 = h[2];
  const u128 d0 = static_cast<u128>(h0) * r0 + static_cast<u128>(h1) * s1;
  u128 d1 = static_cast<u128>(h0) * r1 + static_cast<u128>(h1) * r0 + static_cast<u128>(h2) * s1;
  std::uint64_t d2 = h2 * r0;
  d1 += static_cast<std::uint64_t>(d0 >> 64);
  d2 += static_cast<std::uint64_t>(d1 >> 64);
  // Bits 130 and up, times 5, go back into the bottom limb.
  const std::uint64_t carry = (d2 >> 2) + (d2 & ~std::uint64_t{3});
  u128 a = static_cast<u128>(static_cast<std::uint64_t>(d0)) + carry;
  h[0] = static_cast<std::uint64_t>(a);
  a = static_cast<u128>(static_cast<std::uint64_t>(d1)) + static_cast<std::uint64_t>(a >> 64);
  h[1] = static_cast<std::uint64_t>(a);
  h[2] = (d2 & 3) + static_cast<std::uint64_t>(a >> 64);
}

void poly1305_blocks_portable(Poly1305::State& s, const std::uint8_t* in, std::size_t blocks,
                              std::uint64_t final_bit) noexcept {
  for (; blocks > 0; --blocks, in += 16) {
    u128 a = static_cast<u128>(s.h[0]) + load_le64(in);
    s.h[0] = static_cast<std::uint64_t>(a);
    a = static_cast<u128>(s.h[1]) + load_le64(in + 8) + static_cast<std::uint64_t>(a >> 64);
    s.h[1] = static_cast<std::uint64_t>(a);
    s.h[2] += static_cast<std::uint64_t>(a >> 64) + final_bit;
    poly1305_multiply(s.h, s.r);
  }
}

namespace {

void absorb(Poly1305::State& s, const std::uint8_t* in, std::size_t blocks) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  const cpu::Features& f = cpu::active();
  if (f.avx512f && f.avx2) return poly1305_blocks_avx512(s, in, blocks);
  if (f.avx2) return poly1305_blocks_avx2(s, in, blocks);
#endif
  poly1305_blocks_portable(s, in, blocks, 1);
}

}  // namespace
}  // namespace detail

Result<Poly1305> Poly1305::create(ByteView key) noexcept {
  if (key.size() != key_size) return std::unexpected(Error::InvalidKeyLength);
  Poly1305 p;
  p.state_.r[0] = detail::load_le64(key.data()) & 0x0ffffffc0fffffff;
  p.state_.r[1] = detail::load_le64(key.data() + 8) & 0x0ffffffc0ffffffc;
  p.state_.pad[0] = detail::load_le64(key.data() + 16);
  p.state_.pad[1] = detail::load_le64(key.data() + 24);
  return p;
}

void Poly1305::feed(ByteView data) noexcept {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  if (buffered_ > 0) {
    const std::size_t take = std::min<std::size_t>(block_size - buffered_, n);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ = static_cast<std::uint8_t>(buffered_ + take);
    p += take;
    n -= take;
    if (buffered_ < block_size) return;
    detail::poly1305_blocks_portable(state_, buffer_.data(), 1, 1);
    buffered_ = 0;
  }
  if (n >= block_size) {
    detail::absorb(state_, p, n / block_size);
    p += n / block_size * block_size;
    n %= block_size;
  }
  if (n > 0) {
    std::memcpy(buffer_.data(), p, n);
    buffered_ = static_cast<std::uint8_t>(n);
  }
}

Poly1305::Tag Poly1305::finish() noexcept {
  using detail::u128;
  if (buffered_ > 0) {  // the last partial block: a 1 byte after it, no 2^128 bit
    buffer_[buffered_] = 1;
    std::memset(buffer_.data() + buffered_ + 1, 0, block_size - buffered_ - 1);
    detail::poly1305_blocks_portable(state_, buffer_.data(), 1, 0);
    buffered_ = 0;
  }
  // h is below 2 * (2^130 - 5); take h - p instead of h when h + 5 reaches 2^130,
  // choosing by mask, not by branch.
  std::uint64_t* h = state_.h;
  u128 a = static_cast<u128>(h[0]) + 5;
  const std::uint64_t g0 = static_cast<std::uint64_t>(a);
  a = static_cast<u128>(h[1]) + static_cast<std::uint64_t>(a >> 64);
  const std::uint64_t g1 = static_cast<std::uint64_t>(a);
  const std::uint64_t g2 = h[2] + static_cast<std::uint64_t>(a >> 64);
  const std::uint64_t use_g = 0 - (g2 >> 2);
  const std::uint64_t h0 = (h[0] & ~use_g) | (g0 & use_g);
  const std::uint64_t h1 = (h[1] & ~use_g) | (g1 & use_g);
  a = static_cast<u128>(h0) + state_.pad[0];
  Tag tag;
  detail::store<std::uint64_t, false>(tag.data(), static_cast<std::uint64_t>(a));
  a = static_cast<u128>(h1) + state_.pad[1] + static_cast<std::uint64_t>(a >> 64);
  detail::store<std::uint64_t, false>(tag.data() + 8, static_cast<std::uint64_t>(a));
  return tag;
}

bool Poly1305::verify(ByteView tag) noexcept {
  Tag mine = finish();
  const bool ok = equal_ct(mine, tag);
  wipe(mine);
  return ok;
}

Result<Poly1305::Tag> Poly1305::mac(ByteView key, ByteView message) noexcept {
  auto p = create(key);
  if (!p) return std::unexpected(p.error());
  p->feed(message);
  return p->finish();
}

Result<void> Poly1305::verify(ByteView key, ByteView message, ByteView tag) noexcept {
  auto p = create(key);
  if (!p) return std::unexpected(p.error());
  p->feed(message);
  if (!p->verify(tag)) return std::unexpected(Error::AuthenticationFailed);
  return {};
}

Poly1305::~Poly1305() {
  wipe({reinterpret_cast<std::uint8_t*>(&state_), sizeof state_});
  wipe(buffer_);
}

}  // namespace nocrypto
