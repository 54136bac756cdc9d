#include <nocrypto/chacha20_poly1305.hpp>

#include "endian.hpp"

#include <algorithm>
#include <cstring>

namespace nocrypto {
namespace detail {

struct ChaChaPolyAccess {
  static ChaCha20Poly1305Encryptor make(const ChaCha20& stream, const Poly1305& mac) noexcept {
    return ChaCha20Poly1305Encryptor(stream, mac);
  }
  static ChaCha20Poly1305Decryptor decryptor(const ChaCha20Poly1305Encryptor& e) noexcept {
    return ChaCha20Poly1305Decryptor(e);
  }
  static Poly1305& mac(ChaCha20Poly1305Encryptor& e) noexcept { return e.mac_; }
  static ChaCha20& stream(ChaCha20Poly1305Encryptor& e) noexcept { return e.stream_; }
};

}  // namespace detail
namespace {

using detail::ChaChaPolyAccess;

// Block 0 of the stream is the Poly1305 key; the message starts at block 1, so 2^32 - 1
// blocks are left for it.
constexpr std::uint64_t kMaxText = (std::uint64_t{1} << 38) - 64;
constexpr std::uint8_t kZeros[16] = {};

// Encrypt-then-MAC in pieces that stay in the L1 cache between the two passes.
constexpr std::size_t kChunk = 4096;

Result<ChaCha20Poly1305Encryptor> start(ByteView key, ByteView nonce,
                                        std::size_t nonce_size) noexcept;

void pad16(Poly1305& mac, std::uint64_t size) noexcept {
  if (size % 16 != 0) mac.feed(ByteView(kZeros, 16 - size % 16));
}

void feed_lengths(Poly1305& mac, std::uint64_t aad_size, std::uint64_t text_size) noexcept {
  std::uint8_t lengths[16];
  detail::store<std::uint64_t, false>(lengths, aad_size);
  detail::store<std::uint64_t, false>(lengths + 8, text_size);
  mac.feed(lengths);
}

// The one-shot calls of both AEADs; they differ only in the nonce size.
struct Aead {
  ByteView key;
  std::size_t nonce_size;

  Result<void> seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                             std::span<std::uint8_t> out,
                             std::span<std::uint8_t> tag_out) const noexcept {
    if (nonce.size() != nonce_size) return std::unexpected(Error::InvalidNonceLength);
    if (out.size() != plaintext.size() || tag_out.size() != 16) {
      return std::unexpected(Error::InvalidOutputLength);
    }
    if (plaintext.size() > kMaxText) return std::unexpected(Error::MessageTooLong);
    auto e = start(key, nonce, nonce_size);
    if (!e) return std::unexpected(e.error());
    if (auto r = e->aad(aad); !r) return r;
    for (std::size_t at = 0; at < plaintext.size(); at += kChunk) {
      const std::size_t n = std::min(kChunk, plaintext.size() - at);
      if (auto r = e->feed(plaintext.subspan(at, n), out.subspan(at, n)); !r) return r;
    }
    const auto tag = e->finish();
    std::memcpy(tag_out.data(), tag.data(), tag.size());
    return {};
  }

  Result<void> open_detached(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                             std::span<std::uint8_t> out) const noexcept {
    if (nonce.size() != nonce_size) return std::unexpected(Error::InvalidNonceLength);
    if (out.size() != ciphertext.size()) return std::unexpected(Error::InvalidOutputLength);
    if (ciphertext.size() > kMaxText) return std::unexpected(Error::MessageTooLong);
    auto e = start(key, nonce, nonce_size);
    if (!e) return std::unexpected(e.error());
    // MAC the ciphertext first and decrypt only if the tag matches.
    Poly1305& mac = ChaChaPolyAccess::mac(*e);
    mac.feed(aad);
    pad16(mac, aad.size());
    mac.feed(ciphertext);
    pad16(mac, ciphertext.size());
    feed_lengths(mac, aad.size(), ciphertext.size());
    if (!mac.verify(tag)) {
      wipe(out);
      return std::unexpected(Error::AuthenticationFailed);
    }
    return ChaChaPolyAccess::stream(*e).apply(ciphertext, out);
  }

  Result<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                    std::span<std::uint8_t> out) const noexcept {
    if (out.size() != plaintext.size() + 16 || out.size() < plaintext.size()) {
      return std::unexpected(Error::InvalidOutputLength);
    }
    return seal_detached(nonce, aad, plaintext, out.first(plaintext.size()),
                         out.subspan(plaintext.size()));
  }

  Result<void> open(ByteView nonce, ByteView aad, ByteView sealed,
                    std::span<std::uint8_t> out) const noexcept {
    if (sealed.size() < 16) return std::unexpected(Error::InvalidInputLength);
    const std::size_t n = sealed.size() - 16;
    if (out.size() != n) return std::unexpected(Error::InvalidOutputLength);
    if (n > kMaxText) return std::unexpected(Error::MessageTooLong);
    // Copy the tag first: with out == sealed, decryption must not see it overwritten.
    std::uint8_t tag[16];
    std::memcpy(tag, sealed.data() + n, 16);
    return open_detached(nonce, aad, sealed.first(n), tag, out);
  }
};

}  // namespace

