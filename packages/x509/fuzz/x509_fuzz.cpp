// Arbitrary bytes as PEM text and as a DER certificate. Never a crash, a hang or an
// overread; a certificate that parses re-encodes to the same bytes, its PEM encoding
// decodes back, and checking its signature with its own key returns (true or false).
#include <x509/x509.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check_certificate(const x509::Certificate& cert, x509::ByteView der) {
  auto again = x509::encode_certificate(cert);
  if (!again || !std::equal(again->begin(), again->end(), der.begin(), der.end())) std::abort();
  const std::string pem = x509::encode_pem("CERTIFICATE", der);
  auto back = x509::decode_pem_label(pem, "CERTIFICATE");
  if (!back || back->size() != 1 ||
      !std::equal((*back)[0].begin(), (*back)[0].end(), der.begin(), der.end()))
    std::abort();
  (void)x509::verify_certificate_signature(cert, cert.tbs.public_key, {.allow_sha1 = true});
  (void)cert.tbs.subject.to_string();
  (void)cert.tbs.issuer.to_string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const x509::ByteView der(data, size);
  if (auto cert = x509::parse_certificate(der)) check_certificate(*cert, der);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto blocks = x509::decode_pem(text)) {
    for (const auto& b : *blocks) {
      // What decodes re-encodes and decodes to the same.
      auto again = x509::decode_pem(x509::encode_pem(b.label, b.data));
      if (!again || again->size() != 1 || !((*again)[0] == b)) std::abort();
      if (auto cert = x509::parse_certificate(b.data)) check_certificate(*cert, b.data);
    }
  }
  return 0;
}
