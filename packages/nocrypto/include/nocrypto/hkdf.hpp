#pragma once
// HKDF (RFC 5869): extract a pseudorandom key from input keying material, expand it.
#include <nocrypto/bytes.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/hmac.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace nocrypto {

// HKDF-Extract: HMAC-H(salt, ikm). An empty salt means H::digest_size zero bytes.
template <Hash H>
typename H::Digest hkdf_extract(ByteView salt, ByteView ikm) noexcept {
  return hmac<H>(salt, ikm);
}

// HKDF-Expand: fills `out` with output keying material from `prk` and `info`.
// InvalidOutputLength when out.size() > 255 * H::digest_size (out is then untouched).
template <Hash H>
Result<void> hkdf_expand(ByteView prk, ByteView info, std::span<std::uint8_t> out) noexcept {
  if (out.size() > 255 * H::digest_size) return std::unexpected(Error::InvalidOutputLength);
  const Hmac<H> keyed(prk);
  typename H::Digest t{};
  std::uint8_t counter = 0;
  for (std::size_t done = 0; done < out.size(); done += t.size()) {
    Hmac<H> m = keyed;
    if (counter != 0) m.feed(t);
    m.feed(info);
    ++counter;
    m.feed(ByteView(&counter, 1));
    t = m.finish();
    std::copy_n(t.begin(), std::min(t.size(), out.size() - done), out.begin() + done);
  }
  wipe(t);
  return {};
}

// Extract then expand, in one call; fails as hkdf_expand does.
template <Hash H>
Result<void> hkdf(ByteView salt, ByteView ikm, ByteView info,
                  std::span<std::uint8_t> out) noexcept {
  auto prk = hkdf_extract<H>(salt, ikm);
  auto result = hkdf_expand<H>(prk, info, out);
  wipe(prk);
  return result;
}

}  // namespace nocrypto
