#pragma once
// Constant-time byte helpers shared by the RSA and DSA code.
#include <cstddef>
#include <cstdint>

namespace nocrypto::pk::detail {

// All ones when x == 0, else zero; no branch.
inline std::uint32_t ct_is_zero(std::uint32_t x) noexcept {
  return static_cast<std::uint32_t>(0) - ((~x & (x - 1)) >> 31);
}
inline std::uint32_t ct_eq(std::uint32_t a, std::uint32_t b) noexcept {
  return ct_is_zero(a ^ b);
}
// All ones when a < b (both below 2^31).
inline std::uint32_t ct_lt(std::uint32_t a, std::uint32_t b) noexcept {
  return static_cast<std::uint32_t>(0) - ((a - b) >> 31);
}
inline std::uint32_t ct_select(std::uint32_t mask, std::uint32_t a, std::uint32_t b) noexcept {
  return (mask & a) | (~mask & b);
}

}  // namespace nocrypto::pk::detail
