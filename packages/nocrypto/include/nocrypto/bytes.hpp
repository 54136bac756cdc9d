#pragma once
// The byte views every primitive takes, and constant-time helpers for secrets.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace nocrypto {

// Borrowed input bytes; cstruct::Buffer, std::vector and std::array convert to it.
using ByteView = std::span<const std::uint8_t>;

// The bytes of a string, borrowed (no copy, no terminator).
inline ByteView bytes_of(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// True when a and b have the same length and contents. The time taken depends only on
// the lengths, never on the contents: compare MACs and tags with this.
bool equal_ct(ByteView a, ByteView b) noexcept;

// Zeroes `secret` in a way the compiler may not remove as a dead store.
void wipe(std::span<std::uint8_t> secret) noexcept;

}  // namespace nocrypto
