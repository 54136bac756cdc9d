#pragma once
// Certification requests (PKCS #10, RFC 2986) with an extension request (RFC 2985 5.4.2):
// parse strict DER and re-encode to the same bytes, check the self-signature, make one.
#include <x509/certificate.hpp>
#include <x509/private_key.hpp>

#include <optional>
#include <vector>

namespace x509 {

namespace attr {
inline constexpr asn1::Oid extension_request = asn1::oid("1.2.840.113549.1.9.14");
inline constexpr asn1::Oid challenge_password = asn1::oid("1.2.840.113549.1.9.7");
}  // namespace attr

// An attribute of the request other than the extension request: its values kept whole.
struct CsrAttribute {
  asn1::Oid type;
  std::vector<asn1::Any> values;
  friend bool operator==(const CsrAttribute&, const CsrAttribute&) = default;
};

struct CertificationRequestInfo {
  int version = 0;  // v1, the only one
  Name subject;
  PublicKeyInfo public_key;
  // The extensionRequest attribute's extensions, decoded like a certificate's.
  std::optional<std::vector<Extension>> extensions;
  std::vector<CsrAttribute> attributes;  // the others (challengePassword, ...)
  friend bool operator==(const CertificationRequestInfo&,
                         const CertificationRequestInfo&) = default;
};

struct CertificationRequest {
  CertificationRequestInfo info;
  Bytes info_der;  // the exact signed bytes
  AlgorithmIdentifier signature_algorithm;
  asn1::BitString signature;

  // The decoded requested extension of type T, or null.
  template <class T>
  const T* extension() const {
    if (!info.extensions) return nullptr;
    for (const auto& e : *info.extensions)
      if (const T* v = std::get_if<T>(&e.parsed)) return v;
    return nullptr;
  }
};

// One DER request. Der when it does not decode strictly (with the path and offset);
// InvalidValue for a version other than v1, an extension request that is not one
// Extensions value, or an extension requested twice.
Result<CertificationRequest> parse_csr(ByteView der);
// The first "CERTIFICATE REQUEST" (or "NEW CERTIFICATE REQUEST") block of PEM text.
Result<CertificationRequest> parse_pem_csr(std::string_view text);
// The DER of a request from its values (info_der is not used).
Result<Bytes> encode_csr(const CertificationRequest& csr);

// Whether the request is signed by the key it holds (proof of possession).
Result<void> verify_csr(const CertificationRequest& csr, const VerifyOptions& options = {});

// A request for `subject` and `key`'s public key, asking for `extensions` (none: no
// extensionRequest attribute), signed by `key`.
Result<CertificationRequest> make_csr(const Name& subject, const PrivateKey& key,
                                      std::vector<Extension> extensions,
                                      nocrypto::pk::RandomRef rng,
                                      const SignOptions& options = {});

}  // namespace x509
