// CertificateList (RFC 5280 5.1) as one grammar; checking and making CRLs.
#include "grammar.hpp"

#include <x509/crl.hpp>
#include <x509/issue.hpp>
#include <x509/pem.hpp>

#include <algorithm>

namespace x509 {
namespace {

using namespace grammar;

auto revoked_certificate() {
  using V = std::tuple<Integer, Time, std::optional<std::vector<Extension>>>;
  return map(
      sequence(required("userCertificate", integer()), required("revocationDate", time()),
               optional("crlEntryExtensions", sequence_of(extension()))),
      [](V&& v) -> std::expected<RevokedCertificate, asn1::Error> {
        auto& [serial, date, extensions] = v;
        if (extensions && extensions->empty()) return reject("empty crlEntryExtensions");
        if (extensions && has_duplicate_extension(*extensions)) return reject("entry extension present twice");
        return RevokedCertificate{std::move(serial.bytes), date, std::move(extensions)};
      },
      [](const RevokedCertificate& r) {
        return V(Integer{r.serial}, r.revocation_date, r.extensions);
      });
}

auto tbs_cert_list() {
  auto g = sequence(optional("version", int64()), required("signature", algorithm_identifier()),
                    required("issuer", name()), required("thisUpdate", time()),
                    optional("nextUpdate", time()),
                    optional("revokedCertificates", sequence_of(revoked_certificate())),
                    optional("crlExtensions", explicit_(0, sequence_of(extension()))));
  using V = value_of<decltype(g)>;
  return map(
      g,
      [](V&& v) -> std::expected<TbsCertList, asn1::Error> {
        auto& [version, signature, issuer, this_update, next_update, revoked, extensions] = v;
        if (version && *version != 1) return reject("CRL version is not v2 (1)");
        if (!version && extensions) return reject("crlExtensions in a v1 CRL");
        if (!version && revoked)
          for (const auto& r : *revoked)
            if (r.extensions) return reject("crlEntryExtensions in a v1 CRL");
        if (revoked && revoked->empty())
          return reject("empty revokedCertificates (RFC 5280: omit it instead)");
        if (extensions && extensions->empty()) return reject("empty crlExtensions");
        if (extensions && has_duplicate_extension(*extensions)) return reject("CRL extension present twice");
        return TbsCertList{version,
                           std::move(signature),
                           std::move(issuer),
                           this_update,
                           next_update,
                           std::move(revoked),
                           std::move(extensions)};
      },
      [](const TbsCertList& t) {
        return V(t.version, t.signature, t.issuer, t.this_update, t.next_update, t.revoked,
                 t.extensions);
      });
}

auto certificate_list() {
  using V = std::tuple<Captured<TbsCertList>, AlgorithmIdentifier, BitString>;
  return map(
      sequence(required("tbsCertList", capture(tbs_cert_list())),
               required("signatureAlgorithm", algorithm_identifier()),
               required("signatureValue", bit_string())),
      [](V&& v) {
        auto& [tbs, algorithm, signature] = v;
        return Crl{std::move(tbs.value), std::move(tbs.encoding), std::move(algorithm),
                   std::move(signature)};
      },
      [](const Crl& c) {
        return V(Captured<TbsCertList>{c.tbs, {}}, c.signature_algorithm, c.signature);
      });
}

const Extension* find_in(const std::optional<std::vector<Extension>>& list, const Oid& id) {
  if (!list) return nullptr;
  for (const auto& e : *list)
    if (e.id == id) return &e;
  return nullptr;
}

bool unknown_critical(const std::optional<std::vector<Extension>>& list,
                      std::initializer_list<const Oid*> known) {
  if (!list) return false;
  for (const auto& e : *list) {
    if (!e.critical) continue;
    bool is_known = false;
    for (const Oid* k : known) is_known = is_known || e.id == *k;
    if (!is_known) return true;
  }
  return false;
}

}  // namespace

const char* reason_name(RevocationReason reason) noexcept {
  switch (reason) {
    case RevocationReason::Unspecified:
      return "unspecified";
    case RevocationReason::KeyCompromise:
      return "keyCompromise";
    case RevocationReason::CaCompromise:
      return "cACompromise";
    case RevocationReason::AffiliationChanged:
      return "affiliationChanged";
    case RevocationReason::Superseded:
      return "superseded";
    case RevocationReason::CessationOfOperation:
      return "cessationOfOperation";
    case RevocationReason::CertificateHold:
      return "certificateHold";
    case RevocationReason::RemoveFromCrl:
      return "removeFromCRL";
    case RevocationReason::PrivilegeWithdrawn:
      return "privilegeWithdrawn";
    case RevocationReason::AaCompromise:
      return "aACompromise";
  }
  return "unknown";
}

std::optional<RevocationReason> RevokedCertificate::reason() const {
  const Extension* e = find_in(extensions, ext::crl_reason);
  if (!e) return std::nullopt;
  auto v = asn1::decode(enumerated(), e->value, asn1::Mode::Der);
  if (!v || *v < 0 || *v > 10 || *v == 7) return std::nullopt;
  return static_cast<RevocationReason>(*v);
}

std::optional<Bytes> Crl::crl_number() const {
  const Extension* e = find_in(tbs.extensions, ext::crl_number);
  if (!e) return std::nullopt;
  auto v = asn1::decode(integer(), e->value, asn1::Mode::Der);
  if (!v || v->negative()) return std::nullopt;
  return std::move(v->bytes);
}

Result<std::optional<IssuingDistributionPoint>> Crl::issuing_distribution_point() const {
  const Extension* e = find_in(tbs.extensions, ext::issuing_distribution_point);
  if (!e) return std::optional<IssuingDistributionPoint>{};
  auto g = sequence(optional("distributionPoint", explicit_(0, distribution_point_name())),
                    with_default("onlyContainsUserCerts", implicit(1, boolean()), false),
                    with_default("onlyContainsCACerts", implicit(2, boolean()), false),
                    optional("onlySomeReasons", implicit(3, bit_string())),
                    with_default("indirectCRL", implicit(4, boolean()), false),
                    with_default("onlyContainsAttributeCerts", implicit(5, boolean()), false));
  auto v = asn1::decode(g, e->value, asn1::Mode::Der);
  if (!v) return fail(ErrorCode::Der, "issuingDistributionPoint: " + v.error().to_string());
  auto& [point, user, ca, reasons, indirect, attribute] = *v;
  return std::optional<IssuingDistributionPoint>(IssuingDistributionPoint{
      std::move(point), user, ca, std::move(reasons), indirect, attribute});
}

std::optional<Bytes> Crl::delta_base() const {
  const Extension* e = find_in(tbs.extensions, ext::delta_crl_indicator);
  if (!e) return std::nullopt;
  auto v = asn1::decode(integer(), e->value, asn1::Mode::Der);
  if (!v || v->negative()) return std::nullopt;
  return std::move(v->bytes);
}

const RevokedCertificate* Crl::find(ByteView serial, const Name& issuer) const {
  if (!tbs.revoked) return nullptr;
  static const auto names = general_names();
  bool ours = names_match(tbs.issuer, issuer);
  for (const auto& r : *tbs.revoked) {
    if (const Extension* e = find_in(r.extensions, ext::certificate_issuer)) {
      // The first directory name is the issuer; without one, no certificate of ours.
      ours = false;
      if (auto v = asn1::decode(names, e->value, asn1::Mode::Der))
        for (const auto& g : *v)
          if (const auto* n = std::get_if<Name>(&g)) {
            ours = names_match(*n, issuer);
            break;
          }
    }
    if (ours && std::ranges::equal(r.serial, serial)) return &r;
  }
  return nullptr;
}

const RevokedCertificate* Crl::find(ByteView serial) const {
  if (!tbs.revoked) return nullptr;
  for (const auto& r : *tbs.revoked)
    if (std::ranges::equal(r.serial, serial)) return &r;
  return nullptr;
}

bool Crl::has_unknown_critical() const {
  if (unknown_critical(tbs.extensions, {&ext::crl_number, &ext::authority_key_identifier,
                                        &ext::issuing_distribution_point,
                                        &ext::delta_crl_indicator}))
    return true;
  if (tbs.revoked)
    for (const auto& r : *tbs.revoked)
      if (unknown_critical(r.extensions,
                           {&ext::crl_reason, &ext::invalidity_date, &ext::certificate_issuer}))
        return true;
  return false;
}

Result<Crl> parse_crl(ByteView der) {
  static const auto g = certificate_list();
  auto c = asn1::decode(g, der, asn1::Mode::Der);
  if (!c) {
    const auto code =
        c.error().code == asn1::Code::Rejected ? ErrorCode::InvalidValue : ErrorCode::Der;
    return fail(code, "CRL: " + c.error().to_string());
  }
  return std::move(*c);
}

Result<std::vector<Crl>> parse_pem_crls(std::string_view text) {
  auto blocks = decode_pem(text);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  std::vector<Crl> out;
  for (const auto& b : *blocks) {
    if (b.label != "X509 CRL") continue;
    auto c = parse_crl(b.data);
    if (!c) {
      c.error().message = "PEM block " + std::to_string(out.size()) + ": " + c.error().message;
      return std::unexpected(std::move(c.error()));
    }
    out.push_back(std::move(*c));
  }
  return out;
}

Result<Bytes> encode_crl(const Crl& crl) {
  static const auto g = certificate_list();
  auto der = asn1::encode_der(g, crl);
  if (!der) return fail(ErrorCode::Encoding, "CRL: " + der.error().to_string());
  return std::move(*der);
}

Result<void> verify_crl(const Crl& crl, const Certificate& issuer, const VerifyOptions& options) {
  if (!names_match(crl.tbs.issuer, issuer.tbs.subject))
    return fail(ErrorCode::NameMismatch, "the CRL's issuer is not the certificate's subject");
  if (const auto* ku = issuer.extension<KeyUsage>(); ku && !ku->has(KeyUsageBit::CrlSign))
    return fail(ErrorCode::NotCa, "the CRL issuer's keyUsage lacks cRLSign");
  if (!(crl.signature_algorithm == crl.tbs.signature))
    return fail(ErrorCode::AlgorithmMismatch, "signatureAlgorithm differs from tbsCertList.signature");
  return verify_signature(crl.signature_algorithm, crl.tbs_der, crl.signature,
                          issuer.tbs.public_key, options);
}

Result<Crl> make_crl(const Certificate& issuer, const PrivateKey& issuer_key,
                     const asn1::DateTime& this_update,
                     const std::optional<asn1::DateTime>& next_update,
                     const std::vector<CrlEntry>& entries, ByteView number,
                     nocrypto::pk::RandomRef rng, const SignOptions& options) {
  const auto key_info = issuer_key.public_key_info();
  if (!(key_info.subject_public_key == issuer.tbs.public_key.subject_public_key))
    return fail(ErrorCode::AlgorithmMismatch, "the key is not the issuer certificate's key");
  if (next_update && *next_update < this_update)
    return fail(ErrorCode::InvalidValue, "nextUpdate is before thisUpdate");
  Crl crl;
  crl.tbs.version = 1;
  crl.tbs.issuer = issuer.tbs.subject;
  crl.tbs.this_update = certificate_time(this_update);
  if (next_update) crl.tbs.next_update = certificate_time(*next_update);
  if (!entries.empty()) {
    crl.tbs.revoked.emplace();
    for (const auto& e : entries) {
      RevokedCertificate r{asn1::Integer::from_unsigned(e.serial).bytes,
                           certificate_time(e.revoked_at), std::nullopt};
      if (e.reason) {
        auto der = asn1::encode_der(enumerated(), static_cast<std::int64_t>(*e.reason));
        r.extensions = std::vector<Extension>{
            Extension{ext::crl_reason, false, std::move(*der), UnknownExtension{}}};
      }
      crl.tbs.revoked->push_back(std::move(r));
    }
  }
  std::vector<Extension> extensions;
  AuthorityKeyIdentifier aki;
  if (const auto* ski = issuer.extension<SubjectKeyIdentifier>())
    aki.key_id = ski->key_id;
  else
    aki.key_id = key_identifier(key_info);
  auto aki_ext = make_extension(std::move(aki));
  if (!aki_ext) return fail(ErrorCode::Encoding, "authorityKeyIdentifier");
  extensions.push_back(std::move(*aki_ext));
  auto number_der = asn1::encode_der(integer(), asn1::Integer::from_unsigned(number));
  extensions.push_back(Extension{ext::crl_number, false, std::move(*number_der), UnknownExtension{}});
  crl.tbs.extensions = std::move(extensions);

  auto algorithm = signature_algorithm(issuer_key, options);
  if (!algorithm) return std::unexpected(std::move(algorithm.error()));
  crl.tbs.signature = *algorithm;
  static const auto g = tbs_cert_list();
  auto der = asn1::encode_der(g, crl.tbs);
  if (!der) return fail(ErrorCode::Encoding, "tbsCertList: " + der.error().to_string());
  auto signature = sign(issuer_key, *algorithm, *der, rng);
  if (!signature) return std::unexpected(std::move(signature.error()));
  crl.tbs_der = std::move(*der);
  crl.signature_algorithm = std::move(*algorithm);
  crl.signature = std::move(*signature);
  return crl;
}

}  // namespace x509
