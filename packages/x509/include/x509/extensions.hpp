#pragma once
// Certificate extensions (RFC 5280 4.2). Every extension keeps its OID, critical flag
// and exact extnValue bytes; the ones below are also decoded. Encoding a certificate
// writes decoded extensions from their values (tests check that this gives the same
// bytes), unknown ones from their bytes.
#include <x509/name.hpp>

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace x509 {

// GeneralName (RFC 5280 4.2.1.6). otherName, x400Address and ediPartyName are kept
// whole (asn1::Any with their context tag).
struct Rfc822Name {
  std::string value;
  friend bool operator==(const Rfc822Name&, const Rfc822Name&) = default;
};
struct DnsName {
  std::string value;
  friend bool operator==(const DnsName&, const DnsName&) = default;
};
struct UriName {
  std::string value;
  friend bool operator==(const UriName&, const UriName&) = default;
};
struct IpAddressName {
  Bytes value;
  friend bool operator==(const IpAddressName&, const IpAddressName&) = default;
};  // 4 or 16 bytes (8 or 32 in name constraints)
using GeneralName =
    std::variant<Rfc822Name, DnsName, Name, UriName, IpAddressName, asn1::Oid, asn1::Any>;
using GeneralNames = std::vector<GeneralName>;

struct BasicConstraints {
  bool ca = false;
  std::optional<std::int64_t> path_length;
  friend bool operator==(const BasicConstraints&, const BasicConstraints&) = default;
};

enum class KeyUsageBit : std::uint8_t {
  DigitalSignature,
  NonRepudiation,
  KeyEncipherment,
  DataEncipherment,
  KeyAgreement,
  KeyCertSign,
  CrlSign,
  EncipherOnly,
  DecipherOnly,
};
struct KeyUsage {
  asn1::BitString bits;
  bool has(KeyUsageBit b) const { return bits.bit(static_cast<std::size_t>(b)); }
  friend bool operator==(const KeyUsage&, const KeyUsage&) = default;
};

struct ExtendedKeyUsage {
  std::vector<asn1::Oid> purposes;
  friend bool operator==(const ExtendedKeyUsage&, const ExtendedKeyUsage&) = default;
};

struct SubjectAltName {
  GeneralNames names;
  friend bool operator==(const SubjectAltName&, const SubjectAltName&) = default;
};
struct IssuerAltName {
  GeneralNames names;
  friend bool operator==(const IssuerAltName&, const IssuerAltName&) = default;
};

struct AuthorityKeyIdentifier {
  std::optional<Bytes> key_id;
  std::optional<GeneralNames> issuer;
  std::optional<asn1::Integer> serial;
  friend bool operator==(const AuthorityKeyIdentifier&, const AuthorityKeyIdentifier&) = default;
};
struct SubjectKeyIdentifier {
  Bytes key_id;
  friend bool operator==(const SubjectKeyIdentifier&, const SubjectKeyIdentifier&) = default;
};

struct GeneralSubtree {
  GeneralName base;
  asn1::Integer minimum = asn1::Integer::from_int64(0);
  std::optional<asn1::Integer> maximum;
  friend bool operator==(const GeneralSubtree&, const GeneralSubtree&) = default;
};
struct NameConstraints {
  std::optional<std::vector<GeneralSubtree>> permitted;
  std::optional<std::vector<GeneralSubtree>> excluded;
  friend bool operator==(const NameConstraints&, const NameConstraints&) = default;
};

struct PolicyQualifier {
  asn1::Oid id;
  asn1::Any qualifier;  // CPS URI (IA5String) or UserNotice, kept whole
  friend bool operator==(const PolicyQualifier&, const PolicyQualifier&) = default;
};
struct PolicyInformation {
  asn1::Oid policy;
  std::optional<std::vector<PolicyQualifier>> qualifiers;
  friend bool operator==(const PolicyInformation&, const PolicyInformation&) = default;
};
struct CertificatePolicies {
  std::vector<PolicyInformation> policies;
  friend bool operator==(const CertificatePolicies&, const CertificatePolicies&) = default;
};

// policyMappings (RFC 5280 4.2.1.5): issuer's policy considered equivalent to subject's.
struct PolicyMapping {
  asn1::Oid issuer_domain;
  asn1::Oid subject_domain;
  friend bool operator==(const PolicyMapping&, const PolicyMapping&) = default;
};
struct PolicyMappings {
  std::vector<PolicyMapping> mappings;
  friend bool operator==(const PolicyMappings&, const PolicyMappings&) = default;
};
// policyConstraints (4.2.1.11): certificates to skip before an explicit policy is required
// or before mappings are inhibited.
struct PolicyConstraints {
  std::optional<std::int64_t> require_explicit_policy;
  std::optional<std::int64_t> inhibit_policy_mapping;
  friend bool operator==(const PolicyConstraints&, const PolicyConstraints&) = default;
};
// inhibitAnyPolicy (4.2.1.14): certificates to skip before anyPolicy stops matching.
struct InhibitAnyPolicy {
  std::int64_t skip_certs = 0;
  friend bool operator==(const InhibitAnyPolicy&, const InhibitAnyPolicy&) = default;
};

// DistributionPointName: fullName [0] GeneralNames, or nameRelativeToCRLIssuer [1] RDN.
using DistributionPointName = std::variant<GeneralNames, RelativeDistinguishedName>;
struct DistributionPoint {
  std::optional<DistributionPointName> name;
  std::optional<asn1::BitString> reasons;
  std::optional<GeneralNames> crl_issuer;
  friend bool operator==(const DistributionPoint&, const DistributionPoint&) = default;
};
struct CrlDistributionPoints {
  std::vector<DistributionPoint> points;
  friend bool operator==(const CrlDistributionPoints&, const CrlDistributionPoints&) = default;
};

struct AccessDescription {
  asn1::Oid method;  // id-ad-ocsp, id-ad-caIssuers
  GeneralName location;
  friend bool operator==(const AccessDescription&, const AccessDescription&) = default;
};
struct AuthorityInfoAccess {
  std::vector<AccessDescription> descriptions;
  friend bool operator==(const AuthorityInfoAccess&, const AuthorityInfoAccess&) = default;
};

// Certificate Transparency's SignedCertificateTimestampList (RFC 6962 3.3): the TLS
// encoded list from inside the OCTET STRING, not parsed further.
struct SctList {
  Bytes tls_encoded;
  friend bool operator==(const SctList&, const SctList&) = default;
};

struct UnknownExtension {
  friend bool operator==(const UnknownExtension&, const UnknownExtension&) = default;
};

using ExtensionValue =
    std::variant<UnknownExtension, BasicConstraints, KeyUsage, ExtendedKeyUsage, SubjectAltName,
                 IssuerAltName, AuthorityKeyIdentifier, SubjectKeyIdentifier, NameConstraints,
                 CertificatePolicies, CrlDistributionPoints, AuthorityInfoAccess, SctList,
                 PolicyMappings, PolicyConstraints, InhibitAnyPolicy>;

struct Extension {
  asn1::Oid id;
  bool critical = false;
  Bytes value;            // extnValue's contents, exactly as they came
  ExtensionValue parsed;  // UnknownExtension for OIDs not listed here
  friend bool operator==(const Extension&, const Extension&) = default;
};

namespace ext {
inline constexpr asn1::Oid subject_key_identifier = asn1::oid("2.5.29.14");
inline constexpr asn1::Oid key_usage = asn1::oid("2.5.29.15");
inline constexpr asn1::Oid subject_alt_name = asn1::oid("2.5.29.17");
inline constexpr asn1::Oid issuer_alt_name = asn1::oid("2.5.29.18");
inline constexpr asn1::Oid basic_constraints = asn1::oid("2.5.29.19");
inline constexpr asn1::Oid name_constraints = asn1::oid("2.5.29.30");
inline constexpr asn1::Oid crl_distribution_points = asn1::oid("2.5.29.31");
inline constexpr asn1::Oid certificate_policies = asn1::oid("2.5.29.32");
inline constexpr asn1::Oid authority_key_identifier = asn1::oid("2.5.29.35");
inline constexpr asn1::Oid extended_key_usage = asn1::oid("2.5.29.37");
inline constexpr asn1::Oid authority_info_access = asn1::oid("1.3.6.1.5.5.7.1.1");
inline constexpr asn1::Oid sct_list = asn1::oid("1.3.6.1.4.1.11129.2.4.2");
inline constexpr asn1::Oid policy_mappings = asn1::oid("2.5.29.33");
inline constexpr asn1::Oid policy_constraints = asn1::oid("2.5.29.36");
inline constexpr asn1::Oid inhibit_any_policy = asn1::oid("2.5.29.54");
}  // namespace ext

namespace policy {
inline constexpr asn1::Oid any_policy = asn1::oid("2.5.29.32.0");
}  // namespace policy

// Key purposes (RFC 5280 4.2.1.12).
namespace kp {
inline constexpr asn1::Oid server_auth = asn1::oid("1.3.6.1.5.5.7.3.1");
inline constexpr asn1::Oid client_auth = asn1::oid("1.3.6.1.5.5.7.3.2");
inline constexpr asn1::Oid code_signing = asn1::oid("1.3.6.1.5.5.7.3.3");
inline constexpr asn1::Oid email_protection = asn1::oid("1.3.6.1.5.5.7.3.4");
inline constexpr asn1::Oid time_stamping = asn1::oid("1.3.6.1.5.5.7.3.8");
inline constexpr asn1::Oid ocsp_signing = asn1::oid("1.3.6.1.5.5.7.3.9");
}  // namespace kp

// The decoded value of extnValue for this OID (UnknownExtension for OIDs not known);
// an asn1::Error when a known extension's bytes do not decode strictly as DER.
std::expected<ExtensionValue, asn1::Error> decode_extension_value(const asn1::Oid& id,
                                                                  ByteView value);
// The DER of a decoded value (nothing for UnknownExtension).
std::expected<Bytes, asn1::Error> encode_extension_value(const ExtensionValue& value);

// The extension holding a decoded value: its OID, `critical`, and its DER as the value.
// Encoding error (from asn1) for UnknownExtension or a value DER cannot hold.
std::expected<Extension, asn1::Error> make_extension(ExtensionValue value, bool critical = false);

}  // namespace x509
