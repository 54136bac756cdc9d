#pragma once
// RSA (RFC 8017): keys, the raw primitives, PKCS#1 v1.5 encryption and signatures, OAEP
// and PSS. Integers travel as unsigned big-endian bytes; GMP does the arithmetic.
//
// Private-key operations use the CRT with mpz_powm_sec, blind the input when given a
// RandomSource (pass one whenever the private key faces outside input), and re-encrypt
// every result with the public exponent: a computation fault (bit flip, corrupted key)
// gives an error, never a faulty output that would leak a factor of n.
#include <nocrypto-pk/common.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace nocrypto::pk {

// Moduli accepted on import: 1024 to 16384 bits. Generation: 2048 bits and up.
inline constexpr std::size_t rsa_min_bits = 1024;
inline constexpr std::size_t rsa_max_bits = 16384;
inline constexpr std::size_t rsa_min_generate_bits = 2048;

class RsaPublicKey {
 public:
  // The key (n, e). InvalidKey unless n is odd and of rsa_min_bits..rsa_max_bits bits and
  // e is odd with 3 <= e < n and at most 256 bits (FIPS 186-5 caps it there). Leading zero
  // bytes are ignored.
  static Result<RsaPublicKey> make(ByteView n, ByteView e);

  ByteView n() const noexcept { return n_; }  // big-endian, no leading zeros
  ByteView e() const noexcept { return e_; }
  std::size_t bits() const noexcept { return bits_; }          // of n
  std::size_t size() const noexcept { return (bits_ + 7) / 8; }  // k: bytes of n

 private:
  Bytes n_, e_;
  std::size_t bits_ = 0;
};

class RsaPrivateKey {
 public:
  // A key from every field of RFC 8017's RSAPrivateKey (dp = d mod (p-1), dq = d mod (q-1),
  // qinv = q^-1 mod p). InvalidKey when the public part is invalid (see RsaPublicKey::make)
  // or the fields disagree: n != p*q, p or q even or < 3, dp, dq or qinv out of range or
  // wrong, e*dp != 1 mod (p-1), e*dq != 1 mod (q-1), d out of [1, n). p and q are not
  // tested for primality.
  static Result<RsaPrivateKey> make(ByteView n, ByteView e, ByteView d, ByteView p, ByteView q,
                                    ByteView dp, ByteView dq, ByteView qinv);
  // A key from (n, e, d) alone: p and q are recovered (SP 800-56B rev. 2, Appendix C.2),
  // then checked as make does. InvalidKey when d does not fit n and e. Not constant time.
  static Result<RsaPrivateKey> from_exponents(ByteView n, ByteView e, ByteView d);
  // The same as make, with only the range checks (sizes, 0 < x < modulus), not the
  // consistency ones. For keys from trusted storage; a key whose fields disagree is still
  // caught at use by the re-encryption check (an error, never a wrong output).
  static Result<RsaPrivateKey> make_unchecked(ByteView n, ByteView e, ByteView d, ByteView p,
                                              ByteView q, ByteView dp, ByteView dq,
                                              ByteView qinv);

  // A fresh key of `bits` bits (even, rsa_min_generate_bits..rsa_max_bits) and public
  // exponent e (odd, 65537 by default), FIPS 186-5 A.1.3 style: p and q random probable
  // primes of bits/2 bits with their top two bits set (so n has exactly `bits` bits),
  // Miller-Rabin rounds from FIPS 186-5 Table B.1 after trial division, gcd(e, p-1) =
  // gcd(e, q-1) = 1, |p - q| > 2^(bits/2 - 100), d = e^-1 mod lcm(p-1, q-1) > 2^(bits/2).
  // RandomUnavailable when `rng` refuses; InvalidParameter for other sizes or e.
  static Result<RsaPrivateKey> generate(RandomRef rng, std::size_t bits = 2048,
                                        std::uint32_t e = 65537);

  const RsaPublicKey& public_key() const noexcept { return public_; }
  ByteView n() const noexcept { return public_.n(); }
  ByteView e() const noexcept { return public_.e(); }
  ByteView d() const noexcept { return d_; }
  ByteView p() const noexcept { return p_; }
  ByteView q() const noexcept { return q_; }
  ByteView dp() const noexcept { return dp_; }
  ByteView dq() const noexcept { return dq_; }
  ByteView qinv() const noexcept { return qinv_; }
  std::size_t bits() const noexcept { return public_.bits(); }
  std::size_t size() const noexcept { return public_.size(); }

 private:
  RsaPublicKey public_;
  SecretBytes d_, p_, q_, dp_, dq_, qinv_;
};

// RSAEP / RSAVP1: input^e mod n. `input` must be exactly key.size() bytes holding a value
// below n (InvalidInputLength, InvalidParameter otherwise); the output is key.size() bytes.
Result<Bytes> rsa_public(const RsaPublicKey& key, ByteView input);

