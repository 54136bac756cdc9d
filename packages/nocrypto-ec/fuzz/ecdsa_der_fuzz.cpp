// Fuzzes DER signature decoding and ECDSA verification on P-256: a decoded signature
// re-encodes to exactly the input (strict DER has one encoding), and verification of any
// decoded (r, s) against a fixed key and message returns without fault.
//
// Input: the DER signature.
#include <nocrypto-ec/ecdsa.hpp>
#include <nocrypto-ec/nist.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace {

#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                   \
    }                                                                 \
  } while (false)

using namespace nocrypto::ec;

const PublicKey& fixed_key() {
  static const std::optional<PublicKey> key = [] {
    std::uint8_t d[32] = {};
    d[31] = 7;
    return std::optional<PublicKey>(PrivateKey::from_bytes(Curve::P256, d)->public_key());
  }();
  return *key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nocrypto::ByteView der(data, size);
  const auto raw = ecdsa_signature_from_der(Curve::P256, der);
  if (!raw) return 0;
  FUZZ_CHECK(raw->size() == signature_size(Curve::P256));
  const auto again = ecdsa_signature_to_der(Curve::P256, *raw);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->size() == size && std::equal(again->begin(), again->end(), data));
  (void)ecdsa_verify(fixed_key(), HashAlgorithm::Sha256, nocrypto::bytes_of("message"), *raw);
  return 0;
}
