// AES-GCM: the message state machine shared by the one-shot and incremental calls, and
// the portable, constant-time GHASH.
#include <nocrypto/gcm.hpp>

#include "aes_impl.hpp"
#include "endian.hpp"

#include <cstring>

namespace nocrypto {
namespace detail {
namespace {

// Carry-less 32x32 -> 64-bit product from integer multiplies: each operand is split
// into four parts with a bit in every fourth position, so the carries of a product land
// in the three positions after each bit, which the masks then drop.
inline std::uint64_t clmul32(std::uint32_t x, std::uint32_t y) noexcept {
  const std::uint64_t x0 = x & 0x11111111u, x1 = x & 0x22222222u, x2 = x & 0x44444444u,
                      x3 = x & 0x88888888u;
  const std::uint64_t y0 = y & 0x11111111u, y1 = y & 0x22222222u, y2 = y & 0x44444444u,
                      y3 = y & 0x88888888u;
  const std::uint64_t z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
  const std::uint64_t z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
  const std::uint64_t z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
  const std::uint64_t z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
  return (z0 & 0x1111111111111111ull) | (z1 & 0x2222222222222222ull) |
         (z2 & 0x4444444444444444ull) | (z3 & 0x8888888888888888ull);
}

// 64x64 -> 128 bits (Karatsuba over 32-bit halves): {low, high}.
inline void clmul64(std::uint64_t a, std::uint64_t b, std::uint64_t out[2]) noexcept {
  const auto a0 = static_cast<std::uint32_t>(a), a1 = static_cast<std::uint32_t>(a >> 32);
  const auto b0 = static_cast<std::uint32_t>(b), b1 = static_cast<std::uint32_t>(b >> 32);
  const std::uint64_t lo = clmul32(a0, b0), hi = clmul32(a1, b1);
  const std::uint64_t mid = clmul32(a0 ^ a1, b0 ^ b1) ^ lo ^ hi;
  out[0] = lo ^ (mid << 32);
  out[1] = hi ^ (mid >> 32);
}

}  // namespace

void ghash_mul(std::uint64_t x[2], const std::uint64_t h[2]) noexcept {
  // 128x128 -> 256 bits, Karatsuba again: words X0 (low) .. X3.
  std::uint64_t lo[2], hi[2], mid[2];
  clmul64(x[0], h[0], lo);
  clmul64(x[1], h[1], hi);
  clmul64(x[0] ^ x[1], h[0] ^ h[1], mid);
  mid[0] ^= lo[0] ^ hi[0];
  mid[1] ^= lo[1] ^ hi[1];
  std::uint64_t x0 = lo[0], x1 = lo[1] ^ mid[0], x2 = hi[0] ^ mid[1], x3 = hi[1];
  // The reflected convention: shift the product left by one, then fold X0, X1 into
  // X2, X3 modulo x^128 + x^7 + x^2 + x + 1.
  x3 = x3 << 1 | x2 >> 63;
  x2 = x2 << 1 | x1 >> 63;
  x1 = x1 << 1 | x0 >> 63;
  x0 <<= 1;
  const std::uint64_t d = x1 ^ (x0 << 63) ^ (x0 << 62) ^ (x0 << 57);
  const std::uint64_t h1 = d ^ (d >> 1) ^ (d >> 2) ^ (d >> 7);
  const std::uint64_t h0 = x0 ^ (x0 >> 1 | d << 63) ^ (x0 >> 2 | d << 62) ^ (x0 >> 7 | d << 57);
  x[0] = x2 ^ h0;
  x[1] = x3 ^ h1;
}

void ghash_blocks(const GhashKey& key, std::uint64_t y[2], const std::uint8_t* data,
                  std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (use_clmul()) return clmul_ghash(key, y, data, blocks);
#endif
  for (; blocks != 0; --blocks, data += 16) {
    y[1] ^= load_be64(data);
    y[0] ^= load_be64(data + 8);
    ghash_mul(y, key.powers[0]);
  }
}

namespace {

// CTR over whole blocks with GHASH of the ciphertext (encrypting: after; decrypting:
// before).
void gcm_blocks(GcmState& s, bool decrypt, const std::uint8_t* in, std::uint8_t* out,
                std::size_t blocks) noexcept {
  const AesRoundKeys& keys = s.gcm->aes().round_keys();
  const GhashKey& hkey = s.gcm->ghash_key();
#if NOCRYPTO_X86
  if (use_clmul()) {
    if (decrypt) return aesni_gcm_decrypt(keys, hkey, s.counter, s.y, in, out, blocks);
    return aesni_gcm_encrypt(keys, hkey, s.counter, s.y, in, out, blocks);
  }
#endif
  // In chunks, so the ciphertext is hashed from `in` before `out` overwrites it.
  while (blocks != 0) {
    const std::size_t n = blocks < 16 ? blocks : 16;
    if (decrypt) ghash_blocks(hkey, s.y, in, n);
    aes_ctr_blocks(keys, s.counter, CtrCounter::Low32, in, out, n);
    if (!decrypt) ghash_blocks(hkey, s.y, out, n);
    in += 16 * n;
    out += 16 * n;
    blocks -= n;
  }
}

// Hashes the zero-padded partial block, if any.
void flush_partial(GcmState& s, std::size_t used) noexcept {
  if (used == 0) return;
  std::memset(s.partial + used, 0, 16 - used);
  ghash_blocks(s.gcm->ghash_key(), s.y, s.partial, 1);
}

Result<void> start(GcmState& s, const AesGcm& gcm, ByteView nonce) noexcept {
  if (nonce.empty()) return std::unexpected(Error::InvalidNonceLength);
  s.gcm = &gcm;
  if (nonce.size() == 12) {
    std::memcpy(s.counter, nonce.data(), 12);
    s.counter[12] = s.counter[13] = s.counter[14] = 0;
    s.counter[15] = 1;
  } else {
    // J0 = GHASH(nonce, zero padding, 64 zero bits, the nonce's length in bits)
    const std::size_t whole = nonce.size() / 16;
    ghash_blocks(gcm.ghash_key(), s.y, nonce.data(), whole);
    std::memcpy(s.partial, nonce.data() + 16 * whole, nonce.size() % 16);
    flush_partial(s, nonce.size() % 16);
    std::uint8_t lengths[16] = {};
    store<std::uint64_t, true>(lengths + 8, static_cast<std::uint64_t>(nonce.size()) * 8);
    ghash_blocks(gcm.ghash_key(), s.y, lengths, 1);
    store<std::uint64_t, true>(s.counter, s.y[1]);
    store<std::uint64_t, true>(s.counter + 8, s.y[0]);
    s.y[0] = s.y[1] = 0;
  }
  aes_encrypt_blocks(gcm.aes().round_keys(), s.counter, s.tag_mask, 1);
  ctr_increment(s.counter, CtrCounter::Low32);
  return {};
}

constexpr std::uint64_t kMaxAad = (std::uint64_t{1} << 61) - 1;

Result<void> add_aad(GcmState& s, ByteView data) noexcept {
  if (s.in_text || s.done) return std::unexpected(Error::InvalidParameter);
  if (data.size() > kMaxAad - s.aad_bytes) return std::unexpected(Error::MessageTooLong);
  if (data.empty()) return {};  // an empty span may carry a null pointer: no memcpy from it
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  std::size_t used = s.aad_bytes % 16;
  s.aad_bytes += n;
  if (used != 0) {
    const std::size_t take = n < 16 - used ? n : 16 - used;
    std::memcpy(s.partial + used, p, take);
    p += take;
    n -= take;
    used += take;
    if (used < 16) return {};
    ghash_blocks(s.gcm->ghash_key(), s.y, s.partial, 1);
  }
  ghash_blocks(s.gcm->ghash_key(), s.y, p, n / 16);
  if (n % 16 != 0) std::memcpy(s.partial, p + n / 16 * 16, n % 16);
  return {};
}

constexpr std::uint64_t kMaxText = (std::uint64_t{1} << 36) - 32;

Result<void> crypt(GcmState& s, bool decrypt, ByteView in, std::span<std::uint8_t> out) noexcept {
  if (s.done) return std::unexpected(Error::InvalidParameter);
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  if (in.size() > kMaxText - s.text_bytes) return std::unexpected(Error::MessageTooLong);
  if (!s.in_text) {
    flush_partial(s, s.aad_bytes % 16);
    s.in_text = true;
  }
  const std::uint8_t* src = in.data();
  std::uint8_t* dst = out.data();
  std::size_t n = in.size();
  std::size_t used = s.text_bytes % 16;
  s.text_bytes += n;
  // The partial block: partial[] holds its ciphertext, stream[] its key stream.
  if (used != 0) {
    for (; n != 0 && used < 16; --n, ++used) {
      const std::uint8_t c = decrypt ? *src : static_cast<std::uint8_t>(*src ^ s.stream[used]);
      *dst++ = static_cast<std::uint8_t>(*src++ ^ s.stream[used]);
      s.partial[used] = c;
    }
    if (used < 16) return {};
    ghash_blocks(s.gcm->ghash_key(), s.y, s.partial, 1);
  }
  const std::size_t blocks = n / 16;
  gcm_blocks(s, decrypt, src, dst, blocks);
  src += 16 * blocks;
  dst += 16 * blocks;
  n -= 16 * blocks;
  if (n != 0) {
    std::memset(s.stream, 0, 16);
    aes_ctr_blocks(s.gcm->aes().round_keys(), s.counter, CtrCounter::Low32, s.stream, s.stream,
                   1);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t c = decrypt ? src[i] : static_cast<std::uint8_t>(src[i] ^ s.stream[i]);
      dst[i] = static_cast<std::uint8_t>(src[i] ^ s.stream[i]);
      s.partial[i] = c;
    }
  }
  return {};
}

// The full 16-byte tag.
void compute_tag(GcmState& s, std::uint8_t tag[16]) noexcept {
  if (!s.in_text) flush_partial(s, s.aad_bytes % 16);
  else flush_partial(s, s.text_bytes % 16);
  std::uint8_t lengths[16];
  store<std::uint64_t, true>(lengths, s.aad_bytes * 8);
  store<std::uint64_t, true>(lengths + 8, s.text_bytes * 8);
  ghash_blocks(s.gcm->ghash_key(), s.y, lengths, 1);
  store<std::uint64_t, true>(tag, s.y[1]);
  store<std::uint64_t, true>(tag + 8, s.y[0]);
  for (int i = 0; i < 16; ++i) tag[i] ^= s.tag_mask[i];
  s.done = true;
}

}  // namespace

GcmState::~GcmState() {
  wipe(stream);
  wipe(partial);
  wipe(tag_mask);
  wipe({reinterpret_cast<std::uint8_t*>(y), sizeof y});
}

}  // namespace detail

