#pragma once
// The ChaCha20 stream cipher (RFC 8439), its original form with a 64-bit counter, and
// XChaCha20 (draft-irtf-cfrg-xchacha) built on HChaCha20. Encryption and decryption are
// the same call: the input XORed with the key stream. The stream never wraps: a call that
// would run the block counter past its last value fails with MessageTooLong.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

// A ChaCha20 key stream, consumed by any lengths: the unused end of a block is kept for
// the next call. The nonce picks the variant:
//   12 bytes: RFC 8439, 32-bit block counter (at most 2^32 blocks, 256 GiB);
//    8 bytes: the original ChaCha20, 64-bit block counter;
//   24 bytes: XChaCha20, i.e. RFC 8439 ChaCha20 keyed with HChaCha20(key, nonce[0..16])
//             and the nonce 0^4 || nonce[16..24].
// The key schedule is wiped on destruction.
class ChaCha20 {
 public:
  static constexpr std::size_t key_size = 32;
  static constexpr std::size_t block_size = 64;

  // The stream for key (32 bytes) and nonce (8, 12 or 24 bytes), starting at block
  // `counter`. InvalidKeyLength, InvalidNonceLength; InvalidParameter for a counter that
  // does not fit the variant's 32 bits.
  static Result<ChaCha20> create(ByteView key, ByteView nonce, std::uint64_t counter = 0) noexcept;

  // out = in XOR the next in.size() bytes of key stream. out.size() must equal in.size()
  // (else InvalidOutputLength); out may be the same memory as in, but not partly
  // overlap it. MessageTooLong, with nothing written, if the counter would wrap.
  Result<void> apply(ByteView in, std::span<std::uint8_t> out) noexcept;

  // apply() on the same memory.
  Result<void> apply(std::span<std::uint8_t> data) noexcept { return apply(data, data); }

  // Writes the next out.size() bytes of key stream itself.
  Result<void> keystream(std::span<std::uint8_t> out) noexcept;

  // One shot: create(key, nonce, counter) then apply(in, out).
  static Result<void> xor_stream(ByteView key, ByteView nonce, std::uint64_t counter, ByteView in,
                                 std::span<std::uint8_t> out) noexcept;

  ChaCha20(const ChaCha20& other) noexcept = default;
  ChaCha20& operator=(const ChaCha20& other) noexcept = default;
  ~ChaCha20();

 private:
  ChaCha20() = default;

  std::array<std::uint32_t, 16> state_{};  // constants, key, counter, nonce
  std::array<std::uint8_t, block_size> buffer_{};  // key stream of the block before state_
  std::uint8_t buffered_ = 0;  // unused bytes at the end of buffer_
  bool counter64_ = false;     // words 12 and 13 are one counter (8-byte nonce)
  bool exhausted_ = false;     // the counter wrapped: no key stream left after buffer_
};

// HChaCha20: 32 bytes derived from key (32 bytes) and a 16-byte input, the subkey step of
// XChaCha20. InvalidKeyLength, InvalidNonceLength.
Result<std::array<std::uint8_t, 32>> hchacha20(ByteView key, ByteView input) noexcept;

}  // namespace nocrypto
