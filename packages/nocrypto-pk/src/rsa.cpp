// The RSA primitives and the PKCS#1 v1.5, OAEP and PSS encodings (RFC 8017).
#include <nocrypto-pk/rsa.hpp>

#include "hashes.hpp"
#include "mpz.hpp"
#include "rsa_internal.hpp"

#include <algorithm>
#include <array>

namespace nocrypto::pk {

using detail::cmp;
using detail::Mpz;

namespace {

// The DER DigestInfo prefix (RFC 8017 9.2 note 1) for each hash.
ByteView digest_info_prefix(DigestAlgorithm hash) {
  static constexpr std::uint8_t sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                          0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
  static constexpr std::uint8_t sha224[] = {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                            0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                            0x04, 0x05, 0x00, 0x04, 0x1c};
  static constexpr std::uint8_t sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                            0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                            0x01, 0x05, 0x00, 0x04, 0x20};
  static constexpr std::uint8_t sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                            0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                            0x02, 0x05, 0x00, 0x04, 0x30};
  static constexpr std::uint8_t sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                            0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                            0x03, 0x05, 0x00, 0x04, 0x40};
  switch (hash) {
    case DigestAlgorithm::sha1:
      return sha1;
    case DigestAlgorithm::sha224:
      return sha224;
    case DigestAlgorithm::sha256:
      return sha256;
    case DigestAlgorithm::sha384:
      return sha384;
    case DigestAlgorithm::sha512:
      break;
  }
  return sha512;
}

// The input as an integer below n, or an error when it is not k bytes or not below n.
Result<Mpz> input_value(ByteView input, std::size_t k, const Mpz& n) {
  if (input.size() != k) return std::unexpected(Error::InvalidInputLength);
  Mpz c(input);
  if (cmp(c, n) >= 0) return std::unexpected(Error::InvalidParameter);
  return c;
}

// m = c^d mod n by the CRT, blinded when `rng` is given, with the re-encryption check.
Result<void> private_op(const RsaPrivateKey& key, Mpz& m, const Mpz& c,
                        const std::optional<RandomRef>& rng) {
  const Mpz n(key.n()), e(key.e()), p(key.p()), q(key.q()), dp(key.dp()), dq(key.dq()),
      qinv(key.qinv());
  const std::size_t bits = key.bits();
  Mpz blinded, r, r_inv, t;
  blinded.reserve(bits);
  if (rng) {
    // c' = c * r^e, so the exponentiations see a value unrelated to c.
    const Mpz one(1), high([&] {
      Mpz h(n);
      mpz_sub_ui(h, h, 1);
      return h;
    }());
    do {
      if (!detail::random_range(r, one, high, *rng)) {
        return std::unexpected(Error::RandomUnavailable);
      }
    } while (mpz_invert(r_inv, r, n) == 0);
    mpz_powm(t, r, e, n);
    mpz_mul(blinded, c, t);
    mpz_mod(blinded, blinded, n);
  } else {
    mpz_set(blinded, c);
  }
  Mpz cp, cq, m1, m2, h;
  for (Mpz* v : {&cp, &cq, &m1, &m2, &h}) v->reserve(bits);
  m.reserve(bits);
  mpz_mod(cp, blinded, p);
  mpz_mod(cq, blinded, q);
  detail::powm_secret(m1, cp, dp, p);
  detail::powm_secret(m2, cq, dq, q);
  // m = m2 + q * (qinv * (m1 - m2) mod p)
  mpz_sub(h, m1, m2);
  mpz_mul(h, h, qinv);
  mpz_mod(h, h, p);
  mpz_mul(m, h, q);
  mpz_add(m, m, m2);
  // The fault check: a wrong m here (a glitch, a corrupted dp) would give away p or q.
  mpz_powm(t, m, e, n);
  if (cmp(t, blinded) != 0) {
    mpz_set_ui(m, 0);
    return std::unexpected(Error::InvalidKey);
  }
  if (rng) {
    mpz_mul(m, m, r_inv);
    mpz_mod(m, m, n);
  }
  return {};
}

// RSASP1 / RSADP into exactly k bytes.
Result<SecretBytes> private_bytes(const RsaPrivateKey& key, ByteView input,
                                  const std::optional<RandomRef>& rng) {
  const Mpz n(key.n());
  auto c = input_value(input, key.size(), n);
  if (!c) return std::unexpected(c.error());
  Mpz m;
  if (auto r = private_op(key, m, *c, rng); !r) return std::unexpected(r.error());
  Bytes out(key.size());
  m.to_bytes(out);
  return SecretBytes(std::move(out));
}

Result<Bytes> sign_encoded(const RsaPrivateKey& key, ByteView em,
                           const std::optional<RandomRef>& rng) {
  auto s = private_bytes(key, em, rng);
  if (!s) return std::unexpected(s.error());
  return Bytes(s->begin(), s->end());
}

}  // namespace

