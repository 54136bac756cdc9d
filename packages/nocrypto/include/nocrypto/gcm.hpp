#pragma once
// AES-GCM (SP 800-38D): authenticated encryption with associated data. Nonces of any
// length from 1 byte work; 12 bytes is the standard and fastest size, and a nonce must
// never repeat under one key. AES-NI with PCLMULQDQ when the CPU has them; otherwise a
// bitsliced AES and a GHASH built from integer multiplies, both constant time (given a
// constant-time integer multiplier, as on x86-64 and ARMv8).
//
// Every call works in place: the output may begin exactly where the input does; other
// overlaps are not allowed.
#include <nocrypto/aes.hpp>
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

namespace detail {
// GHASH key: H^1..H^8, each a block read as a big-endian 128-bit integer and held as
// {low 64 bits, high 64 bits} (internal).
struct GhashKey {
  alignas(16) std::uint64_t powers[8][2];
};
struct GcmState;
}  // namespace detail

class AesGcmEncryptor;
class AesGcmDecryptor;

class AesGcm {
 public:
  static constexpr std::size_t tag_size = 16;
  static constexpr std::size_t nonce_size = 12;  // the recommended nonce length

  // Keys with a 16-, 24- or 32-byte AES key (InvalidKeyLength otherwise); 16-byte tags.
  static Result<AesGcm> create(ByteView key) noexcept;
  // The same with truncated tags of tag_length bytes, 4..16 (InvalidParameter
  // otherwise): seal writes and open expects that many. Short tags are weak
  // (SP 800-38D appendix C); use them only where a protocol requires them.
  static Result<AesGcm> create(ByteView key, std::size_t tag_length) noexcept;

  AesGcm(const AesGcm&) noexcept = default;
  AesGcm& operator=(const AesGcm&) noexcept = default;
  ~AesGcm();  // wipes the key schedule and the GHASH key

  std::size_t tag_length() const noexcept { return tag_length_; }

  // out.size() must be plaintext.size() + tag_length(): ciphertext then tag.
  // InvalidNonceLength for an empty nonce; MessageTooLong past 2^36 - 32 bytes.
  Result<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                    std::span<std::uint8_t> out) const noexcept;
  // out.size() must be sealed.size() - tag_length(). On AuthenticationFailed `out` is
  // zeroed.
  Result<void> open(ByteView nonce, ByteView aad, ByteView sealed,
                    std::span<std::uint8_t> out) const noexcept;
  // Detached tags: out.size() == plaintext.size(), tag_out.size() == tag_length().
  Result<void> seal_detached(ByteView nonce, ByteView aad, ByteView plaintext,
                             std::span<std::uint8_t> out,
                             std::span<std::uint8_t> tag_out) const noexcept;
  // tag.size() must be tag_length() (else AuthenticationFailed); out.size() ==
  // ciphertext.size(). On AuthenticationFailed `out` is zeroed.
  Result<void> open_detached(ByteView nonce, ByteView aad, ByteView ciphertext, ByteView tag,
                             std::span<std::uint8_t> out) const noexcept;

  // Incremental encryption and decryption under `nonce`; they borrow this AesGcm, which
  // must outlive them.
  Result<AesGcmEncryptor> encryptor(ByteView nonce) const noexcept;
  Result<AesGcmDecryptor> decryptor(ByteView nonce) const noexcept;

  // Internal.
  const Aes& aes() const noexcept { return aes_; }
  const detail::GhashKey& ghash_key() const noexcept { return ghash_; }

 private:
  explicit AesGcm(const Aes& aes) noexcept : aes_(aes) {}
  Aes aes_;
  detail::GhashKey ghash_;
  std::size_t tag_length_ = tag_size;
};

namespace detail {
// The running state of one GCM message (internal).
struct GcmState {
  const AesGcm* gcm = nullptr;
  std::uint8_t counter[16] = {};
  std::uint8_t tag_mask[16] = {};  // E(J0)
  std::uint64_t y[2] = {};         // GHASH so far
  std::uint8_t partial[16] = {};   // AAD or ciphertext bytes not yet hashed
  std::uint8_t stream[16] = {};    // key stream for the partial ciphertext block
  std::uint64_t aad_bytes = 0;
  std::uint64_t text_bytes = 0;
  bool in_text = false;  // the AAD has been closed
  bool done = false;
  ~GcmState();
};
}  // namespace detail

// Encrypts a message in pieces: aad() any number of times first, then feed() any
// number of times, then finish() for the tag. The result equals AesGcm::seal.
class AesGcmEncryptor {
 public:
  // Adds associated data; InvalidParameter once feed() has been called, MessageTooLong
  // past 2^61 - 1 bytes in all.
  Result<void> aad(ByteView data) noexcept;
  // Encrypts: out.size() == in.size() (InvalidOutputLength), in place allowed;
  // MessageTooLong past 2^36 - 32 bytes in all.
  Result<void> feed(ByteView in, std::span<std::uint8_t> out) noexcept;
  // Writes the tag (tag.size() == tag_length(), else InvalidOutputLength). Spent after.
  Result<void> finish(std::span<std::uint8_t> tag) noexcept;

 private:
  friend class AesGcm;
  detail::GcmState state_;
};

// Decrypts a message in pieces. feed() releases plaintext BEFORE the tag is checked:
// nothing it returns may be trusted or acted on until finish() succeeds, and all of it
// must be discarded if finish() fails. Use AesGcm::open when the message fits in memory.
class AesGcmDecryptor {
 public:
  Result<void> aad(ByteView data) noexcept;
  Result<void> feed(ByteView in, std::span<std::uint8_t> out) noexcept;
  // Checks the tag in constant time: AuthenticationFailed when it does not match (or is
  // not tag_length() bytes). Spent after.
  Result<void> finish(ByteView tag) noexcept;

 private:
  friend class AesGcm;
  detail::GcmState state_;
};

}  // namespace nocrypto
