#pragma once
// Certificate revocation lists (RFC 5280 5): parse strict DER and re-encode to the same
// bytes, check the issuer's signature, make and sign one.
#include <x509/certificate.hpp>
#include <x509/private_key.hpp>

#include <optional>
#include <vector>

namespace x509 {

namespace ext {
inline constexpr asn1::Oid crl_number = asn1::oid("2.5.29.20");
inline constexpr asn1::Oid crl_reason = asn1::oid("2.5.29.21");
inline constexpr asn1::Oid invalidity_date = asn1::oid("2.5.29.24");
inline constexpr asn1::Oid delta_crl_indicator = asn1::oid("2.5.29.27");
inline constexpr asn1::Oid issuing_distribution_point = asn1::oid("2.5.29.28");
inline constexpr asn1::Oid certificate_issuer = asn1::oid("2.5.29.29");
}  // namespace ext

// CRLReason (RFC 5280 5.3.1); 7 is not used.
enum class RevocationReason : std::uint8_t {
  Unspecified = 0,
  KeyCompromise = 1,
  CaCompromise = 2,
  AffiliationChanged = 3,
  Superseded = 4,
  CessationOfOperation = 5,
  CertificateHold = 6,
  RemoveFromCrl = 8,
  PrivilegeWithdrawn = 9,
  AaCompromise = 10,
};
const char* reason_name(RevocationReason reason) noexcept;

// IssuingDistributionPoint (RFC 5280 5.2.5): which certificates and reasons a CRL covers.
struct IssuingDistributionPoint {
  std::optional<DistributionPointName> point;
  bool only_user_certs = false;
  bool only_ca_certs = false;
  std::optional<asn1::BitString> only_some_reasons;  // ReasonFlags
  bool indirect_crl = false;
  bool only_attribute_certs = false;
  friend bool operator==(const IssuingDistributionPoint&, const IssuingDistributionPoint&) = default;
};

struct RevokedCertificate {
  Bytes serial;  // the INTEGER's contents, as in TbsCertificate::serial
  Time revocation_date;
  std::optional<std::vector<Extension>> extensions;
  // The reasonCode entry extension, if present and valid.
  std::optional<RevocationReason> reason() const;
  friend bool operator==(const RevokedCertificate&, const RevokedCertificate&) = default;
};

struct TbsCertList {
  std::optional<std::int64_t> version;  // absent (v1) or 1 (v2)
  AlgorithmIdentifier signature;
  Name issuer;
  Time this_update;
  std::optional<Time> next_update;
  std::optional<std::vector<RevokedCertificate>> revoked;
  std::optional<std::vector<Extension>> extensions;  // v2 only
  friend bool operator==(const TbsCertList&, const TbsCertList&) = default;
};

struct Crl {
  TbsCertList tbs;
  Bytes tbs_der;  // the exact signed bytes
  AlgorithmIdentifier signature_algorithm;
  asn1::BitString signature;

  // The cRLNumber extension's INTEGER contents, if present.
  std::optional<Bytes> crl_number() const;
  // The issuingDistributionPoint extension: nothing when absent, Der when malformed.
  Result<std::optional<IssuingDistributionPoint>> issuing_distribution_point() const;
  // The deltaCRLIndicator's BaseCRLNumber (INTEGER contents) of a delta CRL; nothing for a
  // complete CRL (or a malformed indicator).
  std::optional<Bytes> delta_base() const;
  // The entry for this serial (INTEGER contents), or null.
  const RevokedCertificate* find(ByteView serial) const;
  // The entry for the certificate with this serial from `issuer`: in an indirect CRL an
  // entry's certificateIssuer extension names the issuer of it and of the entries after
  // it (RFC 5280 5.3.3); before the first, the issuer is the CRL's.
  const RevokedCertificate* find(ByteView serial, const Name& issuer) const;
  // Whether a critical extension we do not act on is present (then RFC 5280 says the CRL
  // must not be used for revocation). Known: cRLNumber, authorityKeyIdentifier,
  // issuingDistributionPoint, deltaCRLIndicator; for entries reasonCode, invalidityDate
  // and certificateIssuer.
  bool has_unknown_critical() const;
};

// One DER CRL. Der when it does not decode strictly (path and offset); InvalidValue for a
// version other than absent/v2, extensions in a v1 CRL, an empty revokedCertificates or
// extensions list, an extension present twice.
Result<Crl> parse_crl(ByteView der);
// Every "X509 CRL" block of PEM text.
Result<std::vector<Crl>> parse_pem_crls(std::string_view text);
// The DER of a CRL from its values (tbs_der is not used).
Result<Bytes> encode_crl(const Crl& crl);

// Whether `issuer` issued `crl`: the names match (NameMismatch), a keyUsage the issuer has
// includes cRLSign (NotCa), the signature verifies under its key.
Result<void> verify_crl(const Crl& crl, const Certificate& issuer,
                        const VerifyOptions& options = {});

struct CrlEntry {
  Bytes serial;  // big-endian magnitude
  asn1::DateTime revoked_at;
  std::optional<RevocationReason> reason;
};

// A v2 CRL signed by `issuer_key` for `issuer` (whose name and key identifier it carries),
// with cRLNumber `number` (big-endian magnitude) and the entries given.
Result<Crl> make_crl(const Certificate& issuer, const PrivateKey& issuer_key,
                     const asn1::DateTime& this_update,
                     const std::optional<asn1::DateTime>& next_update,
                     const std::vector<CrlEntry>& entries, ByteView number,
                     nocrypto::pk::RandomRef rng, const SignOptions& options = {});

}  // namespace x509
