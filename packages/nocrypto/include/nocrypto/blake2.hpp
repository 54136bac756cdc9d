#pragma once
// BLAKE2b (1..64-byte digests) and BLAKE2s (1..32), unkeyed or keyed (RFC 7693).
#include <nocrypto/error.hpp>
#include <nocrypto/hash.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {
namespace detail {

// BLAKE2b over 64-bit words, BLAKE2s over 32-bit words.
template <class Word>
class Blake2Engine {
 public:
  static constexpr std::size_t block_bytes = 16 * sizeof(Word);
  static constexpr std::size_t max_digest = 8 * sizeof(Word);  // also the longest key
  static constexpr std::size_t block_size(std::size_t) { return block_bytes; }

  // digest_size in 1..max_digest and key.size() <= max_digest, else a bug (assert).
  explicit Blake2Engine(std::size_t digest_size, ByteView key = {}) noexcept;
  void feed(ByteView data) noexcept;
  // Writes the digest; out.size() is the digest size given at construction.
  void finish(std::span<std::uint8_t> out) noexcept;

 private:
  void compress(const std::uint8_t* block, bool last) noexcept;

  std::array<Word, 8> state_;
  std::array<std::uint8_t, block_bytes> buffer_{};
  std::size_t buffered_ = 0;   // the last block is held back: it is compressed as final
  std::uint64_t counter_ = 0;  // bytes compressed (the high counter word stays zero)
};

extern template class Blake2Engine<std::uint64_t>;
extern template class Blake2Engine<std::uint32_t>;

// Blake2b<N> and Blake2s<N> (the Derived class): a Hash with an N-byte digest, and a
// keyed (MAC) form.
template <class Derived, class Word, std::size_t N>
class Blake2 : public FixedHash<Blake2Engine<Word>, N> {
  static_assert(N >= 1 && N <= Blake2Engine<Word>::max_digest, "BLAKE2 digest size out of range");

 public:
  // A keyed state: InvalidKeyLength when the key is longer than the largest digest.
  static Result<Derived> keyed(ByteView key) noexcept {
    if (key.size() > Blake2Engine<Word>::max_digest)
      return std::unexpected(Error::InvalidKeyLength);
    Derived d;
    d.engine_ = Blake2Engine<Word>(N, key);
    return d;
  }
};

}  // namespace detail

template <std::size_t N = 64>
class Blake2b : public detail::Blake2<Blake2b<N>, std::uint64_t, N> {};
template <std::size_t N = 32>
class Blake2s : public detail::Blake2<Blake2s<N>, std::uint32_t, N> {};

// Writes the BLAKE2b digest of `data` (keyed when `key` is not empty) to `out`, whose
// size is the digest size. InvalidOutputLength unless 1 <= out.size() <= 64;
// InvalidKeyLength when key.size() > 64.
Result<void> blake2b(ByteView data, std::span<std::uint8_t> out, ByteView key = {}) noexcept;
// The same for BLAKE2s, with 32 in place of 64.
Result<void> blake2s(ByteView data, std::span<std::uint8_t> out, ByteView key = {}) noexcept;

}  // namespace nocrypto