Result<Bytes> rsa_public(const RsaPublicKey& key, ByteView input) {
  const Mpz n(key.n()), e(key.e());
  auto c = input_value(input, key.size(), n);
  if (!c) return std::unexpected(c.error());
  Mpz m;
  mpz_powm(m, *c, e, n);
  Bytes out(key.size());
  m.to_bytes(out);
  return out;
}

Result<SecretBytes> rsa_private(const RsaPrivateKey& key, ByteView input,
                                std::optional<RandomRef> rng) {
  return private_bytes(key, input, rng);
}

void mgf1(DigestAlgorithm hash, ByteView seed, std::span<std::uint8_t> out) {
  detail::visit_hash(hash, [&](auto tag) {
    using H = typename decltype(tag)::type;
    std::size_t done = 0;
    for (std::uint32_t counter = 0; done < out.size(); ++counter) {
      const std::uint8_t c[4] = {static_cast<std::uint8_t>(counter >> 24),
                                 static_cast<std::uint8_t>(counter >> 16),
                                 static_cast<std::uint8_t>(counter >> 8),
                                 static_cast<std::uint8_t>(counter)};
      H h;
      h.feed(seed);
      h.feed(c);
      auto block = h.finish();
      const std::size_t n = std::min(block.size(), out.size() - done);
      std::copy_n(block.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(done));
      wipe(block);
      done += n;
    }
  });
}

// ---- PKCS#1 v1.5 encryption

Result<Bytes> pkcs1_encrypt(const RsaPublicKey& key, ByteView message, RandomRef rng) {
  const std::size_t k = key.size();
  if (message.size() + 11 > k) return std::unexpected(Error::MessageTooLong);
  // EM = 0x00 || 0x02 || PS (non-zero random) || 0x00 || M
  Bytes em(k);
  em[1] = 0x02;
  const std::span<std::uint8_t> ps(em.data() + 2, k - 3 - message.size());
  if (!rng.generate(ps)) return std::unexpected(Error::RandomUnavailable);
  std::uint8_t spare[64];
  std::size_t spare_left = 0;
  for (auto& b : ps) {
    while (b == 0) {
      if (spare_left == 0) {
        if (!rng.generate(spare)) return std::unexpected(Error::RandomUnavailable);
        spare_left = sizeof spare;
      }
      b = spare[--spare_left];
    }
  }
  wipe(spare);
  std::copy(message.begin(), message.end(), em.end() - static_cast<std::ptrdiff_t>(message.size()));
  auto c = rsa_public(key, em);
  wipe(em);
  return c;
}

Result<SecretBytes> pkcs1_decrypt(const RsaPrivateKey& key, ByteView ciphertext,
                                  std::optional<RandomRef> rng) {
  const std::size_t k = key.size();
  if (k < 11) return std::unexpected(Error::DecryptionFailed);
  auto em = private_bytes(key, ciphertext, rng);
  if (!em) return std::unexpected(Error::DecryptionFailed);
  const SecretBytes& e = *em;
  // Constant time: the position of the first zero after the padding, and whether
  // the leading bytes are 00 02 with at least eight padding bytes.
  std::uint32_t good = detail::ct_is_zero(e[0]) & detail::ct_eq(e[1], 2);
  std::uint32_t found = 0, index = 0;
  for (std::size_t i = 2; i < k; ++i) {
    const std::uint32_t zero = detail::ct_is_zero(e[i]);
    index = detail::ct_select(zero & ~found, static_cast<std::uint32_t>(i), index);
    found |= zero;
  }
  good &= found & ~detail::ct_lt(index, 10);
  if (good == 0) return std::unexpected(Error::DecryptionFailed);
  return SecretBytes(ByteView(e.data() + index + 1, k - index - 1));
}

// ---- PKCS#1 v1.5 signatures

namespace {

// EMSA-PKCS1-v1_5: 0x00 0x01 FF..FF 0x00 DigestInfo.
Result<Bytes> pkcs1_encode(DigestAlgorithm hash, ByteView digest, std::size_t k) {
  const ByteView prefix = digest_info_prefix(hash);
  const std::size_t t = prefix.size() + digest.size();
  if (k < t + 11) return std::unexpected(Error::MessageTooLong);
  Bytes em(k, 0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t - 1] = 0x00;
  std::copy(prefix.begin(), prefix.end(), em.begin() + static_cast<std::ptrdiff_t>(k - t));
  std::copy(digest.begin(), digest.end(), em.end() - static_cast<std::ptrdiff_t>(digest.size()));
  return em;
}

}  // namespace

