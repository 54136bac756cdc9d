// AES-CCM: the CBC-MAC over B0, the encoded AAD and the message, then CTR with the
// counter blocks A1.. for the message and A0 for the tag.
#include <nocrypto/ccm.hpp>

#include "aes_impl.hpp"

#include <cstring>

namespace nocrypto {
namespace {

// CBC-MAC over a byte stream, zero-padding where told to.
struct Mac {
  const detail::AesRoundKeys* keys;
  std::uint8_t mac[16] = {};
  std::uint8_t buffer[16] = {};
  std::size_t used = 0;

  void feed(const std::uint8_t* p, std::size_t n) noexcept {
    if (n == 0) return;  // p may be null
    if (used != 0) {
      const std::size_t take = n < 16 - used ? n : 16 - used;
      std::memcpy(buffer + used, p, take);
      used += take;
      p += take;
      n -= take;
      if (used < 16) return;
      detail::aes_cbc_mac(*keys, mac, buffer, 1);
      used = 0;
    }
    detail::aes_cbc_mac(*keys, mac, p, n / 16);
    std::memcpy(buffer, p + n / 16 * 16, n % 16);
    used = n % 16;
  }
  void pad() noexcept {
    if (used == 0) return;
    std::memset(buffer + used, 0, 16 - used);
    detail::aes_cbc_mac(*keys, mac, buffer, 1);
    used = 0;
  }
  ~Mac() {
    wipe(mac);
    wipe(buffer);
  }
};

Result<void> check(ByteView nonce, std::size_t text) noexcept {
  if (nonce.size() < 7 || nonce.size() > 13) return std::unexpected(Error::InvalidNonceLength);
  const std::size_t q = 15 - nonce.size();
  if (q < sizeof(std::size_t) && (static_cast<std::uint64_t>(text) >> (8 * q)) != 0) {
    return std::unexpected(Error::MessageTooLong);
  }
  return {};
}

// The MAC value T (full 16 bytes) over aad and the plaintext.
void cbc_mac(const detail::AesRoundKeys& keys, std::size_t tag_length, ByteView nonce,
             ByteView aad, ByteView plaintext, std::uint8_t t[16]) noexcept {
  const std::size_t q = 15 - nonce.size();
  Mac mac{&keys};
  std::uint8_t b0[16] = {};
  b0[0] = static_cast<std::uint8_t>((aad.empty() ? 0 : 0x40) | ((tag_length - 2) / 2) << 3 |
                                    (q - 1));
  std::memcpy(b0 + 1, nonce.data(), nonce.size());
  std::uint64_t len = plaintext.size();
  for (std::size_t i = 0; i < q && i < 8; ++i, len >>= 8) {
    b0[15 - i] = static_cast<std::uint8_t>(len);
  }
  mac.feed(b0, 16);
  if (!aad.empty()) {
    std::uint8_t header[10];
    std::size_t header_size;
    const std::uint64_t a = aad.size();
    if (a < 0xff00) {
      header[0] = static_cast<std::uint8_t>(a >> 8);
      header[1] = static_cast<std::uint8_t>(a);
      header_size = 2;
    } else if (a <= 0xffffffffu) {
      header[0] = 0xff;
      header[1] = 0xfe;
      for (int i = 0; i < 4; ++i) header[2 + i] = static_cast<std::uint8_t>(a >> (24 - 8 * i));
      header_size = 6;
    } else {
      header[0] = 0xff;
      header[1] = 0xff;
      for (int i = 0; i < 8; ++i) header[2 + i] = static_cast<std::uint8_t>(a >> (56 - 8 * i));
      header_size = 10;
    }
    mac.feed(header, header_size);
    mac.feed(aad.data(), aad.size());
    mac.pad();
  }
  mac.feed(plaintext.data(), plaintext.size());
  mac.pad();
  std::memcpy(t, mac.mac, 16);
}

// A0: flags q - 1, the nonce, a zero counter.
void counter0(ByteView nonce, std::uint8_t a[16]) noexcept {
  std::memset(a, 0, 16);
  a[0] = static_cast<std::uint8_t>(15 - nonce.size() - 1);
  std::memcpy(a + 1, nonce.data(), nonce.size());
}

// out = in ^ the key stream from A1, and s0 = E(A0).
void ctr(const detail::AesRoundKeys& keys, ByteView nonce, const std::uint8_t* in,
         std::uint8_t* out, std::size_t n, std::uint8_t s0[16]) noexcept {
  std::uint8_t a[16];
  counter0(nonce, a);
  std::memcpy(s0, a, 16);
  detail::aes_encrypt_blocks(keys, s0, s0, 1);
  detail::ctr_increment(a, CtrCounter::Full128);
  const std::size_t blocks = n / 16;
  detail::aes_ctr_blocks(keys, a, CtrCounter::Full128, in, out, blocks);
  if (n % 16 != 0) {
    std::uint8_t last[16] = {};
    std::memcpy(last, in + 16 * blocks, n % 16);
    detail::aes_ctr_blocks(keys, a, CtrCounter::Full128, last, last, 1);
    std::memcpy(out + 16 * blocks, last, n % 16);
    wipe(last);
  }
}

}  // namespace

Result<AesCcm> AesCcm::create(ByteView key) noexcept {
  return create(key, tag_size);
}

Result<AesCcm> AesCcm::create(ByteView key, std::size_t tag_length) noexcept {
  if (tag_length < 4 || tag_length > 16 || tag_length % 2 != 0) {
    return std::unexpected(Error::InvalidParameter);
  }
  auto aes = Aes::create(key);
  if (!aes) return std::unexpected(aes.error());
  AesCcm ccm(*aes);
  ccm.tag_length_ = tag_length;
  return ccm;
}

Result<void> AesCcm::seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                                   std::span<std::uint8_t> out,
                                   std::span<std::uint8_t> tag_out) const noexcept {
  if (auto r = check(nonce, plaintext.size()); !r) return r;
  if (out.size() != plaintext.size() || tag_out.size() != tag_length_) {
    return std::unexpected(Error::InvalidOutputLength);
  }
  const auto& keys = aes_.round_keys();
  std::uint8_t t[16], s0[16];
  cbc_mac(keys, tag_length_, nonce, aad, plaintext, t);
  ctr(keys, nonce, plaintext.data(), out.data(), plaintext.size(), s0);
  for (std::size_t i = 0; i < tag_length_; ++i) tag_out[i] = t[i] ^ s0[i];
  wipe(t);
  wipe(s0);
  return {};
}

