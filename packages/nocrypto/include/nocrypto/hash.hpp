#pragma once
// The Hash concept that HMAC, HKDF and PBKDF2 are written over, and one-shot hashing.
#include <nocrypto/bytes.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>

namespace nocrypto {

// A fixed-output hash: construct (init), feed any number of times, finish once. After
// finish the object is spent; assign a fresh one to hash again. Copies are independent,
// so a state can be forked after a common prefix (HMAC keeps its keyed states this way).
template <class H>
concept Hash = std::semiregular<H> && requires(H h, ByteView in) {
  { H::block_size } -> std::convertible_to<std::size_t>;
  { H::digest_size } -> std::convertible_to<std::size_t>;
  requires std::same_as<typename H::Digest, std::array<std::uint8_t, H::digest_size>>;
  { h.feed(in) } -> std::same_as<void>;
  { h.finish() } -> std::same_as<typename H::Digest>;
};

// The digest of `data` under H, in one call.
template <Hash H>
typename H::Digest digest(ByteView data) noexcept {
  H h;
  h.feed(data);
  return h.finish();
}

namespace detail {

// Gives an engine (a state with feed and finish into a span) the Hash interface for one
// digest size. Engine(digest_size) initialises; Engine::block_size(digest_size) is
// the block length HMAC pads keys to.
template <class Engine, std::size_t DigestSize>
class FixedHash {
 public:
  static constexpr std::size_t block_size = Engine::block_size(DigestSize);
  static constexpr std::size_t digest_size = DigestSize;
  using Digest = std::array<std::uint8_t, DigestSize>;

  FixedHash() noexcept : engine_(DigestSize) {}
  // Absorbs `data`; the bytes are not kept.
  void feed(ByteView data) noexcept { engine_.feed(data); }
  // Pads, and returns the digest of everything fed.
  Digest finish() noexcept {
    Digest d;
    engine_.finish(d);
    return d;
  }
  // Feeds data[0, length) and finishes, where `length` is secret, somewhere in
  // [min_length, data.size()]: every byte of `data` is read and the same blocks are
  // compressed whatever `length` is, so the time depends on data.size() - min_length
  // alone. For MACs over data whose length is secret (TLS's MAC-then-encrypt records,
  // Lucky Thirteen). Only the Merkle-Damgard hashes (MD5, SHA-1, SHA-2) have it.
  Digest finish_secret_length(ByteView data, std::size_t min_length, std::size_t length) noexcept {
    Digest d;
    engine_.finish_secret_length(data, min_length, length, d);
    return d;
  }

 protected:
  Engine engine_;
};

}  // namespace detail
}  // namespace nocrypto