Result<AesGcm> AesGcm::create(ByteView key) noexcept {
  return create(key, tag_size);
}

Result<AesGcm> AesGcm::create(ByteView key, std::size_t tag_length) noexcept {
  if (tag_length < 4 || tag_length > 16) return std::unexpected(Error::InvalidParameter);
  auto aes = Aes::create(key);
  if (!aes) return std::unexpected(aes.error());
  AesGcm gcm(*aes);
  gcm.tag_length_ = tag_length;
  std::uint8_t h[16] = {};
  aes->encrypt_block(h, h);
  std::uint64_t power[2] = {detail::load_be64(h + 8), detail::load_be64(h)};
  const std::uint64_t first[2] = {power[0], power[1]};
  for (auto& p : gcm.ghash_.powers) {
    p[0] = power[0];
    p[1] = power[1];
    detail::ghash_mul(power, first);
  }
  wipe(h);
  wipe({reinterpret_cast<std::uint8_t*>(power), sizeof power});
  return gcm;
}

AesGcm::~AesGcm() {
  wipe({reinterpret_cast<std::uint8_t*>(&ghash_), sizeof ghash_});
}

Result<AesGcmEncryptor> AesGcm::encryptor(ByteView nonce) const noexcept {
  AesGcmEncryptor e;
  if (auto r = detail::start(e.state_, *this, nonce); !r) return std::unexpected(r.error());
  return e;
}