// ---- Encryptor / Decryptor ----

Result<void> ChaCha20Poly1305Encryptor::aad(ByteView data) noexcept {
  if (in_text_) return std::unexpected(Error::InvalidParameter);
  mac_.feed(data);
  aad_size_ += data.size();
  return {};
}

void ChaCha20Poly1305Encryptor::end_aad() noexcept {
  if (in_text_) return;
  pad16(mac_, aad_size_);
  in_text_ = true;
}

Result<void> ChaCha20Poly1305Encryptor::feed(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  if (in.size() > kMaxText - text_size_) return std::unexpected(Error::MessageTooLong);
  end_aad();
  if (auto r = stream_.apply(in, out); !r) return r;
  mac_.feed(out);
  text_size_ += in.size();
  return {};
}

ChaCha20Poly1305Encryptor::Tag ChaCha20Poly1305Encryptor::finish() noexcept {
  end_aad();
  pad16(mac_, text_size_);
  feed_lengths(mac_, aad_size_, text_size_);
  return mac_.finish();
}

Result<void> ChaCha20Poly1305Decryptor::aad(ByteView data) noexcept {
  return inner_.aad(data);
}

Result<void> ChaCha20Poly1305Decryptor::feed(ByteView in, std::span<std::uint8_t> out) noexcept {
  if (out.size() != in.size()) return std::unexpected(Error::InvalidOutputLength);
  if (in.size() > kMaxText - inner_.text_size_) return std::unexpected(Error::MessageTooLong);
  inner_.end_aad();
  // MAC the ciphertext before decrypting: in may be the same memory as out.
  inner_.mac_.feed(in);
  inner_.text_size_ += in.size();
  return inner_.stream_.apply(in, out);
}

Result<void> ChaCha20Poly1305Decryptor::finish(ByteView tag) noexcept {
  auto mine = inner_.finish();
  const bool ok = equal_ct(mine, tag);
  wipe(mine);
  if (!ok) return std::unexpected(Error::AuthenticationFailed);
  return {};
}

namespace {

Result<ChaCha20Poly1305Encryptor> start(ByteView key, ByteView nonce,
                                        std::size_t nonce_size) noexcept {
  if (nonce.size() != nonce_size) return std::unexpected(Error::InvalidNonceLength);
  auto stream = ChaCha20::create(key, nonce, 0);
  if (!stream) return std::unexpected(stream.error());
  std::uint8_t block[64];
  (void)stream->keystream(block);  // block 0: r || s, then the text from block 1
  auto mac = Poly1305::create(ByteView(block, 32));
  wipe(block);
  return ChaChaPolyAccess::make(*stream, *mac);
}

}  // namespace

// ---- ChaCha20Poly1305 ----

#define NOCRYPTO_AEAD_CALLS(Class, NonceSize)                                                     \
  Result<Class> Class::create(ByteView key) noexcept {                                           \
    if (key.size() != key_size) return std::unexpected(Error::InvalidKeyLength);                 \
    Class aead;                                                                                  \
    std::memcpy(aead.key_.data(), key.data(), key_size);                                         \
    return aead;                                                                                 \
  }                                                                                              \
  Result<void> Class::seal(ByteView nonce, ByteView aad, ByteView plaintext,                     \
                           std::span<std::uint8_t> out) const noexcept {                         \
    return Aead{key_, NonceSize}.seal(nonce, aad, plaintext, out);                               \
  }                                                                                              \
  Result<void> Class::open(ByteView nonce, ByteView aad, ByteView sealed,                        \
                           std::span<std::uint8_t> out) const noexcept {                         \
    return Aead{key_, NonceSize}.open(nonce, aad, sealed, out);                                  \
  }                                                                                              \
  Result<void> Class::seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,            \
                                    std::span<std::uint8_t> out,                                 \
                                    std::span<std::uint8_t> tag_out) const noexcept {            \
    return Aead{key_, NonceSize}.seal_detached(nonce, aad, plaintext, out, tag_out);             \
  }                                                                                              \
  Result<void> Class::open_detached(ByteView nonce, ByteView aad, ByteView ciphertext,           \
                                    ByteView tag, std::span<std::uint8_t> out) const noexcept {  \
    return Aead{key_, NonceSize}.open_detached(nonce, aad, ciphertext, tag, out);                \
  }                                                                                              \
  Result<ChaCha20Poly1305Encryptor> Class::encryptor(ByteView nonce) const noexcept {            \
    return start(key_, nonce, NonceSize);                                                        \
  }                                                                                              \
  Result<ChaCha20Poly1305Decryptor> Class::decryptor(ByteView nonce) const noexcept {            \
    auto e = start(key_, nonce, NonceSize);                                                      \
    if (!e) return std::unexpected(e.error());                                                   \
    return ChaChaPolyAccess::decryptor(*e);                                                        \
  }                                                                                              \
  Class::~Class() { wipe(key_); }

NOCRYPTO_AEAD_CALLS(ChaCha20Poly1305, 12)
NOCRYPTO_AEAD_CALLS(XChaCha20Poly1305, 24)

#undef NOCRYPTO_AEAD_CALLS

}  // namespace nocrypto
