#pragma once
// Big- and little-endian loads and stores on plain byte spans. Buffer, Reader and Writer
// all use these, so there is one implementation of every wire integer.
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace cstruct {

namespace detail {

// The smallest unsigned type that holds N bytes (N = 3 gives std::uint32_t).
template <std::size_t N>
using uint_for = std::conditional_t<
    N == 1, std::uint8_t,
    std::conditional_t<N == 2, std::uint16_t,
                       std::conditional_t<N <= 4, std::uint32_t, std::uint64_t>>>;

// memcpy plus byteswap is what GCC and Clang compile to one load or store; the byte loop
// serves constant evaluation and the 3-byte width.
template <std::size_t N, bool BigEndian>
constexpr uint_for<N> load(const std::uint8_t* p) noexcept {
  using T = uint_for<N>;
  if
    !consteval {
      if constexpr (N == sizeof(T)) {
        T v;
        std::memcpy(&v, p, N);
        return BigEndian == (std::endian::native == std::endian::big) ? v : std::byteswap(v);
      }
    }
  T v = 0;
  for (std::size_t i = 0; i < N; ++i) {
    v = static_cast<T>(v | static_cast<T>(p[i]) << 8 * (BigEndian ? N - 1 - i : i));
  }
  return v;
}

template <std::size_t N, bool BigEndian>
constexpr void store(std::uint8_t* p, uint_for<N> v) noexcept {
  assert((N != 3 || v <= 0xffffff) && "cstruct: value does not fit in 24 bits");
  if
    !consteval {
      if constexpr (N == sizeof(v)) {
        if (BigEndian != (std::endian::native == std::endian::big)) v = std::byteswap(v);
        std::memcpy(p, &v, N);
        return;
      }
    }
  for (std::size_t i = 0; i < N; ++i) {
    p[i] = static_cast<std::uint8_t>(v >> 8 * (BigEndian ? N - 1 - i : i));
  }
}

constexpr bool fits(std::size_t size, std::size_t off, std::size_t n) noexcept {
  return off <= size && size - off >= n;
}

template <std::size_t N, bool BigEndian>
constexpr uint_for<N> load_at(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  assert(fits(s.size(), off, N) && "cstruct: load past the end of the span");
  return load<N, BigEndian>(s.data() + off);
}

template <std::size_t N, bool BigEndian>
constexpr void store_at(std::span<std::uint8_t> s, std::size_t off, uint_for<N> v) noexcept {
  assert(fits(s.size(), off, N) && "cstruct: store past the end of the span");
  store<N, BigEndian>(s.data() + off, v);
}

}  // namespace detail

// load_X(s, off) reads the integer whose first byte is s[off]; store_X(s, off, v) writes it.
// The bytes must lie inside s: an out-of-range offset is a bug and fails an assertion.
// A 24-bit value lives in the low bits of a std::uint32_t; storing one of 2^24 or more is a bug.
constexpr std::uint8_t load_u8(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<1, true>(s, off);
}
constexpr std::uint16_t load_be16(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<2, true>(s, off);
}
constexpr std::uint32_t load_be24(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<3, true>(s, off);
}
constexpr std::uint32_t load_be32(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<4, true>(s, off);
}
constexpr std::uint64_t load_be64(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<8, true>(s, off);
}
constexpr std::uint16_t load_le16(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<2, false>(s, off);
}
constexpr std::uint32_t load_le24(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<3, false>(s, off);
}
constexpr std::uint32_t load_le32(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<4, false>(s, off);
}
constexpr std::uint64_t load_le64(std::span<const std::uint8_t> s, std::size_t off) noexcept {
  return detail::load_at<8, false>(s, off);
}

constexpr void store_u8(std::span<std::uint8_t> s, std::size_t off, std::uint8_t v) noexcept {
  detail::store_at<1, true>(s, off, v);
}
constexpr void store_be16(std::span<std::uint8_t> s, std::size_t off, std::uint16_t v) noexcept {
  detail::store_at<2, true>(s, off, v);
}
constexpr void store_be24(std::span<std::uint8_t> s, std::size_t off, std::uint32_t v) noexcept {
  detail::store_at<3, true>(s, off, v);
}
constexpr void store_be32(std::span<std::uint8_t> s, std::size_t off, std::uint32_t v) noexcept {
  detail::store_at<4, true>(s, off, v);
}
constexpr void store_be64(std::span<std::uint8_t> s, std::size_t off, std::uint64_t v) noexcept {
  detail::store_at<8, true>(s, off, v);
}
constexpr void store_le16(std::span<std::uint8_t> s, std::size_t off, std::uint16_t v) noexcept {
  detail::store_at<2, false>(s, off, v);
}
constexpr void store_le24(std::span<std::uint8_t> s, std::size_t off, std::uint32_t v) noexcept {
  detail::store_at<3, false>(s, off, v);
}
constexpr void store_le32(std::span<std::uint8_t> s, std::size_t off, std::uint32_t v) noexcept {
  detail::store_at<4, false>(s, off, v);
}
constexpr void store_le64(std::span<std::uint8_t> s, std::size_t off, std::uint64_t v) noexcept {
  detail::store_at<8, false>(s, off, v);
}

}  // namespace cstruct
