// AES: the key object, the dispatch between AES-NI and the bitsliced fallback, and the
// ECB, CBC and CTR modes.
#include <nocrypto/aes.hpp>

#include "aes_impl.hpp"

#include <algorithm>
#include <cstring>

namespace nocrypto {
namespace detail {

void ctr_increment(std::uint8_t counter[16], CtrCounter mode) noexcept {
  // Carry through the low 4 bytes or all 16; public data, so branches are fine.
  const int stop = mode == CtrCounter::Low32 ? 12 : 0;
  for (int i = 15; i >= stop; --i) {
    if (++counter[i] != 0) break;
  }
}

void aes_encrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (use_aesni()) return aesni_encrypt_blocks(keys, in, out, blocks);
#endif
  aes_encrypt_sliced(keys, in, out, blocks);
}

void aes_decrypt_blocks(const AesRoundKeys& keys, const std::uint8_t* in, std::uint8_t* out,
                        std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (use_aesni()) return aesni_decrypt_blocks(keys, in, out, blocks);
#endif
  aes_decrypt_sliced(keys, in, out, blocks);
}

void aes_ctr_blocks(const AesRoundKeys& keys, std::uint8_t counter[16], CtrCounter mode,
                    const std::uint8_t* in, std::uint8_t* out, std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (use_aesni()) return aesni_ctr(keys, counter, mode, in, out, blocks);
#endif
  // Four counter blocks per bitsliced call.
  std::uint8_t stream[64];
  while (blocks != 0) {
    const std::size_t n = blocks < 4 ? blocks : 4;
    for (std::size_t i = 0; i < n; ++i) {
      std::memcpy(stream + 16 * i, counter, 16);
      ctr_increment(counter, mode);
    }
    aes_encrypt_sliced(keys, stream, stream, n);
    for (std::size_t i = 0; i < 16 * n; ++i) out[i] = in[i] ^ stream[i];
    in += 16 * n;
    out += 16 * n;
    blocks -= n;
  }
  wipe(stream);
}

void aes_cbc_mac(const AesRoundKeys& keys, std::uint8_t mac[16], const std::uint8_t* data,
                 std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (use_aesni()) return aesni_cbc_mac(keys, mac, data, blocks);
#endif
  for (; blocks != 0; --blocks, data += 16) {
    for (int i = 0; i < 16; ++i) mac[i] ^= data[i];
    aes_encrypt_sliced(keys, mac, mac, 1);
  }
}

}  // namespace detail

using detail::AesRoundKeys;

Result<Aes> Aes::create(ByteView key) noexcept {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
    return std::unexpected(Error::InvalidKeyLength);
  }
  Aes aes;
  std::memset(&aes.keys_, 0, sizeof aes.keys_);
  detail::aes_expand_key(aes.keys_, key.data(), key.size());
#if NOCRYPTO_X86
  // Prepared whenever the CPU has AES-NI, so the path can change after creation.
  const auto& f = cpu::detected();
  if (f.aesni && f.sse41 && f.ssse3) detail::aesni_prepare_decrypt(aes.keys_);
#endif
  return aes;
}

Aes::~Aes() {
  wipe({reinterpret_cast<std::uint8_t*>(&keys_), sizeof keys_});
}

void Aes::encrypt_block(std::span<const std::uint8_t, 16> in,
                        std::span<std::uint8_t, 16> out) const noexcept {
  detail::aes_encrypt_blocks(keys_, in.data(), out.data(), 1);
}

void Aes::decrypt_block(std::span<const std::uint8_t, 16> in,
                        std::span<std::uint8_t, 16> out) const noexcept {
  detail::aes_decrypt_blocks(keys_, in.data(), out.data(), 1);
}

