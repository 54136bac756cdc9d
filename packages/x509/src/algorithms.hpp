#pragma once
// Signature algorithm pieces shared by verification and signing. Private to the package.
#include "grammar.hpp"

#include <x509/verify.hpp>

#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/ed25519.hpp>
#include <nocrypto-pk/dsa.hpp>
#include <nocrypto-pk/rsa.hpp>

namespace x509::grammar {

// RSASSA-PSS-params (RFC 4055 3.1): hash, mask generation, salt length, trailer.
inline auto pss_parameters() {
  return sequence(optional("hashAlgorithm", explicit_(0, algorithm_identifier())),
                  optional("maskGenAlgorithm", explicit_(1, algorithm_identifier())),
                  optional("saltLength", explicit_(2, int64())),
                  optional("trailerField", explicit_(3, int64())));
}

// The named curve of an OID (RFC 5480 2.1.1.1), or nothing for curves we do not know.
inline std::optional<nocrypto::ec::Curve> curve_of(const Oid& id) {
  if (id == alg::secp256r1) return nocrypto::ec::Curve::P256;
  if (id == alg::secp384r1) return nocrypto::ec::Curve::P384;
  if (id == alg::secp521r1) return nocrypto::ec::Curve::P521;
  return std::nullopt;
}

inline const Oid& curve_oid(nocrypto::ec::Curve c) {
  switch (c) {
    case nocrypto::ec::Curve::P384:
      return alg::secp384r1;
    case nocrypto::ec::Curve::P521:
      return alg::secp521r1;
    default:
      return alg::secp256r1;
  }
}

inline nocrypto::pk::DigestAlgorithm pk_digest(HashKind h) {
  switch (h) {
    case HashKind::Sha1:
      return nocrypto::pk::DigestAlgorithm::sha1;
    case HashKind::Sha384:
      return nocrypto::pk::DigestAlgorithm::sha384;
    case HashKind::Sha512:
      return nocrypto::pk::DigestAlgorithm::sha512;
    default:
      return nocrypto::pk::DigestAlgorithm::sha256;
  }
}

inline nocrypto::ec::HashAlgorithm ec_digest(HashKind h) {
  switch (h) {
    case HashKind::Sha1:
      return nocrypto::ec::HashAlgorithm::Sha1;
    case HashKind::Sha384:
      return nocrypto::ec::HashAlgorithm::Sha384;
    case HashKind::Sha512:
      return nocrypto::ec::HashAlgorithm::Sha512;
    default:
      return nocrypto::ec::HashAlgorithm::Sha256;
  }
}

}  // namespace x509::grammar