// RSADP / RSASP1: input^d mod n, blinded with `rng` when given. Same input rules as
// rsa_public; InvalidKey when the result fails the re-encryption check; RandomUnavailable
// when `rng` refuses.
Result<SecretBytes> rsa_private(const RsaPrivateKey& key, ByteView input,
                                std::optional<RandomRef> rng = std::nullopt);

// ---- PKCS#1 v1.5 encryption (RSAES-PKCS1-v1_5). For legacy protocols; prefer OAEP.

// Encrypts `message` (at most key.size() - 11 bytes, else MessageTooLong) with a random
// non-zero padding string from `rng`.
Result<Bytes> pkcs1_encrypt(const RsaPublicKey& key, ByteView message, RandomRef rng);

// Decrypts. Every failure (wrong length, value >= n, bad padding, a fault) is the one
// error DecryptionFailed, and the padding check runs in constant time. The caller must not
// reveal to a peer which of failure or success happened (Bleichenbacher); TLS 1.2's RSA key
// exchange must substitute a random premaster secret, as RFC 5246 7.4.7.1 says.
Result<SecretBytes> pkcs1_decrypt(const RsaPrivateKey& key, ByteView ciphertext,
                                  std::optional<RandomRef> rng = std::nullopt);

// ---- PKCS#1 v1.5 signatures (RSASSA-PKCS1-v1_5), with the DigestInfo of RFC 8017 9.2.

// Signs the digest of `message` under `hash`. InvalidKey from the fault check;
// MessageTooLong when the key is too small for the DigestInfo.
Result<Bytes> pkcs1_sign(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView message,
                         std::optional<RandomRef> rng = std::nullopt);
// The same over a digest already computed (digest_size(hash) bytes, else InvalidInputLength).
Result<Bytes> pkcs1_sign_digest(const RsaPrivateKey& key, DigestAlgorithm hash,
                                ByteView digest, std::optional<RandomRef> rng = std::nullopt);

// Whether `signature` (exactly key.size() bytes) is the signature of `message`. The
// encoded message is rebuilt and compared whole, so only the one DER encoding passes (a
// DigestInfo without the NULL parameters is refused).
bool pkcs1_verify(const RsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                  ByteView signature);
bool pkcs1_verify_digest(const RsaPublicKey& key, DigestAlgorithm hash, ByteView digest,
                         ByteView signature);

// ---- OAEP (RSAES-OAEP) with MGF1 over the same hash as the label's.

// Encrypts `message` (at most key.size() - 2*hLen - 2 bytes, else MessageTooLong) with a
// random seed from `rng`; `label` is bound to the ciphertext (usually empty).
Result<Bytes> oaep_encrypt(const RsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                           RandomRef rng, ByteView label = {});

// Decrypts. Every failure is DecryptionFailed, and the padding check (leading byte, label
// hash, separator) runs in constant time, as Manger's attack requires.
Result<SecretBytes> oaep_decrypt(const RsaPrivateKey& key, DigestAlgorithm hash,
                                 ByteView ciphertext, ByteView label = {},
                                 std::optional<RandomRef> rng = std::nullopt);

// ---- PSS (RSASSA-PSS) with MGF1 over the message hash.

// Signs with a salt of `salt_length` bytes from `rng` (the usual choice, and the one
// TLS 1.3 requires, is the digest size). MessageTooLong when the key is too small.
Result<Bytes> pss_sign(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView message,
                       RandomRef rng, std::size_t salt_length);
// Signs with the given salt, for known-answer tests and deterministic schemes; the salt
// is public in the signature. `rng`, when given, blinds.
Result<Bytes> pss_sign_with_salt(const RsaPrivateKey& key, DigestAlgorithm hash,
                                 ByteView message, ByteView salt,
                                 std::optional<RandomRef> rng = std::nullopt);
// The same two over a digest already computed.
Result<Bytes> pss_sign_digest(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView digest,
                              ByteView salt, std::optional<RandomRef> rng = std::nullopt);

// Whether `signature` (exactly key.size() bytes) is a PSS signature of `message` with a
// salt of exactly `salt_length` bytes; pss_any_salt_length accepts any length.
inline constexpr std::size_t pss_any_salt_length = static_cast<std::size_t>(-1);
bool pss_verify(const RsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                ByteView signature, std::size_t salt_length);
bool pss_verify_digest(const RsaPublicKey& key, DigestAlgorithm hash, ByteView digest,
                       ByteView signature, std::size_t salt_length);

// MGF1 (RFC 8017 B.2.1): fills `out` from `seed`. Exposed for tests and other schemes.
void mgf1(DigestAlgorithm hash, ByteView seed, std::span<std::uint8_t> out);

}  // namespace nocrypto::pk
