// Password-based encryption for PKCS #12: RFC 7292 appendix B, PBES2, the legacy PBEs.
#include "pbe.hpp"

#include <nocrypto/aes.hpp>
#include <nocrypto/des.hpp>
#include <nocrypto/hmac.hpp>
#include <nocrypto/pbkdf2.hpp>
#include <nocrypto/rc2.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>

#include <algorithm>
#include <array>

namespace x509::pbe {
namespace {

using namespace grammar;

namespace oids {
constexpr Oid hmac_sha1 = asn1::oid("1.2.840.113549.2.7");
constexpr Oid hmac_sha256 = asn1::oid("1.2.840.113549.2.9");
constexpr Oid hmac_sha384 = asn1::oid("1.2.840.113549.2.10");
constexpr Oid hmac_sha512 = asn1::oid("1.2.840.113549.2.11");
constexpr Oid aes128_cbc = asn1::oid("2.16.840.1.101.3.4.1.2");
constexpr Oid aes192_cbc = asn1::oid("2.16.840.1.101.3.4.1.22");
constexpr Oid aes256_cbc = asn1::oid("2.16.840.1.101.3.4.1.42");
constexpr Oid des_ede3_cbc = asn1::oid("1.2.840.113549.3.7");
// RFC 7292 appendix C: pkcs-12PbeIds.
constexpr Oid sha_3des = asn1::oid("1.2.840.113549.1.12.1.3");
constexpr Oid sha_2des = asn1::oid("1.2.840.113549.1.12.1.4");
constexpr Oid sha_rc2_128 = asn1::oid("1.2.840.113549.1.12.1.5");
constexpr Oid sha_rc2_40 = asn1::oid("1.2.840.113549.1.12.1.6");
}  // namespace oids

enum class Cipher : std::uint8_t { Aes, TripleDes, Rc2 };

struct CipherSpec {
  Cipher cipher;
  std::size_t key_size;
  unsigned rc2_bits = 0;
  std::size_t block_size() const { return cipher == Cipher::Aes ? 16 : 8; }
};

// PBES2 encryption schemes.
std::optional<CipherSpec> pbes2_cipher(const Oid& id) {
  if (id == oids::aes128_cbc) return CipherSpec{Cipher::Aes, 16};
  if (id == oids::aes192_cbc) return CipherSpec{Cipher::Aes, 24};
  if (id == oids::aes256_cbc) return CipherSpec{Cipher::Aes, 32};
  if (id == oids::des_ede3_cbc) return CipherSpec{Cipher::TripleDes, 24};
  return std::nullopt;
}

// PKCS #12 PBEs (SHA-1 derivation; the RC4 ones are not supported).
std::optional<CipherSpec> legacy_cipher(const Oid& id) {
  if (id == oids::sha_3des) return CipherSpec{Cipher::TripleDes, 24};
  if (id == oids::sha_2des) return CipherSpec{Cipher::TripleDes, 16};
  if (id == oids::sha_rc2_128) return CipherSpec{Cipher::Rc2, 16, 128};
  if (id == oids::sha_rc2_40) return CipherSpec{Cipher::Rc2, 5, 40};
  return std::nullopt;
}

// PBKDF2-params (RFC 8018 A.2); the otherSource salt choice is not supported. The prf
// DEFAULT (hmacWithSHA1) is read as absent.
auto pbkdf2_params() {
  return sequence(required("salt", octet_string()), required("iterationCount", int64()),
                  optional("keyLength", int64()), optional("prf", algorithm_identifier()));
}

// PBES2-params (RFC 8018 A.4).
auto pbes2_params() {
  return sequence(required("keyDerivationFunc", algorithm_identifier()),
                  required("encryptionScheme", algorithm_identifier()));
}

// pkcs-12PbeParams (RFC 7292 appendix C).
auto legacy_params() {
  return sequence(required("salt", octet_string()), required("iterations", int64()));
}

template <class G>
Result<value_of<G>> parameters_as(const G& g, const std::optional<Any>& parameters,
                                  const char* what) {
  if (!parameters) return fail(ErrorCode::Der, std::string(what) + ": parameters missing");
  return decode_ber(g, parameters->encoding, what);
}

// Calls f with a value of the nocrypto hash type for `hash` (SHA-256 for None).
template <class F>
decltype(auto) with_hash(HashKind hash, F&& f) {
  switch (hash) {
    case HashKind::Sha1:
      return f(nocrypto::Sha1{});
    case HashKind::Sha384:
      return f(nocrypto::Sha384{});
    case HashKind::Sha512:
      return f(nocrypto::Sha512{});
    default:
      return f(nocrypto::Sha256{});
  }
}

// `source` repeated to fill a whole number of v-byte blocks (empty stays empty).
void append_repeated(ByteView source, std::size_t v, Bytes& out) {
  if (source.empty()) return;
  const std::size_t n = (source.size() + v - 1) / v * v;
  for (std::size_t i = 0; i < n; ++i) out.push_back(source[i % source.size()]);
}

// RFC 7292 appendix B.2: `out` from the password (BMP form), salt and iteration count,
// for purpose `id` (1 key, 2 IV, 3 MAC key).
template <nocrypto::Hash H>
void derive(std::uint8_t id, ByteView bmp_password, ByteView salt, std::uint32_t iterations,
            std::span<std::uint8_t> out) {
  constexpr std::size_t v = H::block_size, u = H::digest_size;
  const std::array<std::uint8_t, v> diversifier = [id] {
    std::array<std::uint8_t, v> d;
    d.fill(id);
    return d;
  }();
  Bytes input;  // I = S || P
  append_repeated(salt, v, input);
  append_repeated(bmp_password, v, input);
  for (std::size_t done = 0; done < out.size(); done += u) {
    H h;
    h.feed(diversifier);
    h.feed(input);
    typename H::Digest a = h.finish();
    for (std::uint32_t r = 1; r < iterations; ++r) a = nocrypto::digest<H>(a);
    std::copy_n(a.begin(), std::min(u, out.size() - done), out.begin() + done);
    // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block, B being A repeated.
    for (std::size_t j = 0; j < input.size(); j += v) {
      unsigned carry = 1;
      for (std::size_t k = v; k-- > 0;) {
        carry += input[j + k] + a[k % u];
        input[j + k] = static_cast<std::uint8_t>(carry);
        carry >>= 8;
      }
    }
    nocrypto::wipe(a);
  }
  nocrypto::wipe(input);
}

Bytes derive(HashKind hash, std::uint8_t id, ByteView bmp_password, ByteView salt,
             std::uint32_t iterations, std::size_t size) {
  Bytes out(size);
  with_hash(hash, [&]<class H>(H) { derive<H>(id, bmp_password, salt, iterations, out); });
  return out;
}

Result<Bytes> bad_padding() {
  return fail(ErrorCode::BadSignature,
              "decryption gives bad padding: this item's password differs, or it is damaged");
}

// CBC decryption and removal of the PKCS #7 padding.
Result<Bytes> cbc_decrypt(const CipherSpec& spec, ByteView key, ByteView iv, ByteView data) {
  if (data.empty() || data.size() % spec.block_size() != 0)
    return fail(ErrorCode::InvalidValue, "encrypted data is not a whole number of blocks");
  if (iv.size() != spec.block_size())
    return fail(ErrorCode::InvalidValue, "the IV is not one block long");
  Bytes out(data.size());
  if (spec.cipher == Cipher::Aes) {
    auto aes = nocrypto::Aes::create(key);
    auto n = aes ? nocrypto::cbc_pkcs7_decrypt(*aes, iv, data, out)
                 : nocrypto::Result<std::size_t>(std::unexpected(aes.error()));
    if (!n) return bad_padding();
    out.resize(*n);
    return out;
  }
  nocrypto::Result<void> done;
  if (spec.cipher == Cipher::TripleDes) {
    auto des = nocrypto::TripleDes::create(key);
    done = des ? nocrypto::cbc_decrypt(*des, iv, data, out) : std::unexpected(des.error());
  } else {
    auto rc2 = nocrypto::Rc2::create(key, spec.rc2_bits);
    done = rc2 ? nocrypto::cbc_decrypt(*rc2, iv, data, out) : std::unexpected(rc2.error());
  }
  if (!done) return fail(ErrorCode::InvalidValue, "decryption refused the key or IV");
  const std::size_t pad = out.back();
  bool ok = pad >= 1 && pad <= 8;
  for (std::size_t i = 0; ok && i < pad; ++i) ok = out[out.size() - 1 - i] == pad;
  if (!ok) {
    nocrypto::wipe(out);
    return bad_padding();
  }
  out.resize(out.size() - pad);
  return out;
}

Result<Bytes> decrypt_pbes2(const AlgorithmIdentifier& algorithm, ByteView data,
                            const Password& password, std::uint32_t max_iterations) {
  auto params = parameters_as(pbes2_params(), algorithm.parameters, "PBES2-params");
  if (!params) return std::unexpected(std::move(params.error()));
  const auto& [kdf, scheme] = *params;
  if (kdf.algorithm != pbkdf2)
    return fail(
        ErrorCode::UnsupportedAlgorithm,
        "PBES2 key derivation " + kdf.algorithm.to_string() + " not supported (PBKDF2 only)");
  auto kdf_params = parameters_as(pbkdf2_params(), kdf.parameters, "PBKDF2-params");
  if (!kdf_params) return std::unexpected(std::move(kdf_params.error()));
  const auto& [salt, count, key_length, prf] = *kdf_params;
  auto iterations = check_iterations(count, max_iterations, "PBKDF2");
  if (!iterations) return std::unexpected(std::move(iterations.error()));
  HashKind hash = HashKind::Sha1;
  if (prf) {
    const Oid& id = prf->algorithm;
    hash = id == oids::hmac_sha1     ? HashKind::Sha1
           : id == oids::hmac_sha256 ? HashKind::Sha256
           : id == oids::hmac_sha384 ? HashKind::Sha384
           : id == oids::hmac_sha512 ? HashKind::Sha512
                                     : HashKind::None;
    if (hash == HashKind::None)
      return fail(ErrorCode::UnsupportedAlgorithm,
                  "PBKDF2 pseudorandom function " + id.to_string() + " not supported");
    if (!absent_or_null(prf->parameters))
      return fail(ErrorCode::InvalidValue, "PBKDF2: HMAC parameters must be NULL or absent");
  }
  auto spec = pbes2_cipher(scheme.algorithm);
  if (!spec)
    return fail(ErrorCode::UnsupportedAlgorithm,
                "PBES2 encryption scheme " + scheme.algorithm.to_string() + " not supported");
  if (key_length && *key_length != static_cast<std::int64_t>(spec->key_size))
    return fail(ErrorCode::InvalidValue, "PBKDF2: keyLength does not match the cipher");
  auto iv = parameters_as(octet_string(), scheme.parameters, "PBES2 IV");
  if (!iv) return std::unexpected(std::move(iv.error()));
  Bytes key(spec->key_size);
  with_hash(hash, [&]<class H>(H) {
    (void)nocrypto::pbkdf2_hmac<H>(password.utf8, salt, *iterations, key);
  });
  auto plain = cbc_decrypt(*spec, key, *iv, data);
  nocrypto::wipe(key);
  return plain;
}

Result<Bytes> decrypt_legacy(const CipherSpec& spec, const AlgorithmIdentifier& algorithm,
                             ByteView data, const Password& password,
                             std::uint32_t max_iterations) {
  auto params = parameters_as(legacy_params(), algorithm.parameters, "pkcs-12PbeParams");
  if (!params) return std::unexpected(std::move(params.error()));
  const auto& [salt, count] = *params;
  auto iterations = check_iterations(count, max_iterations, "PKCS #12 PBE");
  if (!iterations) return std::unexpected(std::move(iterations.error()));
  Bytes key = derive(HashKind::Sha1, 1, password.bmp, salt, *iterations, spec.key_size);
  const Bytes iv = derive(HashKind::Sha1, 2, password.bmp, salt, *iterations, 8);
  auto plain = cbc_decrypt(spec, key, iv, data);
  nocrypto::wipe(key);
  return plain;
}

}  // namespace

Password::~Password() {
  nocrypto::wipe(utf8);
  nocrypto::wipe(bmp);
}

std::optional<std::u16string> utf16_of(std::string_view utf8, bool bmp_only) {
  std::u16string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t extra = lead < 0x80    ? 0
                              : lead >= 0xf0 ? 3
                              : lead >= 0xe0 ? 2
                              : lead >= 0xc2 ? 1
                                             : 9;
    if (extra > 3 || lead > 0xf4 || utf8.size() - i <= extra) return std::nullopt;
    char32_t c = extra == 0 ? lead : lead & (0x3f >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + k]);
      if ((b & 0xc0) != 0x80) return std::nullopt;
      c = c << 6 | (b & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr char32_t minimum[4] = {0, 0x80, 0x800, 0x10000};
    if (c < minimum[extra] || (c >= 0xd800 && c < 0xe000) || c > 0x10ffff) return std::nullopt;
    if (c < 0x10000) {
      out.push_back(static_cast<char16_t>(c));
    } else {
      if (bmp_only) return std::nullopt;
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (c & 0x3ff)));
    }
    i += extra + 1;
  }
  return out;
}

