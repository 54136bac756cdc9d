#pragma once
// Fortuna (Ferguson, Schneier and Kohno, "Cryptography Engineering", ch. 9): a generator
// that turns a 256-bit key into output with AES-256 in counter mode and rekeys itself after
// every request, and an accumulator that gathers entropy events into 32 pools and reseeds
// the generator from them on a schedule that recovers from a compromised state even when
// an attacker controls most of the entropy sources.
//
// Neither object reads a clock or a device: the accumulator is given a clock, and entropy
// comes in through add_event (see entropy.hpp for feeding it from a mirage::Random device).
// Not thread-safe: a unikernel runs one event loop; give each thread its own, or lock.
#include <nocrypto/aes.hpp>
#include <nocrypto/bytes.hpp>
#include <nocrypto/random.hpp>
#include <nocrypto/sha2.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

namespace nocrypto::rng {

// The generator: key K and 128-bit counter C, both zero until the first reseed.
class Generator {
 public:
  // Bytes one request may produce before the key must change (2^20, as the design says);
  // generate() splits longer requests and rekeys between the pieces.
  static constexpr std::size_t max_request = std::size_t{1} << 20;

  Generator() noexcept = default;
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;
  ~Generator();  // wipes the key

  // K = SHA-256(SHA-256(K || seed)); C += 1. Seeds the generator the first time.
  void reseed(ByteView seed) noexcept;

  // Whether reseed has run at least once (C != 0).
  bool seeded() const noexcept { return seeded_; }

  // Fills `out` with output and then replaces the key with two further blocks, so the
  // bytes just produced cannot be recomputed from a later state. False, and `out` zeroed,
  // when the generator has not been seeded.
  bool generate(std::span<std::uint8_t> out) noexcept;

  // The counter as a big-endian 128-bit number (for tests).
  std::array<std::uint8_t, 16> counter() const noexcept { return counter_; }

 private:
  void blocks(std::span<std::uint8_t> out) noexcept;  // whole or partial blocks from C on
  void rekey(ByteView key) noexcept;

  std::array<std::uint8_t, 32> key_{};
  std::array<std::uint8_t, 16> counter_{};
  std::optional<Aes> aes_;
  bool seeded_ = false;
};

// The accumulator: 32 pools, each a running SHA-256 of the events given to it.
class Fortuna {
 public:
  static constexpr std::size_t pools = 32;
  // Bytes pool 0 must have received since the last reseed before the next one.
  static constexpr std::size_t min_pool_size = 64;
  // The least time between two reseeds, so that an attacker who floods the pools cannot
  // make the generator reseed faster than entropy arrives.
  static constexpr std::uint64_t min_reseed_interval_ns = 100'000'000;

  // `now_ns` reads a monotonic clock in nanoseconds (e.g. a mirage::Mclock's elapsed_ns).
  explicit Fortuna(std::function<std::uint64_t()> now_ns) noexcept;
  Fortuna(const Fortuna&) = delete;
  Fortuna& operator=(const Fortuna&) = delete;

  // Adds an event of 1..32 bytes from entropy source `source` to pool `pool` (< 32). Each
  // source should spread its events over the pools in turn. InvalidParameter for an empty
  // or longer event or a pool out of range.
  Result<void> add_event(std::uint8_t source, std::size_t pool, ByteView data) noexcept;

  // Output bytes (the nocrypto::RandomSource interface). Reseeds first when pool 0 holds
  // enough and the last reseed is long enough ago: reseed number n draws on every pool i
  // with 2^i dividing n, and empties them. False (and `out` zeroed) while never seeded.
  bool generate(std::span<std::uint8_t> out) noexcept;

  // Whether any output can be had yet: seeded already, or able to reseed now.
  bool ready() const noexcept;

  // Diagnostics: reseeds so far, and the event bytes pool i has received since it was
  // last drawn on.
  std::uint64_t reseed_count() const noexcept { return reseeds_; }
  std::size_t pool_bytes(std::size_t pool) const noexcept { return pool_bytes_[pool]; }

 private:
  bool reseed_due(std::uint64_t now) const noexcept;
  void reseed() noexcept;

  Generator generator_;
  std::array<Sha256, pools> pool_;
  std::array<std::size_t, pools> pool_bytes_{};
  std::uint64_t reseeds_ = 0;
  std::optional<std::uint64_t> last_reseed_ns_;
  std::function<std::uint64_t()> now_ns_;
};
static_assert(RandomSource<Fortuna>);

}  // namespace nocrypto::rng
