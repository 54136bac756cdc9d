// Certificate (RFC 5280 4.1) as one grammar: decoding gives the values and the signed
// bytes; encoding the values gives the DER back.
#include "grammar.hpp"

#include <x509/pem.hpp>

namespace x509 {
namespace {

using namespace grammar;

auto tbs_certificate() {
  auto g =
      sequence(with_default("version", explicit_(0, int64()), std::int64_t{0}),
               required("serialNumber", integer()), required("signature", algorithm_identifier()),
               required("issuer", name()),
               required("validity", record<Validity>(sequence(required("notBefore", time()),
                                                              required("notAfter", time())))),
               required("subject", name()), required("subjectPublicKeyInfo", public_key_info()),
               optional("issuerUniqueID", implicit(1, bit_string())),
               optional("subjectUniqueID", implicit(2, bit_string())),
               optional("extensions", explicit_(3, sequence_of(extension()))));
  using V = value_of<decltype(g)>;
  return map(
      g,
      [](V&& v) -> std::expected<TbsCertificate, asn1::Error> {
        auto& [version, serial, signature, issuer, validity, subject, spki, iuid, suid,
               extensions] = v;
        if (version < 0 || version > 2) return reject("unknown certificate version");
        if (extensions && version != 2) return reject("extensions in a certificate that is not v3");
        if ((iuid || suid) && version == 0) return reject("unique identifiers in a v1 certificate");
        if (extensions) {
          if (extensions->empty()) return reject("empty extensions (RFC 5280: SIZE (1..MAX))");
          if (has_duplicate_extension(*extensions)) return reject("extension present twice");
        }
        return TbsCertificate{static_cast<int>(version), std::move(serial.bytes),
                              std::move(signature),      std::move(issuer),
                              std::move(validity),       std::move(subject),
                              std::move(spki),           std::move(iuid),
                              std::move(suid),           std::move(extensions)};
      },
      [](const TbsCertificate& t) {
        return V(t.version, asn1::Integer{t.serial}, t.signature, t.issuer, t.validity, t.subject,
                 t.public_key, t.issuer_unique_id, t.subject_unique_id, t.extensions);
      });
}

auto certificate() {
  using V = std::tuple<Captured<TbsCertificate>, AlgorithmIdentifier, BitString>;
  return map(
      sequence(required("tbsCertificate", capture(tbs_certificate())),
               required("signatureAlgorithm", algorithm_identifier()),
               required("signatureValue", bit_string())),
      [](V&& v) {
        auto& [tbs, algorithm, signature] = v;
        return Certificate{std::move(tbs.value), std::move(tbs.encoding), std::move(algorithm),
                           std::move(signature)};
      },
      [](const Certificate& c) {
        return V(Captured<TbsCertificate>{c.tbs, {}}, c.signature_algorithm, c.signature);
      });
}

}  // namespace

const Extension* Certificate::find_extension(const asn1::Oid& id) const {
  if (!tbs.extensions) return nullptr;
  for (const auto& e : *tbs.extensions)
    if (e.id == id) return &e;
  return nullptr;
}

Result<Certificate> parse_certificate(ByteView der) {
  static const auto g = certificate();
  auto c = asn1::decode(g, der, asn1::Mode::Der);
  if (!c) {
    const auto code =
        c.error().code == asn1::Code::Rejected ? ErrorCode::InvalidValue : ErrorCode::Der;
    return fail(code, "certificate: " + c.error().to_string());
  }
  return std::move(*c);
}

Result<Bytes> encode_certificate(const Certificate& cert) {
  static const auto g = certificate();
  auto der = asn1::encode_der(g, cert);
  if (!der) return fail(ErrorCode::Encoding, "certificate: " + der.error().to_string());
  return std::move(*der);
}

Result<Bytes> encode_tbs_certificate(const TbsCertificate& tbs) {
  static const auto g = tbs_certificate();
  auto der = asn1::encode_der(g, tbs);
  if (!der) return fail(ErrorCode::Encoding, "tbsCertificate: " + der.error().to_string());
  return std::move(*der);
}

Result<std::vector<Certificate>> parse_pem_certificates(std::string_view text) {
  auto blocks = decode_pem(text);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  std::vector<Certificate> out;
  for (const auto& b : *blocks) {
    if (b.label != "CERTIFICATE") continue;
    auto c = parse_certificate(b.data);
    if (!c) {
      c.error().message = "PEM block " + std::to_string(out.size()) + ": " + c.error().message;
      return std::unexpected(std::move(c.error()));
    }
    out.push_back(std::move(*c));
  }
  return out;
}

}  // namespace x509
