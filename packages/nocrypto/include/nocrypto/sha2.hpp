#pragma once
// SHA-2 (FIPS 180-4): SHA-224, SHA-256 (with SHA-NI when the CPU has it), SHA-384,
// SHA-512, SHA-512/224 and SHA-512/256.
#include <nocrypto/detail/md_engine.hpp>
#include <nocrypto/hash.hpp>

namespace nocrypto {

class Sha224 : public detail::FixedHash<detail::MdEngine<detail::Sha256Algo>, 28> {};
class Sha256 : public detail::FixedHash<detail::MdEngine<detail::Sha256Algo>, 32> {};
class Sha384 : public detail::FixedHash<detail::MdEngine<detail::Sha512Algo>, 48> {};
class Sha512 : public detail::FixedHash<detail::MdEngine<detail::Sha512Algo>, 64> {};
class Sha512_224 : public detail::FixedHash<detail::MdEngine<detail::Sha512Algo>, 28> {};
class Sha512_256 : public detail::FixedHash<detail::MdEngine<detail::Sha512Algo>, 32> {};

// The digest of `data`, in one call.
inline Sha224::Digest sha224(ByteView data) noexcept {
  return digest<Sha224>(data);
}
inline Sha256::Digest sha256(ByteView data) noexcept {
  return digest<Sha256>(data);
}
inline Sha384::Digest sha384(ByteView data) noexcept {
  return digest<Sha384>(data);
}
inline Sha512::Digest sha512(ByteView data) noexcept {
  return digest<Sha512>(data);
}
inline Sha512_224::Digest sha512_224(ByteView data) noexcept {
  return digest<Sha512_224>(data);
}
inline Sha512_256::Digest sha512_256(ByteView data) noexcept {
  return digest<Sha512_256>(data);
}

}  // namespace nocrypto