Result<void> AesCcm::seal(ByteView nonce, ByteView aad, ByteView plaintext,
                          std::span<std::uint8_t> out) const noexcept {
  if (out.size() != plaintext.size() + tag_length_) {
    return std::unexpected(Error::InvalidOutputLength);
  }
  // seal_detached takes the MAC over the plaintext before CTR overwrites it in place.
  return seal_detached(nonce, aad, plaintext, out.first(plaintext.size()),
                       out.subspan(plaintext.size()));
}

Result<void> AesCcm::open_detached(ByteView nonce, ByteView aad, ByteView ciphertext,
                                   ByteView tag, std::span<std::uint8_t> out) const noexcept {
  if (auto r = check(nonce, ciphertext.size()); !r) return r;
  if (out.size() != ciphertext.size()) return std::unexpected(Error::InvalidOutputLength);
  if (tag.size() != tag_length_) return std::unexpected(Error::AuthenticationFailed);
  const auto& keys = aes_.round_keys();
  std::uint8_t t[16], s0[16], received[16];
  std::memcpy(received, tag.data(), tag_length_);  // before out may overwrite it
  ctr(keys, nonce, ciphertext.data(), out.data(), ciphertext.size(), s0);
  cbc_mac(keys, tag_length_, nonce, aad, out, t);
  for (std::size_t i = 0; i < tag_length_; ++i) t[i] ^= s0[i];
  const bool ok = equal_ct(ByteView(t, tag_length_), ByteView(received, tag_length_));
  wipe(t);
  wipe(s0);
  if (!ok) {
    wipe(out);
    return std::unexpected(Error::AuthenticationFailed);
  }
  return {};
}

Result<void> AesCcm::open(ByteView nonce, ByteView aad, ByteView sealed,
                          std::span<std::uint8_t> out) const noexcept {
  if (sealed.size() < tag_length_) return std::unexpected(Error::AuthenticationFailed);
  const std::size_t n = sealed.size() - tag_length_;
  if (out.size() != n) return std::unexpected(Error::InvalidOutputLength);
  return open_detached(nonce, aad, sealed.first(n), sealed.subspan(n), out);
}

}  // namespace nocrypto
