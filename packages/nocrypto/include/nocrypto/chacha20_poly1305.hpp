#pragma once
// ChaCha20-Poly1305 (RFC 8439) and XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha): AEADs
// with a 32-byte key, a 16-byte tag and a 12- or 24-byte nonce. A nonce must never be
// used twice with one key; the 24-byte nonce of XChaCha20 is long enough to pick at
// random. Sealed output is ciphertext || tag. At most 2^38 - 64 bytes of plaintext per
// nonce (the 32-bit block counter), else MessageTooLong.
#include <nocrypto/bytes.hpp>
#include <nocrypto/chacha20.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/poly1305.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {
namespace detail {
struct ChaChaPolyAccess;  // how the AEADs construct and reach into these (internal)
}

// Incremental sealing of one message, from ChaCha20Poly1305::encryptor() or
// XChaCha20Poly1305::encryptor(): all aad() calls first, then feed() as often as wanted,
// then finish() once.
class ChaCha20Poly1305Encryptor {
 public:
  using Tag = std::array<std::uint8_t, 16>;
  // Adds associated data. InvalidParameter once feed() has been called.
  Result<void> aad(ByteView data) noexcept;
  // Encrypts the next piece: out.size() must equal in.size() (InvalidOutputLength); in
  // place allowed. MessageTooLong past 2^38 - 64 bytes in all.
  Result<void> feed(ByteView in, std::span<std::uint8_t> out) noexcept;
  // The tag of the associated data and ciphertext. The object is spent afterwards.
  Tag finish() noexcept;

 private:
  friend struct detail::ChaChaPolyAccess;
  friend class ChaCha20Poly1305Decryptor;
  ChaCha20Poly1305Encryptor(ChaCha20 stream, Poly1305 mac) noexcept
      : stream_(stream), mac_(mac) {}
  void end_aad() noexcept;

  ChaCha20 stream_;
  Poly1305 mac_;
  std::uint64_t aad_size_ = 0;
  std::uint64_t text_size_ = 0;
  bool in_text_ = false;
};

// Incremental opening of one message. CAUTION: feed() releases plaintext before the tag
// has been checked; nothing it returns may be trusted or acted on until finish(tag)
// succeeds, and all of it must be discarded if finish fails. Prefer open() when the
// message fits in memory.
class ChaCha20Poly1305Decryptor {
 public:
  // Adds associated data. InvalidParameter once feed() has been called.
  Result<void> aad(ByteView data) noexcept;
  // Decrypts the next piece of ciphertext (unauthenticated until finish): out.size() must
  // equal in.size() (InvalidOutputLength); in place allowed. MessageTooLong as above.
  Result<void> feed(ByteView in, std::span<std::uint8_t> out) noexcept;
  // Checks the tag in constant time: AuthenticationFailed when it does not match. The
  // object is spent afterwards.
  Result<void> finish(ByteView tag) noexcept;

 private:
  friend struct detail::ChaChaPolyAccess;
  explicit ChaCha20Poly1305Decryptor(ChaCha20Poly1305Encryptor inner) noexcept : inner_(inner) {}
  ChaCha20Poly1305Encryptor inner_;  // the same state; feed() MACs its input, not output
};

// ChaCha20-Poly1305 with a 12-byte nonce (RFC 8439 section 2.8). The key is wiped on
// destruction.
class ChaCha20Poly1305 {
 public:
  static constexpr std::size_t key_size = 32;
  static constexpr std::size_t nonce_size = 12;
  static constexpr std::size_t tag_size = 16;

  // InvalidKeyLength unless key is 32 bytes.
  static Result<ChaCha20Poly1305> create(ByteView key) noexcept;

  // out.size() must be plaintext.size() + tag_size: ciphertext then tag.
  // InvalidNonceLength, InvalidOutputLength, MessageTooLong. out may start at plaintext.
  Result<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                    std::span<std::uint8_t> out) const noexcept;
  // out.size() must be sealed.size() - tag_size. On AuthenticationFailed `out` is zeroed
  // and no plaintext is released. InvalidNonceLength, InvalidInputLength (shorter than a
  // tag), InvalidOutputLength. out may start at sealed.
  Result<void> open(ByteView nonce, ByteView aad, ByteView sealed,
                    std::span<std::uint8_t> out) const noexcept;
  // seal() with the tag apart: out.size() == plaintext.size(), tag_out.size() == tag_size.
  Result<void> seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                             std::span<std::uint8_t> out,
                             std::span<std::uint8_t> tag_out) const noexcept;
  // open() with the tag apart: out.size() == ciphertext.size(); a tag of another length
  // than tag_size fails as AuthenticationFailed.
  Result<void> open_detached(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                             std::span<std::uint8_t> out) const noexcept;

  // Incremental sealing and opening of one message under `nonce`. InvalidNonceLength.
  Result<ChaCha20Poly1305Encryptor> encryptor(ByteView nonce) const noexcept;
  Result<ChaCha20Poly1305Decryptor> decryptor(ByteView nonce) const noexcept;

  ChaCha20Poly1305(const ChaCha20Poly1305& other) noexcept = default;
  ChaCha20Poly1305& operator=(const ChaCha20Poly1305& other) noexcept = default;
  ~ChaCha20Poly1305();

 private:
  ChaCha20Poly1305() = default;
  std::array<std::uint8_t, key_size> key_{};
};

// XChaCha20-Poly1305: the same with a 24-byte nonce (ChaCha20-Poly1305 keyed with
// HChaCha20 of the nonce's first 16 bytes). Calls as for ChaCha20Poly1305.
class XChaCha20Poly1305 {
 public:
  static constexpr std::size_t key_size = 32;
  static constexpr std::size_t nonce_size = 24;
  static constexpr std::size_t tag_size = 16;

  static Result<XChaCha20Poly1305> create(ByteView key) noexcept;
  Result<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                    std::span<std::uint8_t> out) const noexcept;
  Result<void> open(ByteView nonce, ByteView aad, ByteView sealed,
                    std::span<std::uint8_t> out) const noexcept;
  Result<void> seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                             std::span<std::uint8_t> out,
                             std::span<std::uint8_t> tag_out) const noexcept;
  Result<void> open_detached(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                             std::span<std::uint8_t> out) const noexcept;
  Result<ChaCha20Poly1305Encryptor> encryptor(ByteView nonce) const noexcept;
  Result<ChaCha20Poly1305Decryptor> decryptor(ByteView nonce) const noexcept;

  XChaCha20Poly1305(const XChaCha20Poly1305& other) noexcept = default;
  XChaCha20Poly1305& operator=(const XChaCha20Poly1305& other) noexcept = default;
  ~XChaCha20Poly1305();

 private:
  XChaCha20Poly1305() = default;
  std::array<std::uint8_t, key_size> key_{};
};

}  // namespace nocrypto
