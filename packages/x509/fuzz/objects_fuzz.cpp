// Arbitrary bytes as a private key, a certification request, a CRL (DER and PEM), a
// PKCS #12 file (password "fuzz", no MAC required, iterations capped) and a name in text.
// Never a crash, a hang or an overread; a request or CRL that parses re-encodes to the same
// bytes and its signature check returns; a key that parses re-encodes to a key with the
// same public half.
#include <x509/x509.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

template <class T>
bool same(const T& bytes, x509::ByteView der) {
  return std::equal(bytes.begin(), bytes.end(), der.begin(), der.end());
}

void check_key(const x509::PrivateKey& key) {
  auto again = x509::parse_private_key(x509::encode_pkcs8(key));
  if (!again || !(again->public_key_info() == key.public_key_info())) std::abort();
  auto trad = x509::parse_private_key(x509::encode_traditional(key));
  if (!trad || !(trad->public_key_info() == key.public_key_info())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const x509::ByteView der(data, size);
  if (auto key = x509::parse_private_key(der)) check_key(*key);
  if (auto csr = x509::parse_csr(der)) {
    auto again = x509::encode_csr(*csr);
    if (!again || !same(*again, der)) std::abort();
    (void)x509::verify_csr(*csr, {.allow_sha1 = true});
    (void)csr->info.subject.to_string();
  }
  if (auto crl = x509::parse_crl(der)) {
    auto again = x509::encode_crl(*crl);
    if (!again || !same(*again, der)) std::abort();
    (void)crl->crl_number();
    (void)crl->has_unknown_critical();
    if (crl->tbs.revoked)
      for (const auto& r : *crl->tbs.revoked) (void)r.reason();
  }
  // PKCS #12: without a MAC required the input reaches the decryption and the bags; the
  // iteration cap keeps each run short. The keys inside re-encode, the pairing returns.
  const x509::Pkcs12ReadOptions p12_options{.max_iterations = 2048, .require_mac = false};
  if (auto p12 = x509::parse_pkcs12(der, "fuzz", p12_options)) {
    for (const auto& k : p12->keys) {
      check_key(k.key);
      (void)p12->certificate_for(k);
    }
    for (const auto& c : p12->certificates)
      if (!x509::encode_certificate(c.certificate)) std::abort();
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto key = x509::parse_pem_private_key(text)) check_key(*key);
  (void)x509::parse_pem_csr(text);
  (void)x509::parse_pem_crls(text);
  if (auto name = x509::parse_name(text)) {
    // A parsed name prints and parses back to a name that compares equal.
    (void)name->to_string();
    if (!x509::names_match(*name, *name)) std::abort();
  }
  return 0;
}
