// The extensions of RFC 5280 4.2 (and CT's SCT list) as grammars, by OID.
#include "grammar.hpp"

namespace x509 {
namespace {

using namespace grammar;

auto basic_constraints() {
  using V = std::tuple<bool, std::optional<std::int64_t>>;
  return map(
      sequence(with_default("cA", boolean(), false), optional("pathLenConstraint", int64())),
      [](V&& v) -> std::expected<BasicConstraints, asn1::Error> {
        if (std::get<1>(v) && *std::get<1>(v) < 0) return reject("negative pathLenConstraint");
        return BasicConstraints{std::get<0>(v), std::get<1>(v)};
      },
      [](const BasicConstraints& b) { return V(b.ca, b.path_length); });
}

auto key_usage() {
  return wrap<KeyUsage>(bit_string());
}
auto extended_key_usage() {
  return wrap<ExtendedKeyUsage>(sequence_of(oid()));
}
auto subject_alt_name() {
  return wrap<SubjectAltName>(general_names());
}
auto issuer_alt_name() {
  return wrap<IssuerAltName>(general_names());
}

auto authority_key_identifier() {
  return record<AuthorityKeyIdentifier>(
      sequence(optional("keyIdentifier", implicit(0, octet_string())),
               optional("authorityCertIssuer", implicit(1, general_names())),
               optional("authorityCertSerialNumber", implicit(2, integer()))));
}

auto subject_key_identifier() {
  return wrap<SubjectKeyIdentifier>(octet_string());
}

auto name_constraints() {
  auto subtree = record<GeneralSubtree>(
      sequence(required("base", general_name()),
               with_default("minimum", implicit(0, integer()), Integer::from_int64(0)),
               optional("maximum", implicit(1, integer()))));
  return record<NameConstraints>(
      sequence(optional("permittedSubtrees", implicit(0, sequence_of(subtree))),
               optional("excludedSubtrees", implicit(1, sequence_of(subtree)))));
}

auto certificate_policies() {
  auto qualifier = record<PolicyQualifier>(
      sequence(required("policyQualifierId", oid()), required("qualifier", any())));
  auto information = record<PolicyInformation>(sequence(
      required("policyIdentifier", oid()), optional("policyQualifiers", sequence_of(qualifier))));
  return wrap<CertificatePolicies>(sequence_of(information));
}

auto policy_mappings() {
  auto mapping = record<PolicyMapping>(sequence(required("issuerDomainPolicy", oid()),
                                                required("subjectDomainPolicy", oid())));
  return wrap<PolicyMappings>(sequence_of(mapping));
}

// SkipCerts ::= INTEGER (0..MAX)
auto skip_certs() {
  return map(
      int64(),
      [](std::int64_t&& v) -> std::expected<std::int64_t, asn1::Error> {
        if (v < 0) return reject("negative SkipCerts");
        return v;
      },
      [](const std::int64_t& v) { return v; });
}

auto policy_constraints() {
  return record<PolicyConstraints>(
      sequence(optional("requireExplicitPolicy", implicit(0, skip_certs())),
               optional("inhibitPolicyMapping", implicit(1, skip_certs()))));
}

auto inhibit_any_policy() {
  return wrap<InhibitAnyPolicy>(skip_certs());
}

auto crl_distribution_points() {
  auto point = record<DistributionPoint>(
      sequence(optional("distributionPoint", explicit_(0, distribution_point_name())),
                                         optional("reasons", implicit(1, bit_string())),
                                         optional("cRLIssuer", implicit(2, general_names()))));
  return wrap<CrlDistributionPoints>(sequence_of(point));
}

auto authority_info_access() {
  auto description = record<AccessDescription>(
      sequence(required("accessMethod", oid()), required("accessLocation", general_name())));
  return wrap<AuthorityInfoAccess>(sequence_of(description));
}

auto sct_list() {
  return wrap<SctList>(octet_string());
}

template <class G>
std::expected<ExtensionValue, asn1::Error> decode_as(const G& g, ByteView value) {
  auto v = asn1::decode(g, value, asn1::Mode::Der);
  if (!v) return std::unexpected(std::move(v.error()));
  return ExtensionValue(std::move(*v));
}

template <class G, class T>
std::expected<Bytes, asn1::Error> encode_as(const G& g, const T& v) {
  return asn1::encode_der(g, v);
}

}  // namespace

std::expected<ExtensionValue, asn1::Error> decode_extension_value(const asn1::Oid& id,
                                                                  ByteView value) {
  if (id == ext::basic_constraints) return decode_as(basic_constraints(), value);
  if (id == ext::key_usage) return decode_as(key_usage(), value);
  if (id == ext::extended_key_usage) return decode_as(extended_key_usage(), value);
  if (id == ext::subject_alt_name) return decode_as(subject_alt_name(), value);
  if (id == ext::issuer_alt_name) return decode_as(issuer_alt_name(), value);
  if (id == ext::authority_key_identifier) return decode_as(authority_key_identifier(), value);
  if (id == ext::subject_key_identifier) return decode_as(subject_key_identifier(), value);
  if (id == ext::name_constraints) return decode_as(name_constraints(), value);
  if (id == ext::certificate_policies) return decode_as(certificate_policies(), value);
  if (id == ext::crl_distribution_points) return decode_as(crl_distribution_points(), value);
  if (id == ext::authority_info_access) return decode_as(authority_info_access(), value);
  if (id == ext::sct_list) return decode_as(sct_list(), value);
  if (id == ext::policy_mappings) return decode_as(policy_mappings(), value);
  if (id == ext::policy_constraints) return decode_as(policy_constraints(), value);
  if (id == ext::inhibit_any_policy) return decode_as(inhibit_any_policy(), value);
  return ExtensionValue(UnknownExtension{});
}

std::expected<Bytes, asn1::Error> encode_extension_value(const ExtensionValue& value) {
  struct Visitor {
    std::expected<Bytes, asn1::Error> operator()(const UnknownExtension&) const {
      return std::unexpected(asn1::Error::at(asn1::Code::InvalidValue, 0,
                                             "an unknown extension has no value to encode"));
    }
    auto operator()(const BasicConstraints& v) const { return encode_as(basic_constraints(), v); }
    auto operator()(const KeyUsage& v) const { return encode_as(key_usage(), v); }
    auto operator()(const ExtendedKeyUsage& v) const { return encode_as(extended_key_usage(), v); }
    auto operator()(const SubjectAltName& v) const { return encode_as(subject_alt_name(), v); }
    auto operator()(const IssuerAltName& v) const { return encode_as(issuer_alt_name(), v); }
    auto operator()(const AuthorityKeyIdentifier& v) const {
      return encode_as(authority_key_identifier(), v);
    }
    auto operator()(const SubjectKeyIdentifier& v) const {
      return encode_as(subject_key_identifier(), v);
    }
    auto operator()(const NameConstraints& v) const { return encode_as(name_constraints(), v); }
    auto operator()(const CertificatePolicies& v) const {
      return encode_as(certificate_policies(), v);
    }
    auto operator()(const CrlDistributionPoints& v) const {
      return encode_as(crl_distribution_points(), v);
    }
    auto operator()(const AuthorityInfoAccess& v) const {
      return encode_as(authority_info_access(), v);
    }
    auto operator()(const SctList& v) const { return encode_as(sct_list(), v); }
    auto operator()(const PolicyMappings& v) const { return encode_as(policy_mappings(), v); }
    auto operator()(const PolicyConstraints& v) const {
      return encode_as(policy_constraints(), v);
    }
    auto operator()(const InhibitAnyPolicy& v) const {
      return encode_as(inhibit_any_policy(), v);
    }
  };
  return std::visit(Visitor{}, value);
}

std::expected<Extension, asn1::Error> make_extension(ExtensionValue value, bool critical) {
  static const asn1::Oid* const ids[] = {
      nullptr,
      &ext::basic_constraints,
      &ext::key_usage,
      &ext::extended_key_usage,
      &ext::subject_alt_name,
      &ext::issuer_alt_name,
      &ext::authority_key_identifier,
      &ext::subject_key_identifier,
      &ext::name_constraints,
      &ext::certificate_policies,
      &ext::crl_distribution_points,
      &ext::authority_info_access,
      &ext::sct_list,
      &ext::policy_mappings,
      &ext::policy_constraints,
      &ext::inhibit_any_policy,
  };
  static_assert(std::size(ids) == std::variant_size_v<ExtensionValue>);
  auto der = encode_extension_value(value);
  if (!der) return std::unexpected(std::move(der.error()));
  return Extension{*ids[value.index()], critical, std::move(*der), std::move(value)};
}

}  // namespace x509
