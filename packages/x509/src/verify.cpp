// Signature algorithms (RFC 4055, 5758, 8410) and their verification with nocrypto.
#include "algorithms.hpp"

#include <x509/verify.hpp>


namespace x509 {
namespace {

using namespace grammar;

// A hash AlgorithmIdentifier (parameters absent or NULL, RFC 4055 2.1).
Result<HashKind> hash_of(const AlgorithmIdentifier& a) {
  if (!absent_or_null(a.parameters))
    return fail(ErrorCode::InvalidValue, "hash algorithm with parameters");
  if (a.algorithm == alg::sha1) return HashKind::Sha1;
  if (a.algorithm == alg::sha256) return HashKind::Sha256;
  if (a.algorithm == alg::sha384) return HashKind::Sha384;
  if (a.algorithm == alg::sha512) return HashKind::Sha512;
  return fail(ErrorCode::UnsupportedAlgorithm,
              "hash algorithm " + a.algorithm.to_string() + " not supported");
}

// RSASSA-PSS-params (RFC 4055 3.1). Absent fields take the SHA-1 defaults.
Result<SignatureScheme> pss_scheme(const std::optional<asn1::Any>& parameters) {
  if (!parameters) return fail(ErrorCode::InvalidValue, "RSASSA-PSS without parameters");
  auto p = asn1::decode(pss_parameters(), encoding_of(*parameters), asn1::Mode::Der);
  if (!p) return fail(ErrorCode::InvalidValue, "RSASSA-PSS parameters: " + p.error().to_string());
  auto& [hash_alg, mgf, salt, trailer] = *p;
  HashKind hash = HashKind::Sha1;
  if (hash_alg) {
    auto h = hash_of(*hash_alg);
    if (!h) return std::unexpected(std::move(h.error()));
    hash = *h;
  }
  HashKind mgf_hash = HashKind::Sha1;
  if (mgf) {
    if (mgf->algorithm != alg::mgf1 || !mgf->parameters)
      return fail(ErrorCode::UnsupportedAlgorithm, "RSASSA-PSS mask generation other than MGF1");
    auto inner =
        asn1::decode(algorithm_identifier(), encoding_of(*mgf->parameters), asn1::Mode::Der);
    if (!inner)
      return fail(ErrorCode::InvalidValue, "MGF1 parameters: " + inner.error().to_string());
    auto h = hash_of(*inner);
    if (!h) return std::unexpected(std::move(h.error()));
    mgf_hash = *h;
  }
  if (mgf_hash != hash)
    return fail(ErrorCode::UnsupportedAlgorithm, "RSASSA-PSS with MGF1 over another hash");
  if (trailer && *trailer != 1)
    return fail(ErrorCode::InvalidValue, "RSASSA-PSS trailerField other than 1");
  const std::int64_t s = salt ? *salt : 20;
  if (s < 0 || s > 1024) return fail(ErrorCode::InvalidValue, "RSASSA-PSS saltLength out of range");
  return SignatureScheme{SignatureKind::RsaPss, hash, static_cast<std::size_t>(s)};
}

}  // namespace

Result<SignatureScheme> signature_scheme(const AlgorithmIdentifier& a,
                                         const VerifyOptions& options) {
  const auto& id = a.algorithm;
  Result<SignatureScheme> scheme = fail(ErrorCode::UnsupportedAlgorithm,
                                        "signature algorithm " + id.to_string() + " not supported");
  if (id == alg::md5_with_rsa)
    return fail(ErrorCode::UnsupportedAlgorithm, "MD5 signatures are never accepted");
  const bool pkcs1 = id == alg::sha1_with_rsa || id == alg::sha256_with_rsa ||
                     id == alg::sha384_with_rsa || id == alg::sha512_with_rsa;
  const bool ecdsa = id == alg::ecdsa_with_sha1 || id == alg::ecdsa_with_sha256 ||
                     id == alg::ecdsa_with_sha384 || id == alg::ecdsa_with_sha512;
  if (pkcs1) {
    // RFC 4055 5: the parameters MUST be NULL; absent is tolerated, as many verifiers do.
    if (!absent_or_null(a.parameters))
      return fail(ErrorCode::InvalidValue, "RSA PKCS#1 v1.5 parameters not NULL");
    const HashKind h = id == alg::sha1_with_rsa     ? HashKind::Sha1
                       : id == alg::sha256_with_rsa ? HashKind::Sha256
                       : id == alg::sha384_with_rsa ? HashKind::Sha384
                                                    : HashKind::Sha512;
    scheme = SignatureScheme{SignatureKind::RsaPkcs1, h, 0};
  } else if (ecdsa) {
    // RFC 5758 3.2: the parameters MUST be absent.
    if (a.parameters)
      return fail(ErrorCode::InvalidValue, "ECDSA signature algorithm with parameters");
    const HashKind h = id == alg::ecdsa_with_sha1     ? HashKind::Sha1
                       : id == alg::ecdsa_with_sha256 ? HashKind::Sha256
                       : id == alg::ecdsa_with_sha384 ? HashKind::Sha384
                                                      : HashKind::Sha512;
    scheme = SignatureScheme{SignatureKind::Ecdsa, h, 0};
  } else if (id == alg::rsassa_pss) {
    scheme = pss_scheme(a.parameters);
  } else if (id == alg::dsa_with_sha1 || id == alg::dsa_with_sha256) {
    // RFC 3279 2.2.2, RFC 5758 3.1: the parameters MUST be absent.
    if (a.parameters)
      return fail(ErrorCode::InvalidValue, "DSA signature algorithm with parameters");
    scheme = SignatureScheme{SignatureKind::Dsa,
                             id == alg::dsa_with_sha1 ? HashKind::Sha1 : HashKind::Sha256, 0};
  } else if (id == alg::ed25519) {
    if (a.parameters)
      return fail(ErrorCode::InvalidValue, "Ed25519 signature algorithm with parameters");
    scheme = SignatureScheme{SignatureKind::Ed25519, HashKind::None, 0};
  }
  if (scheme && scheme->hash == HashKind::Sha1 && !options.allow_sha1)
    return fail(ErrorCode::UnsupportedAlgorithm,
                "SHA-1 signature (not allowed unless VerifyOptions::allow_sha1)");
  return scheme;
}

Result<void> verify_signature(const AlgorithmIdentifier& algorithm, ByteView message,
                              const asn1::BitString& signature, const PublicKeyInfo& signer,
                              const VerifyOptions& options) {
  auto scheme = signature_scheme(algorithm, options);
  if (!scheme) return std::unexpected(std::move(scheme.error()));
  if (signature.unused != 0)
    return fail(ErrorCode::BadSignature, "signature BIT STRING has unused bits");
  const ByteView sig = signature.bytes;
  switch (scheme->kind) {
    case SignatureKind::RsaPkcs1:
    case SignatureKind::RsaPss: {
      const auto* rsa = std::get_if<RsaKey>(&signer.key);
      if (!rsa) return fail(ErrorCode::AlgorithmMismatch, "an RSA signature needs an RSA key");
      auto key = nocrypto::pk::RsaPublicKey::make(rsa->modulus, rsa->exponent);
      if (!key)
        return fail(ErrorCode::InvalidKey,
                    std::string("RSA key refused: ") + nocrypto::to_string(key.error()));
      const bool ok = scheme->kind == SignatureKind::RsaPkcs1
                          ? nocrypto::pk::pkcs1_verify(*key, pk_digest(scheme->hash), message, sig)
                          : nocrypto::pk::pss_verify(*key, pk_digest(scheme->hash), message, sig,
                                                     scheme->salt_length);
      if (!ok)
        return fail(ErrorCode::BadSignature, scheme->kind == SignatureKind::RsaPkcs1
                                                 ? "RSA PKCS#1 v1.5 signature does not verify"
                                                 : "RSA-PSS signature does not verify");
      return {};
    }
    case SignatureKind::Ecdsa: {
      const auto* ec = std::get_if<EcKey>(&signer.key);
      if (!ec) return fail(ErrorCode::AlgorithmMismatch, "an ECDSA signature needs an EC key");
      auto key = nocrypto::ec::PublicKey::from_sec1(ec->curve, ec->point);
      if (!key)
        return fail(ErrorCode::InvalidKey,
                    std::string("EC key refused: ") + nocrypto::to_string(key.error()));
      auto raw = nocrypto::ec::ecdsa_signature_from_der(ec->curve, sig);
      if (!raw)
        return fail(ErrorCode::BadSignature,
                    "ECDSA signature is not a DER Ecdsa-Sig-Value for the curve");
      if (!nocrypto::ec::ecdsa_verify(*key, ec_digest(scheme->hash), message, *raw))
        return fail(ErrorCode::BadSignature, "ECDSA signature does not verify");
      return {};
    }
    case SignatureKind::Ed25519: {
      const auto* ed = std::get_if<Ed25519Key>(&signer.key);
      if (!ed)
        return fail(ErrorCode::AlgorithmMismatch, "an Ed25519 signature needs an Ed25519 key");
      if (!nocrypto::ec::ed25519_verify(ed->key, message, sig))
        return fail(ErrorCode::BadSignature, "Ed25519 signature does not verify");
      return {};
    }
    case SignatureKind::Dsa: {
      const auto* dsa = std::get_if<DsaKey>(&signer.key);
      if (!dsa) return fail(ErrorCode::AlgorithmMismatch, "a DSA signature needs a DSA key");
      if (dsa->p.empty())
        return fail(ErrorCode::InvalidKey,
                    "DSA key without parameters (they come from its issuer's key in a path)");
      auto key = nocrypto::pk::DsaPublicKey::make(dsa->p, dsa->q, dsa->g, dsa->y);
      if (!key)
        return fail(ErrorCode::InvalidKey,
                    std::string("DSA key refused: ") + nocrypto::to_string(key.error()));
      if (!nocrypto::pk::dsa_verify_der(*key, pk_digest(scheme->hash), message, sig))
        return fail(ErrorCode::BadSignature, "DSA signature does not verify");
      return {};
    }
  }
  return fail(ErrorCode::UnsupportedAlgorithm, "unknown signature kind");
}

Result<void> verify_certificate_signature(const Certificate& cert, const PublicKeyInfo& issuer_key,
                                          const VerifyOptions& options) {
  if (!(cert.signature_algorithm == cert.tbs.signature))
    return fail(ErrorCode::AlgorithmMismatch,
                "signatureAlgorithm differs from tbsCertificate.signature");
  return verify_signature(cert.signature_algorithm, cert.tbs_der, cert.signature, issuer_key,
                          options);
}

}  // namespace x509
