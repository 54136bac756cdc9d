#pragma once
// DSA (FIPS 186-4; FIPS 186-5 keeps verification only) with deterministic nonces from
// RFC 6979, for X.509 chains and SSH that still carry it. Signatures are (r, s) scalars,
// or DER through <nocrypto/signature_der.hpp>.
#include <nocrypto-pk/common.hpp>

#include <nocrypto/signature_der.hpp>

#include <cstddef>

namespace nocrypto::pk {

class DsaPublicKey {
 public:
  // The key (p, q, g, y). InvalidKey unless p is odd with 1024..4096 bits, q is a probable
  // prime of 160, 224 or 256 bits dividing p - 1, 1 < g < p with g^q = 1 mod p, and
  // 1 < y < p with y^q = 1 mod p. p is not tested for primality.
  static Result<DsaPublicKey> make(ByteView p, ByteView q, ByteView g, ByteView y);

  ByteView p() const noexcept { return p_; }  // big-endian, no leading zeros
  ByteView q() const noexcept { return q_; }
  ByteView g() const noexcept { return g_; }
  ByteView y() const noexcept { return y_; }

 private:
  Bytes p_, q_, g_, y_;
};

class DsaPrivateKey {
 public:
  // The key with private x (0 < x < q, else InvalidKey) in the domain (p, q, g); y = g^x.
  static Result<DsaPrivateKey> make(ByteView p, ByteView q, ByteView g, ByteView x);
  // A fresh x, uniform in [1, q-1], in the domain of `domain` (its y is ignored).
  static Result<DsaPrivateKey> generate(const DsaPublicKey& domain, RandomRef rng);

  const DsaPublicKey& public_key() const noexcept { return public_; }
  ByteView x() const noexcept { return x_; }

 private:
  DsaPublicKey public_;
  SecretBytes x_;
};

// Signs the digest of `message` under `hash` with the RFC 6979 nonce (HMAC-DRBG over
// the same hash), so the same key and message always give the same signature.
Result<SignatureScalars> dsa_sign(const DsaPrivateKey& key, DigestAlgorithm hash,
                                  ByteView message);
// The same over a digest already computed (digest_size(hash) bytes, else InvalidInputLength).
Result<SignatureScalars> dsa_sign_digest(const DsaPrivateKey& key, DigestAlgorithm hash,
                                         ByteView digest);
// dsa_sign, DER-encoded (SEQUENCE of two INTEGERs).
Result<Bytes> dsa_sign_der(const DsaPrivateKey& key, DigestAlgorithm hash, ByteView message);

// Whether (r, s) (big-endian, leading zeros allowed) signs `message`: 0 < r, s < q and the
// FIPS 186-4 4.7 equation holds, with the leftmost bits of the digest when it is longer
// than q.
bool dsa_verify(const DsaPublicKey& key, DigestAlgorithm hash, ByteView message, ByteView r,
                ByteView s);
bool dsa_verify_digest(const DsaPublicKey& key, DigestAlgorithm hash, ByteView digest,
                       ByteView r, ByteView s);
// The same for a DER signature; anything but strict DER is refused.
bool dsa_verify_der(const DsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                    ByteView der);

}  // namespace nocrypto::pk