Result<AesGcmDecryptor> AesGcm::decryptor(ByteView nonce) const noexcept {
  AesGcmDecryptor d;
  if (auto r = detail::start(d.state_, *this, nonce); !r) return std::unexpected(r.error());
  return d;
}

Result<void> AesGcm::seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                                   std::span<std::uint8_t> out,
                                   std::span<std::uint8_t> tag_out) const noexcept {
  if (out.size() != plaintext.size() || tag_out.size() != tag_length_) {
    return std::unexpected(Error::InvalidOutputLength);
  }
  detail::GcmState s;
  if (auto r = detail::start(s, *this, nonce); !r) return r;
  if (auto r = detail::add_aad(s, aad); !r) return r;
  if (auto r = detail::crypt(s, false, plaintext, out); !r) return r;
  std::uint8_t tag[16];
  detail::compute_tag(s, tag);
  std::memcpy(tag_out.data(), tag, tag_length_);
  return {};
}

Result<void> AesGcm::seal(ByteView nonce, ByteView aad, ByteView plaintext,
                          std::span<std::uint8_t> out) const noexcept {
  if (out.size() != plaintext.size() + tag_length_) {
    return std::unexpected(Error::InvalidOutputLength);
  }
  return seal_detached(nonce, aad, plaintext, out.first(plaintext.size()),
                       out.subspan(plaintext.size()));
}

