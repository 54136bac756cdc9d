// Decoding every certificate of Debian's CA bundle: the test's RFC 5280 grammar (strict
// DER, full values: names, times, extensions, the captured TBSCertificate bytes) against
// OpenSSL's d2i_X509, in the same run; certificates per second and the ratio.
//   asn1_bench [seconds per row and side, default 1]
#include "../test/pem.hpp"
#include "../test/x509_grammar.hpp"

#include <mirage_bench/compare.hpp>
#include <openssl/x509.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  mirage_bench::set_seconds(argc, argv);
  const auto certs = asn1_test::pem_blocks(asn1_test::read_text(asn1_test::kCaBundle));
  if (certs.empty()) {
    std::printf("no certificates in %s: nothing to measure\n", asn1_test::kCaBundle);
    return 0;
  }
  const auto grammar = x509_test::certificate();
  std::size_t bytes = 0;
  for (const auto& c : certs) {
    bytes += c.size();
    if (!asn1::decode(grammar, c)) std::abort();
  }
  std::printf("%zu certificates, %zu bytes; one op = decoding all of them\n", certs.size(), bytes);
  mirage_bench::header_ops("asn1", "openssl");
  mirage_bench::row_ops(
      "decode CA bundle (DER)",
      [&] {
        for (const auto& c : certs) {
          auto v = asn1::decode(grammar, c);
          mirage_bench::sink = static_cast<std::uint8_t>(v->signature.bytes.size());
        }
      },
      [&] {
        for (const auto& c : certs) {
          const unsigned char* p = c.data();
          X509* x = d2i_X509(nullptr, &p, static_cast<long>(c.size()));
          mirage_bench::sink = static_cast<std::uint8_t>(x != nullptr);
          X509_free(x);
        }
      });
  mirage_bench::header_mbps("asn1", "openssl");
  mirage_bench::row_mbps(
      "decode CA bundle (DER)", bytes,
      [&] {
        for (const auto& c : certs) mirage_bench::sink = asn1::decode(grammar, c).has_value();
      },
      [&] {
        for (const auto& c : certs) {
          const unsigned char* p = c.data();
          X509* x = d2i_X509(nullptr, &p, static_cast<long>(c.size()));
          mirage_bench::sink = static_cast<std::uint8_t>(x != nullptr);
          X509_free(x);
        }
      });
  return 0;
}
