#pragma once
// SHA-1 (FIPS 180-4). Broken for collisions: for git object names and legacy protocols.
// Uses SHA-NI when the CPU has it.
#include <nocrypto/detail/md_engine.hpp>
#include <nocrypto/hash.hpp>

namespace nocrypto {

class Sha1 : public detail::FixedHash<detail::MdEngine<detail::Sha1Algo>, 20> {};

// The SHA-1 digest of `data`.
inline Sha1::Digest sha1(ByteView data) noexcept {
  return digest<Sha1>(data);
}

}  // namespace nocrypto
