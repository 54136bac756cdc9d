#pragma once
// PBKDF2 with HMAC as its PRF (RFC 8018 §5.2).
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/hmac.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

// Fills `out` with the key derived from `password` and `salt` by `iterations` rounds of
// HMAC-H. InvalidParameter when iterations is 0; InvalidOutputLength when out is longer
// than (2^32 - 1) blocks of H::digest_size.
template <Hash H>
Result<void> pbkdf2_hmac(ByteView password, ByteView salt, std::uint32_t iterations,
                         std::span<std::uint8_t> out) noexcept {
  if (iterations == 0) return std::unexpected(Error::InvalidParameter);
  if ((out.size() + H::digest_size - 1) / H::digest_size > 0xffffffffu) {
    return std::unexpected(Error::InvalidOutputLength);
  }
  const Hmac<H> keyed(password);
  typename H::Digest u{}, t{};
  std::uint32_t block = 0;
  for (std::size_t done = 0; done < out.size(); done += t.size()) {
    ++block;
    const std::uint8_t index[4] = {
        static_cast<std::uint8_t>(block >> 24), static_cast<std::uint8_t>(block >> 16),
        static_cast<std::uint8_t>(block >> 8), static_cast<std::uint8_t>(block)};
    Hmac<H> first = keyed;
    first.feed(salt);
    first.feed(index);
    t = u = first.finish();
    for (std::uint32_t i = 1; i < iterations; ++i) {
      Hmac<H> m = keyed;
      m.feed(u);
      u = m.finish();
      for (std::size_t k = 0; k < t.size(); ++k) t[k] ^= u[k];
    }
    std::copy_n(t.begin(), std::min(t.size(), out.size() - done), out.begin() + done);
  }
  wipe(u);
  wipe(t);
  return {};
}

}  // namespace nocrypto
