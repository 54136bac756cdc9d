#pragma once
// Unaligned big- and little-endian loads and stores of 32- and 64-bit words (internal).
#include <bit>
#include <cstdint>
#include <cstring>

namespace nocrypto::detail {

template <class Word, bool BigEndian>
inline Word load(const std::uint8_t* p) noexcept {
  Word w;
  std::memcpy(&w, p, sizeof w);
  if constexpr (BigEndian != (std::endian::native == std::endian::big)) w = std::byteswap(w);
  return w;
}

template <class Word, bool BigEndian>
inline void store(std::uint8_t* p, Word w) noexcept {
  if constexpr (BigEndian != (std::endian::native == std::endian::big)) w = std::byteswap(w);
  std::memcpy(p, &w, sizeof w);
}

inline std::uint32_t load_be32(const std::uint8_t* p) noexcept {
  return load<std::uint32_t, true>(p);
}
inline std::uint64_t load_be64(const std::uint8_t* p) noexcept {
  return load<std::uint64_t, true>(p);
}
inline std::uint32_t load_le32(const std::uint8_t* p) noexcept {
  return load<std::uint32_t, false>(p);
}
inline std::uint64_t load_le64(const std::uint8_t* p) noexcept {
  return load<std::uint64_t, false>(p);
}

}  // namespace nocrypto::detail