namespace {

Result<void> check_blocks(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (in.size() % 16 != 0) return std::unexpected(Error::InvalidInputLength);
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  return {};
}

void cbc_encrypt_raw(const AesRoundKeys& keys, std::uint8_t iv[16], const std::uint8_t* in,
                     std::uint8_t* out, std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (detail::use_aesni()) return detail::aesni_cbc_encrypt(keys, iv, in, out, blocks);
#endif
  for (; blocks != 0; --blocks, in += 16, out += 16) {
    for (int i = 0; i < 16; ++i) iv[i] ^= in[i];
    detail::aes_encrypt_sliced(keys, iv, iv, 1);
    std::memcpy(out, iv, 16);
  }
}

void cbc_decrypt_raw(const AesRoundKeys& keys, std::uint8_t iv[16], const std::uint8_t* in,
                     std::uint8_t* out, std::size_t blocks) noexcept {
#if NOCRYPTO_X86
  if (detail::use_aesni()) return detail::aesni_cbc_decrypt(keys, iv, in, out, blocks);
#endif
  // Four blocks per bitsliced call; the ciphertext is kept before `out` may overwrite it.
  std::uint8_t cipher[64], plain[64];
  while (blocks != 0) {
    const std::size_t n = blocks < 4 ? blocks : 4;
    std::memcpy(cipher, in, 16 * n);
    detail::aes_decrypt_sliced(keys, cipher, plain, n);
    for (std::size_t i = 0; i < 16 * n; ++i) {
      out[i] = plain[i] ^ (i < 16 ? iv[i] : cipher[i - 16]);
    }
    std::memcpy(iv, cipher + 16 * (n - 1), 16);
    in += 16 * n;
    out += 16 * n;
    blocks -= n;
  }
  wipe(plain);
}

// The padding length of a decrypted last block (1..16), or 0 when the padding is bad;
// constant time.
std::size_t pkcs7_check(const std::uint8_t last[16]) noexcept {
  const std::uint32_t pad = last[15];
  // good = all ones while the padding checks out
  std::uint32_t good = ((pad - 1) >> 8) ^ 1;        // pad != 0 -> bit 0 set
  good &= ((16 - pad) >> 31) ^ 1;                    // pad <= 16
  good = 0u - (good & 1);
  for (std::uint32_t i = 0; i < 16; ++i) {
    // byte 15 - i is padding when i < pad; then it must equal pad
    const std::uint32_t in_pad = 0u - ((i - pad) >> 31);  // i < pad
    const std::uint32_t diff = last[15 - i] ^ pad;
    good &= ~(in_pad & (0u - ((diff | (0u - diff)) >> 31)));
  }
  return pad & good;
}

}  // namespace

Result<void> ecb_encrypt(const Aes& aes, ByteView in, std::span<std::uint8_t> out) noexcept {
  if (auto r = check_blocks(in, out); !r) return r;
  detail::aes_encrypt_blocks(aes.round_keys(), in.data(), out.data(), in.size() / 16);
  return {};
}

Result<void> ecb_decrypt(const Aes& aes, ByteView in, std::span<std::uint8_t> out) noexcept {
  if (auto r = check_blocks(in, out); !r) return r;
  detail::aes_decrypt_blocks(aes.round_keys(), in.data(), out.data(), in.size() / 16);
  return {};
}

