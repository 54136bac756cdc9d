#include <nocrypto-pk/common.hpp>

#include "hashes.hpp"

namespace nocrypto::pk {

std::size_t digest_size(DigestAlgorithm algorithm) noexcept {
  return detail::visit_hash(algorithm, [](auto tag) {
    return decltype(tag)::type::digest_size;
  });
}

Bytes digest(DigestAlgorithm algorithm, ByteView data) {
  return detail::hash_parts(algorithm, {data});
}

namespace detail {

Bytes hmac(DigestAlgorithm algorithm, ByteView key, std::initializer_list<ByteView> parts) {
  return visit_hash(algorithm, [&](auto tag) {
    Hmac<typename decltype(tag)::type> mac(key);
    for (ByteView part : parts) mac.feed(part);
    const auto tag_bytes = mac.finish();
    return Bytes(tag_bytes.begin(), tag_bytes.end());
  });
}

Bytes hash_parts(DigestAlgorithm algorithm, std::initializer_list<ByteView> parts) {
  return visit_hash(algorithm, [&](auto tag) {
    typename decltype(tag)::type h;
    for (ByteView part : parts) h.feed(part);
    const auto d = h.finish();
    return Bytes(d.begin(), d.end());
  });
}

}  // namespace detail
}  // namespace nocrypto::pk
