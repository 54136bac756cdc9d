// Private keys in PKCS #1, SEC 1 and PKCS #8 form; generation; signing.
#include "algorithms.hpp"

#include <x509/pem.hpp>
#include <x509/private_key.hpp>

#include <algorithm>
#include <cctype>

namespace x509 {
namespace {

using namespace grammar;
namespace pk = nocrypto::pk;
namespace ec = nocrypto::ec;

// RSAPrivateKey (RFC 8017 A.1.2): version, n, e, d, p, q, dP, dQ, qInv and, for
// multi-prime keys (version 1), otherPrimeInfos, which we refuse.
auto rsa_private_key() {
  return sequence(required("version", int64()), required("modulus", integer()),
                  required("publicExponent", integer()), required("privateExponent", integer()),
                  required("prime1", integer()), required("prime2", integer()),
                  required("exponent1", integer()), required("exponent2", integer()),
                  required("coefficient", integer()),
                  optional("otherPrimeInfos", sequence_of(any())));
}

// ECPrivateKey (RFC 5915 3): version 1, the scalar, the curve, the public point.
auto ec_private_key() {
  return sequence(required("version", int64()), required("privateKey", octet_string()),
                  optional("parameters", explicit_(0, any())),
                  optional("publicKey", explicit_(1, bit_string())));
}

// OneAsymmetricKey (RFC 5958 2): PrivateKeyInfo when version 0 (v1), with the public key
// allowed when version 1 (v2).
auto one_asymmetric_key() {
  return sequence(required("version", int64()),
                  required("privateKeyAlgorithm", algorithm_identifier()),
                  required("privateKey", octet_string()),
                  optional("attributes", implicit(0, set_of(any()))),
                  optional("publicKey", implicit(1, bit_string())));
}

Result<PrivateKey> der_error(const char* what, const asn1::Error& e) {
  return fail(ErrorCode::Der, std::string(what) + ": " + e.to_string());
}

Result<PrivateKey> from_rsa(ByteView der) {
  auto v = asn1::decode(rsa_private_key(), der, asn1::Mode::Der);
  if (!v) return der_error("RSAPrivateKey", v.error());
  auto& [version, n, e, d, p, q, dp, dq, qinv, others] = *v;
  if (version == 1 || others)
    return fail(ErrorCode::UnsupportedAlgorithm, "RSAPrivateKey: multi-prime keys not supported");
  if (version != 0) return fail(ErrorCode::InvalidValue, "RSAPrivateKey: unknown version");
  for (const auto* i : {&n, &e, &d, &p, &q, &dp, &dq, &qinv})
    if (i->negative()) return fail(ErrorCode::InvalidKey, "RSAPrivateKey: a negative field");
  auto key = pk::RsaPrivateKey::make(n.bytes, e.bytes, d.bytes, p.bytes, q.bytes, dp.bytes,
                                     dq.bytes, qinv.bytes);
  if (!key)
    return fail(ErrorCode::InvalidKey,
                std::string("RSAPrivateKey refused: ") + nocrypto::to_string(key.error()));
  return PrivateKey(std::move(*key));
}

// The public point given beside a private key must be the private key's.
Result<void> check_public(const ec::PrivateKey& key, const asn1::BitString& given) {
  auto point = ec::PublicKey::from_sec1(key.curve(), given.bytes);
  if (given.unused != 0 || !point || !(*point == key.public_key()))
    return fail(ErrorCode::InvalidKey, "ECPrivateKey: the public key is not the private key's");
  return {};
}

// `curve` is the one the PKCS #8 algorithm names, if any.
Result<PrivateKey> from_sec1(ByteView der, std::optional<ec::Curve> curve) {
  auto v = asn1::decode(ec_private_key(), der, asn1::Mode::Der);
  if (!v) return der_error("ECPrivateKey", v.error());
  auto& [version, scalar, parameters, public_key] = *v;
  if (version != 1) return fail(ErrorCode::InvalidValue, "ECPrivateKey: version is not 1");
  if (parameters) {
    auto id = asn1::decode(oid(), encoding_of(*parameters), asn1::Mode::Der);
    if (!id)
      return fail(ErrorCode::UnsupportedAlgorithm,
                  "ECPrivateKey: curves given by explicit parameters are not supported");
    auto named = curve_of(*id);
    if (!named)
      return fail(ErrorCode::UnsupportedAlgorithm,
                  "ECPrivateKey: curve " + id->to_string() + " not supported");
    if (curve && *curve != *named)
      return fail(ErrorCode::InvalidValue,
                  "ECPrivateKey: its curve differs from the PKCS #8 algorithm's");
    curve = named;
  }
  if (!curve) return fail(ErrorCode::InvalidValue, "ECPrivateKey: no curve named");
  // RFC 5915: the scalar is exactly as long as the order; shorter ones are padded.
  const std::size_t size = ec::scalar_size(*curve);
  if (scalar.size() > size)
    return fail(ErrorCode::InvalidKey, "ECPrivateKey: scalar longer than the curve order");
  Bytes raw(size, 0);
  std::copy(scalar.begin(), scalar.end(), raw.end() - static_cast<std::ptrdiff_t>(scalar.size()));
  std::fill(scalar.begin(), scalar.end(), std::uint8_t{0});
  const pk::SecretBytes padded(std::move(raw));
  auto key = ec::PrivateKey::from_bytes(*curve, padded);
  if (!key)
    return fail(ErrorCode::InvalidKey,
                std::string("ECPrivateKey refused: ") + nocrypto::to_string(key.error()));
  if (public_key)
    if (auto ok = check_public(*key, *public_key); !ok) return std::unexpected(ok.error());
  return PrivateKey(std::move(*key));
}

Result<PrivateKey> from_pkcs8(ByteView der) {
  auto v = asn1::decode(one_asymmetric_key(), der, asn1::Mode::Der);
  if (!v) return der_error("PrivateKeyInfo", v.error());
  auto& [version, algorithm, private_key, attributes, public_key] = *v;
  if (version != 0 && version != 1)
    return fail(ErrorCode::InvalidValue, "PrivateKeyInfo: unknown version");
  if (public_key && version != 1)
    return fail(ErrorCode::InvalidValue, "PrivateKeyInfo: a public key needs version 1 (v2)");
  const auto& id = algorithm.algorithm;
  if (id == alg::rsa_encryption) {
    if (!absent_or_null(algorithm.parameters))
      return fail(ErrorCode::InvalidKey, "rsaEncryption parameters must be NULL");
    auto key = from_rsa(private_key);
    std::fill(private_key.begin(), private_key.end(), std::uint8_t{0});
    return key;
  }
  if (id == alg::ec_public_key) {
    if (!algorithm.parameters)
      return fail(ErrorCode::InvalidKey, "id-ecPublicKey without a curve");
    auto curve_id = asn1::decode(oid(), encoding_of(*algorithm.parameters), asn1::Mode::Der);
    if (!curve_id)
      return fail(ErrorCode::UnsupportedAlgorithm,
                  "EC keys with explicit curve parameters are not supported");
    auto curve = curve_of(*curve_id);
    if (!curve)
      return fail(ErrorCode::UnsupportedAlgorithm,
                  "curve " + curve_id->to_string() + " not supported");
    auto key = from_sec1(private_key, curve);
    std::fill(private_key.begin(), private_key.end(), std::uint8_t{0});
    if (key && public_key)
      if (auto ok = check_public(std::get<ec::PrivateKey>(key->value()), *public_key); !ok)
        return std::unexpected(ok.error());
    return key;
  }
  if (id == alg::ed25519) {
    if (algorithm.parameters)
      return fail(ErrorCode::InvalidKey, "Ed25519 key with parameters (RFC 8410 says absent)");
    // CurvePrivateKey ::= OCTET STRING, inside the privateKey OCTET STRING.
    auto seed = asn1::decode(octet_string(), private_key, asn1::Mode::Der);
    std::fill(private_key.begin(), private_key.end(), std::uint8_t{0});
    if (!seed) return der_error("CurvePrivateKey", seed.error());
    auto key = ec::Ed25519PrivateKey::from_seed(*seed);
    std::fill(seed->begin(), seed->end(), std::uint8_t{0});
    if (!key) return fail(ErrorCode::InvalidKey, "Ed25519 private key is not 32 bytes");
    if (public_key &&
        (public_key->unused != 0 ||
         !std::ranges::equal(public_key->bytes, key->public_key())))
      return fail(ErrorCode::InvalidKey, "PrivateKeyInfo: the public key is not the private key's");
    return PrivateKey(std::move(*key));
  }
  return fail(ErrorCode::UnsupportedAlgorithm,
              "private key algorithm " + id.to_string() + " not supported");
}

Bytes rsa_der(const pk::RsaPrivateKey& k) {
  auto u = [](ByteView b) { return asn1::Integer::from_unsigned(b); };
  using V = value_of<decltype(rsa_private_key())>;
  V v(0, u(k.n()), u(k.e()), u(k.d()), u(k.p()), u(k.q()), u(k.dp()), u(k.dq()),
            u(k.qinv()), std::nullopt);
  auto der = asn1::encode_der(rsa_private_key(), v);
  return der ? std::move(*der) : Bytes{};
}

Bytes sec1_der(const ec::PrivateKey& k, bool with_curve) {
  using V = value_of<decltype(ec_private_key())>;
  const auto key_bytes = k.bytes();
  std::optional<asn1::Any> curve;
  if (with_curve) curve = any_of(*asn1::encode_der(oid(), curve_oid(k.curve())));
  V v(1, Bytes(key_bytes.begin(), key_bytes.end()), curve,
            asn1::BitString{k.public_key().to_sec1(), 0});
  auto der = asn1::encode_der(ec_private_key(), v);
  auto& scalar = std::get<1>(v);
  std::fill(scalar.begin(), scalar.end(), std::uint8_t{0});
  return der ? std::move(*der) : Bytes{};
}

}  // namespace

const char* key_type_name(KeyType type) noexcept {
  switch (type) {
    case KeyType::Rsa:
      return "rsa";
    case KeyType::EcP256:
      return "p256";
    case KeyType::EcP384:
      return "p384";
    case KeyType::EcP521:
      return "p521";
    case KeyType::Ed25519:
      return "ed25519";
  }
  return "unknown";
}

std::optional<KeyType> key_type_from_name(std::string_view name) {
  std::string n;
  for (char c : name)
    if (c != '-' && c != '_') n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (n == "rsa") return KeyType::Rsa;
  if (n == "p256" || n == "ec" || n == "secp256r1" || n == "prime256v1") return KeyType::EcP256;
  if (n == "p384" || n == "secp384r1") return KeyType::EcP384;
  if (n == "p521" || n == "secp521r1") return KeyType::EcP521;
  if (n == "ed25519") return KeyType::Ed25519;
  return std::nullopt;
}

KeyType PrivateKey::type() const noexcept {
  if (std::holds_alternative<pk::RsaPrivateKey>(value_)) return KeyType::Rsa;
  if (const auto* k = std::get_if<ec::PrivateKey>(&value_)) {
    switch (k->curve()) {
      case ec::Curve::P384:
        return KeyType::EcP384;
      case ec::Curve::P521:
        return KeyType::EcP521;
      default:
        return KeyType::EcP256;
    }
  }
  return KeyType::Ed25519;
}

PublicKeyInfo PrivateKey::public_key_info() const {
  PublicKeyInfo info;
  if (const auto* rsa = std::get_if<pk::RsaPrivateKey>(&value_)) {
    RsaKey k{asn1::Integer::from_unsigned(rsa->n()).bytes,
             asn1::Integer::from_unsigned(rsa->e()).bytes};
    const auto der = asn1::encode_der(
        sequence(required("modulus", integer()), required("publicExponent", integer())),
        {asn1::Integer{k.modulus}, asn1::Integer{k.exponent}});
    info.algorithm = {alg::rsa_encryption, null_parameters()};
    info.subject_public_key = {der ? *der : Bytes{}, 0};
    info.key = std::move(k);
  } else if (const auto* e = std::get_if<ec::PrivateKey>(&value_)) {
    EcKey k{e->curve(), e->public_key().to_sec1()};
    info.algorithm = {alg::ec_public_key, any_of(*asn1::encode_der(oid(), curve_oid(e->curve())))};
    info.subject_public_key = {k.point, 0};
    info.key = std::move(k);
  } else {
    const auto& ed = std::get<ec::Ed25519PrivateKey>(value_);
    Ed25519Key k{ed.public_key()};
    info.algorithm = {alg::ed25519, std::nullopt};
    info.subject_public_key = {Bytes(k.key.begin(), k.key.end()), 0};
    info.key = k;
  }
  return info;
}

Result<PrivateKey> generate_private_key(KeyType type, pk::RandomRef rng, std::size_t rsa_bits) {
  auto refused = [](nocrypto::Error e) {
    return fail(e == nocrypto::Error::InvalidParameter ? ErrorCode::InvalidValue
                                                        : ErrorCode::UnsupportedAlgorithm,
                std::string("key generation refused: ") + nocrypto::to_string(e));
  };
  switch (type) {
    case KeyType::Rsa: {
      auto k = pk::RsaPrivateKey::generate(rng, rsa_bits);
      if (!k) return refused(k.error());
      return PrivateKey(std::move(*k));
    }
    case KeyType::Ed25519: {
      auto k = ec::Ed25519PrivateKey::generate(rng);
      if (!k) return refused(k.error());
      return PrivateKey(std::move(*k));
    }
    default: {
      const ec::Curve c = type == KeyType::EcP256   ? ec::Curve::P256
                          : type == KeyType::EcP384 ? ec::Curve::P384
                                                    : ec::Curve::P521;
      auto k = ec::PrivateKey::generate(c, rng);
      if (!k) return refused(k.error());
      return PrivateKey(std::move(*k));
    }
  }
}

Result<PrivateKey> parse_private_key(ByteView der) {
  // The second element tells the forms apart: an AlgorithmIdentifier (PKCS #8), an
  // INTEGER (PKCS #1's modulus) or an OCTET STRING (SEC 1's scalar).
  auto outline = asn1::decode(sequence_of(any()), der, asn1::Mode::Der);
  if (!outline) return der_error("private key", outline.error());
  if (outline->size() < 3)
    return fail(ErrorCode::Der, "private key: not PKCS #8, PKCS #1 or SEC 1 (too few fields)");
  const asn1::Tag second = (*outline)[1].tag;
  if (second == asn1::universal(asn1::tags::Sequence)) return from_pkcs8(der);
  if (second == asn1::universal(asn1::tags::Integer)) return from_rsa(der);
  if (second == asn1::universal(asn1::tags::OctetString)) return from_sec1(der, std::nullopt);
  return fail(ErrorCode::Der, "private key: not PKCS #8, PKCS #1 or SEC 1");
}

Result<PrivateKey> parse_pem_private_key(std::string_view text) {
  auto blocks = decode_pem(text);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  for (auto& b : *blocks) {
    if (b.label == "ENCRYPTED PRIVATE KEY")
      return fail(ErrorCode::UnsupportedAlgorithm,
                  "encrypted PKCS #8 keys are not supported; decrypt it first "
                  "(openssl pkey -in KEY -out PLAIN)");
    if (b.label != "PRIVATE KEY" && b.label != "RSA PRIVATE KEY" && b.label != "EC PRIVATE KEY")
      continue;
    auto key = b.label == "PRIVATE KEY"       ? from_pkcs8(b.data)
               : b.label == "RSA PRIVATE KEY" ? from_rsa(b.data)
                                              : from_sec1(b.data, std::nullopt);
    std::fill(b.data.begin(), b.data.end(), std::uint8_t{0});
    return key;
  }
  return fail(ErrorCode::Pem,
              "no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block in the PEM text");
}

Bytes encode_pkcs8(const PrivateKey& key) {
  using V = value_of<decltype(one_asymmetric_key())>;
  const PublicKeyInfo info = key.public_key_info();
  Bytes inner;
  if (const auto* rsa = std::get_if<pk::RsaPrivateKey>(&key.value())) {
    inner = rsa_der(*rsa);
  } else if (const auto* e = std::get_if<ec::PrivateKey>(&key.value())) {
    inner = sec1_der(*e, false);
  } else {
    const auto seed = std::get<ec::Ed25519PrivateKey>(key.value()).seed();
    inner = *asn1::encode_der(octet_string(), Bytes(seed.begin(), seed.end()));
  }
  V v(0, info.algorithm, std::move(inner), std::nullopt, std::nullopt);
  auto der = asn1::encode_der(one_asymmetric_key(), v);
  auto& secret = std::get<2>(v);
  std::fill(secret.begin(), secret.end(), std::uint8_t{0});
  return der ? std::move(*der) : Bytes{};
}

Bytes encode_traditional(const PrivateKey& key) {
  if (const auto* rsa = std::get_if<pk::RsaPrivateKey>(&key.value())) return rsa_der(*rsa);
  if (const auto* e = std::get_if<ec::PrivateKey>(&key.value())) return sec1_der(*e, true);
  return encode_pkcs8(key);
}

std::string encode_pem_private_key(const PrivateKey& key) {
  Bytes der = encode_pkcs8(key);
  std::string pem = encode_pem("PRIVATE KEY", der);
  std::fill(der.begin(), der.end(), std::uint8_t{0});
  return pem;
}

Result<AlgorithmIdentifier> signature_algorithm(const PrivateKey& key,
                                                const SignOptions& options) {
  const KeyType type = key.type();
  if (options.hash == HashKind::Sha1)
    return fail(ErrorCode::UnsupportedAlgorithm, "we do not make SHA-1 signatures");
  if (type == KeyType::Ed25519) {
    if (options.hash != HashKind::None || options.pss)
      return fail(ErrorCode::UnsupportedAlgorithm, "Ed25519 signs without a separate hash");
    return AlgorithmIdentifier{alg::ed25519, std::nullopt};
  }
  HashKind hash = options.hash;
  if (hash == HashKind::None)
    hash = type == KeyType::EcP384 ? HashKind::Sha384
           : type == KeyType::EcP521 ? HashKind::Sha512
                                     : HashKind::Sha256;
  auto pick = [hash](const asn1::Oid& a256, const asn1::Oid& a384, const asn1::Oid& a512) {
    return hash == HashKind::Sha384 ? a384 : hash == HashKind::Sha512 ? a512 : a256;
  };
  if (type != KeyType::Rsa) {
    if (options.pss) return fail(ErrorCode::UnsupportedAlgorithm, "PSS is for RSA keys");
    return AlgorithmIdentifier{
        pick(alg::ecdsa_with_sha256, alg::ecdsa_with_sha384, alg::ecdsa_with_sha512),
        std::nullopt};
  }
  if (!options.pss)
    return AlgorithmIdentifier{
        pick(alg::sha256_with_rsa, alg::sha384_with_rsa, alg::sha512_with_rsa),
        null_parameters()};
  const AlgorithmIdentifier digest{pick(alg::sha256, alg::sha384, alg::sha512), null_parameters()};
  const AlgorithmIdentifier mgf{alg::mgf1,
                                any_of(*asn1::encode_der(algorithm_identifier(), digest))};
  const auto salt = static_cast<std::int64_t>(pk::digest_size(pk_digest(hash)));
  auto params = asn1::encode_der(pss_parameters(), {digest, mgf, salt, std::nullopt});
  if (!params) return fail(ErrorCode::Encoding, "RSASSA-PSS parameters");
  return AlgorithmIdentifier{alg::rsassa_pss, any_of(*params)};
}

Result<asn1::BitString> sign(const PrivateKey& key, const AlgorithmIdentifier& algorithm,
                             ByteView message, pk::RandomRef rng) {
  auto scheme = signature_scheme(algorithm, VerifyOptions{.allow_sha1 = true});
  if (!scheme) return std::unexpected(std::move(scheme.error()));
  auto mismatch = [] {
    return fail(ErrorCode::AlgorithmMismatch, "the key cannot make this kind of signature");
  };
  auto refused = [](nocrypto::Error e) {
    return fail(ErrorCode::InvalidKey, std::string("signing failed: ") + nocrypto::to_string(e));
  };
  switch (scheme->kind) {
    case SignatureKind::RsaPkcs1:
    case SignatureKind::RsaPss: {
      const auto* rsa = std::get_if<pk::RsaPrivateKey>(&key.value());
      if (!rsa) return mismatch();
      auto sig = scheme->kind == SignatureKind::RsaPkcs1
                     ? pk::pkcs1_sign(*rsa, pk_digest(scheme->hash), message, rng)
                     : pk::pss_sign(*rsa, pk_digest(scheme->hash), message, rng,
                                    scheme->salt_length);
      if (!sig) return refused(sig.error());
      return asn1::BitString{std::move(*sig), 0};
    }
    case SignatureKind::Ecdsa: {
      const auto* e = std::get_if<ec::PrivateKey>(&key.value());
      if (!e) return mismatch();
      auto raw = ec::ecdsa_sign(*e, ec_digest(scheme->hash), message);
      if (!raw) return refused(raw.error());
      auto der = ec::ecdsa_signature_to_der(e->curve(), *raw);
      if (!der) return refused(der.error());
      return asn1::BitString{std::move(*der), 0};
    }
    case SignatureKind::Dsa:
      return fail(ErrorCode::UnsupportedAlgorithm, "DSA keys verify old chains; they do not sign");
    case SignatureKind::Ed25519: {
      const auto* ed = std::get_if<ec::Ed25519PrivateKey>(&key.value());
      if (!ed) return mismatch();
      const auto sig = ed->sign(message);
      return asn1::BitString{Bytes(sig.begin(), sig.end()), 0};
    }
  }
  return mismatch();
}

}  // namespace x509
