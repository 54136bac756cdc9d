#pragma once
// AES (FIPS 197) with 128-, 192- and 256-bit keys, and its unauthenticated modes from
// SP 800-38A: ECB, CBC (raw and PKCS#7-padded) and CTR. These modes give secrecy only:
// prefer AesGcm or AesCcm unless a protocol fixes the mode. AES-NI runs when the CPU has
// it; the portable fallback is bitsliced, without secret-indexed tables.
//
// Every call that takes `in` and `out` works in place (out.data() == in.data()); other
// overlaps are not allowed.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

namespace detail {
// The expanded key in the forms the code paths use (internal).
struct AesRoundKeys {
  alignas(16) std::uint8_t enc[15 * 16];  // round keys as FIPS 197 lists them
  alignas(16) std::uint8_t dec[15 * 16];  // AES-NI inverse-cipher keys (after InvMixColumns)
  std::uint64_t sliced[15 * 8];           // bitsliced round keys, for the portable path
  unsigned rounds;                        // 10, 12 or 14
};
}  // namespace detail

class Aes {
 public:
  static constexpr std::size_t block_size = 16;
  using Block = std::array<std::uint8_t, block_size>;

  // Expands a 16-, 24- or 32-byte key; InvalidKeyLength for any other length.
  static Result<Aes> create(ByteView key) noexcept;

  Aes(const Aes&) noexcept = default;
  Aes& operator=(const Aes&) noexcept = default;
  ~Aes();  // wipes the key schedule

  std::size_t key_size() const noexcept { return (keys_.rounds - 6) * 4; }

  // One block, in place allowed.
  void encrypt_block(std::span<const std::uint8_t, 16> in,
                     std::span<std::uint8_t, 16> out) const noexcept;
  void decrypt_block(std::span<const std::uint8_t, 16> in,
                     std::span<std::uint8_t, 16> out) const noexcept;

  // Internal: the schedule, for the modes built on AES.
  const detail::AesRoundKeys& round_keys() const noexcept { return keys_; }

 private:
  Aes() noexcept = default;
  detail::AesRoundKeys keys_;
};

// ECB: each block on its own. in.size() must be a multiple of 16 (InvalidInputLength)
// and out.size() == in.size() (InvalidOutputLength).
Result<void> ecb_encrypt(const Aes& aes, ByteView in, std::span<std::uint8_t> out) noexcept;
Result<void> ecb_decrypt(const Aes& aes, ByteView in, std::span<std::uint8_t> out) noexcept;

// CBC over whole blocks, no padding: iv is 16 bytes (InvalidNonceLength), in.size() a
// multiple of 16 (InvalidInputLength), out.size() == in.size() (InvalidOutputLength).
Result<void> cbc_encrypt(const Aes& aes, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept;
Result<void> cbc_decrypt(const Aes& aes, ByteView iv, ByteView in,
                         std::span<std::uint8_t> out) noexcept;

// The length of `n` bytes after PKCS#7 padding to 16-byte blocks: always 1..16 more.
constexpr std::size_t pkcs7_padded_size(std::size_t n) noexcept { return n / 16 * 16 + 16; }

// CBC with PKCS#7 padding. out.size() must be pkcs7_padded_size(in.size()); in place
// means out begins where in does and is that much longer.
Result<void> cbc_pkcs7_encrypt(const Aes& aes, ByteView iv, ByteView in,
                               std::span<std::uint8_t> out) noexcept;
// Decrypts and strips the padding: returns the plaintext length, written to the front of
// `out` (out.size() == in.size()). in.size() must be a non-zero multiple of 16
// (InvalidInputLength); bad padding gives InvalidPadding and zeroes `out`. The padding
// check takes the same time whatever the padding is, but a caller that reveals which
// error happened to an attacker still offers a padding oracle: authenticate first.
Result<std::size_t> cbc_pkcs7_decrypt(const Aes& aes, ByteView iv, ByteView in,
                                      std::span<std::uint8_t> out) noexcept;

// How a CTR counter block steps from one block to the next.
enum class CtrCounter : std::uint8_t {
  Low32,  // the last 4 bytes as a big-endian counter, wrapping mod 2^32 (GCM, SP 800-38A)
  Full128,  // the whole block as a big-endian 128-bit counter
};

// CTR: out = in XOR the key stream from `counter_block` (16 bytes, InvalidNonceLength)
// on. out.size() == in.size() (InvalidOutputLength); any length. Encrypts and decrypts.
Result<void> ctr_xor(const Aes& aes, ByteView counter_block, ByteView in,
                     std::span<std::uint8_t> out,
                     CtrCounter counter = CtrCounter::Low32) noexcept;

// CTR as a stream: feed any number of pieces of any length; the result is the same as
// ctr_xor over their concatenation. Borrows the Aes, which must outlive it.
class AesCtrStream {
 public:
  // counter_block must be 16 bytes (InvalidNonceLength).
  static Result<AesCtrStream> create(const Aes& aes, ByteView counter_block,
                                     CtrCounter counter = CtrCounter::Low32) noexcept;
  AesCtrStream(const AesCtrStream&) noexcept = default;
  AesCtrStream& operator=(const AesCtrStream&) noexcept = default;
  ~AesCtrStream();  // wipes the buffered key stream

  // out.size() must equal in.size() (InvalidOutputLength); in place allowed.
  Result<void> feed(ByteView in, std::span<std::uint8_t> out) noexcept;

 private:
  AesCtrStream() noexcept = default;
  const Aes* aes_ = nullptr;
  std::uint8_t counter_[16] = {};
  std::uint8_t stream_[16] = {};  // key stream of the block before counter_
  std::uint8_t used_ = 16;        // bytes of stream_ already used
  CtrCounter mode_ = CtrCounter::Low32;
};

// CBC as a stream, encrypting or decrypting, with or without PKCS#7 padding. Input is
// buffered to whole blocks; each feed writes the blocks it completes and returns how
// many bytes it wrote. A decryptor with padding holds back the last full block until
// finish. Borrows the Aes, which must outlive it. Streams do not work in place when
// a partial block is buffered; give them a separate output.
class AesCbcStream {
 public:
  enum class Direction : std::uint8_t { Encrypt, Decrypt };
  // iv must be 16 bytes (InvalidNonceLength).
  static Result<AesCbcStream> create(const Aes& aes, Direction direction, ByteView iv,
                                     bool pkcs7 = true) noexcept;
  AesCbcStream(const AesCbcStream&) noexcept = default;
  AesCbcStream& operator=(const AesCbcStream&) noexcept = default;
  ~AesCbcStream();  // wipes the buffered block

  // Writes the completed blocks to the front of `out`, which must hold in.size() + 16
  // bytes (InvalidOutputLength); returns how many it wrote.
  Result<std::size_t> feed(ByteView in, std::span<std::uint8_t> out) noexcept;

  // Ends the stream: writes the last block(s) to `out` (at least 16 bytes) and returns
  // their length. Encrypting with padding writes the final padded block. Without
  // padding, InvalidInputLength if the input was not whole blocks; decrypting with
  // padding, InvalidPadding (and nothing written) if the padding is bad. Spent afterwards.
  Result<std::size_t> finish(std::span<std::uint8_t> out) noexcept;

 private:
  AesCbcStream() noexcept = default;
  const Aes* aes_ = nullptr;
  std::uint8_t iv_[16] = {};
  std::uint8_t buffer_[16] = {};
  std::uint8_t buffered_ = 0;
  Direction direction_ = Direction::Encrypt;
  bool pkcs7_ = true;
};

}  // namespace nocrypto