Result<Bytes> pkcs1_sign_digest(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView digest,
                                std::optional<RandomRef> rng) {
  if (digest.size() != digest_size(hash)) return std::unexpected(Error::InvalidInputLength);
  auto em = pkcs1_encode(hash, digest, key.size());
  if (!em) return std::unexpected(em.error());
  return sign_encoded(key, *em, rng);
}

Result<Bytes> pkcs1_sign(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView message,
                         std::optional<RandomRef> rng) {
  return pkcs1_sign_digest(key, hash, pk::digest(hash, message), rng);
}

bool pkcs1_verify_digest(const RsaPublicKey& key, DigestAlgorithm hash, ByteView digest,
                         ByteView signature) {
  if (digest.size() != digest_size(hash)) return false;
  auto em = rsa_public(key, signature);
  if (!em) return false;
  auto expected = pkcs1_encode(hash, digest, key.size());
  return expected && equal_ct(*em, *expected);
}

bool pkcs1_verify(const RsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                  ByteView signature) {
  return pkcs1_verify_digest(key, hash, pk::digest(hash, message), signature);
}

// ---- OAEP

Result<Bytes> oaep_encrypt(const RsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                           RandomRef rng, ByteView label) {
  const std::size_t k = key.size(), hlen = digest_size(hash);
  if (k < 2 * hlen + 2 || message.size() > k - 2 * hlen - 2) {
    return std::unexpected(Error::MessageTooLong);
  }
  // EM = 0x00 || maskedSeed || maskedDB, DB = lHash || PS || 0x01 || M
  Bytes em(k, 0);
  const std::span<std::uint8_t> seed(em.data() + 1, hlen);
  const std::span<std::uint8_t> db(em.data() + 1 + hlen, k - hlen - 1);
  const Bytes lhash = pk::digest(hash, label);
  std::copy(lhash.begin(), lhash.end(), db.begin());
  db[db.size() - message.size() - 1] = 0x01;
  std::copy(message.begin(), message.end(), db.end() - static_cast<std::ptrdiff_t>(message.size()));
  if (!rng.generate(seed)) return std::unexpected(Error::RandomUnavailable);
  Bytes mask(db.size());
  mgf1(hash, seed, mask);
  for (std::size_t i = 0; i < db.size(); ++i) db[i] ^= mask[i];
  mgf1(hash, db, std::span<std::uint8_t>(mask).first(hlen));
  for (std::size_t i = 0; i < hlen; ++i) seed[i] ^= mask[i];
  auto c = rsa_public(key, em);
  wipe(em);
  wipe(mask);
  return c;
}

Result<SecretBytes> oaep_decrypt(const RsaPrivateKey& key, DigestAlgorithm hash,
                                 ByteView ciphertext, ByteView label,
                                 std::optional<RandomRef> rng) {
  const std::size_t k = key.size(), hlen = digest_size(hash);
  if (k < 2 * hlen + 2) return std::unexpected(Error::DecryptionFailed);
  auto decrypted = private_bytes(key, ciphertext, rng);
  if (!decrypted) return std::unexpected(Error::DecryptionFailed);
  Bytes em(decrypted->begin(), decrypted->end());
  const std::span<std::uint8_t> seed(em.data() + 1, hlen);
  const std::span<std::uint8_t> db(em.data() + 1 + hlen, k - hlen - 1);
  Bytes mask(db.size());
  mgf1(hash, db, std::span<std::uint8_t>(mask).first(hlen));
  for (std::size_t i = 0; i < hlen; ++i) seed[i] ^= mask[i];
  mgf1(hash, seed, mask);
  for (std::size_t i = 0; i < db.size(); ++i) db[i] ^= mask[i];
  const Bytes lhash = pk::digest(hash, label);
  // Constant time: Y = 0, lHash matches, and after it zeros then 0x01.
  std::uint32_t good = detail::ct_is_zero(em[0]);
  good &= static_cast<std::uint32_t>(0) -
          static_cast<std::uint32_t>(equal_ct(ByteView(db.data(), hlen), lhash));
  std::uint32_t looking = ~static_cast<std::uint32_t>(0), index = 0, bad = 0;
  for (std::size_t i = hlen; i < db.size(); ++i) {
    const std::uint32_t zero = detail::ct_is_zero(db[i]);
    const std::uint32_t one = detail::ct_eq(db[i], 1);
    index = detail::ct_select(looking & one, static_cast<std::uint32_t>(i), index);
    bad |= looking & ~zero & ~one;
    looking &= zero;
  }
  good &= ~bad & ~looking;
  Result<SecretBytes> out = std::unexpected(Error::DecryptionFailed);
  if (good != 0) out = SecretBytes(ByteView(db.data() + index + 1, db.size() - index - 1));
  wipe(em);
  wipe(mask);
  return out;
}

// ---- PSS

