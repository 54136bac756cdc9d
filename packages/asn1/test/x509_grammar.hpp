#pragma once
// An RFC 5280 Certificate written with the combinators. It lives with the tests (the
// x509 package will own the real one); the unit tests, the interop test, the fuzzer and
// the benchmark share it.
#include <asn1/asn1.hpp>

#include <optional>
#include <tuple>
#include <variant>
#include <vector>

namespace x509_test {

struct AlgorithmIdentifier {
  asn1::Oid algorithm;
  std::optional<asn1::Any> parameters;
  friend bool operator==(const AlgorithmIdentifier&, const AlgorithmIdentifier&) = default;
};

// AttributeValue is ANY DEFINED BY type; the usual DirectoryString choices are decoded,
// anything else is kept whole.
using AttributeValue = std::variant<std::string, std::string, std::string, std::u16string, std::u32string,
                                    std::string, std::string, std::string, asn1::Any>;
using AttributeTypeAndValue = std::tuple<asn1::Oid, AttributeValue>;
using Name = std::vector<std::vector<AttributeTypeAndValue>>;
using Time = std::variant<asn1::DateTime, asn1::DateTime>;

struct Extension {
  asn1::Oid id;
  bool critical = false;
  asn1::Bytes value;
  friend bool operator==(const Extension&, const Extension&) = default;
};

struct TbsCertificate {
  std::int64_t version = 0;
  asn1::Integer serial;
  AlgorithmIdentifier signature;
  Name issuer;
  std::tuple<Time, Time> validity;
  Name subject;
  std::tuple<AlgorithmIdentifier, asn1::BitString> public_key;
  std::optional<asn1::BitString> issuer_unique_id;
  std::optional<asn1::BitString> subject_unique_id;
  std::optional<std::vector<Extension>> extensions;
  friend bool operator==(const TbsCertificate&, const TbsCertificate&) = default;
};

struct Certificate {
  asn1::Captured<TbsCertificate> tbs;  // with the exact bytes that were signed
  AlgorithmIdentifier signature_algorithm;
  asn1::BitString signature;
};

inline auto algorithm_identifier() {
  using namespace asn1;
  return map(sequence(required("algorithm", oid()), optional("parameters", any())),
             [](std::tuple<Oid, std::optional<Any>>&& t) {
               return AlgorithmIdentifier{std::get<0>(t), std::move(std::get<1>(t))};
             },
             [](const AlgorithmIdentifier& a) { return std::tuple(a.algorithm, a.parameters); });
}

inline auto name() {
  using namespace asn1;
  auto value = choice(printable_string(), utf8_string(), teletex_string(), bmp_string(), universal_string(),
                      ia5_string(), numeric_string(), visible_string(), any());
  auto attribute = sequence(required("type", oid()), required("value", value));
  return sequence_of(set_of(attribute));
}

inline auto time() { return asn1::choice(asn1::utc_time(), asn1::generalized_time()); }

inline auto extension() {
  using namespace asn1;
  return map(sequence(required("extnID", oid()), with_default("critical", boolean(), false),
                      required("extnValue", octet_string())),
             [](std::tuple<Oid, bool, Bytes>&& t) {
               return Extension{std::get<0>(t), std::get<1>(t), std::move(std::get<2>(t))};
             },
             [](const Extension& e) { return std::tuple(e.id, e.critical, e.value); });
}

inline auto tbs_certificate() {
  using namespace asn1;
  auto g = sequence(with_default("version", explicit_(0, int64()), std::int64_t{0}),
                    required("serialNumber", integer()), required("signature", algorithm_identifier()),
                    required("issuer", name()),
                    required("validity", sequence(required("notBefore", time()), required("notAfter", time()))),
                    required("subject", name()),
                    required("subjectPublicKeyInfo",
                             sequence(required("algorithm", algorithm_identifier()),
                                      required("subjectPublicKey", bit_string()))),
                    optional("issuerUniqueID", implicit(1, bit_string())),
                    optional("subjectUniqueID", implicit(2, bit_string())),
                    optional("extensions", explicit_(3, sequence_of(extension()))));
  using Tuple = value_of<decltype(g)>;
  return map(
      g,
      [](Tuple&& t) -> std::expected<TbsCertificate, Error> {
        auto& [version, serial, signature, issuer, validity, subject, spki, iuid, suid, extensions] = t;
        if (version < 0 || version > 2) return reject("unknown certificate version");
        return TbsCertificate{version,         std::move(serial),  std::move(signature), std::move(issuer),
                              std::move(validity), std::move(subject), std::move(spki),   std::move(iuid),
                              std::move(suid),     std::move(extensions)};
      },
      [](const TbsCertificate& c) {
        return Tuple(c.version, c.serial, c.signature, c.issuer, c.validity, c.subject, c.public_key,
                     c.issuer_unique_id, c.subject_unique_id, c.extensions);
      });
}

inline auto certificate() {
  using namespace asn1;
  auto g = sequence(required("tbsCertificate", capture(tbs_certificate())),
                    required("signatureAlgorithm", algorithm_identifier()),
                    required("signatureValue", bit_string()));
  using Tuple = value_of<decltype(g)>;
  return map(
      g,
      [](Tuple&& t) {
        return Certificate{std::move(std::get<0>(t)), std::move(std::get<1>(t)), std::move(std::get<2>(t))};
      },
      [](const Certificate& c) { return Tuple(c.tbs, c.signature_algorithm, c.signature); });
}

}  // namespace x509_test
