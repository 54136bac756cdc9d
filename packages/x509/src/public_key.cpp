// SubjectPublicKeyInfo keys: RSA (RFC 3279 2.3.1), EC (RFC 5480), Ed25519 (RFC 8410).
#include "grammar.hpp"

#include <algorithm>

namespace x509 {

namespace {
bool absent_or_null(const std::optional<asn1::Any>& p) {
  return !p ||
         (p->tag == asn1::universal(asn1::tags::Null) && !p->constructed && p->content.empty());
}
}  // namespace

Result<PublicKey> decode_public_key(const AlgorithmIdentifier& algorithm,
                                    const asn1::BitString& key) {
  using namespace grammar;
  if (algorithm.algorithm == alg::rsa_encryption) {
    if (!absent_or_null(algorithm.parameters))
      return fail(ErrorCode::InvalidKey, "rsaEncryption parameters must be NULL");
    if (key.unused != 0)
      return fail(ErrorCode::InvalidKey, "RSA public key BIT STRING has unused bits");
    auto rsa = asn1::decode(
        sequence(required("modulus", integer()), required("publicExponent", integer())), key.bytes);
    if (!rsa) return fail(ErrorCode::InvalidKey, "RSAPublicKey: " + rsa.error().to_string());
    auto& [n, e] = *rsa;
    if (n.negative() || e.negative())
      return fail(ErrorCode::InvalidKey, "RSAPublicKey: negative modulus or exponent");
    return PublicKey(RsaKey{std::move(n.bytes), std::move(e.bytes)});
  }
  if (algorithm.algorithm == alg::ec_public_key) {
    if (!algorithm.parameters)
      return fail(ErrorCode::InvalidKey, "id-ecPublicKey without parameters");
    auto curve = asn1::decode(oid(), algorithm.parameters->encoding.empty()
                                         ? *asn1::encode_der(any(), *algorithm.parameters)
                                         : algorithm.parameters->encoding);
    // implicitCurve and specifiedCurve (RFC 5480 2.1.1) are not supported: kept as unknown.
    if (!curve) return PublicKey(UnknownKey{});
    nocrypto::ec::Curve c;
    if (*curve == alg::secp256r1)
      c = nocrypto::ec::Curve::P256;
    else if (*curve == alg::secp384r1)
      c = nocrypto::ec::Curve::P384;
    else if (*curve == alg::secp521r1)
      c = nocrypto::ec::Curve::P521;
    else
      return PublicKey(UnknownKey{});
    if (key.unused != 0 || key.bytes.empty())
      return fail(ErrorCode::InvalidKey, "EC public key BIT STRING malformed");
    const std::size_t size = nocrypto::ec::scalar_size(c);
    const bool uncompressed = key.bytes[0] == 4 && key.bytes.size() == 1 + 2 * size;
    const bool compressed =
        (key.bytes[0] == 2 || key.bytes[0] == 3) && key.bytes.size() == 1 + size;
    if (!uncompressed && !compressed)
      return fail(ErrorCode::InvalidKey, "EC public key is not a SEC 1 point of its curve's size");
    return PublicKey(EcKey{c, key.bytes});
  }
  if (algorithm.algorithm == alg::ed25519) {
    if (algorithm.parameters)
      return fail(ErrorCode::InvalidKey, "Ed25519 key with parameters (RFC 8410 says absent)");
    if (key.unused != 0 || key.bytes.size() != 32)
      return fail(ErrorCode::InvalidKey, "Ed25519 public key is not 32 bytes");
    Ed25519Key k;
    std::copy(key.bytes.begin(), key.bytes.end(), k.key.begin());
    return PublicKey(k);
  }
  return PublicKey(UnknownKey{});
}

}  // namespace x509