namespace {

// EMSA-PSS-ENCODE with emBits = modBits - 1, into k bytes (a leading zero byte when
// emBits is a multiple of 8).
Result<Bytes> pss_encode(DigestAlgorithm hash, ByteView digest, ByteView salt,
                         std::size_t mod_bits) {
  const std::size_t em_bits = mod_bits - 1, em_len = (em_bits + 7) / 8, hlen = digest.size();
  const std::size_t k = (mod_bits + 7) / 8;
  if (em_len < hlen + salt.size() + 2) return std::unexpected(Error::MessageTooLong);
  static constexpr std::uint8_t zeros[8] = {};
  const Bytes h = detail::hash_parts(hash, {zeros, digest, salt});
  Bytes out(k, 0);
  const std::span<std::uint8_t> em(out.data() + (k - em_len), em_len);
  const std::size_t db_len = em_len - hlen - 1;
  em[db_len - salt.size() - 1] = 0x01;
  std::copy(salt.begin(), salt.end(), em.begin() + static_cast<std::ptrdiff_t>(db_len - salt.size()));
  Bytes mask(db_len);
  mgf1(hash, h, mask);
  for (std::size_t i = 0; i < db_len; ++i) em[i] ^= mask[i];
  em[0] &= static_cast<std::uint8_t>(0xff >> (8 * em_len - em_bits));
  std::copy(h.begin(), h.end(), em.begin() + static_cast<std::ptrdiff_t>(db_len));
  em[em_len - 1] = 0xbc;
  return out;
}

}  // namespace

Result<Bytes> pss_sign_digest(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView digest,
                              ByteView salt, std::optional<RandomRef> rng) {
  if (digest.size() != digest_size(hash)) return std::unexpected(Error::InvalidInputLength);
  auto em = pss_encode(hash, digest, salt, key.bits());
  if (!em) return std::unexpected(em.error());
  return sign_encoded(key, *em, rng);
}

Result<Bytes> pss_sign_with_salt(const RsaPrivateKey& key, DigestAlgorithm hash,
                                 ByteView message, ByteView salt, std::optional<RandomRef> rng) {
  return pss_sign_digest(key, hash, pk::digest(hash, message), salt, rng);
}

Result<Bytes> pss_sign(const RsaPrivateKey& key, DigestAlgorithm hash, ByteView message,
                       RandomRef rng, std::size_t salt_length) {
  if (salt_length > key.size()) return std::unexpected(Error::MessageTooLong);
  Bytes salt(salt_length);
  if (!rng.generate(salt)) return std::unexpected(Error::RandomUnavailable);
  return pss_sign_with_salt(key, hash, message, salt, rng);
}

bool pss_verify_digest(const RsaPublicKey& key, DigestAlgorithm hash, ByteView digest,
                       ByteView signature, std::size_t salt_length) {
  const std::size_t hlen = digest_size(hash);
  if (digest.size() != hlen) return false;
  auto decoded = rsa_public(key, signature);
  if (!decoded) return false;
  const std::size_t em_bits = key.bits() - 1, em_len = (em_bits + 7) / 8;
  const std::size_t k = key.size();
  // When emLen < k the value must fit emLen bytes.
  if (em_len < k && (*decoded)[0] != 0) return false;
  const std::span<std::uint8_t> em(decoded->data() + (k - em_len), em_len);
  if (em_len < hlen + 2) return false;
  if (salt_length != pss_any_salt_length && em_len < hlen + salt_length + 2) return false;
  if (em[em_len - 1] != 0xbc) return false;
  const std::size_t db_len = em_len - hlen - 1;
  const std::uint8_t top_mask = static_cast<std::uint8_t>(0xff >> (8 * em_len - em_bits));
  if ((em[0] & ~top_mask) != 0) return false;
  const ByteView h(em.data() + db_len, hlen);
  Bytes db(db_len);
  mgf1(hash, h, db);
  for (std::size_t i = 0; i < db_len; ++i) db[i] ^= em[i];
  db[0] &= top_mask;
  std::size_t i = 0;
  while (i < db_len && db[i] == 0) ++i;
  if (i == db_len || db[i] != 0x01) return false;
  const std::size_t salt_start = i + 1;
  if (salt_length != pss_any_salt_length && db_len - salt_start != salt_length) return false;
  static constexpr std::uint8_t zeros[8] = {};
  const Bytes h2 = detail::hash_parts(
      hash, {zeros, digest, ByteView(db.data() + salt_start, db_len - salt_start)});
  return equal_ct(h, h2);
}

bool pss_verify(const RsaPublicKey& key, DigestAlgorithm hash, ByteView message,
                ByteView signature, std::size_t salt_length) {
  return pss_verify_digest(key, hash, pk::digest(hash, message), signature, salt_length);
}

}  // namespace nocrypto::pk