Password password(std::string_view utf8) {
  Password p;
  p.utf8.assign(utf8.begin(), utf8.end());
  auto units = utf16_of(utf8, false);
  if (!units) {
    units.emplace();
    for (char c : utf8) units->push_back(static_cast<unsigned char>(c));
  }
  for (char16_t u : *units) {
    p.bmp.push_back(static_cast<std::uint8_t>(u >> 8));
    p.bmp.push_back(static_cast<std::uint8_t>(u));
  }
  std::fill(units->begin(), units->end(), u'\0');
  p.bmp.push_back(0);
  p.bmp.push_back(0);
  return p;
}

std::optional<HashKind> hash_of(const Oid& digest) {
  if (digest == alg::sha1) return HashKind::Sha1;
  if (digest == alg::sha256) return HashKind::Sha256;
  if (digest == alg::sha384) return HashKind::Sha384;
  if (digest == alg::sha512) return HashKind::Sha512;
  return std::nullopt;
}

const Oid& digest_oid(HashKind hash) {
  switch (hash) {
    case HashKind::Sha1:
      return alg::sha1;
    case HashKind::Sha384:
      return alg::sha384;
    case HashKind::Sha512:
      return alg::sha512;
    default:
      return alg::sha256;
  }
}

Bytes mac(HashKind hash, ByteView bmp_password, ByteView salt, std::uint32_t iterations,
          ByteView data) {
  return with_hash(hash, [&]<class H>(H) {
    std::array<std::uint8_t, H::digest_size> key;
    derive<H>(3, bmp_password, salt, iterations, key);
    const auto tag = nocrypto::hmac<H>(key, data);
    nocrypto::wipe(key);
    return Bytes(tag.begin(), tag.end());
  });
}