Result<void> cbc_encrypt(const Aes& aes, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept {
  if (iv.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  if (auto r = check_blocks(in, out); !r) return r;
  std::uint8_t chain[16];
  std::memcpy(chain, iv.data(), 16);
  cbc_encrypt_raw(aes.round_keys(), chain, in.data(), out.data(), in.size() / 16);
  return {};
}

Result<void> cbc_decrypt(const Aes& aes, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept {
  if (iv.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  if (auto r = check_blocks(in, out); !r) return r;
  std::uint8_t chain[16];
  std::memcpy(chain, iv.data(), 16);
  cbc_decrypt_raw(aes.round_keys(), chain, in.data(), out.data(), in.size() / 16);
  return {};
}

Result<void> cbc_pkcs7_encrypt(const Aes& aes, ByteView iv, ByteView in,
                               std::span<std::uint8_t> out) noexcept {
  if (iv.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  if (out.size() != pkcs7_padded_size(in.size())) {
    return std::unexpected(Error::InvalidOutputLength);
  }
  const std::size_t whole = in.size() / 16;
  std::uint8_t chain[16], last[16];
  std::memcpy(chain, iv.data(), 16);
  // The tail is read before the whole blocks are written, for the in-place case.
  const std::size_t tail = in.size() % 16;
  if (tail != 0) std::memcpy(last, in.data() + 16 * whole, tail);  // in.data() may be null
  std::memset(last + tail, static_cast<int>(16 - tail), 16 - tail);
  cbc_encrypt_raw(aes.round_keys(), chain, in.data(), out.data(), whole);
  cbc_encrypt_raw(aes.round_keys(), chain, last, out.data() + 16 * whole, 1);
  wipe(last);
  return {};
}

Result<std::size_t> cbc_pkcs7_decrypt(const Aes& aes, ByteView iv, ByteView in,
                                      std::span<std::uint8_t> out) noexcept {
  if (iv.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  if (in.empty()) return std::unexpected(Error::InvalidInputLength);
  if (auto r = check_blocks(in, out); !r) return std::unexpected(r.error());
  std::uint8_t chain[16];
  std::memcpy(chain, iv.data(), 16);
  cbc_decrypt_raw(aes.round_keys(), chain, in.data(), out.data(), in.size() / 16);
  const std::size_t pad = pkcs7_check(out.data() + out.size() - 16);
  if (pad == 0) {
    wipe(out);
    return std::unexpected(Error::InvalidPadding);
  }
  return out.size() - pad;
}

Result<void> ctr_xor(const Aes& aes, ByteView counter_block, ByteView in,
                     std::span<std::uint8_t> out, CtrCounter counter) noexcept {
  auto stream = AesCtrStream::create(aes, counter_block, counter);
  if (!stream) return std::unexpected(stream.error());
  return stream->feed(in, out);
}

Result<AesCtrStream> AesCtrStream::create(const Aes& aes, ByteView counter_block,
                                          CtrCounter counter) noexcept {
  if (counter_block.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  AesCtrStream s;
  s.aes_ = &aes;
  std::memcpy(s.counter_, counter_block.data(), 16);
  s.mode_ = counter;
  return s;
}

AesCtrStream::~AesCtrStream() {
  wipe(stream_);
}

Result<void> AesCtrStream::feed(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  const std::uint8_t* src = in.data();
  std::uint8_t* dst = out.data();
  std::size_t n = in.size();
  for (; n != 0 && used_ < 16; --n) *dst++ = *src++ ^ stream_[used_++];
  const std::size_t blocks = n / 16;
  if (blocks != 0) {
    detail::aes_ctr_blocks(aes_->round_keys(), counter_, mode_, src, dst, blocks);
    src += 16 * blocks;
    dst += 16 * blocks;
    n -= 16 * blocks;
  }
  if (n != 0) {
    std::memset(stream_, 0, 16);
    detail::aes_ctr_blocks(aes_->round_keys(), counter_, mode_, stream_, stream_, 1);
    for (used_ = 0; used_ < n; ++used_) dst[used_] = src[used_] ^ stream_[used_];
  }
  return {};
}

Result<AesCbcStream> AesCbcStream::create(const Aes& aes, Direction direction, ByteView iv,
                                          bool pkcs7) noexcept {
  if (iv.size() != 16) return std::unexpected(Error::InvalidNonceLength);
  AesCbcStream s;
  s.aes_ = &aes;
  s.direction_ = direction;
  s.pkcs7_ = pkcs7;
  std::memcpy(s.iv_, iv.data(), 16);
  return s;
}

AesCbcStream::~AesCbcStream() {
  wipe(buffer_);
}

Result<std::size_t> AesCbcStream::feed(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (out.size() < in.size() + 16) return std::unexpected(Error::InvalidOutputLength);
  const auto& keys = aes_->round_keys();
  const bool decrypt = direction_ == Direction::Decrypt;
  // A padded decryptor keeps the last full block back: it may be the padding block.
  const std::size_t keep = decrypt && pkcs7_ ? 1 : 0;
  const std::uint8_t* src = in.data();
  std::size_t n = in.size();
  std::size_t written = 0;
  auto run = [&](const std::uint8_t* from, std::size_t blocks) {
    if (decrypt) {
      cbc_decrypt_raw(keys, iv_, from, out.data() + written, blocks);
    } else {
      cbc_encrypt_raw(keys, iv_, from, out.data() + written, blocks);
    }
    written += 16 * blocks;
  };
  // Complete the buffered block once more input than it lacks (or, without a held-back
  // block, exactly as much) has arrived.
  if (buffered_ != 0 || (keep && n != 0)) {
    const std::size_t take = std::min<std::size_t>(16 - buffered_, n);
    if (take != 0) std::memcpy(buffer_ + buffered_, src, take);  // src may be null
    buffered_ = static_cast<std::uint8_t>(buffered_ + take);
    src += take;
    n -= take;
    if (buffered_ == 16 && (n != 0 || !keep)) {
      run(buffer_, 1);
      buffered_ = 0;
    }
  }
  if (buffered_ == 0 && n != 0) {
    std::size_t blocks = n / 16;
    if (keep && n % 16 == 0) --blocks;  // hold the last one back
    run(src, blocks);
    src += 16 * blocks;
    n -= 16 * blocks;
    std::memcpy(buffer_, src, n);
    buffered_ = static_cast<std::uint8_t>(n);
  }
  return written;
}

Result<std::size_t> AesCbcStream::finish(std::span<std::uint8_t> out) noexcept {
  if (out.size() < 16) return std::unexpected(Error::InvalidOutputLength);
  const auto& keys = aes_->round_keys();
  if (direction_ == Direction::Encrypt) {
    if (!pkcs7_) {
      if (buffered_ != 0) return std::unexpected(Error::InvalidInputLength);
      return 0;
    }
    std::memset(buffer_ + buffered_, 16 - buffered_, 16 - buffered_);
    cbc_encrypt_raw(keys, iv_, buffer_, out.data(), 1);
    buffered_ = 0;
    return 16;
  }
  if (!pkcs7_) {
    if (buffered_ != 0) return std::unexpected(Error::InvalidInputLength);
    return 0;
  }
  if (buffered_ != 16) return std::unexpected(Error::InvalidInputLength);
  std::uint8_t plain[16];
  cbc_decrypt_raw(keys, iv_, buffer_, plain, 1);
  buffered_ = 0;
  const std::size_t pad = pkcs7_check(plain);
  if (pad == 0) {
    wipe(plain);
    return std::unexpected(Error::InvalidPadding);
  }
  std::memcpy(out.data(), plain, 16 - pad);
  wipe(plain);
  return 16 - pad;
}

}  // namespace nocrypto
