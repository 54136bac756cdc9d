#pragma once
// SHA-3 and the SHAKE extendable-output functions (FIPS 202).
#include <nocrypto/hash.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {
namespace detail {

// The Keccak-f[1600] sponge: absorb with feed, then squeeze any number of bytes. The
// first squeeze pads with `suffix` (0x06 for SHA-3, 0x1f for SHAKE); feeding after
// that is a bug (assert).
class Keccak {
 public:
  Keccak(std::size_t rate, std::uint8_t suffix) noexcept;
  void feed(ByteView data) noexcept;
  void squeeze(std::span<std::uint8_t> out) noexcept;

 private:
  std::array<std::uint64_t, 25> lanes_{};
  std::uint8_t rate_;  // bytes per block, 72..168
  std::uint8_t suffix_;
  std::uint8_t position_ = 0;  // bytes absorbed or squeezed in the current block
  bool squeezing_ = false;
};

// SHA3-n: rate 200 - 2n/8 bytes.
class Sha3Engine : public Keccak {
 public:
  static constexpr std::size_t block_size(std::size_t digest_size) { return 200 - 2 * digest_size; }
  explicit Sha3Engine(std::size_t digest_size) noexcept : Keccak(block_size(digest_size), 0x06) {}
  void finish(std::span<std::uint8_t> out) noexcept { squeeze(out); }
};

// SHAKE with the given rate: feed, then squeeze as much output as wanted, in pieces.
template <std::size_t Rate>
class Shake {
 public:
  static constexpr std::size_t block_size = Rate;
  // Absorbs `data`; only before the first squeeze.
  void feed(ByteView data) noexcept { sponge_.feed(data); }
  // Writes the next out.size() bytes of output; consecutive calls continue the stream.
  void squeeze(std::span<std::uint8_t> out) noexcept { sponge_.squeeze(out); }

 private:
  Keccak sponge_{Rate, 0x1f};
};

}  // namespace detail

class Sha3_224 : public detail::FixedHash<detail::Sha3Engine, 28> {};
class Sha3_256 : public detail::FixedHash<detail::Sha3Engine, 32> {};
class Sha3_384 : public detail::FixedHash<detail::Sha3Engine, 48> {};
class Sha3_512 : public detail::FixedHash<detail::Sha3Engine, 64> {};
class Shake128 : public detail::Shake<168> {};
class Shake256 : public detail::Shake<136> {};

// The digest of `data`, in one call.
inline Sha3_224::Digest sha3_224(ByteView data) noexcept {
  return digest<Sha3_224>(data);
}
inline Sha3_256::Digest sha3_256(ByteView data) noexcept {
  return digest<Sha3_256>(data);
}
inline Sha3_384::Digest sha3_384(ByteView data) noexcept {
  return digest<Sha3_384>(data);
}
inline Sha3_512::Digest sha3_512(ByteView data) noexcept {
  return digest<Sha3_512>(data);
}

// Fills `out` with the first out.size() bytes of SHAKE128(data) (or SHAKE256).
void shake128(ByteView data, std::span<std::uint8_t> out) noexcept;
void shake256(ByteView data, std::span<std::uint8_t> out) noexcept;

}  // namespace nocrypto
