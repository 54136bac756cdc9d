// CertificationRequest (RFC 2986 4) as one grammar, with the extension request decoded.
#include "grammar.hpp"

#include <x509/csr.hpp>
#include <x509/pem.hpp>

namespace x509 {
namespace {

using namespace grammar;

// Attribute { type, values SET OF ANY } as it is on the wire.
auto attribute_grammar() {
  return record<CsrAttribute>(
      sequence(required("type", oid()), required("values", set_of(any()))));
}

auto request_info() {
  auto g = sequence(required("version", int64()), required("subject", name()),
                    required("subjectPKInfo", public_key_info()),
                    required("attributes", implicit(0, set_of(attribute_grammar()))));
  using V = value_of<decltype(g)>;
  return map(
      g,
      [](V&& v) -> std::expected<CertificationRequestInfo, asn1::Error> {
        auto& [version, subject, spki, attributes] = v;
        if (version != 0) return reject("CertificationRequestInfo version is not v1 (0)");
        CertificationRequestInfo info{0, std::move(subject), std::move(spki), std::nullopt, {}};
        for (auto& a : attributes) {
          if (a.type != attr::extension_request) {
            info.attributes.push_back(std::move(a));
            continue;
          }
          if (info.extensions) return reject("extensionRequest attribute present twice");
          if (a.values.size() != 1) return reject("extensionRequest with other than one value");
          auto extensions = asn1::decode(sequence_of(extension()), encoding_of(a.values[0]),
                                         asn1::Mode::Der);
          if (!extensions) return std::unexpected(std::move(extensions.error().within("extensionRequest")));
          if (has_duplicate_extension(*extensions)) return reject("extension requested twice");
          info.extensions = std::move(*extensions);
        }
        return info;
      },
      [](const CertificationRequestInfo& info) {
        std::vector<CsrAttribute> attributes = info.attributes;
        if (info.extensions) {
          auto der = asn1::encode_der(sequence_of(extension()), *info.extensions);
          attributes.push_back({attr::extension_request, {any_of(der ? *der : Bytes{})}});
        }
        return V(info.version, info.subject, info.public_key, std::move(attributes));
      });
}

auto request() {
  using V = std::tuple<Captured<CertificationRequestInfo>, AlgorithmIdentifier, BitString>;
  return map(
      sequence(required("certificationRequestInfo", capture(request_info())),
               required("signatureAlgorithm", algorithm_identifier()),
               required("signature", bit_string())),
      [](V&& v) {
        auto& [info, algorithm, signature] = v;
        return CertificationRequest{std::move(info.value), std::move(info.encoding),
                                    std::move(algorithm), std::move(signature)};
      },
      [](const CertificationRequest& r) {
        return V(Captured<CertificationRequestInfo>{r.info, {}}, r.signature_algorithm,
                 r.signature);
      });
}

}  // namespace

Result<CertificationRequest> parse_csr(ByteView der) {
  static const auto g = request();
  auto r = asn1::decode(g, der, asn1::Mode::Der);
  if (!r) {
    const auto code =
        r.error().code == asn1::Code::Rejected ? ErrorCode::InvalidValue : ErrorCode::Der;
    return fail(code, "certification request: " + r.error().to_string());
  }
  return std::move(*r);
}

Result<CertificationRequest> parse_pem_csr(std::string_view text) {
  auto blocks = decode_pem(text);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  for (const auto& b : *blocks)
    if (b.label == "CERTIFICATE REQUEST" || b.label == "NEW CERTIFICATE REQUEST")
      return parse_csr(b.data);
  return fail(ErrorCode::Pem, "no CERTIFICATE REQUEST block in the PEM text");
}

Result<Bytes> encode_csr(const CertificationRequest& csr) {
  static const auto g = request();
  auto der = asn1::encode_der(g, csr);
  if (!der) return fail(ErrorCode::Encoding, "certification request: " + der.error().to_string());
  return std::move(*der);
}

Result<void> verify_csr(const CertificationRequest& csr, const VerifyOptions& options) {
  return verify_signature(csr.signature_algorithm, csr.info_der, csr.signature,
                          csr.info.public_key, options);
}

Result<CertificationRequest> make_csr(const Name& subject, const PrivateKey& key,
                                      std::vector<Extension> extensions,
                                      nocrypto::pk::RandomRef rng, const SignOptions& options) {
  if (has_duplicate_extension(extensions))
    return fail(ErrorCode::InvalidValue, "an extension requested twice");
  CertificationRequest csr;
  csr.info.subject = subject;
  csr.info.public_key = key.public_key_info();
  if (!extensions.empty()) csr.info.extensions = std::move(extensions);
  static const auto g = request_info();
  auto der = asn1::encode_der(g, csr.info);
  if (!der) return fail(ErrorCode::Encoding, "certification request: " + der.error().to_string());
  csr.info_der = std::move(*der);
  auto algorithm = signature_algorithm(key, options);
  if (!algorithm) return std::unexpected(std::move(algorithm.error()));
  auto signature = sign(key, *algorithm, csr.info_der, rng);
  if (!signature) return std::unexpected(std::move(signature.error()));
  csr.signature_algorithm = std::move(*algorithm);
  csr.signature = std::move(*signature);
  return csr;
}

}  // namespace x509