Result<void> AesGcm::open_detached(ByteView nonce, ByteView aad, ByteView ciphertext,
                                   ByteView tag, std::span<std::uint8_t> out) const noexcept {
  if (out.size() != ciphertext.size()) return std::unexpected(Error::InvalidOutputLength);
  if (tag.size() != tag_length_) return std::unexpected(Error::AuthenticationFailed);
  detail::GcmState s;
  if (auto r = detail::start(s, *this, nonce); !r) return r;
  if (auto r = detail::add_aad(s, aad); !r) return r;
  if (auto r = detail::crypt(s, true, ciphertext, out); !r) {
    wipe(out);
    return r;
  }
  std::uint8_t expected[16];
  detail::compute_tag(s, expected);
  if (!equal_ct(ByteView(expected, tag_length_), tag)) {
    wipe(out);
    return std::unexpected(Error::AuthenticationFailed);
  }
  return {};
}

Result<void> AesGcm::open(ByteView nonce, ByteView aad, ByteView sealed,
                          std::span<std::uint8_t> out) const noexcept {
  if (sealed.size() < tag_length_) return std::unexpected(Error::AuthenticationFailed);
  const std::size_t n = sealed.size() - tag_length_;
  if (out.size() != n) return std::unexpected(Error::InvalidOutputLength);
  // The tag is copied out first, so decrypting in place cannot disturb it.
  std::uint8_t tag[16];
  std::memcpy(tag, sealed.data() + n, tag_length_);
  return open_detached(nonce, aad, sealed.first(n), ByteView(tag, tag_length_), out);
}

Result<void> AesGcmEncryptor::aad(ByteView data) noexcept {
  return detail::add_aad(state_, data);
}

Result<void> AesGcmEncryptor::feed(ByteView in, std::span<std::uint8_t> out) noexcept {
  return detail::crypt(state_, false, in, out);
}

Result<void> AesGcmEncryptor::finish(std::span<std::uint8_t> tag) noexcept {
  if (state_.done) return std::unexpected(Error::InvalidParameter);
  if (tag.size() != state_.gcm->tag_length()) return std::unexpected(Error::InvalidOutputLength);
  std::uint8_t full[16];
  detail::compute_tag(state_, full);
  std::memcpy(tag.data(), full, tag.size());
  return {};
}

Result<void> AesGcmDecryptor::aad(ByteView data) noexcept {
  return detail::add_aad(state_, data);
}

Result<void> AesGcmDecryptor::feed(ByteView in, std::span<std::uint8_t> out) noexcept {
  return detail::crypt(state_, true, in, out);
}

Result<void> AesGcmDecryptor::finish(ByteView tag) noexcept {
  if (state_.done) return std::unexpected(Error::InvalidParameter);
  std::uint8_t expected[16];
  detail::compute_tag(state_, expected);
  if (tag.size() != state_.gcm->tag_length() ||
      !equal_ct(ByteView(expected, tag.size()), tag)) {
    return std::unexpected(Error::AuthenticationFailed);
  }
  return {};
}

}  // namespace nocrypto
