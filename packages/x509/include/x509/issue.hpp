#pragma once
// Making certificates: sign a TBSCertificate, or issue one (self-signed, or from a CSR
// under a CA) with the extensions a CA sets.
#include <x509/certificate.hpp>
#include <x509/csr.hpp>
#include <x509/private_key.hpp>

#include <optional>
#include <vector>

namespace x509 {

// Sets tbs.signature to the algorithm `options` picks for `key`, encodes the
// TBSCertificate and signs it.
Result<Certificate> sign_certificate(TbsCertificate tbs, const PrivateKey& key,
                                     nocrypto::pk::RandomRef rng, const SignOptions& options = {});

// A validity time as RFC 5280 4.1.2.5 wants it: UTCTime for 1950 to 2049, GeneralizedTime
// otherwise (fractions of seconds dropped).
Time certificate_time(const asn1::DateTime& t);

// The key identifier of RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits.
Bytes key_identifier(const PublicKeyInfo& key);

struct IssueOptions {
  Bytes serial;  // big-endian magnitude, not zero; empty: 16 random bytes (top bit clear)
  asn1::DateTime not_before;
  asn1::DateTime not_after;
  bool ca = false;                          // basicConstraints cA (critical), keyCertSign
  std::optional<std::int64_t> path_length;  // CA only
  std::vector<asn1::Oid> extended_key_usage;
  // Extensions asked for (a CSR's, or the caller's) are copied, except those the issuer
  // sets itself: basicConstraints, keyUsage, subject and authority key identifiers, and
  // extKeyUsage when extended_key_usage is not empty.
  std::vector<Extension> extensions;
  SignOptions sign;
};

// A v3 certificate for `subject` / `subject_key`, issued by the holder of `issuer_key`
// named `issuer` (with `issuer_key_id` as authorityKeyIdentifier when given). Extensions:
// basicConstraints (critical), keyUsage (critical; keyCertSign and cRLSign for a CA,
// digitalSignature, plus keyEncipherment for RSA, otherwise), extKeyUsage if asked,
// subjectKeyIdentifier, authorityKeyIdentifier, then options.extensions.
// InvalidValue when not_after precedes not_before, a path length without ca, or a
// serial that is zero or longer than 20 octets.
Result<Certificate> issue_certificate(const Name& subject, const PublicKeyInfo& subject_key,
                                      const Name& issuer, const PrivateKey& issuer_key,
                                      std::optional<Bytes> issuer_key_id,
                                      const IssueOptions& options, nocrypto::pk::RandomRef rng);

// Self-signed: subject and issuer are `subject`, signed by `key`.
Result<Certificate> self_signed_certificate(const Name& subject, const PrivateKey& key,
                                            const IssueOptions& options,
                                            nocrypto::pk::RandomRef rng);

// From a request, under a CA: the request's signature is checked first (its error is
// returned), its requested extensions are added to options.extensions, and the CA's
// certificate gives the issuer name and key identifier. AlgorithmMismatch when ca_key is
// not the key of ca_cert.
Result<Certificate> issue_from_csr(const CertificationRequest& csr, const Certificate& ca_cert,
                                   const PrivateKey& ca_key, IssueOptions options,
                                   nocrypto::pk::RandomRef rng);

}  // namespace x509
