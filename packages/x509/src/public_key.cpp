// SubjectPublicKeyInfo keys: RSA (RFC 3279 2.3.1), EC (RFC 5480), Ed25519 (RFC 8410).
#include "algorithms.hpp"

#include <algorithm>

namespace x509 {


Result<PublicKey> decode_public_key(const AlgorithmIdentifier& algorithm,
                                    const asn1::BitString& key) {
  using namespace grammar;
  if (algorithm.algorithm == alg::rsa_encryption) {
    if (!grammar::absent_or_null(algorithm.parameters))
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
    auto curve = asn1::decode(oid(), encoding_of(*algorithm.parameters));
    // implicitCurve and specifiedCurve (RFC 5480 2.1.1) are not supported: kept as unknown.
    if (!curve) return PublicKey(UnknownKey{});
    const auto found = curve_of(*curve);
    if (!found) return PublicKey(UnknownKey{});
    const nocrypto::ec::Curve c = *found;
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
  if (algorithm.algorithm == alg::dsa) {
    DsaKey k;
    if (algorithm.parameters) {
      auto params = asn1::decode(sequence(required("p", integer()), required("q", integer()),
                                          required("g", integer())),
                                 encoding_of(*algorithm.parameters), asn1::Mode::Der);
      if (!params) return fail(ErrorCode::InvalidKey, "Dss-Parms: " + params.error().to_string());
      auto& [p, q, g] = *params;
      if (p.negative() || q.negative() || g.negative())
        return fail(ErrorCode::InvalidKey, "Dss-Parms: negative p, q or g");
      k.p = std::move(p.bytes);
      k.q = std::move(q.bytes);
      k.g = std::move(g.bytes);
    }
    if (key.unused != 0) return fail(ErrorCode::InvalidKey, "DSA public key BIT STRING has unused bits");
    auto y = asn1::decode(integer(), key.bytes, asn1::Mode::Der);
    if (!y || y->negative())
      return fail(ErrorCode::InvalidKey, "DSA public key is not a positive INTEGER");
    k.y = std::move(y->bytes);
    return PublicKey(std::move(k));
  }
  return PublicKey(UnknownKey{});
}

Result<PublicKeyInfo> parse_public_key_info(ByteView der) {
  auto k = asn1::decode(grammar::public_key_info(), der, asn1::Mode::Der);
  if (!k) {
    const auto code =
        k.error().code == asn1::Code::Rejected ? ErrorCode::InvalidKey : ErrorCode::Der;
    return fail(code, "SubjectPublicKeyInfo: " + k.error().to_string());
  }
  return std::move(*k);
}

Result<Bytes> encode_public_key_info(const PublicKeyInfo& key) {
  auto der = asn1::encode_der(grammar::public_key_info(), key);
  if (!der) return fail(ErrorCode::Encoding, "SubjectPublicKeyInfo: " + der.error().to_string());
  return std::move(*der);
}

}  // namespace x509
