// Certificate signing and issuance.
#include "grammar.hpp"

#include <x509/issue.hpp>

namespace x509 {
namespace {

bool same_key(const PublicKeyInfo& a, const PublicKeyInfo& b) {
  return a.algorithm.algorithm == b.algorithm.algorithm &&
         a.subject_public_key == b.subject_public_key;
}

bool set_by_issuer(const asn1::Oid& id, bool own_eku) {
  return id == ext::basic_constraints || id == ext::key_usage ||
         id == ext::subject_key_identifier || id == ext::authority_key_identifier ||
         (own_eku && id == ext::extended_key_usage);
}

KeyUsage key_usage_bits(std::initializer_list<KeyUsageBit> bits) {
  // DER: no trailing zero bits (X.690 11.2.2), so the string ends at the highest bit set.
  std::size_t top = 0;
  for (auto b : bits) top = std::max(top, static_cast<std::size_t>(b) + 1);
  asn1::BitString s;
  s.bytes.assign((top + 7) / 8, 0);
  for (auto b : bits) {
    const auto i = static_cast<std::size_t>(b);
    s.bytes[i / 8] |= static_cast<std::uint8_t>(0x80 >> (i % 8));
  }
  s.unused = static_cast<std::uint8_t>(s.bytes.size() * 8 - top);
  return KeyUsage{std::move(s)};
}

Result<void> add(std::vector<Extension>& out, ExtensionValue value, bool critical) {
  auto e = make_extension(std::move(value), critical);
  if (!e) return fail(ErrorCode::Encoding, "extension: " + e.error().to_string());
  out.push_back(std::move(*e));
  return {};
}

}  // namespace

Time certificate_time(const asn1::DateTime& t) {
  asn1::DateTime whole = t;
  whole.nanosecond = 0;
  return Time{whole, t.year < 1950 || t.year > 2049};
}

Bytes key_identifier(const PublicKeyInfo& key) {
  return nocrypto::pk::digest(nocrypto::pk::DigestAlgorithm::sha1, key.subject_public_key.bytes);
}

Result<Certificate> sign_certificate(TbsCertificate tbs, const PrivateKey& key,
                                     nocrypto::pk::RandomRef rng, const SignOptions& options) {
  auto algorithm = signature_algorithm(key, options);
  if (!algorithm) return std::unexpected(std::move(algorithm.error()));
  tbs.signature = *algorithm;
  auto der = encode_tbs_certificate(tbs);
  if (!der) return std::unexpected(std::move(der.error()));
  auto signature = sign(key, *algorithm, *der, rng);
  if (!signature) return std::unexpected(std::move(signature.error()));
  return Certificate{std::move(tbs), std::move(*der), std::move(*algorithm),
                     std::move(*signature)};
}

Result<Certificate> issue_certificate(const Name& subject, const PublicKeyInfo& subject_key,
                                      const Name& issuer, const PrivateKey& issuer_key,
                                      std::optional<Bytes> issuer_key_id,
                                      const IssueOptions& options, nocrypto::pk::RandomRef rng) {
  if (options.not_after < options.not_before)
    return fail(ErrorCode::InvalidValue, "notAfter is before notBefore");
  if (!options.not_before.valid() || !options.not_after.valid())
    return fail(ErrorCode::InvalidValue, "a validity date is not a real date");
  if (options.path_length && (!options.ca || *options.path_length < 0))
    return fail(ErrorCode::InvalidValue, "a path length needs a CA and is not negative");
  TbsCertificate tbs;
  tbs.version = 2;
  if (options.serial.empty()) {
    Bytes serial(16);
    if (!rng.generate(serial)) return fail(ErrorCode::InvalidValue, "no random serial number");
    serial[0] = static_cast<std::uint8_t>((serial[0] & 0x7f) | 0x40);  // positive, 16 bytes
    tbs.serial = std::move(serial);
  } else {
    const auto normal = asn1::Integer::from_unsigned(options.serial);
    if (normal.to_uint64() == 0u) return fail(ErrorCode::InvalidValue, "serial number zero");
    if (normal.bytes.size() > 20)
      return fail(ErrorCode::InvalidValue, "serial number longer than 20 octets (RFC 5280)");
    tbs.serial = normal.bytes;
  }
  tbs.issuer = issuer;
  tbs.subject = subject;
  tbs.validity = {certificate_time(options.not_before), certificate_time(options.not_after)};
  tbs.public_key = subject_key;

  std::vector<Extension> exts;
  const bool is_rsa = std::holds_alternative<RsaKey>(subject_key.key);
  Result<void> ok = add(exts, BasicConstraints{options.ca, options.path_length}, true);
  if (ok)
    ok = add(exts,
             options.ca ? key_usage_bits({KeyUsageBit::DigitalSignature, KeyUsageBit::KeyCertSign,
                                          KeyUsageBit::CrlSign})
             : is_rsa   ? key_usage_bits({KeyUsageBit::DigitalSignature,
                                          KeyUsageBit::KeyEncipherment})
                        : key_usage_bits({KeyUsageBit::DigitalSignature}),
             true);
  if (ok && !options.extended_key_usage.empty())
    ok = add(exts, ExtendedKeyUsage{options.extended_key_usage}, false);
  if (ok) ok = add(exts, SubjectKeyIdentifier{key_identifier(subject_key)}, false);
  if (ok) {
    AuthorityKeyIdentifier aki;
    aki.key_id = issuer_key_id ? *issuer_key_id : key_identifier(issuer_key.public_key_info());
    ok = add(exts, std::move(aki), false);
  }
  if (!ok) return std::unexpected(std::move(ok.error()));
  const bool own_eku = !options.extended_key_usage.empty();
  for (const auto& e : options.extensions) {
    if (set_by_issuer(e.id, own_eku)) continue;
    for (const auto& have : exts)
      if (have.id == e.id) return fail(ErrorCode::InvalidValue, "an extension asked for twice");
    exts.push_back(e);
  }
  tbs.extensions = std::move(exts);
  return sign_certificate(std::move(tbs), issuer_key, rng, options.sign);
}

Result<Certificate> self_signed_certificate(const Name& subject, const PrivateKey& key,
                                            const IssueOptions& options,
                                            nocrypto::pk::RandomRef rng) {
  return issue_certificate(subject, key.public_key_info(), subject, key, std::nullopt, options,
                           rng);
}

Result<Certificate> issue_from_csr(const CertificationRequest& csr, const Certificate& ca_cert,
                                   const PrivateKey& ca_key, IssueOptions options,
                                   nocrypto::pk::RandomRef rng) {
  if (auto ok = verify_csr(csr); !ok) return std::unexpected(std::move(ok.error()));
  if (!same_key(ca_key.public_key_info(), ca_cert.tbs.public_key))
    return fail(ErrorCode::AlgorithmMismatch, "the CA key is not the key of the CA certificate");
  if (csr.info.extensions)
    for (const auto& e : *csr.info.extensions) {
      bool given = false;
      for (const auto& o : options.extensions) given = given || o.id == e.id;
      if (!given) options.extensions.push_back(e);
    }
  std::optional<Bytes> ca_key_id;
  if (const auto* ski = ca_cert.extension<SubjectKeyIdentifier>()) ca_key_id = ski->key_id;
  return issue_certificate(csr.info.subject, csr.info.public_key, ca_cert.tbs.subject, ca_key,
                           std::move(ca_key_id), options, rng);
}

}  // namespace x509
