#pragma once
// Poly1305 (RFC 8439 section 2.5), the one-time authenticator: a 16-byte tag of a message
// under a 32-byte key that must never authenticate a second message. ChaCha20-Poly1305
// derives a fresh key per nonce; use this directly only with keys made the same way.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace nocrypto {

class Poly1305 {
 public:
  static constexpr std::size_t key_size = 32;
  static constexpr std::size_t tag_size = 16;
  static constexpr std::size_t block_size = 16;
  using Tag = std::array<std::uint8_t, tag_size>;

  // A MAC keyed with r || s (32 bytes; r is clamped as the RFC says). InvalidKeyLength.
  static Result<Poly1305> create(ByteView key) noexcept;

  // Adds bytes to the message; any lengths, in any number of calls.
  void feed(ByteView data) noexcept;
  // The tag of everything fed. The object is spent: feed or finish it no more.
  Tag finish() noexcept;
  // finish(), compared with `tag` in constant time (a 16-byte tag; other lengths fail).
  bool verify(ByteView tag) noexcept;

  // One shot: the tag of `message` under `key`. InvalidKeyLength.
  static Result<Tag> mac(ByteView key, ByteView message) noexcept;
  // One shot check in constant time: InvalidKeyLength, or AuthenticationFailed when `tag`
  // is not the tag of `message`.
  static Result<void> verify(ByteView key, ByteView message, ByteView tag) noexcept;

  Poly1305(const Poly1305& other) noexcept = default;
  Poly1305& operator=(const Poly1305& other) noexcept = default;
  ~Poly1305();

  // The accumulator and key in the form the block functions share (internal).
  struct State {
    std::uint64_t h[3];     // accumulator, radix 2^64 (h[2] holds a few bits)
    std::uint64_t r[2];     // clamped r
    std::uint64_t pad[2];   // s
    std::uint32_t rpow[16][5];  // r^1 .. r^16 in radix 2^26 for the vector code, made on first use
    bool powers;
  };

 private:
  Poly1305() = default;

  State state_{};
  std::array<std::uint8_t, block_size> buffer_{};
  std::uint8_t buffered_ = 0;
};

}  // namespace nocrypto