Result<std::uint32_t> check_iterations(std::int64_t iterations, std::uint32_t max,
                                       const char* what) {
  if (iterations < 1)
    return fail(ErrorCode::InvalidValue, std::string(what) + ": iteration count below 1");
  if (iterations > static_cast<std::int64_t>(max))
    return fail(ErrorCode::InvalidValue, std::string(what) + ": " + std::to_string(iterations) +
                                             " iterations, above the limit of " +
                                             std::to_string(max));
  return static_cast<std::uint32_t>(iterations);
}

Result<Bytes> decrypt(const AlgorithmIdentifier& algorithm, ByteView data, const Password& password,
                      std::uint32_t max_iterations) {
  if (algorithm.algorithm == pbes2) return decrypt_pbes2(algorithm, data, password, max_iterations);
  if (auto spec = legacy_cipher(algorithm.algorithm))
    return decrypt_legacy(*spec, algorithm, data, password, max_iterations);
  return fail(ErrorCode::UnsupportedAlgorithm,
              "encryption algorithm " + algorithm.algorithm.to_string() +
                  " not supported (PBES2 with AES or 3DES, PKCS #12 PBE with 3DES or RC2)");
}

Result<std::pair<AlgorithmIdentifier, Bytes>> encrypt(ByteView plain, const Password& password,
                                                      std::uint32_t iterations,
                                                      nocrypto::pk::RandomRef rng) {
  Bytes salt(16), iv(16);
  if (!rng.generate(salt) || !rng.generate(iv))
    return fail(ErrorCode::UnsupportedAlgorithm, "the random generator refused");
  const AlgorithmIdentifier prf{oids::hmac_sha256, null_parameters()};
  auto kdf_der = asn1::encode_der(pbkdf2_params(),
                                  {salt, static_cast<std::int64_t>(iterations), std::nullopt, prf});
  auto iv_der = asn1::encode_der(octet_string(), iv);
  if (!kdf_der || !iv_der) return fail(ErrorCode::Encoding, "PBES2 parameters");
  auto params =
      asn1::encode_der(pbes2_params(), {AlgorithmIdentifier{pbkdf2, any_of(*kdf_der)},
                                        AlgorithmIdentifier{oids::aes256_cbc, any_of(*iv_der)}});
  if (!params) return fail(ErrorCode::Encoding, "PBES2 parameters");
  Bytes key(32);
  auto derived = nocrypto::pbkdf2_hmac<nocrypto::Sha256>(password.utf8, salt, iterations, key);
  auto aes = nocrypto::Aes::create(key);
  nocrypto::wipe(key);
  Bytes out(nocrypto::pkcs7_padded_size(plain.size()));
  if (!derived || !aes || !nocrypto::cbc_pkcs7_encrypt(*aes, iv, plain, out))
    return fail(ErrorCode::InvalidValue, "PBES2 encryption refused its parameters");
  return std::pair{AlgorithmIdentifier{pbes2, any_of(*params)}, std::move(out)};
}

}  // namespace x509::pbe
