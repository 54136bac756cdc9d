#pragma once
// MD5 (RFC 1321). Broken for collisions: only for protocols that still name it.
#include <nocrypto/detail/md_engine.hpp>
#include <nocrypto/hash.hpp>

namespace nocrypto {

class Md5 : public detail::FixedHash<detail::MdEngine<detail::Md5Algo>, 16> {};

// The MD5 digest of `data`.
inline Md5::Digest md5(ByteView data) noexcept {
  return digest<Md5>(data);
}

}  // namespace nocrypto
