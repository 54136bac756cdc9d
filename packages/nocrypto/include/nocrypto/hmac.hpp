#pragma once
// HMAC (RFC 2104) over any Hash.
#include <nocrypto/bytes.hpp>
#include <nocrypto/hash.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace nocrypto {

template <Hash H>
class Hmac {
 public:
  static constexpr std::size_t digest_size = H::digest_size;
  // The shortest tag verify accepts: half the digest and at least 80 bits (RFC 2104 §5).
  static constexpr std::size_t min_tag_size = std::max<std::size_t>(digest_size / 2, 10);
  using Digest = typename H::Digest;

  // Keys the MAC; a key longer than the hash's block is hashed first. The key is not
  // kept. Copies of a keyed Hmac are independent, so one can be keyed once and copied
  // for each message.
  explicit Hmac(ByteView key) noexcept {
    static_assert(H::block_size >= H::digest_size);
    std::array<std::uint8_t, H::block_size> pad{};
    if (key.size() > pad.size()) {
      const auto hashed = digest<H>(key);
      std::copy(hashed.begin(), hashed.end(), pad.begin());
    } else {
      std::copy(key.begin(), key.end(), pad.begin());
    }
    for (auto& b : pad) b ^= 0x36;
    inner_.feed(pad);
    for (auto& b : pad) b ^= 0x36 ^ 0x5c;
    outer_.feed(pad);
    wipe(pad);
  }

  // Absorbs message bytes.
  void feed(ByteView data) noexcept { inner_.feed(data); }

  // The tag of everything fed. The object is spent afterwards.
  Digest finish() noexcept {
    const Digest inner = inner_.finish();
    outer_.feed(inner);
    return outer_.finish();
  }

  // Finishes and compares with `tag` in constant time: true when `tag` equals the MAC or
  // its first tag.size() bytes, with min_tag_size <= tag.size() <= digest_size.
  bool verify(ByteView tag) noexcept {
    const Digest mac = finish();
    if (tag.size() < min_tag_size || tag.size() > digest_size) return false;
    return equal_ct(ByteView(mac).first(tag.size()), tag);
  }

 private:
  H inner_;
  H outer_;
};

// The HMAC-H of `data` under `key`, in one call.
template <Hash H>
typename H::Digest hmac(ByteView key, ByteView data) noexcept {
  Hmac<H> m(key);
  m.feed(data);
  return m.finish();
}

// Whether `tag` is the HMAC-H of `data` under `key` (constant time; see Hmac::verify).
template <Hash H>
bool hmac_verify(ByteView key, ByteView data, ByteView tag) noexcept {
  Hmac<H> m(key);
  m.feed(data);
  return m.verify(tag);
}

}  // namespace nocrypto
